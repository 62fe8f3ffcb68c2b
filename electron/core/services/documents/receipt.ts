/**
 * The one receipt layout: lines of at most `columns` characters for thermal paper
 * (32 on 58 mm, 48 on 80 mm). The ESC/POS bytes and the printable page both draw these lines.
 */
import { isCode128B } from '../../../../shared/barcode/code128';
import type { Invoice, OrderLine, Payment, Voucher } from '../../../../shared/contract';
import type { ReceiptLayout, ReceiptLine } from '../../../../shared/contract/documents';
import type { ReceiptWidth } from '../../../../shared/contract/settings';
import type { DocumentLanguage } from '../../../../shared/i18n/languages';
import { DocFormat } from './format';
import type { DocWords } from './words';
import { discountLabel, includedTaxText, orderDiscountTotal, overrideText } from './pricingText';

export const RECEIPT_COLUMNS: Record<ReceiptWidth, number> = { 58: 32, 80: 48 };

export interface ReceiptInput {
  invoice: Invoice;
  /** Payments and refunds of the invoice, oldest first. */
  payments: Payment[];
  width: ReceiptWidth;
  locale: string;
  timeZone: string;
  footer: string | null;
  /** Vouchers sold on this invoice (a gift voucher sale): their codes print as text and barcode. */
  vouchers?: Voucher[];
  /** The store's document language (Settings.documentLanguage); English by default. */
  language?: DocumentLanguage;
}

/** Characters as the printer counts them (one per code point, composed). */
function chars(text: string): string[] {
  return Array.from(text.normalize('NFC'));
}

function len(text: string): number {
  return chars(text).length;
}

/** Word-wraps one paragraph to `width`; words longer than a line are cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\t/g, ' ').split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(' ').filter((w) => w !== '')) {
      let rest = chars(word);
      while (rest.length > width) {
        if (line) {
          lines.push(line);
          line = '';
        }
        lines.push(rest.slice(0, width).join(''));
        rest = rest.slice(width);
      }
      const w = rest.join('');
      if (!line) line = w;
      else if (len(line) + 1 + len(w) <= width) line += ` ${w}`;
      else {
        lines.push(line);
        line = w;
      }
    }
    lines.push(line);
  }
  return lines;
}

type LineStyle = { bold?: boolean; tall?: boolean; barcode?: string };

/**
 * Writes receipt lines of at most `columns` characters: centred text, label/value pairs and
 * rules. The invoice receipt and the Z report are both laid out through it.
 */
export class LineWriter {
  readonly lines: ReceiptLine[] = [];
  constructor(readonly columns: number) {}

  push(text: string, style: LineStyle = {}): void {
    const line: ReceiptLine = { text, bold: style.bold ?? false, tall: style.tall ?? false };
    if (style.barcode) line.barcode = style.barcode;
    this.lines.push(line);
  }

  /**
   * `data` centred, with its Code 128 barcode (what a scanner reads back) printed under it.
   * Data a Code 128 set B cannot carry prints as text alone.
   */
  barcode(data: string, style: Omit<LineStyle, 'barcode'> = {}): void {
    if (!isCode128B(data)) return this.center(data, style);
    const text = wrap(data, this.columns).map((l) => this.centred(l));
    text.slice(0, -1).forEach((l) => this.push(l, style));
    this.push(text[text.length - 1]!, { ...style, barcode: data });
  }

  private centred(line: string): string {
    return ' '.repeat(Math.max(0, Math.floor((this.columns - len(line)) / 2))) + line;
  }

  /** Text wrapped to the width, each line centred. */
  center(text: string, style?: LineStyle): void {
    for (const l of wrap(text, this.columns)) this.push(this.centred(l), style);
  }

  /** Label on the left, value on the right; the label wraps when both do not fit, keeping its indent. */
  pair(label: string, value: string, style?: LineStyle): void {
    const columns = this.columns;
    const room = columns - len(value) - 1;
    const indent = /^ */.exec(label)?.[0] ?? '';
    const indented = (width: number) => wrap(label.slice(indent.length), width - indent.length).map((l) => indent + l);
    const labelLines = room > 0 && len(label) <= room ? [label] : room > indent.length + 1 ? indented(room) : wrap(label, room > 0 ? room : columns);
    if (room <= 0 || len(value) > columns - 2) {
      // A value too long for one line goes under its label, wrapped and right-aligned.
      for (const l of wrap(label, columns)) this.push(l, style);
      for (const l of wrap(value, columns)) this.push(' '.repeat(columns - len(l)) + l, style);
      return;
    }
    labelLines.slice(0, -1).forEach((l) => this.push(l, style));
    const last = labelLines[labelLines.length - 1] ?? '';
    this.push(last + ' '.repeat(columns - len(last) - len(value)) + value, style);
  }

  /** Text wrapped to the width, left-aligned. */
  text(text: string, style?: LineStyle): void {
    for (const l of wrap(text, this.columns)) this.push(l, style);
  }

  rule(): void {
    this.push('-'.repeat(this.columns));
  }
}

export function layoutReceipt(input: ReceiptInput): ReceiptLayout {
  const { invoice } = input;
  const columns = RECEIPT_COLUMNS[input.width];
  const fmt = new DocFormat(invoice.currency, input.locale, input.timeZone, input.language);
  const { t } = fmt;
  const w = new LineWriter(columns);

  sellerLines(w, invoice.seller, t);
  w.pair(t('invoice'), invoice.number);
  w.pair(t('order'), String(invoice.orderNumber));
  w.pair(t('date'), fmt.dateTime(invoice.issuedAt));
  if (invoice.customer) w.pair(t('customer'), invoice.customer.name);
  if (invoice.status === 'CANCELLED') {
    w.rule();
    w.center(t('cancelledBanner'), { bold: true, tall: true });
    if (invoice.cancelledAt) w.center(fmt.dateTime(invoice.cancelledAt));
  }
  w.rule();

  for (const line of invoice.lines) pricedItemLines(w, fmt, line);
  w.rule();

  const orderOff = orderDiscountTotal(invoice.lines);
  if (invoice.discount && orderOff > 0) w.pair(discountLabel(fmt, invoice.discount, 'order'), fmt.money(-orderOff));
  totalLines(w, fmt, invoice, t('totalCaps'));
  if (invoice.discountTotal > 0) w.pair(t('youSaved'), fmt.money(invoice.discountTotal), { bold: true });
  if (invoice.approvedByName) w.pair(t('approvedBy'), invoice.approvedByName);
  if (invoice.credited > 0) w.pair(t('credited'), fmt.money(-invoice.credited));

  if (input.payments.length > 0) {
    w.rule();
    for (const p of input.payments) {
      if (p.kind === 'refund') {
        w.pair(t('refundMethod', { method: p.method }), fmt.money(-p.amount));
        continue;
      }
      w.pair(fmt.method(p.method), fmt.money(p.amount));
      // Signed as in the contract (due − taken): the amount taken plus its rounding is what was due.
      if (p.rounding) w.pair(`  ${t('rounding')}`, fmt.money(p.rounding));
      if (p.tendered !== null && p.tendered !== p.amount) w.pair(`  ${t('tendered')}`, fmt.money(p.tendered));
      if (p.change) w.pair(`  ${t('change')}`, fmt.money(p.change), { bold: true });
      if (p.reference) w.pair(`  ${t('ref')}`, p.reference);
    }
    w.pair(t('paid'), fmt.money(invoice.amountPaid));
  }
  if (invoice.balance > 0) w.pair(t('balanceDue'), fmt.money(invoice.balance), { bold: true });

  for (const v of input.vouchers ?? []) voucherLines(w, fmt, v);

  footerLines(w, input.footer);
  // The invoice number to scan at the Returns screen.
  w.push('');
  w.barcode(invoice.number);
  w.push('');
  return { invoiceId: invoice.id, creditNoteId: null, width: input.width, columns, lines: w.lines };
}

/** The store as frozen on the document (its name big, address, phone, tax ID), centred, then a rule. */
export function sellerLines(w: LineWriter, seller: Invoice['seller'], t: DocWords): void {
  w.center(seller.name, { bold: true, tall: true });
  if (seller.address) w.center(seller.address);
  if (seller.phone) w.center(t('tel', { phone: seller.phone }));
  if (seller.taxId) w.center(t('taxIdLine', { taxId: seller.taxId }));
  w.rule();
}

/** A line's name, wrapped, then its quantity × unit price and `amount`. */
export function itemLines(w: LineWriter, fmt: DocFormat, line: { name: string; quantity: number; unitPrice: number }, amount: number): void {
  w.text(line.name);
  w.pair(`  ${fmt.t('qtyTimesPrice', { quantity: String(line.quantity), price: fmt.money(line.unitPrice) })}`, fmt.money(amount));
}

/**
 * A sale's line: its name, quantity × unit price and amount (in the invoice's price basis, before
 * discounts), then a price typed over the list price and the line's own discount under it.
 */
function pricedItemLines(w: LineWriter, fmt: DocFormat, line: OrderLine): void {
  itemLines(w, fmt, line, line.amount);
  const override = overrideText(fmt, line);
  if (override) indented(w, override);
  if (line.discount && line.lineDiscount > 0) w.pair(`  ${discountLabel(fmt, line.discount)}`, fmt.money(-line.lineDiscount));
}

/** Text wrapped two columns in, under an item. */
export function indented(w: LineWriter, text: string): void {
  for (const l of wrap(text, w.columns - 2)) w.push(`  ${l}`);
}

/**
 * The totals in the document's price basis. Net prices: the subtotal, the tax per rate, then
 * `label` (the total). Prices that include tax: the total first, then the tax each rate holds
 * ("Incl. tax 20%: …") — never a subtotal plus tax, which would read as tax added on top.
 */
export function totalLines(w: LineWriter, fmt: DocFormat, doc: Pick<Invoice, 'priceBasis' | 'subtotal' | 'total' | 'taxBreakdown'>, label: string): void {
  if (doc.priceBasis === 'gross') {
    w.pair(label, fmt.money(doc.total), { bold: true, tall: true });
    for (const t of doc.taxBreakdown) {
      const line = includedTaxText(fmt, t);
      if (len(line) <= w.columns) w.push(line);
      else {
        // Narrow paper: the rate's tax and its net on lines of their own, figures on the right.
        w.pair(fmt.t('inclTaxRate', { rate: fmt.rate(t.taxRateBp) }), fmt.money(t.tax));
        w.pair(`  ${fmt.t('onNet')}`, fmt.money(t.base));
      }
    }
    return;
  }
  w.pair(fmt.t('subtotal'), fmt.money(doc.subtotal));
  for (const t of doc.taxBreakdown) w.pair(fmt.t('taxRate', { rate: fmt.rate(t.taxRateBp) }), fmt.money(t.tax));
  w.pair(label, fmt.money(doc.total), { bold: true, tall: true });
}

/** The store's footer text under a rule, when it has one. */
export function footerLines(w: LineWriter, footer: string | null): void {
  if (!footer) return;
  w.rule();
  w.center(footer);
}

/**
 * A voucher as the customer keeps it: its code big enough to read out and as a barcode to
 * scan at the till, what it is worth and until when.
 */
export function voucherLines(w: LineWriter, fmt: DocFormat, v: Voucher): void {
  w.rule();
  w.center(fmt.t(v.kind === 'gift' ? 'giftVoucherCaps' : 'storeCreditVoucherCaps'), { bold: true });
  w.barcode(v.code, { bold: true, tall: true });
  w.pair(fmt.t('value'), fmt.money(v.amount), { bold: true });
  if (v.balance !== v.amount) w.pair(fmt.t('balance'), fmt.money(v.balance));
  w.pair(fmt.t('validUntil'), fmt.date(v.expiresAt));
}
