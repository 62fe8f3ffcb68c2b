/**
 * The Z report on paper: receipt lines (58/80 mm) drawn from the sealed ZReport only, never
 * recomputed. The printable page, the ESC/POS bytes and the PDF all show these figures.
 */
import type { ZReport } from '../../../../shared/contract';
import type { ReceiptLayout } from '../../../../shared/contract/documents';
import type { ReceiptWidth } from '../../../../shared/contract/settings';
import type { DocumentLanguage } from '../../../../shared/i18n/languages';
import { DocFormat } from './format';
import { LineWriter, RECEIPT_COLUMNS } from './receipt';

export interface ZLayoutInput {
  z: ZReport;
  width: ReceiptWidth;
  storeName: string;
  locale: string;
  timeZone: string;
  /** The store's document language (Settings.documentLanguage); English by default. */
  language?: DocumentLanguage;
}

export type ZLayout = Omit<ReceiptLayout, 'invoiceId' | 'creditNoteId'> & { zReportId: string };

type Count = { count: number; amount: number };

/** "over", "short" or "even": how the counted cash stood against the expected (the `variance` message words it). */
export function varianceState(variance: number): 'over' | 'short' | 'even' {
  return variance > 0 ? 'over' : variance < 0 ? 'short' : 'even';
}

/** The sections of a Z report as label/value rows, shared by the paper and the PDF. */
export interface ZSection {
  title: string | null;
  /** `long`: free text (the note), printed whole under its label rather than beside it. */
  rows: { label: string; value: string; strong?: boolean; long?: boolean }[];
}

/**
 * What went back: the credit notes issued and their tax per rate (taken off sales), the
 * refunds per tender, the vouchers issued and redeemed. Printed even when all are zero, so a
 * Z without returns says so.
 */
function returnsSection(z: ZReport, fmt: DocFormat): ZSection {
  const money = (minor: number) => fmt.money(minor, z.currency);
  const { t } = fmt;
  const rows: ZSection['rows'] = [{ label: t('creditNotesCount', { count: String(z.creditNotes.count) }), value: money(-z.creditNotes.amount), strong: true }];
  for (const r of z.creditNoteTaxRates) {
    const rate = fmt.rate(r.taxRateBp);
    rows.push({ label: `  ${t('rateNet', { rate })}`, value: money(-r.net) }, { label: `  ${t('rateTax', { rate })}`, value: money(-r.tax) });
  }
  for (const tender of z.tenders) {
    if (tender.refundCount > 0) rows.push({ label: t('methodRefundsCount', { method: tender.method, count: String(tender.refundCount) }), value: money(-tender.refunds) });
  }
  rows.push(
    { label: t('vouchersIssuedCount', { count: String(z.vouchers.issued.count) }), value: money(z.vouchers.issued.amount) },
    { label: t('vouchersRedeemedCount', { count: String(z.vouchers.redeemed.count) }), value: money(z.vouchers.redeemed.amount) },
  );
  return { title: t('returns'), rows };
}

/**
 * The discounts given on the session's invoices (lines' own and order discounts), in all and
 * per reason, as the figures sealed them. Printed even when none were given.
 */
function discountsSection(z: ZReport, fmt: DocFormat): ZSection {
  const money = (minor: number) => fmt.money(minor, z.currency);
  const { t } = fmt;
  const rows: ZSection['rows'] = [{ label: t('discountsCount', { count: String(z.discounts.count) }), value: money(-z.discounts.amount), strong: true }];
  for (const r of z.discounts.byReason) {
    const count = String(r.count);
    rows.push({ label: `  ${r.reason ? t('reasonCount', { reason: r.reason, count }) : t('noReasonCount', { count })}`, value: money(-r.amount) });
  }
  return { title: t('discounts'), rows };
}

/** Every figure of the report, in print order, formatted in the store's locale, worded in its document language. */
export function zSections(z: ZReport, fmt: DocFormat): ZSection[] {
  const money = (minor: number) => fmt.money(minor, z.currency);
  const { t } = fmt;
  type CountKey = 'payInsCount' | 'payOutsCount' | 'dropsToSafeCount' | 'refundsCount' | 'cancellationsCount' | 'creditNotesCount' | 'lineVoidsCount' | 'abandonedCartsCount' | 'discountsCount';
  const counted = (key: CountKey, c: Count, sign = 1) => ({ label: t(key, { count: String(c.count) }), value: money(sign * c.amount) });
  const sections: ZSection[] = [];

  sections.push({
    title: null,
    rows: [
      { label: t('register'), value: `${z.registerCode} ${z.registerName}` },
      { label: t('opened'), value: fmt.dateTime(z.openedAt) },
      { label: t('openedBy'), value: z.openedByName },
      { label: t('closed'), value: fmt.dateTime(z.closedAt ?? z.at) },
      { label: t('closedBy'), value: z.closedByName ?? '' },
    ],
  });

  const cash: ZSection = {
    title: t('cashDrawer'),
    rows: [
      { label: t('openingFloat'), value: money(z.openingFloat) },
      { label: t('cashPayments'), value: money(z.cash.payments) },
      { label: t('cashRefunds'), value: money(-z.cash.refunds) },
      counted('payInsCount', z.cash.payIns),
      counted('payOutsCount', z.cash.payOuts, -1),
      // Named as on the X report and the Reports screens; 'Drops to safe (99)  -€9,999.99' fits 58 mm's 32 columns.
      counted('dropsToSafeCount', z.cash.drops, -1),
    ],
  };
  if (z.expectedCash !== null) cash.rows.push({ label: t('expectedCash'), value: money(z.expectedCash), strong: true });
  if (z.countedCash !== null) cash.rows.push({ label: t('counted'), value: money(z.countedCash), strong: true });
  if (z.variance !== null) cash.rows.push({ label: t('variance', { state: varianceState(z.variance) }), value: money(z.variance), strong: true });
  if (z.approvedByName) cash.rows.push({ label: t('approvedBy'), value: z.approvedByName });
  if (z.note) cash.rows.push({ label: t('note'), value: z.note, long: true });
  sections.push(cash);

  sections.push({
    title: t('tenders'),
    rows: z.tenders.flatMap((tender) => [
      { label: t('methodCount', { method: tender.method, count: String(tender.count) }), value: money(tender.amount) },
      ...(tender.refundCount > 0 ? [{ label: `  ${t('refundsCount', { count: String(tender.refundCount) })}`, value: money(-tender.refunds) }] : []),
    ]),
  });

  sections.push({
    title: t('taxSection'),
    rows: z.taxRates.flatMap((r) => {
      const rate = fmt.rate(r.taxRateBp);
      return [
        { label: t('rateNet', { rate }), value: money(r.net) },
        { label: t('rateTax', { rate }), value: money(r.tax) },
        { label: t('rateGross', { rate }), value: money(r.gross) },
      ];
    }),
  });

  sections.push(returnsSection(z, fmt));

  sections.push({
    title: t('sales'),
    rows: [
      { label: t('salesCount', { count: String(z.sales.count) }), value: money(z.sales.gross) },
      counted('refundsCount', z.refunds, -1),
      counted('cancellationsCount', z.cancellations),
      counted('creditNotesCount', z.creditNotes, -1),
      { label: t('cashRounding'), value: money(z.rounding) },
      { label: t('noSaleOpens'), value: String(z.noSales) },
      counted('lineVoidsCount', z.lineVoids),
      counted('abandonedCartsCount', z.abandonedCarts),
      { label: t('netSales'), value: money(z.netSales), strong: true },
    ],
  });

  sections.push(discountsSection(z, fmt));

  for (const c of z.cashiers) {
    sections.push({
      title: t('cashierTitle', { name: c.name }),
      rows: [
        { label: t('salesCount', { count: String(c.sales.count) }), value: money(c.sales.gross) },
        counted('refundsCount', c.refunds, -1),
        counted('cancellationsCount', c.cancellations),
        counted('creditNotesCount', c.creditNotes, -1),
        counted('discountsCount', c.discounts, -1),
        { label: t('noSaleOpens'), value: String(c.noSales) },
        counted('lineVoidsCount', c.lineVoids),
        counted('abandonedCartsCount', c.abandonedCarts),
        { label: t('netSales'), value: money(c.netSales), strong: true },
      ],
    });
  }

  sections.push({ title: null, rows: [{ label: t('grandTotalCaps'), value: money(z.grandTotal), strong: true }] });
  return sections;
}

export function layoutZReport(input: ZLayoutInput): ZLayout {
  const { z } = input;
  const columns = RECEIPT_COLUMNS[input.width];
  const fmt = new DocFormat(z.currency, input.locale, input.timeZone, input.language);
  const w = new LineWriter(columns);

  w.center(input.storeName, { bold: true, tall: true });
  w.center(fmt.t('zReportCaps'), { bold: true, tall: true });
  w.center(z.number, { bold: true });
  for (const section of zSections(z, fmt)) {
    w.rule();
    if (section.title) w.text(section.title.toLocaleUpperCase(input.language ?? 'en'), { bold: true });
    for (const row of section.rows) {
      if (row.long) w.text(`${row.label}: ${row.value}`);
      else w.pair(row.label, row.value, row.strong ? { bold: true } : undefined);
    }
  }
  w.rule();
  // The trail's head hash in full: a paper anchor of the audit chain outside the database.
  w.text(fmt.t('auditChainHead'));
  for (let i = 0; i < z.chainHead.length; i += columns) w.push(z.chainHead.slice(i, i + columns));
  w.push('');
  return { zReportId: z.id, width: input.width, columns, lines: w.lines };
}
