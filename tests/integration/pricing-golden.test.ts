/**
 * The golden cases sold through the core (orders.checkout on a real SQLite file): a
 * tax-exclusive store rounding tax per line then per rate, and a tax-inclusive store set so
 * before its first order. The invoice's lines, totals and tax per rate are the golden figures.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input, Invoice, Output } from '../../shared/contract';
import { openSalesStore, product, unique, type SalesStore } from '../support/sales';

type Sale = Output<'orders.checkout'>;

function sell(s: SalesStore, input: Omit<Input<'orders.checkout'>, 'idempotencyKey'>, token = s.cashier): Promise<Sale> {
  return s.t.ok('orders.checkout', { idempotencyKey: unique('golden'), ...input }, token);
}

/** Sells the lines by card for exactly what they cost: held first (priced by the core), then charged for its total. */
async function sellExact(s: SalesStore, input: Omit<Input<'orders.checkout'>, 'tenders' | 'idempotencyKey'>, token = s.cashier): Promise<Sale> {
  const held = await s.t.ok('orders.create', { lines: input.lines!, ...(input.discount ? { discount: input.discount } : {}), ...(input.approval ? { approval: input.approval } : {}) }, token);
  const sale = await sell(s, { heldOrderId: held.id, tenders: [{ method: 'card', amount: held.total }], ...(input.approval ? { approval: input.approval } : {}) }, token);
  expect(sale.order.id).toBe(held.id);
  return sale;
}

const figures = (i: Invoice) => i.lines.map((l) => ({ lineDiscount: l.lineDiscount, orderDiscount: l.orderDiscount, subtotal: l.subtotal, tax: l.tax, total: l.total }));

describe('a tax-exclusive store', () => {
  let s: SalesStore;
  let tenAt10: string[];
  beforeAll(async () => {
    s = await openSalesStore('in-process');
    tenAt10 = await Promise.all([1, 2, 3].map(async (n) => (await product(s, { name: `Item ${n}`, unitPrice: 100, taxRateBp: 1000 })).id));
  });
  afterAll(() => s.close());

  const threeLinesLess100 = () => ({
    lines: tenAt10.map((productId) => ({ productId, quantity: 1 })),
    discount: { kind: 'amount' as const, value: 100, reason: 'Damaged' },
    // A third off is beyond the cashier's 10 %: the manager approves at the terminal.
    approval: { userId: s.userId.manager, password: 'manager-password-1' },
  });

  test('per line: line discounts 34 / 33 / 33, nets 66 / 67 / 67, tax 7 / 7 / 7; 200 + 21 = 221', async () => {
    await s.t.ok('settings.update', { taxRounding: 'line' }, s.admin);
    const { invoice, order } = await sellExact(s, threeLinesLess100());
    expect(figures(invoice)).toEqual([
      { lineDiscount: 0, orderDiscount: 34, subtotal: 66, tax: 7, total: 73 },
      { lineDiscount: 0, orderDiscount: 33, subtotal: 67, tax: 7, total: 74 },
      { lineDiscount: 0, orderDiscount: 33, subtotal: 67, tax: 7, total: 74 },
    ]);
    expect(invoice).toMatchObject({ priceBasis: 'net', subtotal: 200, tax: 21, total: 221, discountTotal: 100, discount: { kind: 'amount', value: 100 }, status: 'PAID', approvedByName: 'manager user' });
    expect(invoice.taxBreakdown).toEqual([{ taxRateBp: 1000, base: 200, tax: 21 }]);
    expect(order).toMatchObject({ subtotal: 200, tax: 21, total: 221, discountTotal: 100, approvedBy: { id: s.userId.manager } });
  });

  test('per rate: the same cart has tax 20 and total 220, the lines still adding up', async () => {
    await s.t.ok('settings.update', { taxRounding: 'rate' }, s.admin);
    const { invoice } = await sellExact(s, threeLinesLess100());
    expect(figures(invoice)).toEqual([
      { lineDiscount: 0, orderDiscount: 34, subtotal: 66, tax: 6, total: 72 },
      { lineDiscount: 0, orderDiscount: 33, subtotal: 67, tax: 7, total: 74 },
      { lineDiscount: 0, orderDiscount: 33, subtotal: 67, tax: 7, total: 74 },
    ]);
    expect(invoice).toMatchObject({ subtotal: 200, tax: 20, total: 220, discountTotal: 100 });
    expect(invoice.taxBreakdown).toEqual([{ taxRateBp: 1000, base: 200, tax: 20 }]);
  });

  test('1 × 19.99 at 10 % with a 10 % line discount, given by the cashier alone: 2.00 off, 17.99 + 1.80 = 19.79', async () => {
    await s.t.ok('settings.update', { taxRounding: 'line' }, s.admin);
    const p = await product(s, { unitPrice: 1999, taxRateBp: 1000 });
    const { invoice, order } = await sell(s, {
      lines: [{ productId: p.id, quantity: 1, discount: { kind: 'percent', value: 10, reason: 'Loyalty' } }],
      tenders: [{ method: 'card', amount: 1979 }],
    });
    expect(invoice.lines[0]).toMatchObject({ unitPrice: 1999, amount: 1999, lineDiscount: 200, orderDiscount: 0, subtotal: 1799, tax: 180, total: 1979, discount: { kind: 'percent', value: 10, reason: 'Loyalty' } });
    expect(invoice).toMatchObject({ subtotal: 1799, tax: 180, total: 1979, discountTotal: 200, approvedByName: null, status: 'PAID' });
    expect(order.approvedBy).toBeNull();
  });
});

describe('a tax-inclusive store (20 %)', () => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore('in-process');
    // Before the first order: the price basis locks with it.
    await s.t.ok('settings.update', { pricesIncludeTax: true }, s.admin);
  });
  afterAll(() => s.close());

  for (const taxRounding of ['line', 'rate'] as const) {
    test(`tax rounded per ${taxRounding}: 3 × 1.00 gross → tax 0.50, net 2.50; 1 × 9.99 gross → tax 1.67, net 8.32`, async () => {
      await s.t.ok('settings.update', { taxRounding }, s.admin);
      const three = await sell(s, { lines: [{ name: 'Gross 1.00', unitPrice: 100, taxRateBp: 2000, quantity: 3 }], tenders: [{ method: 'card', amount: 300 }] });
      expect(three.invoice.lines[0]).toMatchObject({ unitPrice: 100, amount: 300, subtotal: 250, tax: 50, total: 300 });
      expect(three.invoice).toMatchObject({ priceBasis: 'gross', subtotal: 250, tax: 50, total: 300, discountTotal: 0 });
      expect(three.invoice.taxBreakdown).toEqual([{ taxRateBp: 2000, base: 250, tax: 50 }]);

      const p = await product(s, { unitPrice: 999, taxRateBp: 2000 });
      const one = await sell(s, { lines: [{ productId: p.id, quantity: 1 }], tenders: [{ method: 'card', amount: 999 }] });
      expect(one.invoice.lines[0]).toMatchObject({ unitPrice: 999, subtotal: 832, tax: 167, total: 999 });
      expect(one.invoice).toMatchObject({ priceBasis: 'gross', subtotal: 832, tax: 167, total: 999, status: 'PAID' });
      expect(one.invoice.taxBreakdown).toEqual([{ taxRateBp: 2000, base: 832, tax: 167 }]);
    });
  }

  test('the price basis cannot change once an order exists', async () => {
    const err = await s.t.fail('settings.update', { pricesIncludeTax: false }, s.admin);
    expect(err.code).toBe('VALIDATION');
    expect((await s.t.ok('settings.get', {}, s.admin)).pricesIncludeTax).toBe(true);
  });
});
