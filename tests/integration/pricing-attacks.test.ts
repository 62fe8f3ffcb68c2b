/**
 * Attacks on discounts, typed prices, approvals and tax classes, on a real SQLite file: what a
 * client could send that the counter never would (odd numbers, a discount larger than its line,
 * a reason of spaces, a price typed to nothing), a cashier working around the limit (adding lines
 * to an approved order, replaying an approval, an inactive or locked-out manager), races between
 * the store's price basis and its first order, and the audit trail of all of it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input } from '../../shared/contract';
import { dayOf } from '../../shared/domain/format';
import { MAX_LINES } from '../../shared/domain/money';
import { MANAGER_PIN, openPricingStore, pricingCalls, promo } from '../support/pricing-sales';
import { advance, count, eventsSince, expectNoWrites, issuePaths, lastSeq, MINUTE, openSalesStore, product, unique, type SalesStore } from '../support/sales';

const HOUR = 60 * MINUTE;
const coat = { name: 'Coat', unitPrice: 10000, taxRateBp: 2000, quantity: 1 };

describe('pricing attacks', () => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openPricingStore('in-process');
    await s.t.ok('settings.update', { timeZone: 'UTC' }, s.admin);
  });
  afterAll(() => s.close());

  const { create, refused, checkout, managerPin } = pricingCalls(() => s);

  test('numbers no counter sends: VALIDATION naming the discount value, nothing stored', async () => {
    const bad: [string, unknown][] = [
      ['NaN', { kind: 'percent', value: Number.NaN, reason: 'x' }],
      ['Infinity', { kind: 'amount', value: Number.POSITIVE_INFINITY, reason: 'x' }],
      ['negative percent', { kind: 'percent', value: -5, reason: 'x' }],
      ['negative amount', { kind: 'amount', value: -100, reason: 'x' }],
      ['zero amount', { kind: 'amount', value: 0, reason: 'x' }],
      ['a string', { kind: 'percent', value: '10', reason: 'x' }],
      // Below a hundredth of a percent it takes nothing off; just under 100 it is 100 % in disguise.
      ['1e-9 %', { kind: 'percent', value: 1e-9, reason: 'x' }],
      ['0.001 %', { kind: 'percent', value: 0.001, reason: 'x' }],
      ['99.999999999 %', { kind: 'percent', value: 99.999999999, reason: 'x' }],
      ['10.0000001 %', { kind: 'percent', value: 10.0000001, reason: 'x' }],
      ['100.001 %', { kind: 'percent', value: 100.001, reason: 'x' }],
      ['101 %', { kind: 'percent', value: 101, reason: 'x' }],
      ['three decimals', { kind: 'percent', value: 12.345, reason: 'x' }],
      ['a fraction of a minor unit', { kind: 'amount', value: 0.5, reason: 'x' }],
      ['beyond the largest amount', { kind: 'amount', value: 1e15, reason: 'x' }],
    ];
    for (const [what, discount] of bad) {
      for (const [input, path] of [
        [{ lines: [{ ...coat, discount }] }, ['lines', 0, 'discount', 'value']],
        [{ lines: [coat], discount }, ['discount', 'value']],
      ] as const) {
        const e = await refused(input, s.manager);
        expect(e.code, what).toBe('VALIDATION');
        expect(issuePaths(e), what).toContainEqual(path);
      }
    }
  });

  test('percentages with two decimals are taken as given, 100 % included', async () => {
    const order = await create({ lines: [{ ...coat, discount: promo(12.34) }, { ...coat, discount: promo(100) }], discount: promo(0.01) }, s.manager);
    expect(order.lines.map((l) => [l.lineDiscount, l.orderDiscount, l.total])).toEqual([
      [1234, 1, 10518],
      [10000, 0, 0],
    ]);
  });

  test('a reason of spaces, none, or an unknown kind: VALIDATION naming it', async () => {
    const cases: [unknown, (string | number)[]][] = [
      [{ kind: 'percent', value: 5, reason: '   ' }, ['reason']],
      [{ kind: 'percent', value: 5, reason: '\u00a0\t' }, ['reason']],
      [{ kind: 'percent', value: 5 }, ['reason']],
      [{ kind: 'fixed', value: 5, reason: 'x' }, ['kind']],
      [{ kind: 'percent', value: 5, reason: 'x', approvedBy: 'me' }, []],
    ];
    for (const [discount, tail] of cases) {
      const e = await refused({ lines: [{ ...coat, discount }] });
      expect(e.code, JSON.stringify(discount)).toBe('VALIDATION');
      expect(issuePaths(e)[0]?.slice(0, 3 + tail.length), JSON.stringify(discount)).toEqual(['lines', 0, 'discount', ...tail].slice(0, 3 + tail.length));
    }
  });

  test('an amount larger than its line or than the cart after line discounts: VALIDATION, nothing stored', async () => {
    const over = await refused({ lines: [{ ...coat, quantity: 2, discount: promo(20001, 'amount') }] }, s.manager);
    expect(issuePaths(over)).toEqual([['lines', 0, 'discount', 'value']]);
    const cart = await refused({ lines: [coat, coat], discount: promo(20001, 'amount') }, s.manager);
    expect(issuePaths(cart)).toEqual([['discount', 'value']]);
    // Every line given away, then one minor unit more off the order.
    const gone = await refused({ lines: [{ ...coat, discount: promo(100) }, { ...coat, discount: promo(10000, 'amount') }], discount: promo(1, 'amount') }, s.manager);
    expect(issuePaths(gone)).toEqual([['discount', 'value']]);
    // A percentage of nothing is nothing: allowed, and nothing is spread.
    const free = await create({ lines: [{ ...coat, discount: promo(100) }, { ...coat, discount: promo(100) }], discount: promo(50) }, s.manager);
    expect(free).toMatchObject({ total: 0, tax: 0, discountTotal: 20000 });
    expect(free.lines.map((l) => l.orderDiscount)).toEqual([0, 0]);
  });

  test('a price typed to nothing by a cashier needs a manager; raised needs nobody; a reason alone is refused', async () => {
    const p = await product(s, { unitPrice: 1000, taxRateBp: 0 });
    for (const unitPrice of [0, 1, 899]) {
      const e = await refused({ lines: [{ productId: p.id, quantity: 1, unitPrice, priceReason: 'Damaged' }] });
      expect(e, String(unitPrice)).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_REQUIRED', needs: [{ cause: 'price-override', line: 0 }] } });
    }
    const raised = await create({ lines: [{ productId: p.id, quantity: 1, unitPrice: 1500, priceReason: 'Gift wrap included' }] });
    expect(raised).toMatchObject({ total: 1500, approvedBy: null });
    expect(raised.lines[0]).toMatchObject({ unitPrice: 1500, listPrice: 1000, priceReason: 'Gift wrap included' });
    const reasonAlone = await refused({ lines: [{ productId: p.id, quantity: 1, priceReason: 'Damaged' }] });
    expect(issuePaths(reasonAlone)).toEqual([['lines', 0, 'priceReason']]);
    // A manual line takes no priceReason: it has no price of its own to be typed over.
    const manual = await refused({ lines: [{ ...coat, priceReason: 'x' }] });
    expect(manual.code).toBe('VALIDATION');
  });

  test('an override within the limit stacked with a discount within it is judged together', async () => {
    const p = await product(s, { unitPrice: 1000, taxRateBp: 0 });
    // 950 then 6 % off: 893, 10.7 % under the product's price.
    const e = await refused({ lines: [{ productId: p.id, quantity: 1, unitPrice: 950, priceReason: 'Match', discount: promo(6) }] });
    expect(e.details).toMatchObject({ reason: 'APPROVAL_REQUIRED', needs: [{ cause: 'line-discount', line: 0 }] });
  });

  test('an open-price product below its cost needs a manager; an unknown tax class on a manual line is VALIDATION', async () => {
    const p = await product(s, { unitPrice: 0, openPrice: true, cost: 500, taxRateBp: 0 });
    const e = await refused({ lines: [{ productId: p.id, quantity: 1, unitPrice: 499 }] });
    expect(e.details).toMatchObject({ reason: 'APPROVAL_REQUIRED', needs: [{ cause: 'below-cost', line: 0 }] });
    expect((await create({ lines: [{ productId: p.id, quantity: 1, unitPrice: 500 }] })).approvedBy).toBeNull();
    const unknown = await refused({ lines: [{ name: 'Atlas', unitPrice: 2000, taxClassId: 'no-such-class', quantity: 1 }] });
    expect(issuePaths(unknown)).toEqual([['lines', 0, 'taxClassId']]);
  });

  test('sizes: a huge quantity × price names the quantity, a cart too large names lines; 500 discounted lines add up; 501 are refused', async () => {
    const huge = await refused({ lines: [{ ...coat, unitPrice: 1e12, quantity: 100_000, discount: promo(99) }] }, s.manager);
    expect(issuePaths(huge)).toEqual([['lines', 0, 'quantity']]);
    const tooMany = await refused({ lines: [{ ...coat, unitPrice: 6e11, discount: promo(1) }, { ...coat, unitPrice: 6e11 }] }, s.manager);
    expect(issuePaths(tooMany)).toEqual([['lines']]);

    const lines = Array.from({ length: MAX_LINES }, (_, i) => ({ name: `Item ${i}`, unitPrice: 101 + i, taxRateBp: i % 3 === 0 ? 2000 : 550, quantity: 1 + (i % 4), discount: promo(1 + (i % 10)) }));
    const big = await create({ lines, discount: promo(9999, 'amount') });
    expect(big.lines).toHaveLength(MAX_LINES);
    expect(big.lines.reduce((n, l) => n + l.orderDiscount, 0)).toBe(9999);
    expect(big.lines.reduce((n, l) => n + l.lineDiscount + l.orderDiscount, 0)).toBe(big.discountTotal);
    expect(big.lines.reduce((n, l) => n + l.total, 0)).toBe(big.total);
    expect(big.subtotal + big.tax).toBe(big.total);
    const e = await refused({ lines: [...lines, lines[0]] });
    expect(issuePaths(e)).toEqual([['lines']]);
  });

  test('an approval by an inactive manager, by the cashier, or by someone unknown is refused; nothing stored', async () => {
    const input = { lines: [coat], discount: promo(30) };
    const unknown = await s.t.fail('orders.create', { ...input, approval: { userId: 'nobody', pin: '1111' } }, s.cashier);
    expect(unknown).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_INVALID' } });
    const byName = await s.t.fail('orders.create', { ...input, approval: { username: 'nobody', pin: '1111' } }, s.cashier);
    expect(byName).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_INVALID' } });

    const token = await s.t.ok('users.create', { username: 'gone', displayName: 'Gone Manager', role: 'manager', password: 'gone-password-1' }, s.admin);
    await s.t.ok('users.update', { id: token.id, active: false }, s.admin);
    const inactive = await s.t.fail('orders.create', { ...input, approval: { username: 'gone', password: 'gone-password-1' } }, s.cashier);
    expect(inactive).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_INVALID' } });
    expect(count(s, "SELECT count(*) AS n FROM orders WHERE discount IS NOT NULL AND json_extract(discount, '$.value') = 30")).toBe(0);
  });

  test('an approval that claims more than it is (a role, both secrets, an empty PIN): VALIDATION naming approval, nothing stored', async () => {
    const input = { lines: [coat], discount: promo(30) };
    for (const approval of [
      { userId: s.userId.manager, pin: MANAGER_PIN, role: 'admin' },
      { userId: s.userId.manager, pin: MANAGER_PIN, password: 'x' },
      { userId: s.userId.manager, pin: '' },
      { userId: s.userId.manager },
      { approvedBy: s.userId.manager },
    ]) {
      const e = await refused({ ...input, approval });
      expect(e.code, JSON.stringify(approval)).toBe('VALIDATION');
      expect(issuePaths(e)[0]?.[0], JSON.stringify(approval)).toBe('approval');
    }
  });

  test('an approval sent when none is needed names no approver', async () => {
    const order = await create({ lines: [coat], discount: promo(5), approval: managerPin() });
    expect(order.approvedBy).toBeNull();
    const sale = await checkout({ lines: [coat], approval: managerPin() }, 12000);
    expect(sale.order.approvedBy).toBeNull();
    expect(sale.invoice.approvedByName).toBeNull();
  });

  test('an approved held order: a cashier adding a line needs a manager again; charging it as it is, the approval stands', async () => {
    const approved = await create({ lines: [{ ...coat, discount: promo(50) }], approval: managerPin() });
    expect(approved.approvedBy?.id).toBe(s.userId.manager);
    const added = await expectNoWrites(s, () =>
      s.t.fail('orders.update', { id: approved.id, version: approved.version, lines: [{ ...coat, discount: promo(50) }, coat] }, s.cashier),
    );
    expect(added.details).toMatchObject({ reason: 'APPROVAL_REQUIRED', needs: [{ cause: 'line-discount', line: 0 }] });
    const viaCheckout = await expectNoWrites(s, () =>
      s.t.fail(
        'orders.checkout',
        { heldOrderId: approved.id, version: approved.version, lines: [{ ...coat, discount: promo(50) }, coat], tenders: [{ method: 'card', amount: 18000 }], idempotencyKey: unique('co') },
        s.cashier,
      ),
    );
    expect(viaCheckout.details).toMatchObject({ reason: 'APPROVAL_REQUIRED' });
    // An order discount added over the approved line discount: the whole content is judged again.
    const more = await expectNoWrites(s, () => s.t.fail('orders.update', { id: approved.id, version: approved.version, discount: promo(1) }, s.cashier));
    expect(more.details).toMatchObject({ reason: 'APPROVAL_REQUIRED' });

    // Charged as the manager approved it (heldOrderId alone, or with its version): the approval stands.
    const sale = await checkout({ heldOrderId: approved.id, version: approved.version }, 6000);
    expect(sale.order).toMatchObject({ status: 'FULFILLED', total: 6000, approvedBy: { id: s.userId.manager } });
    expect(sale.invoice.approvedByName).toBe('manager user');
  });

  test('a held order a manager discounted alone, charged by a cashier unchanged: the manager is its approver', async () => {
    const held = await create({ lines: [coat], discount: promo(50) }, s.manager);
    expect(held.approvedBy?.id).toBe(s.userId.manager);
    const sale = await checkout({ heldOrderId: held.id }, 6000);
    expect(sale.order).toMatchObject({ createdBy: s.userId.manager, approvedBy: { id: s.userId.manager } });
    // The same by a cashier, with new lines: judged as the cashier's.
    const other = await create({ lines: [coat], discount: promo(50) }, s.manager);
    const e = await expectNoWrites(s, () =>
      s.t.fail('orders.checkout', { heldOrderId: other.id, version: other.version, lines: [coat, coat], tenders: [{ method: 'card', amount: 12000 }], idempotencyKey: unique('co') }, s.cashier),
    );
    expect(e.details).toMatchObject({ reason: 'APPROVAL_REQUIRED', needs: [{ cause: 'order-discount' }] });
  });

  test('a replay of an approved sale answers the first, with or without the approval, even once the PIN has changed', async () => {
    const key = unique('co');
    const input = { lines: [coat], discount: promo(30), tenders: [{ method: 'card' as const, amount: 8400 }], idempotencyKey: key };
    const sale = await s.t.ok('orders.checkout', { ...input, approval: managerPin() }, s.cashier);
    expect(sale.order.approvedBy?.id).toBe(s.userId.manager);
    expect(await expectNoWrites(s, () => s.t.ok('orders.checkout', input, s.cashier))).toEqual(sale);
    await s.t.ok('users.setPin', { pin: '8642' }, s.manager);
    try {
      // The retry carries the approval as it was typed: the first sale, no refusal, no failed sign-in counted.
      expect(await expectNoWrites(s, () => s.t.ok('orders.checkout', { ...input, approval: managerPin() }, s.cashier))).toEqual(sale);
      const conflict = await expectNoWrites(s, () => s.t.fail('orders.checkout', { ...input, discount: promo(31), approval: managerPin() }, s.cashier));
      expect(conflict.code).toBe('CONFLICT');
    } finally {
      await s.t.ok('users.setPin', { pin: MANAGER_PIN }, s.manager);
    }
  });

  test('one approval for parallel sales: each is a sale of its own, each names the approver (an approval is the PIN, not a one-time token)', async () => {
    const sales = await Promise.all([1, 2, 3].map(() => checkout({ lines: [coat], discount: promo(30), approval: managerPin() }, 8400)));
    expect(new Set(sales.map((x) => x.order.id)).size).toBe(3);
    for (const x of sales) expect(x.order.approvedBy?.id).toBe(s.userId.manager);
    // The same key in parallel: one sale.
    const key = unique('co');
    const same = await Promise.all([1, 2].map(() => checkout({ lines: [coat], discount: promo(30), approval: managerPin(), idempotencyKey: key }, 8400)));
    expect(same[0]).toEqual(same[1]);
  });

  test('who may: a cashier changes no tax class nor pricing setting; support sells nothing', async () => {
    const c = await s.t.ok('taxClasses.create', { name: unique('Reduced'), rateBp: 550 }, s.manager);
    const denied: [string, unknown, string][] = [
      ['taxClasses.create', { name: 'Mine', rateBp: 0 }, s.cashier],
      ['taxClasses.update', { id: c.id, archived: true }, s.cashier],
      ['taxClasses.setRate', { id: c.id, rateBp: 0, effectiveFrom: dayOf(s.t.clock(), 'UTC') }, s.cashier],
      ['settings.update', { cashierMaxDiscountPercent: 100 }, s.cashier],
      ['settings.update', { pricesIncludeTax: true }, s.cashier],
      ['settings.update', { taxRounding: 'rate' }, s.cashier],
      ['settings.update', { cashierMaxDiscountPercent: 100 }, s.support],
      ['orders.create', { lines: [coat] }, s.support],
      ['orders.checkout', { lines: [coat], tenders: [{ method: 'card', amount: 12000 }], idempotencyKey: unique('co') }, s.support],
    ];
    for (const [method, input, token] of denied) {
      const e = await expectNoWrites(s, () => s.t.fail(method as 'orders.create', input, token));
      expect(e.code, method).toBe('FORBIDDEN');
    }
  });

  test('audit: discounts, typed prices and the approver are in the order events; tax class changes too; the chain verifies', async () => {
    const p = await product(s, { unitPrice: 1000, taxRateBp: 0 });
    const seq = lastSeq(s);
    const order = await create({ lines: [{ productId: p.id, quantity: 1, unitPrice: 700, priceReason: 'Scratched', discount: promo(5) }, coat], discount: promo(20), approval: managerPin() });
    const updated = await s.t.ok('orders.update', { id: order.id, version: order.version, discount: promo(25), approval: managerPin() }, s.cashier);
    const c = await s.t.ok('taxClasses.create', { name: unique('Audited'), rateBp: 1000 }, s.manager);
    await s.t.ok('taxClasses.setRate', { id: c.id, rateBp: 1200, effectiveFrom: dayOf(s.t.clock() + 24 * HOUR, 'UTC') }, s.manager);
    await s.t.ok('taxClasses.update', { id: c.id, name: `${c.name} b` }, s.manager);

    const events = eventsSince(s, seq);
    const created = events.find((e) => e.type === 'order.created' && e.entityId === order.id);
    expect(created?.actor).toBe(s.userId.cashier);
    expect(created?.after).toMatchObject({
      discount: promo(20),
      approvedBy: { id: s.userId.manager },
      lines: [{ unitPrice: 700, listPrice: 1000, priceReason: 'Scratched', discount: promo(5), lineDiscount: 35 }, expect.not.objectContaining({ discount: expect.anything() })],
    });
    const change = events.find((e) => e.type === 'order.updated' && e.entityId === order.id);
    expect(change?.before).toMatchObject({ discount: promo(20) });
    expect(change?.after).toMatchObject({ discount: promo(25), discountTotal: updated.discountTotal });
    // The same manager approved the new discount: the order's approver did not change, so the edit does not repeat it.
    expect(updated.approvedBy).toMatchObject({ id: s.userId.manager });
    expect(change?.after).not.toHaveProperty('approvedBy');
    expect(events.filter((e) => e.entity === 'tax_class').map((e) => [e.type, e.actor])).toEqual([
      ['tax_class.created', s.userId.manager],
      ['tax_class.rate_set', s.userId.manager],
      ['tax_class.updated', s.userId.manager],
    ]);
    expect(await s.t.ok('audit.verify', {}, s.admin)).toMatchObject({ ok: true });
  });
});

describe('approvals are throttled like sign-in', () => {
  test('wrong PINs lock the manager out: then even the right PIN approves nothing until the lock ends', async () => {
    const s = await openPricingStore('in-process');
    try {
      const input = { lines: [coat], discount: promo(30) };
      const codes: string[] = [];
      for (let i = 0; i < 10; i++) {
        const e = await s.t.fail('orders.create', { ...input, approval: { userId: s.userId.manager, pin: String(1000 + i) } }, s.cashier);
        codes.push(e.code);
      }
      expect(codes.slice(0, 5)).toEqual(Array(5).fill('FORBIDDEN'));
      expect(codes.slice(5)).toEqual(Array(5).fill('RATE_LIMITED'));
      const locked = await expectNoWrites(s, () => s.t.fail('orders.create', { ...input, approval: { userId: s.userId.manager, pin: MANAGER_PIN } }, s.cashier));
      expect(locked.code).toBe('RATE_LIMITED');
      expect(count(s, 'SELECT count(*) AS n FROM orders')).toBe(0);
      await advance(s, 16 * MINUTE);
      expect((await s.t.ok('orders.create', { ...input, approval: { userId: s.userId.manager, pin: MANAGER_PIN } }, s.cashier)).approvedBy?.id).toBe(s.userId.manager);
    } finally {
      await s.close();
    }
  });
});

describe('tax rounding changing under held orders', () => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore('in-process');
    await s.t.ok('settings.update', { timeZone: 'UTC' }, s.admin);
  });
  afterAll(() => s.close());

  test('tax rounding changed while an order is held: charged unchanged it keeps its figures; a new discount prices it by the new rule', async () => {
    const lines = [1, 2, 3].map((n) => ({ name: `Item ${n}`, unitPrice: 100, taxRateBp: 1000, quantity: 1 }));
    const a = await s.t.ok('orders.create', { lines, discount: promo(100, 'amount') }, s.manager);
    const b = await s.t.ok('orders.create', { lines }, s.manager);
    expect(a).toMatchObject({ tax: 21, total: 221 });
    await s.t.ok('settings.update', { taxRounding: 'rate' }, s.admin);
    try {
      const keptSale = await s.t.ok('orders.checkout', { heldOrderId: a.id, tenders: [{ method: 'card', amount: 221 }], idempotencyKey: unique('co') }, s.cashier);
      expect(keptSale.invoice).toMatchObject({ subtotal: 200, tax: 21, total: 221 });
      expect(keptSale.invoice.lines.map((l) => l.tax)).toEqual([7, 7, 7]);
      const repriced = await s.t.ok(
        'orders.checkout',
        { heldOrderId: b.id, version: b.version, discount: promo(100, 'amount'), tenders: [{ method: 'card', amount: 220 }], idempotencyKey: unique('co') },
        s.manager,
      );
      expect(repriced.invoice).toMatchObject({ subtotal: 200, tax: 20, total: 220 });
    } finally {
      await s.t.ok('settings.update', { taxRounding: 'line' }, s.admin);
    }
  });
});

test("a rate set for tomorrow leaves today's sales alone; tomorrow's take it; issued invoices never move", async () => {
  // 09:00 UTC is 18:00 in Tokyo: its midnight comes within the sessions' life.
  const s = await openSalesStore('in-process');
  try {
    await s.t.ok('settings.update', { timeZone: 'Asia/Tokyo' }, s.admin);
    const sell = (lines: Input<'orders.checkout'>['lines'], total: number) =>
      s.t.ok('orders.checkout', { lines, tenders: [{ method: 'card', amount: total }], idempotencyKey: unique('co') }, s.cashier);
    const c = await s.t.ok('taxClasses.create', { name: 'Standard', rateBp: 1000 }, s.manager);
    const p = await product(s, { unitPrice: 1000, taxClassId: c.id, taxRateBp: undefined });
    await s.t.ok('taxClasses.setRate', { id: c.id, rateBp: 2000, effectiveFrom: dayOf(s.t.clock() + 24 * HOUR, 'Asia/Tokyo') }, s.manager);
    const today = await sell([{ productId: p.id, quantity: 1, discount: promo(10) }], 990);
    expect(today.invoice).toMatchObject({ tax: 90, total: 990 });
    expect(today.invoice.lines[0]?.taxRateBp).toBe(1000);
    const held = await s.t.ok('orders.create', { lines: [{ productId: p.id, quantity: 1 }] }, s.cashier);

    await advance(s, 6 * HOUR);
    const tomorrow = await sell([{ productId: p.id, quantity: 1, discount: promo(10) }], 1080);
    expect(tomorrow.invoice).toMatchObject({ tax: 180, total: 1080 });
    expect(await s.t.ok('invoices.get', { id: today.invoice.id }, s.cashier)).toEqual(today.invoice);
    // Today's behaviour: a held order charged unchanged keeps the rate it was taken at (its lines
    // are not priced again, as the counter charges a recalled cart it did not change).
    const asHeld = await s.t.ok('orders.checkout', { heldOrderId: held.id, version: held.version, tenders: [{ method: 'card', amount: 1100 }], idempotencyKey: unique('co') }, s.cashier);
    expect(asHeld.invoice).toMatchObject({ tax: 100, total: 1100 });
  } finally {
    await s.close();
  }
});

describe('the price basis and the first order race over HTTP', () => {
  // Each round a fresh store: the basis can change only until its first order.
  test.each([0, 1, 2, 3])('round %i: the order is priced in the basis the settings end with, or the change is refused', async (round) => {
    const s = await openSalesStore('http');
    try {
      const p = await product(s, { unitPrice: 1200, taxRateBp: 2000 });
      const change = () => s.t.raw('settings.update', { pricesIncludeTax: true }, s.admin);
      const sale = () => s.t.raw('orders.create', { lines: [{ productId: p.id, quantity: 1 }] }, s.cashier);
      const [first, second] = await Promise.all(round % 2 === 0 ? [change(), sale()] : [sale(), change()]);
      const [updated, created] = round % 2 === 0 ? [first, second] : [second, first];
      expect(created?.ok).toBe(true);
      const order = (created as { value: Input<'orders.get'> & { priceBasis: string; total: number } }).value;
      const settings = await s.t.ok('settings.get', {}, s.admin);
      expect(order.priceBasis).toBe(settings.pricesIncludeTax ? 'gross' : 'net');
      expect(order.total).toBe(settings.pricesIncludeTax ? 1200 : 1440);
      if (!updated?.ok) expect(updated?.error).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: ['pricesIncludeTax'] }] } });
      else expect(settings.pricesIncludeTax).toBe(true);
      expect(settings.currencyLocked).toBe(true);
    } finally {
      await s.close();
    }
  });
});
