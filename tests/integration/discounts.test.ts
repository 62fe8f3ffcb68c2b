/**
 * Discounts, typed prices and who may give them, through orders.create, orders.update and
 * orders.checkout on a real SQLite file, over both hosts: line and order discounts stored and
 * read back (the golden cases, per-line and per-rate rounding, tax-inclusive prices), open
 * prices and overrides with their reason, the cashier's limit (beyond it FORBIDDEN
 * APPROVAL_REQUIRED and nothing stored; a manager's PIN or password lets it through and is
 * recorded on the order and the invoice), selling below cost, a held order's new discount,
 * idempotent replays, and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPricingStore, pricingCalls, promo } from '../support/pricing-sales';
import { eventsSince, expectNoWrites, issuePaths, lastSeq, openSalesStore, product, snapshot, transports, unique, type SalesStore } from '../support/sales';

const MANAGER_NAME = 'manager user';
/** Three lines of 1 × 100 at 10 %. */
const threeLines = [1, 2, 3].map((n) => ({ name: `Item ${n}`, unitPrice: 100, taxRateBp: 1000, quantity: 1 }));

describe.each(transports)('discounts over %s', (transport) => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openPricingStore(transport);
  });
  afterAll(() => s.close());

  const { create, refused, checkout, managerPin } = pricingCalls(() => s);

  test('golden: an order discount of 100 over three lines of 100 at 10 %: 34 / 33 / 33, tax 21, total 221', async () => {
    const seq = lastSeq(s);
    const order = await create({ lines: threeLines, discount: promo(100, 'amount') }, s.manager);
    expect(order.lines.map((l) => [l.amount, l.lineDiscount, l.orderDiscount, l.subtotal, l.tax, l.total])).toEqual([
      [100, 0, 34, 66, 7, 73],
      [100, 0, 33, 67, 7, 74],
      [100, 0, 33, 67, 7, 74],
    ]);
    expect(order).toMatchObject({ priceBasis: 'net', discount: promo(100, 'amount'), discountTotal: 100, subtotal: 200, tax: 21, total: 221 });
    // A manager beyond the cashier's limit approves their own sale.
    expect(order.approvedBy).toEqual({ id: s.userId.manager, name: MANAGER_NAME });
    expect(await s.t.ok('orders.get', { id: order.id }, s.support)).toEqual(order);
    const created = eventsSince(s, seq).find((e) => e.type === 'order.created');
    expect(created?.actor).toBe(s.userId.manager);
    expect(created?.after).toMatchObject({ discount: promo(100, 'amount'), discountTotal: 100, approvedBy: { id: s.userId.manager } });
  });

  test('golden: the same cart with tax rounded per rate: tax 20, total 220, the lines still add up', async () => {
    await s.t.ok('settings.update', { taxRounding: 'rate' }, s.admin);
    try {
      const order = await create({ lines: threeLines, discount: promo(100, 'amount') }, s.manager);
      expect(order).toMatchObject({ subtotal: 200, tax: 20, total: 220 });
      expect(order.lines.reduce((n, l) => n + l.tax, 0)).toBe(20);
    } finally {
      await s.t.ok('settings.update', { taxRounding: 'line' }, s.admin);
    }
  });

  test('golden: 1 × 1999 at 10 % with a 10 % line discount: 200 off, net 1799, tax 180, total 1979; a cashier alone', async () => {
    const order = await create({ lines: [{ name: 'Kettle', unitPrice: 1999, taxRateBp: 1000, quantity: 1, discount: { kind: 'percent', value: 10, reason: 'Damaged' } }] });
    expect(order.lines[0]).toMatchObject({ amount: 1999, discount: { kind: 'percent', value: 10, reason: 'Damaged' }, lineDiscount: 200, orderDiscount: 0, subtotal: 1799, tax: 180, total: 1979 });
    expect(order).toMatchObject({ discount: null, discountTotal: 200, total: 1979, approvedBy: null });
  });

  test('an open-price product needs its price typed: VALIDATION lines.0.unitPrice, nothing stored', async () => {
    const p = await product(s, { unitPrice: 0, openPrice: true, taxRateBp: 2000 });
    const e = await refused({ lines: [{ productId: p.id, quantity: 1 }] });
    expect(e.code).toBe('VALIDATION');
    expect(issuePaths(e)).toEqual([['lines', 0, 'unitPrice']]);
    const order = await create({ lines: [{ productId: p.id, quantity: 2, unitPrice: 750 }] });
    expect(order.lines[0]).toMatchObject({ unitPrice: 750, listPrice: null, priceReason: null, amount: 1500, subtotal: 1500, tax: 300 });
    expect(order.approvedBy).toBeNull();
  });

  test('a price typed over the product’s needs a reason; within the limit a cashier may, beyond it a manager', async () => {
    const p = await product(s, { unitPrice: 1000, taxRateBp: 0 });
    const noReason = await refused({ lines: [{ productId: p.id, quantity: 1, unitPrice: 950 }] });
    expect(issuePaths(noReason)).toEqual([['lines', 0, 'priceReason']]);
    const reasonAlone = await refused({ lines: [{ productId: p.id, quantity: 1, priceReason: 'Price match' }] });
    expect(issuePaths(reasonAlone)).toEqual([['lines', 0, 'priceReason']]);

    const small = await create({ lines: [{ productId: p.id, quantity: 1, unitPrice: 950, priceReason: 'Price match' }] });
    expect(small.lines[0]).toMatchObject({ unitPrice: 950, listPrice: 1000, priceReason: 'Price match', total: 950 });
    expect(small.approvedBy).toBeNull();
    // Its own price typed again is no override.
    expect((await create({ lines: [{ productId: p.id, quantity: 1, unitPrice: 1000 }] })).lines[0]).toMatchObject({ listPrice: null, priceReason: null });

    const big = await refused({ lines: [{ productId: p.id, quantity: 1, unitPrice: 800, priceReason: 'Price match' }] });
    expect(big).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_REQUIRED', needs: [{ cause: 'price-override', line: 0 }] } });
    const approved = await s.t.ok('orders.create', { lines: [{ productId: p.id, quantity: 1, unitPrice: 800, priceReason: 'Price match' }], approval: managerPin() }, s.cashier);
    expect(approved).toMatchObject({ total: 800, createdBy: s.userId.cashier, approvedBy: { id: s.userId.manager, name: MANAGER_NAME } });
  });

  test('a cashier beyond the limit: FORBIDDEN APPROVAL_REQUIRED naming what needs it, nothing stored, on create and on checkout', async () => {
    const lines = [{ name: 'Coat', unitPrice: 10000, taxRateBp: 2000, quantity: 1 }];
    const onCreate = await refused({ lines, discount: promo(30) });
    expect(onCreate).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_REQUIRED', needs: [{ cause: 'order-discount' }] } });
    expect(onCreate.message).toMatch(/10 %/);
    const line = await refused({ lines: [{ ...lines[0], discount: promo(10.01) }] });
    expect(line.details).toMatchObject({ reason: 'APPROVAL_REQUIRED', needs: [{ cause: 'line-discount', line: 0 }] });
    const onCheckout = await expectNoWrites(s, () =>
      s.t.fail('orders.checkout', { lines, discount: promo(30), tenders: [{ method: 'card', amount: 8400 }], idempotencyKey: unique('co') }, s.cashier),
    );
    expect(onCheckout).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_REQUIRED' } });
    // Exactly the limit is the cashier's to give.
    expect((await create({ lines, discount: promo(10) })).approvedBy).toBeNull();
  });

  test('a manager’s PIN or password lets it through: the order names the cashier and the approver, so does the invoice', async () => {
    const lines = [{ name: 'Coat', unitPrice: 10000, taxRateBp: 2000, quantity: 1 }];
    const seq = lastSeq(s);
    const sale = await checkout({ lines, discount: promo(30), approval: managerPin() }, 8400);
    expect(sale.order).toMatchObject({ status: 'FULFILLED', createdBy: s.userId.cashier, approvedBy: { id: s.userId.manager, name: MANAGER_NAME }, discountTotal: 3000, subtotal: 7000, tax: 1400, total: 8400 });
    expect(sale.invoice).toMatchObject({ approvedByName: MANAGER_NAME, discount: promo(30), discountTotal: 3000, priceBasis: 'net', total: 8400 });
    expect(sale.invoice.lines[0]).toMatchObject({ orderDiscount: 3000, lineDiscount: 0, amount: 10000 });
    const created = eventsSince(s, seq).find((e) => e.type === 'order.created');
    expect(created?.actor).toBe(s.userId.cashier);
    expect(created?.after).toMatchObject({ discount: promo(30), approvedBy: { id: s.userId.manager, name: MANAGER_NAME } });

    const byPassword = await s.t.ok('orders.create', { lines, discount: promo(50), approval: { userId: s.userId.manager, password: 'manager-password-1' } }, s.cashier);
    expect(byPassword.approvedBy).toEqual({ id: s.userId.manager, name: MANAGER_NAME });
  });

  test('a wrong PIN is FORBIDDEN APPROVAL_INVALID; a cashier’s is APPROVAL_NOT_MANAGER; nothing stored', async () => {
    const input = { lines: [{ name: 'Coat', unitPrice: 10000, taxRateBp: 2000, quantity: 1 }], discount: promo(30) };
    // The failed approval is audited (and counts toward the manager's lock-out); nothing else is written.
    const before = snapshot(s);
    const seq = lastSeq(s);
    const wrong = await s.t.fail('orders.create', { ...input, approval: { userId: s.userId.manager, pin: '0000' } }, s.cashier);
    expect(wrong).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_INVALID' } });
    expect(eventsSince(s, seq).map((e) => [e.type, e.entityId])).toEqual([['auth.login_failed', 'manager1']]);
    expect(snapshot(s)).toEqual({ ...before, counts: { ...before.counts, events: (before.counts.events ?? 0) + 1 } });
    await s.t.ok('users.setPin', { pin: '1357' }, s.cashier);
    const cashier = await refused({ ...input, approval: { userId: s.userId.cashier, pin: '1357' } });
    expect(cashier).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_NOT_MANAGER' } });
  });

  test('below cost always needs a manager for a cashier, however small the discount; a manager sells alone', async () => {
    const p = await product(s, { unitPrice: 1000, cost: 960, taxRateBp: 2000 });
    const line = { productId: p.id, quantity: 2, discount: promo(5) };
    const e = await refused({ lines: [line] });
    expect(e.details).toMatchObject({ reason: 'APPROVAL_REQUIRED', needs: [{ cause: 'below-cost', line: 0 }] });
    expect(e.message).toContain('below its cost');
    // An order discount can take it below cost too.
    const viaOrder = await refused({ lines: [{ productId: p.id, quantity: 1 }], discount: promo(5) });
    expect(viaOrder.details).toMatchObject({ needs: [{ cause: 'below-cost', line: 0 }] });
    // At cost is not below it.
    expect((await create({ lines: [{ productId: p.id, quantity: 1, discount: promo(4) }] })).approvedBy).toBeNull();

    const alone = await create({ lines: [line] }, s.manager);
    expect(alone).toMatchObject({ createdBy: s.userId.manager, approvedBy: { id: s.userId.manager } });
    const approved = await s.t.ok('orders.create', { lines: [line], approval: managerPin() }, s.cashier);
    expect(approved.approvedBy?.id).toBe(s.userId.manager);
    // Within the limit and above cost, a manager's order names no approver.
    expect((await create({ lines: [{ productId: p.id, quantity: 1 }] }, s.manager)).approvedBy).toBeNull();
  });

  test('a discount larger than what it comes off, or a bad percentage: VALIDATION naming the field, nothing stored', async () => {
    const cases: [unknown, (string | number)[]][] = [
      [{ lines: [{ ...threeLines[0], discount: { kind: 'amount', value: 101, reason: 'Staff' } }] }, ['lines', 0, 'discount', 'value']],
      [{ lines: threeLines, discount: { kind: 'amount', value: 301, reason: 'Staff' } }, ['discount', 'value']],
      [{ lines: threeLines, discount: { kind: 'percent', value: 101, reason: 'Staff' } }, ['discount', 'value']],
      [{ lines: threeLines, discount: { kind: 'percent', value: 12.345, reason: 'Staff' } }, ['discount', 'value']],
      [{ lines: threeLines, discount: { kind: 'amount', value: 10.5, reason: 'Staff' } }, ['discount', 'value']],
      [{ lines: threeLines, discount: { kind: 'percent', value: 0, reason: 'Staff' } }, ['discount', 'value']],
      [{ lines: threeLines, discount: { kind: 'percent', value: 5, reason: '' } }, ['discount', 'reason']],
      [{ lines: [{ ...threeLines[0], discount: { kind: 'percent', value: 5 } }] }, ['lines', 0, 'discount', 'reason']],
    ];
    for (const [input, path] of cases) {
      const e = await refused(input, s.manager);
      expect(e.code, JSON.stringify(input)).toBe('VALIDATION');
      expect(issuePaths(e)).toContainEqual(path);
    }
  });

  test('orders.update changing only the discount re-spreads it over the lines as they were taken', async () => {
    const p = await product(s, { unitPrice: 300, taxRateBp: 0 });
    const held = await create({ lines: [{ productId: p.id, quantity: 1 }, { name: 'Card', unitPrice: 100, taxRateBp: 0, quantity: 1 }] });
    // The product's price moves; the held line keeps its own.
    await s.t.ok('products.update', { id: p.id, unitPrice: 500 }, s.admin);
    const seq = lastSeq(s);
    const discounted = await s.t.ok('orders.update', { id: held.id, version: held.version, discount: promo(40, 'amount') }, s.cashier);
    expect(discounted.lines.map((l) => [l.unitPrice, l.orderDiscount, l.total])).toEqual([
      [300, 30, 270],
      [100, 10, 90],
    ]);
    expect(discounted).toMatchObject({ discount: promo(40, 'amount'), discountTotal: 40, total: 360, version: held.version + 1 });
    const updated = eventsSince(s, seq).filter((e) => e.type === 'order.updated');
    expect(updated).toHaveLength(1);
    expect(updated[0]?.before).toMatchObject({ discount: null, total: 400 });
    expect(updated[0]?.after).toMatchObject({ discount: promo(40, 'amount'), total: 360 });

    // Beyond the limit: refused, the order as it was.
    const e = await expectNoWrites(s, () => s.t.fail('orders.update', { id: held.id, version: discounted.version, discount: promo(50) }, s.cashier));
    expect(e.details).toMatchObject({ reason: 'APPROVAL_REQUIRED' });
    expect(await s.t.ok('orders.get', { id: held.id }, s.cashier)).toEqual(discounted);
    const approved = await s.t.ok('orders.update', { id: held.id, version: discounted.version, discount: promo(50), approval: managerPin() }, s.cashier);
    expect(approved).toMatchObject({ total: 200, approvedBy: { id: s.userId.manager } });
    // A note or a customer changed by the cashier leaves what was approved, and its approval, alone.
    const noted = await s.t.ok('orders.update', { id: held.id, version: approved.version, note: 'gift wrap', customer: { name: 'Zoë Novak' } }, s.cashier);
    expect(noted).toMatchObject({ note: 'gift wrap', total: 200, approvedBy: { id: s.userId.manager, name: MANAGER_NAME } });

    // null takes the discount off; so goes the approval it needed.
    const cleared = await s.t.ok('orders.update', { id: held.id, version: noted.version, discount: null }, s.cashier);
    expect(cleared).toMatchObject({ discount: null, discountTotal: 0, total: 400, approvedBy: null });
  });

  test('a held order charged with a new discount; the same key replays the sale, another discount with it is a CONFLICT', async () => {
    const held = await create({ lines: [{ name: 'Vase', unitPrice: 2000, taxRateBp: 1000, quantity: 1 }] });
    const key = unique('co');
    const input = { heldOrderId: held.id, version: held.version, discount: promo(10), idempotencyKey: key };
    const sale = await checkout(input, 1980);
    expect(sale.order).toMatchObject({ status: 'FULFILLED', discount: promo(10), discountTotal: 200, subtotal: 1800, tax: 180, total: 1980 });
    expect(sale.invoice).toMatchObject({ discountTotal: 200, total: 1980, approvedByName: null });

    const replay = await expectNoWrites(s, () => checkout(input, 1980));
    expect(replay).toEqual(sale);
    const other = await expectNoWrites(s, () =>
      s.t.fail('orders.checkout', { ...input, discount: promo(5), tenders: [{ method: 'card', amount: 1980 }] }, s.cashier),
    );
    expect(other.code).toBe('CONFLICT');
    expect(issuePaths(other)).toEqual([['idempotencyKey']]);
  });

  test('a manual line names a tax class or a rate; both must agree', async () => {
    const c = await s.t.ok('taxClasses.create', { name: unique('Books'), rateBp: 550 }, s.manager);
    const byClass = await create({ lines: [{ name: 'Atlas', unitPrice: 2000, taxClassId: c.id, quantity: 1 }] });
    expect(byClass.lines[0]).toMatchObject({ taxClassId: c.id, taxRateBp: 550, tax: 110 });
    const e = await refused({ lines: [{ name: 'Atlas', unitPrice: 2000, taxClassId: c.id, taxRateBp: 2000, quantity: 1 }] });
    expect(issuePaths(e)).toEqual([['lines', 0, 'taxRateBp']]);
    await s.t.ok('taxClasses.update', { id: c.id, archived: true }, s.manager);
    expect(issuePaths(await refused({ lines: [{ name: 'Atlas', unitPrice: 2000, taxClassId: c.id, quantity: 1 }] }))).toEqual([['lines', 0, 'taxClassId']]);
  });
});

test('golden, tax-inclusive at 20 %: 3 × 100 gross → tax 50, net 250; 1 × 999 → tax 167, net 832; the invoice is gross too', async () => {
  const s = await openSalesStore('in-process');
  try {
    await s.t.ok('settings.update', { pricesIncludeTax: true }, s.admin);
    const p = await product(s, { unitPrice: 100, taxRateBp: 2000 });
    const order = await s.t.ok('orders.create', { lines: [{ productId: p.id, quantity: 3 }] }, s.cashier);
    expect(order).toMatchObject({ priceBasis: 'gross', subtotal: 250, tax: 50, total: 300 });
    const sale = await s.t.ok(
      'orders.checkout',
      { lines: [{ name: 'Scarf', unitPrice: 999, taxRateBp: 2000, quantity: 1 }], tenders: [{ method: 'cash', amount: 999 }], idempotencyKey: unique('co') },
      s.cashier,
    );
    expect(sale.order.lines[0]).toMatchObject({ unitPrice: 999, amount: 999, subtotal: 832, tax: 167, total: 999 });
    expect(sale.invoice).toMatchObject({ priceBasis: 'gross', subtotal: 832, tax: 167, total: 999 });
    // A discount comes off the gross price; the tax is taken from what is left.
    const discounted = await s.t.ok('orders.create', { lines: [{ productId: p.id, quantity: 3, discount: promo(10) }] }, s.cashier);
    expect(discounted.lines[0]).toMatchObject({ amount: 300, lineDiscount: 30, total: 270, tax: 45, subtotal: 225 });
    // A voided line is counted at what the customer would have paid: the gross price, no tax on top.
    expect(await s.t.ok('orders.recordVoid', { kind: 'line', lines: [{ productId: p.id, quantity: 3 }] }, s.cashier)).toEqual({ recorded: 1, amount: 300 });
  } finally {
    await s.close();
  }
});
