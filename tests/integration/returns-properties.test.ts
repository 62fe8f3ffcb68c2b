/**
 * Property tests of returns on a real SQLite file: a sale of random lines (several tax rates,
 * split between tenders), then random sequences of partial returns, exchanges and a final
 * cancellation. After every step: nothing came back beyond what was sold, each invoice minus
 * its credit notes is exactly what is left of its lines (per tax rate too), every credit note
 * line points at an existing line of its invoice, and the money adds up (payments − refunds =
 * amount paid, no tender refunded beyond what it paid, the balance never below 0).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CreditNote, Invoice, OrderLine } from '../../shared/contract';
import { balanceOf } from '../../shared/domain/invoiceStatus';
import { lineAmounts } from '../../shared/domain/money';
import { creditFor, refundDue } from '../../shared/domain/returns';
import { openSalesStore, unique, type SalesStore } from '../support/sales';

let s: SalesStore;
beforeAll(async () => {
  s = await openSalesStore('in-process');
});
afterAll(() => s.close());

const lineArb = fc.record({
  unitPrice: fc.integer({ min: 1, max: 10_000 }),
  quantity: fc.integer({ min: 1, max: 7 }),
  taxRateBp: fc.constantFrom(0, 550, 700, 2000, 2100),
});
const opArb = fc.oneof(
  fc.record({ kind: fc.constant('return' as const), line: fc.nat(), quantity: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('exchange' as const), line: fc.nat(), quantity: fc.integer({ min: 1, max: 3 }), newPrice: fc.integer({ min: 1, max: 12_000 }) }),
);

const sumBy = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((n, x) => n + f(x), 0);

/** Per tax rate: the net and tax of lines (invoice lines, or credit note lines). */
function perRate(lines: readonly { taxRateBp: number; subtotal: number; tax: number }[]): Map<number, { base: number; tax: number }> {
  const m = new Map<number, { base: number; tax: number }>();
  for (const l of lines) {
    const e = m.get(l.taxRateBp) ?? { base: 0, tax: 0 };
    m.set(l.taxRateBp, { base: e.base + l.subtotal, tax: e.tax + l.tax });
  }
  return m;
}

async function checkInvoice(invoiceId: string): Promise<{ invoice: Invoice; notes: CreditNote[] }> {
  const invoice = await s.t.ok('invoices.get', { id: invoiceId }, s.admin);
  const notes = (await s.t.ok('creditNotes.list', { invoiceId, limit: 500 }, s.admin)).items;
  const returnable = await s.t.ok('returns.returnable', { invoiceId }, s.admin);
  // Every credit note line points at an existing invoice line; per line, never beyond what was sold.
  for (const n of notes) for (const l of n.lines) expect(invoice.lines[l.invoiceLineIndex ?? -1]).toBeDefined();
  invoice.lines.forEach((line, i) => {
    const back = notes.flatMap((n) => n.lines.filter((l) => l.invoiceLineIndex === i));
    const returned = sumBy(back, (l) => l.quantity);
    expect(returned).toBeLessThanOrEqual(line.quantity);
    expect(returnable.lines[i]).toMatchObject({ sold: line.quantity, returned, credited: sumBy(back, (l) => l.total) });
    // Once all back, the line is credited exactly (net and tax apart).
    if (returned === line.quantity) expect([sumBy(back, (l) => l.subtotal), sumBy(back, (l) => l.tax)]).toEqual([line.subtotal, line.tax]);
  });
  // Invoice − credit notes = what is left, in total and per tax rate.
  expect(invoice.credited).toBe(sumBy(notes, (n) => n.total));
  const left = invoice.lines.map((line, i) => {
    const back = notes.flatMap((n) => n.lines.filter((l) => l.invoiceLineIndex === i));
    return { taxRateBp: line.taxRateBp, subtotal: line.subtotal - sumBy(back, (l) => l.subtotal), tax: line.tax - sumBy(back, (l) => l.tax) };
  });
  expect(invoice.total - invoice.credited).toBe(sumBy(left, (l) => l.subtotal + l.tax));
  const credits = perRate(notes.flatMap((n) => n.lines));
  for (const [rate, sold] of perRate(invoice.lines)) {
    const c = credits.get(rate) ?? { base: 0, tax: 0 };
    const rest = perRate(left).get(rate)!;
    expect([sold.base - c.base, sold.tax - c.tax]).toEqual([rest.base, rest.tax]);
  }
  for (const n of notes) expect(new Map(n.taxBreakdown.map((e) => [e.taxRateBp, { base: e.base, tax: e.tax }]))).toEqual(perRate(n.lines));
  // The money: payments − refunds = amount paid; no tender refunded beyond what it paid.
  const rows = s.t.core.store.sqlite.prepare('SELECT id, kind, amount, refund_of AS refundOf FROM payments WHERE invoice_id = ?').all(invoiceId) as { id: string; kind: string; amount: number; refundOf: string | null }[];
  expect(sumBy(rows, (r) => (r.kind === 'payment' ? r.amount : -r.amount))).toBe(invoice.amountPaid);
  for (const p of rows.filter((r) => r.kind === 'payment')) expect(sumBy(rows.filter((r) => r.refundOf === p.id), (r) => r.amount)).toBeLessThanOrEqual(p.amount);
  expect(invoice.balance).toBe(balanceOf(invoice));
  if (invoice.status !== 'CANCELLED') expect(invoice.balance).toBeGreaterThanOrEqual(0);
  return { invoice, notes };
}

test('random partial returns and exchanges never return more than sold and always add up exactly', { timeout: 240_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 5 }), fc.array(opArb, { minLength: 1, maxLength: 10 }), fc.boolean(), async (lines, ops, cancelAtEnd) => {
      const order = await s.t.ok('orders.create', { lines: lines.map((l, i) => ({ name: `Item ${i}`, ...l })) }, s.cashier);
      const invoice = await s.t.ok('invoices.generate', { orderId: order.id }, s.cashier);
      const cash = Math.floor(invoice.total / 3);
      if (cash > 0) await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: cash, idempotencyKey: unique('p') }, s.cashier);
      await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'card', amount: invoice.total - cash, idempotencyKey: unique('p') }, s.cashier);
      const sold = invoice.lines as OrderLine[];
      const returned = sold.map(() => 0);
      for (const op of ops) {
        const index = op.line % sold.length;
        const left = sold[index]!.quantity - returned[index]!;
        const lineIn = [{ invoiceLineIndex: index, quantity: op.quantity, reason: 'property' }];
        if (op.kind === 'return') {
          const r = await s.t.raw('returns.create', { invoiceId: invoice.id, lines: lineIn, idempotencyKey: unique('r') }, s.manager);
          expect(r.ok, JSON.stringify(r)).toBe(op.quantity <= left);
        } else {
          const sale = { lines: [{ name: 'New', unitPrice: op.newPrice, taxRateBp: 2000, quantity: 1 }] };
          const input = { invoiceId: invoice.id, lines: lineIn, sale, idempotencyKey: unique('x') };
          if (op.quantity > left) {
            expect((await s.t.raw('returns.exchange', input, s.manager)).ok).toBe(false);
          } else {
            // What comes back is worth creditFor's amount; the new sale costs more → the rest is paid by card.
            const before = await s.t.ok('invoices.get', { id: invoice.id }, s.admin);
            const back = (s.t.core.store.sqlite.prepare('SELECT returned, credited_subtotal AS subtotal, credited_tax AS tax, credited_discount AS discount FROM returned_lines WHERE invoice_id = ? AND line_index = ?').get(invoice.id, index) as
              | { returned: number; subtotal: number; tax: number; discount: number }
              | undefined) ?? { returned: 0, subtotal: 0, tax: 0, discount: 0 };
            const credit = creditFor(sold[index]!, { returned: back.returned, credited: back }, op.quantity).total;
            const due = refundDue(credit, before.balance, before.amountPaid + before.cashRounding);
            const newTotal = lineAmounts({ unitPrice: op.newPrice, quantity: 1, taxRateBp: 2000 }).total;
            const toPay = newTotal - Math.min(due, newTotal);
            const x = await s.t.ok('returns.exchange', toPay > 0 ? { ...input, tenders: [{ method: 'card', amount: toPay }] } : input, s.manager);
            expect(x.creditNote.total).toBe(credit);
            expect(x.invoice).toMatchObject({ status: 'PAID', balance: 0, total: newTotal });
            expect(sumBy(x.creditNote.refunds, (r) => r.amount)).toBe(due);
          }
        }
        const { notes } = await checkInvoice(invoice.id);
        sold.forEach((_, i) => (returned[i] = sumBy(notes.flatMap((n) => n.lines.filter((l) => l.invoiceLineIndex === i)), (l) => l.quantity)));
      }
      if (cancelAtEnd) {
        await s.t.ok('orders.cancel', { id: order.id, reason: 'property' }, s.manager);
        const { invoice: after, notes } = await checkInvoice(invoice.id);
        expect(after).toMatchObject({ status: 'CANCELLED', credited: after.total });
        expect(sumBy(notes, (n) => n.refunded)).toBe(invoice.total);
        sold.forEach((line, i) => expect(sumBy(notes.flatMap((n) => n.lines.filter((l) => l.invoiceLineIndex === i)), (l) => l.quantity)).toBe(line.quantity));
      }
    }),
    { numRuns: 30 },
  );
});
