/**
 * What the invoice and credit note PDFs draw the same way: the page flow (content box, page
 * breaks above the footer, the footer and page numbers on every page), the seller and
 * customer blocks, the facts beside the title, the lines table, tables of one-line rows, tax
 * per rate and the totals column.
 */
import type { Invoice } from '../../../../shared/contract';
import type { PriceBasis } from '../../../../shared/domain/pricing';
import type { DocFormat } from './format';
import { basisText } from './pricingText';
import { type Align, BOLD, cell, type Doc, INK, MARGIN, MUTED, REGULAR, RULE, SHADE } from './pdfPage';
import type { DocWords } from './words';

export interface Column {
  label: string;
  width: number;
  align: Align;
}

export interface Logo {
  data: Buffer;
  width: number;
  height: number;
}

const PAD = 6;

/** The pages' content box and where the next block goes (`y`); content breaks to a new page above the footer. */
export class PageFlow {
  readonly left = MARGIN;
  readonly right: number;
  readonly width: number;
  /** Where content ends on a page: above the footer. */
  readonly bottom: number;
  y = MARGIN;
  private readonly footerHeight: number;

  constructor(
    readonly doc: Doc,
    private readonly footer: string,
    /** The document's words (its page numbers). */
    readonly t: DocWords,
  ) {
    this.right = doc.page.width - MARGIN;
    this.width = this.right - this.left;
    doc.font(REGULAR).fontSize(8);
    this.footerHeight = (footer ? doc.heightOfString(footer, { width: this.width }) + 4 : 0) + 12;
    this.bottom = doc.page.height - MARGIN - this.footerHeight - 10;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN;
  }

  /** Starts a new page when `height` does not fit; answers where to draw. */
  ensure(height: number): number {
    if (this.y + height > this.bottom) this.newPage();
    return this.y;
  }

  hr(x1: number, x2: number, at: number): void {
    this.doc.save().moveTo(x1, at).lineTo(x2, at).lineWidth(0.5).strokeColor(RULE).stroke().restore();
  }

  /** One text per column, from `x` on. */
  cells(cols: readonly Column[], values: readonly string[], x: number, top: number): void {
    for (const [i, c] of cols.entries()) {
      cell(this.doc, values[i] ?? '', x + PAD, top, c.width - 2 * PAD, c.align);
      x += c.width;
    }
  }

  /** A shaded row of the columns' labels, `width` wide and `height` high. */
  headerRow(cols: readonly Column[], width: number, height = 20): void {
    this.doc.save().rect(this.left, this.y, width, height).fill(SHADE).restore();
    this.doc.font(BOLD).fontSize(8.5).fillColor(INK);
    this.cells(cols, cols.map((c) => c.label), this.left, this.y + (height - 8) / 2);
    this.y += height;
  }

  heading(text: string): void {
    this.doc.font(BOLD).fontSize(10).fillColor(INK);
    cell(this.doc, text, this.left, this.y, this.width);
    this.y += 16;
  }

  /** Ends every page with the footer text and "<label> · Page n of m"; `decorate` first draws over the page (a watermark). */
  finish(label: string, decorate?: () => void): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const pageBottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0; // writing below the margin must not start a new page
      decorate?.();
      const fy = doc.page.height - MARGIN - this.footerHeight;
      this.hr(this.left, this.right, fy);
      doc.font(REGULAR).fontSize(8).fillColor(MUTED);
      if (this.footer) doc.text(this.footer, this.left, fy + 6, { width: this.width, align: 'center' });
      const page = this.t('pageOf', { label, page: String(i - range.start + 1), pages: String(range.count) });
      cell(doc, page, this.left, doc.page.height - MARGIN - 8, this.width, 'right');
      doc.page.margins.bottom = pageBottom;
    }
  }
}

/** The logo (when pdfkit can read it) and the seller's name, address, phone and tax ID, `width` wide from the top. Returns its bottom. */
export function sellerBlock(flow: PageFlow, seller: Invoice['seller'], logo: Logo | null, width: number): number {
  const { doc, left } = flow;
  let y = flow.y;
  if (logo) {
    const scale = Math.min(170 / logo.width, 64 / logo.height);
    try {
      doc.image(logo.data, left, y, { width: logo.width * scale, height: logo.height * scale });
      y += logo.height * scale + 12;
    } catch {
      // A logo pdfkit cannot read leaves the header text-only rather than failing the document.
    }
  }
  doc.fillColor(INK).font(BOLD).fontSize(13).text(seller.name, left, y, { width });
  y = doc.y + 3;
  doc.font(REGULAR).fontSize(9);
  const { t } = flow;
  for (const line of [seller.address, seller.phone && t('tel', { phone: seller.phone }), seller.taxId && t('taxIdLine', { taxId: seller.taxId })]) {
    if (!line) continue;
    doc.text(line, left, y, { width, lineGap: 1.5 });
    y = doc.y;
  }
  return y;
}

/** Label on the left, value on the right (in `color`, INK by default), one fact a row from `top`. Returns the bottom. */
export function factsBlock(flow: PageFlow, facts: readonly (readonly [label: string, value: string, color?: string])[], x: number, top: number, width: number): number {
  const { doc } = flow;
  for (const [label, value, color] of facts) {
    doc.font(REGULAR).fontSize(9).fillColor(MUTED);
    cell(doc, label, x, top, width / 2);
    doc.font(BOLD).fillColor(color ?? INK);
    cell(doc, value, x + width / 2, top, width / 2, 'right');
    top += 14;
  }
  return top;
}

/** The customer under `label` (BILL TO, CUSTOMER), or "Walk-in customer". */
export function customerBlock(flow: PageFlow, label: string, customer: Invoice['customer'], width: number): void {
  const { doc, left } = flow;
  doc.font(BOLD).fontSize(8).fillColor(MUTED);
  cell(doc, label, left, flow.y, flow.width);
  flow.y += 13;
  if (customer) {
    doc.font(BOLD).fontSize(11).fillColor(INK).text(customer.name, left, flow.y, { width });
    flow.y = doc.y + 2;
    doc.font(REGULAR).fontSize(9);
    const { t } = flow;
    for (const line of [customer.address, customer.email, customer.phone && t('tel', { phone: customer.phone }), customer.taxId && t('taxIdLine', { taxId: customer.taxId })]) {
      if (!line) continue;
      doc.text(line, left, flow.y, { width, lineGap: 1.5 });
      flow.y = doc.y;
    }
  } else {
    doc.font(REGULAR).fontSize(10).fillColor(MUTED);
    cell(doc, flow.t('walkInCustomer'), left, flow.y, width);
    flow.y += 14;
  }
  flow.y += 18;
}

export interface LineRow {
  name: string;
  /** Small muted text under the name (SKU, reason), '' for none. */
  note: string;
  /** One per column after the description. */
  values: string[];
}

/** The document's lines: the name (wrapped) and its note in the first column, the figures after; the header again on every page. */
export function linesTable(flow: PageFlow, columns: readonly Column[], rows: readonly LineRow[]): void {
  const { doc, left } = flow;
  const descWidth = columns[0]!.width - 2 * PAD;
  flow.ensure(60);
  flow.headerRow(columns, flow.width);
  for (const row of rows) {
    doc.font(REGULAR).fontSize(9);
    const nameHeight = doc.heightOfString(row.name, { width: descWidth });
    const noteHeight = row.note ? doc.fontSize(7.5).heightOfString(row.note, { width: descWidth }) + 1 : 0;
    const rowHeight = nameHeight + noteHeight + 10;
    if (flow.y + rowHeight > flow.bottom) {
      flow.newPage();
      flow.headerRow(columns, flow.width);
    }
    const top = flow.y + 5;
    doc.font(REGULAR).fontSize(9).fillColor(INK).text(row.name, left + PAD, top, { width: descWidth });
    if (row.note) doc.fontSize(7.5).fillColor(MUTED).text(row.note, left + PAD, top + nameHeight + 1, { width: descWidth });
    doc.fontSize(9).fillColor(INK);
    flow.cells(columns.slice(1), row.values, left + columns[0]!.width, top);
    flow.y += rowHeight;
    flow.hr(left, flow.right, flow.y);
  }
  flow.y += 16;
}

/** Rows of one line each (payments, refunds) under a header, the full width; the header again on every page. */
export function rowsTable(flow: PageFlow, columns: readonly Column[], rows: readonly { values: string[]; color?: string }[]): void {
  flow.headerRow(columns, flow.width, 18);
  for (const row of rows) {
    if (flow.y + 18 > flow.bottom) {
      flow.newPage();
      flow.headerRow(columns, flow.width, 18);
    }
    flow.doc.font(REGULAR).fontSize(9).fillColor(row.color ?? INK);
    flow.cells(columns, row.values, flow.left, flow.y + 4);
    flow.y += 17;
    flow.hr(flow.left, flow.right, flow.y);
  }
}

/** Net and tax per rate, on the left from the flow's y (which it leaves there). Returns its bottom. */
export function taxTable(flow: PageFlow, breakdown: Invoice['taxBreakdown'], fmt: DocFormat): number {
  const top = flow.y;
  const width = Math.min(250, flow.width * 0.48);
  const cols: Column[] = [
    { label: fmt.t('thTaxRate'), width: width * 0.3, align: 'left' },
    { label: fmt.t('thNet'), width: width * 0.35, align: 'right' },
    { label: fmt.t('thTax'), width: width * 0.35, align: 'right' },
  ];
  flow.headerRow(cols, width, 18);
  flow.doc.font(REGULAR).fontSize(9).fillColor(INK);
  for (const t of breakdown) {
    flow.cells(cols, [fmt.rate(t.taxRateBp), fmt.money(t.base), fmt.money(t.tax)], flow.left, flow.y + 4);
    flow.y += 16;
    flow.hr(flow.left, flow.left + width, flow.y);
  }
  const bottom = flow.y;
  flow.y = top;
  return bottom;
}

/** The totals on the right from `top`: label and value rows, `labelShare` of the width for the label; `y` is its bottom. */
export class TotalsColumn {
  readonly width: number;
  readonly x: number;

  constructor(
    private readonly flow: PageFlow,
    public y: number,
    private readonly labelShare: number,
  ) {
    this.width = Math.min(240, flow.width * 0.45);
    this.x = flow.right - this.width;
  }

  /** A label too long for its share (a discount's reason) wraps under itself. */
  row(label: string, value: string, strong = false): void {
    const { doc } = this.flow;
    const labelWidth = this.width * this.labelShare;
    doc.font(strong ? BOLD : REGULAR).fontSize(strong ? 11 : 9.5).fillColor(INK);
    const step = strong ? 18 : 15;
    let height = step;
    if (doc.widthOfString(label) <= labelWidth - 2) cell(doc, label, this.x, this.y, labelWidth);
    else {
      const options = { width: labelWidth - 4, lineGap: 1 };
      height = Math.max(step, doc.heightOfString(label, options) + 4);
      doc.text(label, this.x, this.y, options);
    }
    cell(doc, value, this.x + labelWidth, this.y, this.width - labelWidth, 'right');
    this.y += height;
  }

  /** The rule above the total. */
  rule(): void {
    this.y += 3;
    this.flow.doc.save().moveTo(this.x, this.y).lineTo(this.flow.right, this.y).lineWidth(1).strokeColor(INK).stroke().restore();
    this.y += 6;
  }
}

/**
 * The totals in the document's price basis. Net prices: subtotal, tax, then `label` (the
 * total). Prices that include tax: the total, then the tax it includes and the net.
 */
export function totalRows(totals: TotalsColumn, fmt: DocFormat, doc: Pick<Invoice, 'priceBasis' | 'subtotal' | 'tax' | 'total'>, label: string): void {
  if (doc.priceBasis === 'gross') {
    totals.rule();
    totals.row(label, fmt.money(doc.total), true);
    totals.row(fmt.t('inclTax'), fmt.money(doc.tax));
    totals.row(fmt.t('net'), fmt.money(doc.subtotal));
    return;
  }
  totals.row(fmt.t('subtotal'), fmt.money(doc.subtotal));
  totals.row(fmt.t('tax'), fmt.money(doc.tax));
  totals.rule();
  totals.row(label, fmt.money(doc.total), true);
}

/** "Prices include tax" / "Prices exclude tax" over the lines table, on the right. */
export function basisCaption(flow: PageFlow, fmt: DocFormat, basis: PriceBasis): void {
  flow.ensure(74);
  flow.doc.font(REGULAR).fontSize(8.5).fillColor(MUTED);
  cell(flow.doc, basisText(fmt, basis), flow.left, flow.y, flow.width, 'right');
  flow.y += 13;
}
