/**
 * The one receipt layout: lines of at most `columns` characters for thermal paper
 * (32 on 58 mm, 48 on 80 mm). The ESC/POS bytes and the printable page both draw these lines.
 */
import type { Invoice, Payment } from '../../../../shared/contract';
import type { ReceiptLayout, ReceiptLine } from '../../../../shared/contract/documents';
import type { ReceiptWidth } from '../../../../shared/contract/settings';
import { DocFormat, methodLabels } from './format';

export const RECEIPT_COLUMNS: Record<ReceiptWidth, number> = { 58: 32, 80: 48 };

export interface ReceiptInput {
  invoice: Invoice;
  /** Payments and refunds of the invoice, oldest first. */
  payments: Payment[];
  width: ReceiptWidth;
  locale: string;
  timeZone: string;
  footer: string | null;
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

export function layoutReceipt(input: ReceiptInput): ReceiptLayout {
  const { invoice } = input;
  const columns = RECEIPT_COLUMNS[input.width];
  const fmt = new DocFormat(invoice.currency, input.locale, input.timeZone);
  const lines: ReceiptLine[] = [];
  const push = (text: string, style: { bold?: boolean; tall?: boolean } = {}) =>
    lines.push({ text, bold: style.bold ?? false, tall: style.tall ?? false });
  const center = (text: string, style?: { bold?: boolean; tall?: boolean }) => {
    for (const l of wrap(text, columns)) {
      const pad = Math.floor((columns - len(l)) / 2);
      push(' '.repeat(pad) + l, style);
    }
  };
  /** Label on the left, value on the right; the label wraps when both do not fit. */
  const pair = (label: string, value: string, style?: { bold?: boolean; tall?: boolean }) => {
    const room = columns - len(value) - 1;
    const labelLines = room > 0 && len(label) <= room ? [label] : wrap(label, room > 0 ? room : columns);
    if (room <= 0 || len(value) > columns - 2) {
      // A value too long for one line goes under its label, wrapped and right-aligned.
      for (const l of wrap(label, columns)) push(l, style);
      for (const l of wrap(value, columns)) push(' '.repeat(columns - len(l)) + l, style);
      return;
    }
    labelLines.slice(0, -1).forEach((l) => push(l, style));
    const last = labelLines[labelLines.length - 1] ?? '';
    push(last + ' '.repeat(columns - len(last) - len(value)) + value, style);
  };
  const rule = () => push('-'.repeat(columns));

  // Store (as frozen on the invoice).
  center(invoice.seller.name, { bold: true, tall: true });
  if (invoice.seller.address) center(invoice.seller.address);
  if (invoice.seller.phone) center(`Tel. ${invoice.seller.phone}`);
  if (invoice.seller.taxId) center(`Tax ID: ${invoice.seller.taxId}`);
  rule();
  pair('Invoice', invoice.number);
  pair('Order', String(invoice.orderNumber));
  pair('Date', fmt.dateTime(invoice.issuedAt));
  if (invoice.customer) pair('Customer', invoice.customer.name);
  if (invoice.status === 'CANCELLED') {
    rule();
    center('*** CANCELLED ***', { bold: true, tall: true });
    if (invoice.cancelledAt) center(fmt.dateTime(invoice.cancelledAt));
  }
  rule();

  for (const line of invoice.lines) {
    for (const l of wrap(line.name, columns)) push(l);
    pair(`  ${line.quantity} x ${fmt.money(line.unitPrice)}`, fmt.money(line.subtotal));
  }
  rule();

  pair('Subtotal', fmt.money(invoice.subtotal));
  for (const t of invoice.taxBreakdown) pair(`Tax ${fmt.rate(t.taxRateBp)}`, fmt.money(t.tax));
  pair('TOTAL', fmt.money(invoice.total), { bold: true, tall: true });

  if (input.payments.length > 0) {
    rule();
    for (const p of input.payments) {
      if (p.kind === 'refund') {
        pair(`Refund (${methodLabels[p.method].toLowerCase()})`, fmt.money(-p.amount));
        continue;
      }
      pair(methodLabels[p.method], fmt.money(p.amount));
      if (p.tendered !== null && p.tendered !== p.amount) pair('  Tendered', fmt.money(p.tendered));
      if (p.change) pair('  Change', fmt.money(p.change), { bold: true });
      if (p.reference) pair('  Ref.', p.reference);
    }
    pair('Paid', fmt.money(invoice.amountPaid));
  }
  if (invoice.balance > 0) pair('Balance due', fmt.money(invoice.balance), { bold: true });

  if (input.footer) {
    rule();
    center(input.footer);
  }
  push('');
  return { invoiceId: invoice.id, width: input.width, columns, lines };
}
