/**
 * The Z report on paper: receipt lines (58/80 mm) drawn from the sealed ZReport only, never
 * recomputed. The printable page, the ESC/POS bytes and the PDF all show these figures.
 */
import type { ZReport } from '../../../../shared/contract';
import type { ReceiptLayout } from '../../../../shared/contract/documents';
import type { ReceiptWidth } from '../../../../shared/contract/settings';
import { DocFormat, methodLabels } from './format';
import { LineWriter, RECEIPT_COLUMNS } from './receipt';

export interface ZLayoutInput {
  z: ZReport;
  width: ReceiptWidth;
  storeName: string;
  locale: string;
  timeZone: string;
}

export type ZLayout = Omit<ReceiptLayout, 'invoiceId' | 'creditNoteId'> & { zReportId: string };

type Count = { count: number; amount: number };

/** "Over", "Short" or "Even": how the counted cash stood against the expected. */
export function varianceLabel(variance: number): string {
  return variance > 0 ? 'Over' : variance < 0 ? 'Short' : 'Even';
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
  const rows: ZSection['rows'] = [{ label: `Credit notes (${z.creditNotes.count})`, value: money(-z.creditNotes.amount), strong: true }];
  for (const r of z.creditNoteTaxRates) {
    rows.push({ label: `  ${fmt.rate(r.taxRateBp)} net`, value: money(-r.net) }, { label: `  ${fmt.rate(r.taxRateBp)} tax`, value: money(-r.tax) });
  }
  for (const t of z.tenders) if (t.refundCount > 0) rows.push({ label: `${methodLabels[t.method]} refunds (${t.refundCount})`, value: money(-t.refunds) });
  rows.push(
    { label: `Vouchers issued (${z.vouchers.issued.count})`, value: money(z.vouchers.issued.amount) },
    { label: `Vouchers redeemed (${z.vouchers.redeemed.count})`, value: money(z.vouchers.redeemed.amount) },
  );
  return { title: 'Returns', rows };
}

/**
 * The discounts given on the session's invoices (lines' own and order discounts), in all and
 * per reason, as the figures sealed them. Printed even when none were given.
 */
function discountsSection(z: ZReport, fmt: DocFormat): ZSection {
  const money = (minor: number) => fmt.money(minor, z.currency);
  const rows: ZSection['rows'] = [{ label: `Discounts (${z.discounts.count})`, value: money(-z.discounts.amount), strong: true }];
  for (const r of z.discounts.byReason) rows.push({ label: `  ${r.reason || 'No reason'} (${r.count})`, value: money(-r.amount) });
  return { title: 'Discounts', rows };
}

/** Every figure of the report, in print order, formatted in the store's locale. */
export function zSections(z: ZReport, fmt: DocFormat): ZSection[] {
  const money = (minor: number) => fmt.money(minor, z.currency);
  const counted = (label: string, c: Count, sign = 1) => ({ label: `${label} (${c.count})`, value: money(sign * c.amount) });
  const sections: ZSection[] = [];

  sections.push({
    title: null,
    rows: [
      { label: 'Register', value: `${z.registerCode} ${z.registerName}` },
      { label: 'Opened', value: fmt.dateTime(z.openedAt) },
      { label: 'Opened by', value: z.openedByName },
      { label: 'Closed', value: fmt.dateTime(z.closedAt ?? z.at) },
      { label: 'Closed by', value: z.closedByName ?? '' },
    ],
  });

  const cash: ZSection = {
    title: 'Cash drawer',
    rows: [
      { label: 'Opening float', value: money(z.openingFloat) },
      { label: 'Cash payments', value: money(z.cash.payments) },
      { label: 'Cash refunds', value: money(-z.cash.refunds) },
      counted('Pay-ins', z.cash.payIns),
      counted('Pay-outs', z.cash.payOuts, -1),
      // Named as on the X report and the Reports screens; 'Drops to safe (99)  -€9,999.99' fits 58 mm's 32 columns.
      counted('Drops to safe', z.cash.drops, -1),
    ],
  };
  if (z.expectedCash !== null) cash.rows.push({ label: 'Expected cash', value: money(z.expectedCash), strong: true });
  if (z.countedCash !== null) cash.rows.push({ label: 'Counted', value: money(z.countedCash), strong: true });
  if (z.variance !== null) cash.rows.push({ label: `Variance (${varianceLabel(z.variance).toLowerCase()})`, value: money(z.variance), strong: true });
  if (z.approvedByName) cash.rows.push({ label: 'Approved by', value: z.approvedByName });
  if (z.note) cash.rows.push({ label: 'Note', value: z.note, long: true });
  sections.push(cash);

  sections.push({
    title: 'Tenders',
    rows: z.tenders.flatMap((t) => [
      { label: `${methodLabels[t.method]} (${t.count})`, value: money(t.amount) },
      ...(t.refundCount > 0 ? [{ label: `  Refunds (${t.refundCount})`, value: money(-t.refunds) }] : []),
    ]),
  });

  sections.push({
    title: 'Tax',
    rows: z.taxRates.flatMap((r) => [
      { label: `${fmt.rate(r.taxRateBp)} net`, value: money(r.net) },
      { label: `${fmt.rate(r.taxRateBp)} tax`, value: money(r.tax) },
      { label: `${fmt.rate(r.taxRateBp)} gross`, value: money(r.gross) },
    ]),
  });

  sections.push(returnsSection(z, fmt));

  sections.push({
    title: 'Sales',
    rows: [
      { label: `Sales (${z.sales.count})`, value: money(z.sales.gross) },
      counted('Refunds', z.refunds, -1),
      counted('Cancellations', z.cancellations),
      counted('Credit notes', z.creditNotes, -1),
      { label: 'Cash rounding', value: money(z.rounding) },
      { label: 'No-sale opens', value: String(z.noSales) },
      counted('Line voids', z.lineVoids),
      counted('Abandoned carts', z.abandonedCarts),
      { label: 'Net sales', value: money(z.netSales), strong: true },
    ],
  });

  sections.push(discountsSection(z, fmt));

  for (const c of z.cashiers) {
    sections.push({
      title: `Cashier: ${c.name}`,
      rows: [
        { label: `Sales (${c.sales.count})`, value: money(c.sales.gross) },
        counted('Refunds', c.refunds, -1),
        counted('Cancellations', c.cancellations),
        counted('Credit notes', c.creditNotes, -1),
        counted('Discounts', c.discounts, -1),
        { label: 'No-sale opens', value: String(c.noSales) },
        counted('Line voids', c.lineVoids),
        counted('Abandoned carts', c.abandonedCarts),
        { label: 'Net sales', value: money(c.netSales), strong: true },
      ],
    });
  }

  sections.push({ title: null, rows: [{ label: 'GRAND TOTAL', value: money(z.grandTotal), strong: true }] });
  return sections;
}

export function layoutZReport(input: ZLayoutInput): ZLayout {
  const { z } = input;
  const columns = RECEIPT_COLUMNS[input.width];
  const fmt = new DocFormat(z.currency, input.locale, input.timeZone);
  const w = new LineWriter(columns);

  w.center(input.storeName, { bold: true, tall: true });
  w.center('Z REPORT', { bold: true, tall: true });
  w.center(z.number, { bold: true });
  for (const section of zSections(z, fmt)) {
    w.rule();
    if (section.title) w.text(section.title.toUpperCase(), { bold: true });
    for (const row of section.rows) {
      if (row.long) w.text(`${row.label}: ${row.value}`);
      else w.pair(row.label, row.value, row.strong ? { bold: true } : undefined);
    }
  }
  w.rule();
  // The trail's head hash in full: a paper anchor of the audit chain outside the database.
  w.text('Audit chain head');
  for (let i = 0; i < z.chainHead.length; i += columns) w.push(z.chainHead.slice(i, i + columns));
  w.push('');
  return { zReportId: z.id, width: input.width, columns, lines: w.lines };
}
