/**
 * Pricing through the core over random carts (fast-check, real SQLite files; a tax-exclusive
 * and a tax-inclusive store, tax rounded per line or per rate as the run draws). Each cart is
 * sold as products at their own, a typed-over or an open price, with random line and order
 * discounts:
 *   - the order orders.create records is priceCart's figures, line by line and in total, and
 *     the counter's code path (renderer cartTotals) shows exactly the same; a new order discount
 *     given with orders.update is spread again over the lines as they were priced;
 *   - charged, then returned in random partial quantities until everything is back: every
 *     credit note line gives back its cumulative share of its invoice line (creditFor), so at the
 *     end the credit notes' totals, tax per rate and discounts equal the invoice's exactly.
 * TESSERA_PRICING_RUNS sets the number of carts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CreditNote, Invoice, LineInput, Order } from '../../shared/contract';
import { priceCart, type PricingRules } from '../../shared/domain/pricing';
import { creditFor, discountsOf, type Credited } from '../../shared/domain/returns';
import { cartApprovalNeeds, cartTotals, type CounterLine } from '../support/counter-pricing';
import { cartOf, discountDrawArb, discountFor, lineDrawArb, PRICING_RUNS, type Cart } from '../support/pricing-carts';
import { MANAGER_PIN, openPricingStore } from '../support/pricing-sales';
import { expectNoWrites, unique, type SalesStore } from '../support/sales';

const RUNS = PRICING_RUNS ?? 30;

const stores: Record<'net' | 'gross', SalesStore> = {} as never;
beforeAll(async () => {
  for (const basis of ['net', 'gross'] as const) {
    const s = await openPricingStore('in-process');
    await s.t.ok('settings.update', { pricesIncludeTax: basis === 'gross' }, s.admin);
    stores[basis] = s;
  }
});
afterAll(async () => {
  for (const s of Object.values(stores)) await s.close();
});

/** How a line's price is given: the product's own, typed over it, or typed for an open-price product. */
const priceModeArb = fc.constantFrom('list' as const, 'list' as const, 'override' as const, 'open' as const);
const returnStepArb = fc.record({ line: fc.nat(), quantity: fc.nat() });

/** A sale drawn: its lines and order discount, the store's basis and rounding, how each line's price is given. */
const saleArb = fc.record({
  lineDraws: fc.array(lineDrawArb, { minLength: 1, maxLength: 8 }),
  orderDraw: discountDrawArb,
  pricesIncludeTax: fc.boolean(),
  taxRounding: fc.constantFrom('line' as const, 'rate' as const),
  modes: fc.array(priceModeArb, { minLength: 1, maxLength: 8 }),
});
type SaleDraw = typeof saleArb extends fc.Arbitrary<infer T> ? T : never;

/** The store of the sale's basis, set to its rounding and the cashier's limit; its rules and cart. */
async function storeFor(sale: SaleDraw, cashierMaxDiscountPercent: number): Promise<{ s: SalesStore; rules: PricingRules; cart: Cart }> {
  const s = stores[sale.pricesIncludeTax ? 'gross' : 'net'];
  await s.t.ok('settings.update', { taxRounding: sale.taxRounding, cashierMaxDiscountPercent }, s.admin);
  return { s, rules: { pricesIncludeTax: sale.pricesIncludeTax, taxRounding: sale.taxRounding }, cart: cartOf(sale.lineDraws, sale.orderDraw) };
}

const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((n, x) => n + f(x), 0);
const figures = (l: { amount: number; lineDiscount: number; orderDiscount: number; subtotal: number; tax: number; total: number }) => ({
  amount: l.amount,
  lineDiscount: l.lineDiscount,
  orderDiscount: l.orderDiscount,
  subtotal: l.subtotal,
  tax: l.tax,
  total: l.total,
});

type PriceMode = 'list' | 'override' | 'open';

/**
 * The cart's lines as products made for the run (at their own price, typed over it or an open
 * price; with a cost when `costs` gives one): the order's line inputs and the counter's cart lines.
 */
async function asProducts(s: SalesStore, cart: Cart, modes: PriceMode[], costs: (number | null)[] = []): Promise<{ inputs: LineInput[]; counterLines: CounterLine[] }> {
  const inputs: LineInput[] = [];
  const counterLines: CounterLine[] = [];
  for (const [i, l] of cart.lines.entries()) {
    const mode = modes[i % modes.length] ?? 'list';
    // An override's product is priced 1–500 above (a typed price under the list: a markdown).
    const listPrice = mode === 'override' ? l.unitPrice + 1 + ((i * 97) % 500) : mode === 'open' ? 0 : l.unitPrice;
    const cost = costs.length === 0 ? null : (costs[i % costs.length] ?? null);
    const p = await s.t.ok('products.create', { sku: unique('PP'), name: `Item ${i}`, unitPrice: listPrice, taxRateBp: l.taxRateBp, openPrice: mode === 'open', ...(cost === null ? {} : { cost }) }, s.admin);
    expect([p.taxRateBp, p.cost]).toEqual([l.taxRateBp, cost]);
    const typed = mode === 'list' ? {} : { unitPrice: l.unitPrice, ...(mode === 'override' ? { priceReason: 'Damaged' } : {}) };
    inputs.push({ productId: p.id, quantity: l.quantity, ...typed, ...(l.discount ? { discount: l.discount } : {}) });
    counterLines.push({
      productId: p.id,
      sku: p.sku,
      name: p.name,
      unitPrice: p.unitPrice,
      taxRateBp: p.taxRateBp,
      quantityText: String(l.quantity),
      openPrice: p.openPrice,
      cost: p.cost,
      price: mode === 'list' ? null : { unitPrice: l.unitPrice, reason: mode === 'override' ? 'Damaged' : '' },
      discount: l.discount ?? null,
    });
  }
  return { inputs, counterLines };
}

/** Holds the cart as products (orders.create by the cashier): the order and the counter's cart lines. */
async function hold(s: SalesStore, cart: Cart, modes: PriceMode[]): Promise<{ order: Order; counterLines: CounterLine[] }> {
  const { inputs, counterLines } = await asProducts(s, cart, modes);
  const order = await s.t.ok('orders.create', { lines: inputs, ...(cart.orderDiscount ? { discount: cart.orderDiscount } : {}) }, s.cashier);
  return { order, counterLines };
}

/** Per tax rate, the base and tax of a set of documents' breakdowns. */
function perRate(docs: readonly { taxBreakdown: { taxRateBp: number; base: number; tax: number }[] }[]): Map<number, { base: number; tax: number }> {
  const m = new Map<number, { base: number; tax: number }>();
  for (const e of docs.flatMap((d) => d.taxBreakdown)) {
    const was = m.get(e.taxRateBp) ?? { base: 0, tax: 0 };
    m.set(e.taxRateBp, { base: was.base + e.base, tax: was.tax + e.tax });
  }
  for (const [rate, v] of m) if (v.base === 0 && v.tax === 0) m.delete(rate);
  return m;
}

/** Returns the invoice's lines step by step (random line, random quantity), then whatever is left in one go. */
async function returnAll(s: SalesStore, invoice: Invoice, steps: { line: number; quantity: number }[]): Promise<CreditNote[]> {
  const left = invoice.lines.map((l) => l.quantity);
  const credited: { returned: number; credited: Credited }[] = invoice.lines.map(() => ({ returned: 0, credited: { subtotal: 0, tax: 0, discount: 0 } }));
  const notes: CreditNote[] = [];
  const give = async (lines: { index: number; quantity: number }[]) => {
    const expected = lines.map(({ index, quantity }) => creditFor(invoice.lines[index]!, credited[index]!, quantity));
    const { creditNote } = await s.t.ok(
      'returns.create',
      { invoiceId: invoice.id, lines: lines.map(({ index, quantity }) => ({ invoiceLineIndex: index, quantity, reason: 'property' })), idempotencyKey: unique('ret') },
      s.manager,
    );
    // Each line gives back its cumulative share: prorated to what is back so far, less what already was.
    expect(creditNote.lines.map((l) => ({ index: l.invoiceLineIndex, quantity: l.quantity, subtotal: l.subtotal, tax: l.tax, discount: l.discount, total: l.total }))).toEqual(
      lines.map(({ index, quantity }, k) => ({ index, quantity, subtotal: expected[k]!.subtotal, tax: expected[k]!.tax, discount: expected[k]!.discount, total: expected[k]!.total })),
    );
    expect(creditNote).toMatchObject({ priceBasis: invoice.priceBasis, discountTotal: sum(creditNote.lines, (l) => l.discount) });
    lines.forEach(({ index, quantity }, k) => {
      const c = credited[index]!;
      const e = expected[k]!;
      credited[index] = { returned: c.returned + quantity, credited: { subtotal: c.credited.subtotal + e.subtotal, tax: c.credited.tax + e.tax, discount: c.credited.discount + e.discount } };
      left[index]! -= quantity;
    });
    notes.push(creditNote);
  };
  for (const step of steps) {
    const open = left.flatMap((n, i) => (n > 0 ? [i] : []));
    if (open.length === 0) break;
    const index = open[step.line % open.length]!;
    await give([{ index, quantity: 1 + (step.quantity % left[index]!) }]);
  }
  const rest = left.flatMap((quantity, index) => (quantity > 0 ? [{ index, quantity }] : []));
  if (rest.length > 0) await give(rest);
  return notes;
}

test('the core records priceCart’s figures, the counter shows the same, and returns give back exactly', { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(
      saleArb,
      fc.array(returnStepArb, { maxLength: 6 }),
      fc.option(discountDrawArb, { nil: undefined }),
      async (sale, steps, newOrderDraw) => {
        // The cashier may give any discount alone here: who may is the next test's concern.
        const { s, rules, cart } = await storeFor(sale, 100);
        const { pricesIncludeTax, modes } = sale;

        // The core's order is the rule's figures.
        const held = await hold(s, cart, modes);
        let order = held.order;
        let priced = priceCart(cart.lines, cart.orderDiscount, rules);
        expect(order.lines.map(figures)).toEqual(priced.lines.map(figures));
        if (newOrderDraw !== undefined) {
          // Another order discount (or none) on the held order: the same lines, the shares spread again.
          const afterLines = sum(priced.lines, (l) => l.amount - l.lineDiscount);
          cart.orderDiscount = discountFor(newOrderDraw, afterLines);
          order = await s.t.ok('orders.update', { id: order.id, version: order.version, discount: cart.orderDiscount }, s.cashier);
          priced = priceCart(cart.lines, cart.orderDiscount, rules);
          expect(order.lines.map(figures)).toEqual(priced.lines.map(figures));
          expect(order.discount).toEqual(cart.orderDiscount);
        }
        expect(order).toMatchObject({ priceBasis: pricesIncludeTax ? 'gross' : 'net', subtotal: priced.totals.subtotal, tax: priced.totals.tax, total: priced.totals.total, discountTotal: priced.totals.discount });

        // The counter's preview of the same cart is the same, to the unit.
        const counter = cartTotals(held.counterLines, cart.orderDiscount, rules);
        expect(counter.lines.map((l) => (l ? figures(l) : null))).toEqual(order.lines.map(figures));
        expect(counter.totals).toEqual(priced.totals);

        // Charged, then everything comes back.
        if (order.total === 0) return;
        const { invoice } = await s.t.ok('orders.checkout', { heldOrderId: order.id, tenders: [{ method: 'card', amount: order.total }], idempotencyKey: unique('co') }, s.cashier);
        expect(invoice.lines.map(figures)).toEqual(priced.lines.map(figures));
        expect(perRate([invoice])).toEqual(perRate([{ taxBreakdown: invoice.lines.map((l) => ({ taxRateBp: l.taxRateBp, base: l.subtotal, tax: l.tax })) }]));
        const notes = await returnAll(s, invoice, steps);
        invoice.lines.forEach((line, i) => {
          const back = notes.flatMap((n) => n.lines.filter((l) => l.invoiceLineIndex === i));
          expect({ quantity: sum(back, (l) => l.quantity), subtotal: sum(back, (l) => l.subtotal), tax: sum(back, (l) => l.tax), discount: sum(back, (l) => l.discount) }).toEqual({
            quantity: line.quantity,
            subtotal: line.subtotal,
            tax: line.tax,
            discount: discountsOf(line),
          });
        });
        expect({ subtotal: sum(notes, (n) => n.subtotal), tax: sum(notes, (n) => n.tax), total: sum(notes, (n) => n.total), discountTotal: sum(notes, (n) => n.discountTotal) }).toEqual({
          subtotal: invoice.subtotal,
          tax: invoice.tax,
          total: invoice.total,
          discountTotal: invoice.discountTotal,
        });
        expect(perRate(notes)).toEqual(perRate([invoice]));
        expect(sum(notes, (n) => n.refunded)).toBe(invoice.total);
        const after = await s.t.ok('invoices.get', { id: invoice.id }, s.admin);
        expect(after.credited).toBe(invoice.total);
      },
    ),
    { numRuns: RUNS, endOnFailure: true },
  );
});

test('the counter asks for a manager exactly when the core would refuse the cashier, for the same causes', { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(
      saleArb,
      fc.array(fc.option(fc.integer({ min: 0, max: 150_000 }), { nil: null }), { maxLength: 8 }),
      fc.constantFrom(0, 5, 10, 25, 50, 100),
      async (sale, costs, maxPercent) => {
        const { s, rules, cart } = await storeFor(sale, maxPercent);
        const { inputs, counterLines } = await asProducts(s, cart, sale.modes, costs);
        const input = { lines: inputs, ...(cart.orderDiscount ? { discount: cart.orderDiscount } : {}) };

        const asked = cartApprovalNeeds(counterLines, cart.orderDiscount, rules, maxPercent);
        if (asked.length === 0) {
          expect((await s.t.ok('orders.create', input, s.cashier)).approvedBy).toBeNull();
          return;
        }
        const refused = await expectNoWrites(s, () => s.t.fail('orders.create', input, s.cashier));
        expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_REQUIRED', needs: asked } });
        const approved = await s.t.ok('orders.create', { ...input, approval: { userId: s.userId.manager, pin: MANAGER_PIN } }, s.cashier);
        expect(approved.approvedBy?.id).toBe(s.userId.manager);
      },
    ),
    { numRuns: RUNS, endOnFailure: true },
  );
});
