/**
 * Property tests of returns on a real SQLite file: a sale of random lines (several tax rates,
 * split between tenders), then random sequences of partial returns (to the tenders or as a
 * voucher), exchanges, voucher uses at checkout and a final cancellation. After every step: nothing came back beyond what was sold, each invoice minus
 * its credit notes is exactly what is left of its lines (per tax rate too), every credit note
 * line points at an existing line of its invoice, and the money adds up (payments − refunds =
 * amount paid, no tender refunded beyond what it paid, the balance never below 0), and every
 * voucher's balance is what its ledger says, never below 0 nor above what it was issued for.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CreditNote, Invoice, OrderLine, Output } from '../../shared/contract';
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
  fc.record({ kind: fc.constant('toVoucher' as const), line: fc.nat(), quantity: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('spend' as const), voucher: fc.nat(), amount: fc.integer({ min: 1, max: 15_000 }), price: fc.integer({ min: 1, max: 15_000 }) }),
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

/** What a return of `quantity` of the line gives back now: creditFor's credit, and refundDue's part of it in money. */
async function dueFor(invoiceId: string, line: OrderLine, index: number, quantity: number): Promise<{ credit: number; due: number }> {
  const before = await s.t.ok('invoices.get', { id: invoiceId }, s.admin);
  const back = (s.t.core.store.sqlite.prepare('SELECT returned, credited_subtotal AS subtotal, credited_tax AS tax, credited_discount AS discount FROM returned_lines WHERE invoice_id = ? AND line_index = ?').get(invoiceId, index) as
    | { returned: number; subtotal: number; tax: number; discount: number }
    | undefined) ?? { returned: 0, subtotal: 0, tax: 0, discount: 0 };
  const credit = creditFor(line, { returned: back.returned, credited: back }, quantity).total;
  return { credit, due: refundDue(credit, before.balance, before.amountPaid + before.cashRounding) };
}

/** Each voucher: its balance is its ledger's sum, between 0 and what it was issued for; what its ledger redeemed is the voucher tenders taken with it. */
async function checkVouchers(codes: readonly string[]): Promise<void> {
  for (const code of codes) {
    const v = await s.t.ok('vouchers.get', { code }, s.admin);
    expect(v.balance).toBe(sumBy(v.entries, (e) => e.amount));
    expect(v.balance).toBeGreaterThanOrEqual(0);
    expect(v.balance).toBeLessThanOrEqual(v.amount);
    const tendered = s.t.core.store.sqlite.prepare("SELECT COALESCE(SUM(amount), 0) AS n FROM payments WHERE kind = 'payment' AND method = 'voucher' AND voucher_code = ?").get(v.code) as { n: number };
    expect(sumBy(v.entries.filter((e) => e.kind === 'redeemed'), (e) => e.amount) + tendered.n).toBe(0);
  }
}

test('random partial returns and exchanges never return more than sold and always add up exactly', { timeout: 240_000 }, async () => {
  // How often the runs issued and spent a voucher: the property must have exercised both.
  const seen = { issued: 0, spent: 0 };
  await fc.assert(
    fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 5 }), fc.array(opArb, { minLength: 1, maxLength: 10 }), fc.boolean(), async (lines, ops, cancelAtEnd) => {
      const order = await s.t.ok('orders.create', { lines: lines.map((l, i) => ({ name: `Item ${i}`, ...l })) }, s.cashier);
      const invoice = await s.t.ok('invoices.generate', { orderId: order.id }, s.cashier);
      const cash = Math.floor(invoice.total / 3);
      if (cash > 0) await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: cash, idempotencyKey: unique('p') }, s.cashier);
      await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'card', amount: invoice.total - cash, idempotencyKey: unique('p') }, s.cashier);
      const sold = invoice.lines as OrderLine[];
      const returned = sold.map(() => 0);
      const vouchers: string[] = [];
      for (const op of ops) {
        if (op.kind === 'spend') {
          // A voucher spent at checkout, the rest by card: never over what is left on it.
          const code = vouchers[op.voucher % Math.max(1, vouchers.length)];
          if (code === undefined) continue;
          const left = (await s.t.ok('vouchers.get', { code }, s.admin)).balance;
          const total = lineAmounts({ unitPrice: op.price, quantity: 1, taxRateBp: 2000 }).total;
          const amount = Math.min(op.amount, total);
          const tenders = [{ method: 'voucher' as const, code, amount }, ...(amount < total ? [{ method: 'card' as const, amount: total - amount }] : [])];
          const r = await s.t.raw('orders.checkout', { lines: [{ name: 'Spent', unitPrice: op.price, taxRateBp: 2000, quantity: 1 }], tenders, idempotencyKey: unique('v') }, s.cashier);
          expect(r.ok, JSON.stringify(r)).toBe(amount <= left);
          if (r.ok) seen.spent++;
          await checkVouchers(vouchers);
          continue;
        }
        const index = op.line % sold.length;
        const left = sold[index]!.quantity - returned[index]!;
        const lineIn = [{ invoiceLineIndex: index, quantity: op.quantity, reason: 'property' }];
        if (op.kind === 'return') {
          const r = await s.t.raw('returns.create', { invoiceId: invoice.id, lines: lineIn, idempotencyKey: unique('r') }, s.manager);
          expect(r.ok, JSON.stringify(r)).toBe(op.quantity <= left);
        } else if (op.kind === 'toVoucher') {
          // Store credit for what comes back: a voucher worth exactly the money due.
          const { due } = op.quantity <= left ? await dueFor(invoice.id, sold[index]!, index, op.quantity) : { due: 1 };
          const r = await s.t.raw('returns.create', { invoiceId: invoice.id, lines: lineIn, refunds: due > 0 ? [{ method: 'voucher', amount: due }] : undefined, idempotencyKey: unique('r') }, s.manager);
          expect(r.ok, JSON.stringify(r)).toBe(op.quantity <= left);
          if (r.ok && due > 0) {
            const made = (r.value as Output<'returns.create'>).creditNote.vouchers;
            expect(made).toHaveLength(1);
            expect(made[0]).toMatchObject({ amount: due, balance: due, kind: 'refund' });
            vouchers.push(made[0]!.code);
            seen.issued++;
          }
          await checkVouchers(vouchers);
        } else {
          const sale = { lines: [{ name: 'New', unitPrice: op.newPrice, taxRateBp: 2000, quantity: 1 }] };
          const input = { invoiceId: invoice.id, lines: lineIn, sale, idempotencyKey: unique('x') };
          if (op.quantity > left) {
            expect((await s.t.raw('returns.exchange', input, s.manager)).ok).toBe(false);
          } else {
            // What comes back is worth creditFor's amount; the new sale costs more → the rest is paid by card.
            const { credit, due } = await dueFor(invoice.id, sold[index]!, index, op.quantity);
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
        await checkVouchers(vouchers);
        expect(after).toMatchObject({ status: 'CANCELLED', credited: after.total });
        expect(sumBy(notes, (n) => n.refunded)).toBe(invoice.total);
        sold.forEach((line, i) => expect(sumBy(notes.flatMap((n) => n.lines.filter((l) => l.invoiceLineIndex === i)), (l) => l.quantity)).toBe(line.quantity));
      }
    }),
    { numRuns: 30 },
  );
  expect(seen.issued).toBeGreaterThan(0);
  expect(seen.spent).toBeGreaterThan(0);
});
