/**
 * A credit note's receipt (58/80 mm): what came back, the tax it corrects per rate, where the
 * money went, and each voucher issued as its code, barcode, value and expiry. Laid out through
 * the invoice receipt's LineWriter, so the printer bytes and the page draw the same lines.
 * Amounts are positive: the whole document is a correction in the customer's favour.
 */
import type { CreditNote } from '../../../../shared/contract';
import type { ReceiptLayout } from '../../../../shared/contract/documents';
import type { ReceiptWidth } from '../../../../shared/contract/settings';
import type { DocumentLanguage } from '../../../../shared/i18n/languages';
import { DocFormat } from './format';
import { footerLines, indented, itemLines, LineWriter, RECEIPT_COLUMNS, sellerLines, totalLines, voucherLines } from './receipt';
import type { DocWords } from './words';

export interface CreditNoteReceiptInput {
  creditNote: CreditNote;
  width: ReceiptWidth;
  locale: string;
  timeZone: string;
  footer: string | null;
  /** The store's document language (Settings.documentLanguage); English by default. */
  language?: DocumentLanguage;
}

/** What the credit note corrects, in the words both documents use. */
export function correctsText(cn: Pick<CreditNote, 'invoiceNumber'>, t: DocWords): string {
  return cn.invoiceNumber ? t('corrects', { number: cn.invoiceNumber }) : t('receiptless');
}

export function layoutCreditNoteReceipt(input: CreditNoteReceiptInput): ReceiptLayout {
  const cn = input.creditNote;
  const columns = RECEIPT_COLUMNS[input.width];
  const fmt = new DocFormat(cn.currency, input.locale, input.timeZone, input.language);
  const { t } = fmt;
  const w = new LineWriter(columns);

  sellerLines(w, cn.seller, t);
  w.center(t('creditNoteTitle', { number: cn.number }), { bold: true, tall: true });
  w.center(correctsText(cn, t), { bold: true });
  w.pair(t('date'), fmt.dateTime(cn.issuedAt));
  if (cn.customer) w.pair(t('customer'), cn.customer.name);
  w.rule();

  for (const line of cn.lines) {
    itemLines(w, fmt, line, line.total);
    // The line's share of the sale's discounts: already off what it credits.
    if (line.discount > 0) w.pair(`  ${t('inclDiscount')}`, fmt.money(-line.discount));
    if (line.reason) indented(w, t('reasonLine', { reason: line.reason }));
  }
  w.rule();

  totalLines(w, fmt, cn, t('totalCreditedCaps'));

  if (cn.refunds.length > 0 || cn.refunded < cn.total) {
    w.rule();
    for (const p of cn.refunds) {
      w.pair(t('refundMethod', { method: p.method }), fmt.money(p.amount));
      if (p.reference) w.pair(`  ${t('ref')}`, p.reference);
    }
    // The part not given back reduced what was still owed on the invoice.
    if (cn.refunded < cn.total) w.pair(t('offBalanceDue'), fmt.money(cn.total - cn.refunded));
  }
  w.pair(t('refunded'), fmt.money(cn.refunded), { bold: true });
  w.pair(t('issuedBy'), cn.issuedByName);
  if (cn.approvedByName) w.pair(t('approvedBy'), cn.approvedByName);

  for (const v of cn.vouchers) voucherLines(w, fmt, v);

  footerLines(w, input.footer);
  w.push('');
  return { invoiceId: null, creditNoteId: cn.id, width: input.width, columns, lines: w.lines };
}
