/**
 * Credit notes of discounted sales, through the contract on a real SQLite file: a returned
 * line gives back exactly its share of its discounts (its own and its share of the order's),
 * partial returns add up to the invoice per tax rate, a cancellation gives back the rest, a
 * tax-inclusive store refunds what was paid (with a receipt, without one, in an exchange), and
 * an exchange's new sale is priced and approved as any sale.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CreditNote, Input, Invoice, Output } from '../../shared/contract';
import { priceCart, type PricingRules } from '../../shared/domain/pricing';
import { count, expectNoWrites, openSalesStore, unique, type SalesStore } from '../support/sales';
import { credentialsOf, openTill, signInAt } from '../support/till';

type Lines = Input<'orders.checkout'>['lines'] & object;
type Discount = Input<'orders.checkout'>['discount'];
const managerApproval = credentialsOf('manager');
const NET: PricingRules = { pricesIncludeTax: false, taxRounding: 'line' };
const GROSS: PricingRules = { pricesIncludeTax: true, taxRounding: 'line' };

/** What a sale of `lines` costs, by the one pricing rule (manual lines carry their rate). */
function totalOf(lines: Lines, discount: Discount, rules: PricingRules): number {
  const priced = lines.map((l) => ('productId' in l ? { unitPrice: 0, quantity: 0, taxRateBp: 0 } : { unitPrice: l.unitPrice, quantity: l.quantity, taxRateBp: l.taxRateBp ?? 0, discount: l.discount }));
  return priceCart(priced, discount, rules).totals.total;
}

/** Per tax rate, what the invoice's tax breakdown holds less what its credit notes took back. */
function leftPerRate(invoice: Invoice, notes: readonly CreditNote[]): Map<number, { base: number; tax: number }> {
  const left = new Map(invoice.taxBreakdown.map((b) => [b.taxRateBp, { base: b.base, tax: b.tax }]));
  for (const n of notes) {
    for (const b of n.taxBreakdown) {
      const e = left.get(b.taxRateBp)!;
      left.set(b.taxRateBp, { base: e.base - b.base, tax: e.tax - b.tax });
    }
  }
  return left;
}

function storeOf(rules: PricingRules) {
  const st = { s: undefined as unknown as SalesStore, cashier: '', manager: '' };
  beforeAll(async () => {
    st.s = await openSalesStore('in-process');
    if (rules.pricesIncludeTax) await st.s.t.ok('settings.update', { pricesIncludeTax: true }, st.s.admin);
    st.cashier = await signInAt(st.s, 'cashier');
    st.manager = await signInAt(st.s, 'manager');
    await openTill(st.s, st.cashier);
  }, 60_000);
  afterAll(() => st.s?.close());
  const sell = (lines: Lines, discount?: Discount, extra: Partial<Input<'orders.checkout'>> = {}, token = st.cashier): Promise<Output<'orders.checkout'>> =>
    st.s.t.ok('orders.checkout', { lines, ...(discount ? { discount } : {}), tenders: [{ method: 'card', amount: totalOf(lines, discount, rules) }], idempotencyKey: unique('co'), ...extra }, token);
  const back = (invoiceId: string, lines: { invoiceLineIndex: number; quantity: number }[], token = st.cashier) =>
    st.s.t.ok('returns.create', { invoiceId, lines: lines.map((l) => ({ ...l, reason: 'Changed mind' })), idempotencyKey: unique('ret') }, token);
  return { st, sell, back };
}

describe('a tax-exclusive store', () => {
  const { st, sell, back } = storeOf(NET);

  test('golden: 3 × 10.00 at 10 % with a 10 % line discount, returned one at a time, gives back 1.00 of discount each time and the invoice exactly', async () => {
    const sale = await sell([{ name: 'Candle', unitPrice: 1000, taxRateBp: 1000, quantity: 3, discount: { kind: 'percent', value: 10, reason: 'Damaged' } }]);
    expect(sale.invoice.lines[0]).toMatchObject({ amount: 3000, lineDiscount: 300, orderDiscount: 0, subtotal: 2700, tax: 270, total: 2970 });
    const notes: CreditNote[] = [];
    for (let k = 0; k < 3; k++) notes.push((await back(sale.invoice.id, [{ invoiceLineIndex: 0, quantity: 1 }])).creditNote);
    expect(notes.map((n) => n.lines[0]!.discount)).toEqual([100, 100, 100]);
    expect(notes.map((n) => [n.subtotal, n.tax, n.total])).toEqual([
      [900, 90, 990],
      [900, 90, 990],
      [900, 90, 990],
    ]);
    expect(notes.map((n) => [n.priceBasis, n.discountTotal])).toEqual([
      ['net', 100],
      ['net', 100],
      ['net', 100],
    ]);
    expect(notes.reduce((n, c) => n + c.subtotal, 0)).toBe(sale.invoice.subtotal);
    expect(notes.reduce((n, c) => n + c.total, 0)).toBe(sale.invoice.total);
    expect([...leftPerRate(sale.invoice, notes).values()]).toEqual([{ base: 0, tax: 0 }]);
    // The database keeps what each line gave back, as it keeps its net and tax.
    expect(count(st.s, 'SELECT credited_discount AS n FROM returned_lines WHERE invoice_id = ?', sale.invoice.id)).toBe(300);
    const read = await st.s.t.ok('creditNotes.get', { id: notes[1]!.id }, st.manager);
    expect(read).toEqual(notes[1]);
  });

  test('an order discount spread over two rates, then partial returns: each line gives back its share, in all the discounts and the invoice per rate', async () => {
    const lines: Lines = [
      { name: 'Mug', unitPrice: 1000, taxRateBp: 2000, quantity: 3, discount: { kind: 'amount', value: 150, reason: 'Chipped' } },
      { name: 'Book', unitPrice: 777, taxRateBp: 550, quantity: 2 },
    ];
    const sale = await sell(lines, { kind: 'percent', value: 5, reason: 'Loyalty' });
    const [mug, book] = sale.invoice.lines;
    expect(mug).toMatchObject({ lineDiscount: 150 });
    expect(mug!.orderDiscount + book!.orderDiscount).toBe(sale.invoice.discountTotal - 150);
    const notes: CreditNote[] = [];
    for (const step of [
      [{ invoiceLineIndex: 0, quantity: 1 }],
      [{ invoiceLineIndex: 1, quantity: 1 }, { invoiceLineIndex: 0, quantity: 1 }],
      [{ invoiceLineIndex: 0, quantity: 1 }],
      [{ invoiceLineIndex: 1, quantity: 1 }],
    ]) {
      notes.push((await back(sale.invoice.id, step)).creditNote);
    }
    const given = (index: number) => notes.flatMap((n) => n.lines).filter((l) => l.invoiceLineIndex === index);
    expect(given(0).reduce((n, l) => n + l.discount, 0)).toBe(mug!.lineDiscount + mug!.orderDiscount);
    expect(given(1).reduce((n, l) => n + l.discount, 0)).toBe(book!.orderDiscount);
    expect(notes.reduce((n, c) => n + c.discountTotal, 0)).toBe(sale.invoice.discountTotal);
    expect(notes.reduce((n, c) => n + c.total, 0)).toBe(sale.invoice.total);
    for (const left of leftPerRate(sale.invoice, notes).values()) expect(left).toEqual({ base: 0, tax: 0 });
    // Each share is its prorated part: round(line discounts × returned so far ÷ sold) − what was given back before.
    expect(given(0).map((l) => l.discount)).toEqual([1, 2, 3].map((q) => Math.round(((mug!.lineDiscount + mug!.orderDiscount) * q) / 3) - Math.round(((mug!.lineDiscount + mug!.orderDiscount) * (q - 1)) / 3)));
  });

  test('a cancellation after a partial return gives back the rest of the discounts', async () => {
    const sale = await sell([{ name: 'Lamp', unitPrice: 4999, taxRateBp: 2000, quantity: 3, discount: { kind: 'percent', value: 7.5, reason: 'Display model' } }], { kind: 'amount', value: 333, reason: 'Loyalty' });
    const first = (await back(sale.invoice.id, [{ invoiceLineIndex: 0, quantity: 1 }])).creditNote;
    await st.s.t.ok('orders.cancel', { id: sale.order.id, reason: 'Customer changed their mind' }, st.manager);
    const notes = await st.s.t.ok('creditNotes.list', { invoiceId: sale.invoice.id }, st.manager);
    const cancellation = notes.items.find((n) => n.kind === 'cancellation')!;
    expect(cancellation.lines[0]!.quantity).toBe(2);
    expect(first.discountTotal + cancellation.discountTotal).toBe(sale.invoice.discountTotal);
    expect(first.total + cancellation.total).toBe(sale.invoice.total);
  });

  test('an exchange’s new sale is priced and approved as any sale: a 30 % discount needs a manager, nothing stored without one', async () => {
    const sale = await sell([{ name: 'Shirt', unitPrice: 2500, taxRateBp: 2000, quantity: 1 }]);
    const input = {
      invoiceId: sale.invoice.id,
      lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'Wrong size' }],
      sale: { lines: [{ name: 'Shirt L', unitPrice: 4000, taxRateBp: 2000, quantity: 1, discount: { kind: 'percent' as const, value: 30, reason: 'Price match' } }] },
      tenders: [{ method: 'card' as const, amount: 3360 - 3000 }],
    };
    const refused = await expectNoWrites(st.s, () => st.s.t.fail('returns.exchange', { ...input, idempotencyKey: unique('x') }, st.cashier));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_REQUIRED' } });
    const done = await st.s.t.ok('returns.exchange', { ...input, approval: managerApproval, idempotencyKey: unique('x') }, st.cashier);
    expect(done.order).toMatchObject({ discountTotal: 1200, total: 3360, approvedBy: { name: expect.any(String) } });
    expect(done.creditNote).toMatchObject({ total: 3000, discountTotal: 0, priceBasis: 'net' });
  });
});

describe('a tax-inclusive store', () => {
  const { st, sell, back } = storeOf(GROSS);

  test('a return refunds what was paid: the shelf price, its tax extracted, and its discount share', async () => {
    const sale = await sell([
      { name: 'Scarf', unitPrice: 999, taxRateBp: 2000, quantity: 1 },
      { name: 'Socks', unitPrice: 100, taxRateBp: 2000, quantity: 3, discount: { kind: 'amount', value: 30, reason: 'Damaged' } },
    ]);
    expect(sale.invoice).toMatchObject({ priceBasis: 'gross', total: 999 + 270 });
    expect(sale.invoice.lines[0]).toMatchObject({ subtotal: 832, tax: 167, total: 999 });
    const scarf = (await back(sale.invoice.id, [{ invoiceLineIndex: 0, quantity: 1 }])).creditNote;
    expect(scarf).toMatchObject({ priceBasis: 'gross', subtotal: 832, tax: 167, total: 999, discountTotal: 0 });
    const socks = [(await back(sale.invoice.id, [{ invoiceLineIndex: 1, quantity: 2 }])).creditNote, (await back(sale.invoice.id, [{ invoiceLineIndex: 1, quantity: 1 }])).creditNote];
    expect(socks.map((n) => [n.total, n.discountTotal])).toEqual([
      [180, 20],
      [90, 10],
    ]);
    expect(scarf.refunded + socks[0]!.refunded + socks[1]!.refunded).toBe(sale.invoice.total);
    for (const left of leftPerRate(sale.invoice, [scarf, ...socks]).values()) expect(left).toEqual({ base: 0, tax: 0 });
  });

  test('without a receipt the shelf price comes back, its tax inside it', async () => {
    const p = await st.s.t.ok('products.create', { sku: unique('SKU'), name: 'Umbrella', unitPrice: 1999, taxRateBp: 2000 }, st.s.admin);
    expect(await st.s.t.ok('returns.receiptlessPrice', { productId: p.id }, st.manager)).toMatchObject({ unitPrice: 1999, total: 1999 });
    const { creditNote } = await st.s.t.ok('returns.create', { lines: [{ productId: p.id, quantity: 2, reason: 'No receipt' }], approval: managerApproval, idempotencyKey: unique('ret') }, st.cashier);
    expect(creditNote).toMatchObject({ kind: 'receiptless', priceBasis: 'gross', discountTotal: 0, subtotal: 3332, tax: 666, total: 3998 });
    expect(creditNote.lines[0]).toMatchObject({ unitPrice: 1999, discount: 0, total: 3998 });
  });

  test('an exchange for a shelf price equal to what comes back settles nothing', async () => {
    const sale = await sell([{ name: 'Hat', unitPrice: 1500, taxRateBp: 2000, quantity: 1 }]);
    const done = await st.s.t.ok(
      'returns.exchange',
      {
        invoiceId: sale.invoice.id,
        lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'Colour' }],
        sale: { lines: [{ name: 'Cap', unitPrice: 1667, taxRateBp: 2000, quantity: 1, discount: { kind: 'amount', value: 167, reason: 'Price match' } }] },
        idempotencyKey: unique('x'),
      },
      st.cashier,
    );
    expect(done.invoice).toMatchObject({ priceBasis: 'gross', total: 1500, discountTotal: 167 });
    expect(done.creditNote).toMatchObject({ total: 1500, priceBasis: 'gross' });
    expect(done.change).toBe(0);
  });
});
