/**
 * orders.* through the dispatcher on a real SQLite file, over both hosts: create (pricing,
 * rounding, idempotent client request ids, validation), get, list (filters, search, keyset
 * paging), update (state and version), delete, transition, cancel (refunds), the state
 * table as allowedTransitions, roles, and the events each write appends.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input, Order, OrderLine, Product } from '../../shared/contract';
import {
  advance,
  allPages,
  count,
  eventTypesSince,
  eventsSince,
  expectNoWrites,
  invoiced,
  issuePaths,
  lastSeq,
  MINUTE,
  nowIso,
  openSalesStore,
  order,
  paidOrder,
  pay,
  product,
  snapshot,
  transports,
  unique,
  widgetLine,
  type SalesStore,
} from '../support/sales';

/** The order state table, written out (not imported from shared/domain/orderStatus.ts) so the test checks the code against it. */
const ALLOWED = {
  RECEIVED: ['PROCESSING', 'CANCELLED'],
  PROCESSING: ['FULFILLED', 'CANCELLED'],
  FULFILLED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

/** A line without discounts or a typed price, as the order gives it back (`taxClassId`: the product's class). */
function plain(l: Pick<OrderLine, 'productId' | 'sku' | 'name' | 'unitPrice' | 'quantity' | 'taxRateBp' | 'subtotal' | 'tax' | 'total'>, taxClassId: string | null = null): OrderLine {
  return { ...l, listPrice: null, priceReason: null, taxClassId, amount: l.unitPrice * l.quantity, discount: null, lineDiscount: 0, orderDiscount: 0 };
}

describe.each(transports)('orders.create / get over %s', (transport) => {
  let s: SalesStore;
  let espresso: Product;
  let croissant: Product;
  beforeAll(async () => {
    s = await openSalesStore(transport);
    espresso = await product(s, { sku: 'ESP', name: 'Espresso', unitPrice: 333, taxRateBp: 700 });
    croissant = await product(s, { sku: 'CRO', name: 'Croissant', unitPrice: 250, taxRateBp: 2000 });
  });
  afterAll(() => s.close());

  test('order numbers are 1, 2, 3 in a new store, and a rejected create does not use one', async () => {
    expect((await order(s)).number).toBe(1);
    expect((await order(s)).number).toBe(2);
    await s.t.fail('orders.create', { lines: [{ productId: 'missing', quantity: 1 }] }, s.cashier);
    expect((await order(s)).number).toBe(3);
  });

  test('product lines and custom lines: each line priced and taxed, totals are the sums, tax rounds half away from zero', async () => {
    const seq = lastSeq(s);
    const created = await s.t.ok(
      'orders.create',
      {
        lines: [
          { productId: espresso.id, quantity: 1 }, // 333 × 7 % = 23.31 → 23
          { productId: croissant.id, quantity: 3 }, // 750 × 20 % = 150
          { name: 'Gift wrap', unitPrice: 150, taxRateBp: 500, quantity: 1 }, // 7.5 → 8
          { name: 'Service', unitPrice: 25, taxRateBp: 1000, quantity: 1 }, // 2.5 → 3
          { name: 'Bag', unitPrice: 149, taxRateBp: 500, quantity: 1 }, // 7.45 → 7
          { name: 'Stamp', unitPrice: 90, quantity: 2 }, // no rate: 0 %
        ],
        customer: { name: 'Alice Martin', email: 'alice@example.com', phone: '+33 1 23 45 67 89', taxId: 'FR123', address: '1 rue X\n75001 Paris' },
        note: 'Deliver to the back door',
      },
      s.cashier,
    );
    expect(created.lines).toEqual([
      plain({ productId: espresso.id, sku: 'ESP', name: 'Espresso', unitPrice: 333, quantity: 1, taxRateBp: 700, subtotal: 333, tax: 23, total: 356 }, espresso.taxClassId),
      plain({ productId: croissant.id, sku: 'CRO', name: 'Croissant', unitPrice: 250, quantity: 3, taxRateBp: 2000, subtotal: 750, tax: 150, total: 900 }, croissant.taxClassId),
      plain({ productId: null, sku: null, name: 'Gift wrap', unitPrice: 150, quantity: 1, taxRateBp: 500, subtotal: 150, tax: 8, total: 158 }),
      plain({ productId: null, sku: null, name: 'Service', unitPrice: 25, quantity: 1, taxRateBp: 1000, subtotal: 25, tax: 3, total: 28 }),
      plain({ productId: null, sku: null, name: 'Bag', unitPrice: 149, quantity: 1, taxRateBp: 500, subtotal: 149, tax: 7, total: 156 }),
      plain({ productId: null, sku: null, name: 'Stamp', unitPrice: 90, quantity: 2, taxRateBp: 0, subtotal: 180, tax: 0, total: 180 }),
    ]);
    expect(created).toEqual({
      id: expect.any(String),
      number: expect.any(Number),
      status: 'RECEIVED',
      lines: created.lines,
      customer: { name: 'Alice Martin', email: 'alice@example.com', phone: '+33 1 23 45 67 89', taxId: 'FR123', address: '1 rue X\n75001 Paris' },
      note: 'Deliver to the back door',
      priceBasis: 'net',
      discount: null,
      discountTotal: 0,
      approvedBy: null,
      subtotal: 1587,
      tax: 191,
      total: 1778,
      currency: 'EUR',
      invoiceId: null,
      amountPaid: 0,
      version: 1,
      allowedTransitions: ALLOWED.RECEIVED,
      createdBy: s.userId.cashier,
      createdAt: nowIso(s),
      updatedAt: nowIso(s),
    });
    expect(await s.t.ok('orders.get', { id: created.id }, s.support)).toEqual(created);
    const events = eventsSince(s, seq);
    expect(events.map((e) => [e.type, e.entity, e.entityId, e.actor])).toEqual([['order.created', 'order', created.id, s.userId.cashier]]);
    expect(events[0]?.after).toMatchObject({ total: 1778, status: 'RECEIVED' });
  });

  test('250 × 3 at 20 % and 333 × 7 % as single orders', async () => {
    const a = await s.t.ok('orders.create', { lines: [{ name: 'A', unitPrice: 250, taxRateBp: 2000, quantity: 3 }] }, s.cashier);
    expect([a.subtotal, a.tax, a.total]).toEqual([750, 150, 900]);
    const b = await s.t.ok('orders.create', { lines: [{ name: 'B', unitPrice: 333, taxRateBp: 700, quantity: 1 }] }, s.cashier);
    expect([b.subtotal, b.tax, b.total]).toEqual([333, 23, 356]);
    const c = await s.t.ok('orders.create', { lines: [{ name: 'C', unitPrice: 50, taxRateBp: 100, quantity: 1 }] }, s.cashier); // 0.5 → 1
    expect([c.subtotal, c.tax, c.total]).toEqual([50, 1, 51]);
    const d = await s.t.ok('orders.create', { lines: [{ name: 'D', unitPrice: 49, taxRateBp: 100, quantity: 1 }] }, s.cashier); // 0.49 → 0
    expect([d.subtotal, d.tax, d.total]).toEqual([49, 0, 49]);
  });

  test('a product line takes the price at the time of the order; a later price change leaves it alone', async () => {
    const p = await product(s, { unitPrice: 500, taxRateBp: 1000 });
    const o = await s.t.ok('orders.create', { lines: [{ productId: p.id, quantity: 2 }] }, s.cashier);
    await s.t.ok('products.update', { id: p.id, unitPrice: 900, name: 'Renamed' }, s.admin);
    const again = await s.t.ok('orders.get', { id: o.id }, s.cashier);
    expect(again.lines[0]).toMatchObject({ name: p.name, unitPrice: 500, subtotal: 1000, tax: 100, total: 1100 });
    expect(again.total).toBe(1100);
  });

  test('a repeated clientRequestId returns the first order and creates no second row or event', async () => {
    const clientRequestId = unique('req');
    const first = await s.t.ok('orders.create', { lines: [widgetLine], clientRequestId }, s.cashier);
    const before = snapshot(s);
    const seq = lastSeq(s);
    const second = await s.t.ok('orders.create', { lines: [{ ...widgetLine, quantity: 5 }], clientRequestId }, s.cashier);
    expect(second).toEqual(first);
    expect(snapshot(s)).toEqual(before);
    expect(eventTypesSince(s, seq)).toEqual([]);
    expect(count(s, 'SELECT count(*) AS n FROM orders WHERE client_request_id = ?', clientRequestId)).toBe(1);
    const other = await s.t.ok('orders.create', { lines: [widgetLine], clientRequestId: unique('req') }, s.cashier);
    expect(other.id).not.toBe(first.id);
    expect(other.number).toBe(first.number + 1);
  });

  test('an unknown productId is VALIDATION naming lines.<i>.productId, and writes nothing', async () => {
    const e = await expectNoWrites(s, () => s.t.fail('orders.create', { lines: [{ productId: 'no-such-product', quantity: 1 }] }, s.cashier));
    expect(e.code).toBe('VALIDATION');
    expect(issuePaths(e)).toEqual([['lines', 0, 'productId']]);
    const e2 = await expectNoWrites(s, () =>
      s.t.fail('orders.create', { lines: [{ productId: espresso.id, quantity: 1 }, { productId: 'nope', quantity: 1 }] }, s.cashier),
    );
    expect(issuePaths(e2)).toEqual([['lines', 1, 'productId']]);
  });

  test('an archived product cannot be sold (VALIDATION naming the line)', async () => {
    const p = await product(s, { name: 'Old stock' });
    await s.t.ok('products.update', { id: p.id, archived: true }, s.admin);
    const e = await expectNoWrites(s, () => s.t.fail('orders.create', { lines: [{ productId: p.id, quantity: 1 }] }, s.cashier));
    expect(e.code).toBe('VALIDATION');
    expect(issuePaths(e)).toEqual([['lines', 0, 'productId']]);
    expect(e.message).toContain('archived');
  });

  test.each([
    ['no lines', { lines: [] }, ['lines']],
    ['no lines key', {}, ['lines']],
    ['quantity 0', { lines: [{ ...widgetLine, quantity: 0 }] }, ['lines', 0, 'quantity']],
    ['quantity 100001', { lines: [{ ...widgetLine, quantity: 100_001 }] }, ['lines', 0, 'quantity']],
    ['quantity 0 on a product line', { lines: [{ productId: 'x', quantity: 0 }] }, ['lines', 0, 'quantity']],
    ['quantity 1.5 (not an integer)', { lines: [{ ...widgetLine, quantity: 1.5 }] }, ['lines', 0, 'quantity']],
    ['unitPrice 1.5 on a custom line', { lines: [{ ...widgetLine, unitPrice: 1.5 }] }, ['lines', 0, 'unitPrice']],
    ['unitPrice -1 on a custom line', { lines: [{ ...widgetLine, unitPrice: -1 }] }, ['lines', 0, 'unitPrice']],
    ['a bad customer email', { lines: [widgetLine], customer: { name: 'A', email: 'not-an-email' } }, ['customer', 'email']],
    ['a customer without a name', { lines: [widgetLine], customer: { email: 'a@b.example' } }, ['customer', 'name']],
    ['an unknown key', { lines: [widgetLine], discount: 5 }, ['discount']],
  ])('%s is VALIDATION naming the field, and writes nothing', async (_label, input, path) => {
    const e = await expectNoWrites(s, () => s.t.fail('orders.create', input, s.cashier));
    expect(e.code).toBe('VALIDATION');
    expect(issuePaths(e)).toEqual([path]);
  });

  test('amounts beyond the largest supported amount are VALIDATION, not INTERNAL', async () => {
    const huge = await expectNoWrites(s, () =>
      s.t.fail('orders.create', { lines: [{ name: 'Yacht', unitPrice: 1_000_000_000_000, quantity: 100_000 }] }, s.cashier),
    );
    expect(huge.code).toBe('VALIDATION');
    expect(issuePaths(huge)).toEqual([['lines', 0, 'quantity']]);
    expect(huge.errorId).toBeUndefined();

    const pricey = await product(s, { unitPrice: 1_000_000_000_000, taxRateBp: 0 });
    const viaProduct = await expectNoWrites(s, () => s.t.fail('orders.create', { lines: [{ productId: pricey.id, quantity: 100_000 }] }, s.cashier));
    expect(viaProduct.code).toBe('VALIDATION');
    expect(issuePaths(viaProduct)).toEqual([['lines', 0, 'quantity']]);

    // each line fits, their sum does not
    const half = { name: 'Half', unitPrice: 600_000_000_000, quantity: 1 };
    const sum = await expectNoWrites(s, () => s.t.fail('orders.create', { lines: [half, half] }, s.cashier));
    expect(sum.code).toBe('VALIDATION');
    expect(issuePaths(sum)).toEqual([['lines']]);

    // the tax pushes the total over
    const taxed = await expectNoWrites(s, () =>
      s.t.fail('orders.create', { lines: [{ name: 'Taxed', unitPrice: 1_000_000_000_000, taxRateBp: 10_000, quantity: 1 }] }, s.cashier),
    );
    expect(taxed.code).toBe('VALIDATION');

    // the largest amount itself is fine
    const max = await s.t.ok('orders.create', { lines: [{ name: 'Max', unitPrice: 1_000_000_000_000, quantity: 1 }] }, s.cashier);
    expect(max.total).toBe(1_000_000_000_000);
  });

  test('support may not create an order (FORBIDDEN); admin, manager and cashier may', async () => {
    const e = await expectNoWrites(s, () => s.t.fail('orders.create', { lines: [widgetLine] }, s.support));
    expect(e.code).toBe('FORBIDDEN');
    for (const role of ['admin', 'manager', 'cashier'] as const) {
      expect((await order(s, {}, s[role])).createdBy).toBe(s.userId[role]);
    }
    expect((await s.t.fail('orders.create', { lines: [widgetLine] })).code).toBe('UNAUTHENTICATED');
  });

  test('orders.get of an unknown id is NOT_FOUND', async () => {
    const e = await s.t.fail('orders.get', { id: 'no-such-order' }, s.support);
    expect(e.code).toBe('NOT_FOUND');
  });
});

describe.each(transports)('orders.list over %s', (transport) => {
  let s: SalesStore;
  const o: Order[] = [];
  beforeAll(async () => {
    s = await openSalesStore(transport);
    // #1 at 09:00 Alice, #2 at 10:00 Bob, #3 at 11:00 no customer, #4 at 12:00 Alicia, #5 at 13:00 Bob
    o.push(await order(s, { customer: { name: 'Alice Martin' }, lines: [{ name: 'Espresso', unitPrice: 250, quantity: 2 }] }));
    await advance(s, 60 * MINUTE);
    o.push(await order(s, { customer: { name: 'Bob Stone' }, lines: [{ name: 'Croissant', unitPrice: 180, quantity: 1 }] }));
    await advance(s, 60 * MINUTE);
    o.push(await order(s, { lines: [{ name: 'Double espresso', unitPrice: 400, quantity: 1 }, { name: 'Muffin', unitPrice: 300, quantity: 1 }] }));
    await advance(s, 60 * MINUTE);
    o.push(await order(s, { customer: { name: 'Alicia Keys' }, lines: [{ name: 'Tea', unitPrice: 200, quantity: 1 }] }));
    await advance(s, 60 * MINUTE);
    o.push(await order(s, { customer: { name: 'Bob Stone' }, lines: [{ name: 'Flat white', unitPrice: 350, quantity: 1 }] }));
    // #2 PROCESSING, #4 CANCELLED, #5 FULFILLED
    await s.t.ok('invoices.generate', { orderId: o[1]!.id }, s.cashier);
    await s.t.ok('orders.cancel', { id: o[3]!.id, reason: 'changed mind' }, s.cashier);
    const inv = await s.t.ok('invoices.generate', { orderId: o[4]!.id }, s.cashier);
    await pay(s, inv.id, inv.total);
  });
  afterAll(() => s.close());

  const numbers = (items: Order[]) => items.map((x) => x.number);
  const list = (input: Input<'orders.list'>, token = s.support) => s.t.ok('orders.list', input, token);

  test('newest first, full orders, nextCursor null at the end', async () => {
    const page = await list({});
    expect(numbers(page.items)).toEqual([5, 4, 3, 2, 1]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[4]).toEqual(await s.t.ok('orders.get', { id: o[0]!.id }, s.support));
    expect(page.items.map((x) => x.status)).toEqual(['FULFILLED', 'CANCELLED', 'RECEIVED', 'PROCESSING', 'RECEIVED']);
  });

  test('status filter (one or several)', async () => {
    expect(numbers((await list({ status: ['RECEIVED'] })).items)).toEqual([3, 1]);
    expect(numbers((await list({ status: ['PROCESSING', 'FULFILLED'] })).items)).toEqual([5, 2]);
    expect(numbers((await list({ status: ['SHIPPED'] })).items)).toEqual([]);
    expect(numbers((await list({ status: [] })).items)).toEqual([5, 4, 3, 2, 1]);
    const e = await s.t.fail('orders.list', { status: ['OPEN'] }, s.support);
    expect(e.code).toBe('VALIDATION');
    expect(issuePaths(e)[0]?.slice(0, 1)).toEqual(['status']);
  });

  test('from/to: times are inclusive instants, dates whole store days (a UTC store here)', async () => {
    expect(numbers((await list({ from: '2026-06-01T10:00:00.000Z', to: '2026-06-01T12:00:00.000Z' })).items)).toEqual([4, 3, 2]);
    expect(numbers((await list({ from: '2026-06-01T10:00:00.001Z' })).items)).toEqual([5, 4, 3]);
    expect(numbers((await list({ to: '2026-06-01T09:59:59.999Z' })).items)).toEqual([1]);
    expect(numbers((await list({ from: '2026-06-01', to: '2026-06-01' })).items)).toEqual([5, 4, 3, 2, 1]);
    expect(numbers((await list({ from: '2026-06-02' })).items)).toEqual([]);
    expect(numbers((await list({ to: '2026-05-31' })).items)).toEqual([]);
    expect(numbers((await list({ from: '2026-06-01T12:00:00+02:00' })).items)).toEqual([5, 4, 3, 2]); // 10:00 UTC
    const e = await s.t.fail('orders.list', { from: 'yesterday' }, s.support);
    expect(e.code).toBe('VALIDATION');
    expect(issuePaths(e)).toEqual([['from']]);
  });

  test('query matches the customer name, ignoring case and by part', async () => {
    expect(numbers((await list({ query: 'alice' })).items)).toEqual([1]);
    expect(numbers((await list({ query: 'ALIC' })).items)).toEqual([4, 1]);
    expect(numbers((await list({ query: 'stone' })).items)).toEqual([5, 2]);
    expect(numbers((await list({ query: 'Bo' })).items)).toEqual([5, 2]);
  });

  test('query matches line names', async () => {
    expect(numbers((await list({ query: 'espresso' })).items)).toEqual([3, 1]);
    expect(numbers((await list({ query: 'muffin' })).items)).toEqual([3]);
    expect(numbers((await list({ query: 'nothing like this' })).items)).toEqual([]);
  });

  test('query matches the order number, with or without #', async () => {
    expect(numbers((await list({ query: '2' })).items)).toEqual([2]);
    expect(numbers((await list({ query: '#2' })).items)).toEqual([2]);
    expect(numbers((await list({ query: '#4', status: ['CANCELLED'] })).items)).toEqual([4]);
    expect(numbers((await list({ query: '#4', status: ['RECEIVED'] })).items)).toEqual([]);
  });

  test('keyset paging, newest first, through every page without duplicates or gaps', async () => {
    for (const limit of [1, 2, 5]) {
      const { items, pages } = await allPages((cursor) => list({ limit, cursor }));
      expect(numbers(items)).toEqual([5, 4, 3, 2, 1]);
      expect(pages.length).toBe(Math.ceil(5 / limit));
    }
    const { items } = await allPages((cursor) => list({ limit: 1, cursor, query: 'bob' }));
    expect(numbers(items)).toEqual([5, 2]);
    const first = await list({ limit: 2 });
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  test('a search text with a control character or a lone surrogate is VALIDATION naming query, in every list that searches', async () => {
    for (const method of ['orders.list', 'invoices.list', 'products.list', 'creditNotes.list'] as const) {
      for (const query of ['a\u0000b', 'bob\u0000', '\u0007ab', 'x\ud800y', 'a\u202eb', '\u0085ab']) {
        const e = await s.t.fail(method, { query }, s.support);
        expect(e.code, `${method} ${JSON.stringify(query)}`).toBe('VALIDATION');
        expect(issuePaths(e)).toEqual([['query']]);
      }
      // Unusual but valid text is searched, not refused (no name can hold a text-direction control).
      expect((await s.t.ok(method, { query: '\u200b\u00a0x' }, s.support)).items).toEqual([]);
    }
    expect(numbers((await list({ query: '  bob  ' })).items)).toEqual([5, 2]);
  });

  test('a bad cursor is VALIDATION naming cursor', async () => {
    const productCursor = Buffer.from(JSON.stringify(['name', 'id'])).toString('base64url');
    for (const cursor of ['garbage', productCursor]) {
      const e = await s.t.fail('orders.list', { cursor }, s.support);
      expect(e.code).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([['cursor']]);
    }
  });

  test('every role may list and get', async () => {
    for (const token of [s.admin, s.manager, s.cashier, s.support]) {
      expect(numbers((await list({}, token)).items)).toEqual([5, 4, 3, 2, 1]);
      expect((await s.t.ok('orders.get', { id: o[0]!.id }, token)).number).toBe(1);
    }
  });
});

describe.each(transports)('orders.update / delete / transition over %s', (transport) => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore(transport);
  });
  afterAll(() => s.close());

  test('update replaces the lines, recomputes the totals, increments the version, and records order.updated', async () => {
    const p = await product(s, { unitPrice: 400, taxRateBp: 1000 });
    const created = await order(s, { customer: { name: 'Carol' }, note: 'first' });
    await advance(s, 2 * MINUTE);
    const seq = lastSeq(s);
    const updated = await s.t.ok(
      'orders.update',
      { id: created.id, version: 1, lines: [{ productId: p.id, quantity: 2 }, { name: 'Extra', unitPrice: 333, taxRateBp: 700, quantity: 1 }] },
      s.cashier,
    );
    expect(updated).toEqual({
      ...created,
      lines: [
        plain({ productId: p.id, sku: p.sku, name: p.name, unitPrice: 400, quantity: 2, taxRateBp: 1000, subtotal: 800, tax: 80, total: 880 }, p.taxClassId),
        plain({ productId: null, sku: null, name: 'Extra', unitPrice: 333, quantity: 1, taxRateBp: 700, subtotal: 333, tax: 23, total: 356 }),
      ],
      subtotal: 1133,
      tax: 103,
      total: 1236,
      version: 2,
      updatedAt: nowIso(s),
    });
    expect(await s.t.ok('orders.get', { id: created.id }, s.cashier)).toEqual(updated);
    expect(count(s, 'SELECT count(*) AS n FROM order_lines WHERE order_id = ?', created.id)).toBe(2);
    const events = eventsSince(s, seq);
    expect(events.map((e) => [e.type, e.entityId])).toEqual([['order.updated', created.id]]);
    expect(events[0]?.before).toMatchObject({ total: 1200, version: 1 });
    expect(events[0]?.after).toMatchObject({ total: 1236, version: 2 });

    // customer and note alone; the lines stay
    const again = await s.t.ok('orders.update', { id: created.id, version: 2, customer: { name: 'Dave' }, note: 'second' }, s.manager);
    expect(again).toMatchObject({ customer: { name: 'Dave' }, note: 'second', lines: updated.lines, total: 1236, version: 3 });
    const cleared = await s.t.ok('orders.update', { id: created.id, version: 3, customer: null, note: null }, s.admin);
    expect(cleared).toMatchObject({ customer: null, note: null, total: 1236, version: 4 });
  });

  test('update re-indexes the search: the new line name is found, the old one no longer', async () => {
    const created = await order(s, { lines: [{ name: 'Zucchini bread', unitPrice: 100, quantity: 1 }] });
    expect((await s.t.ok('orders.list', { query: 'zucchini' }, s.cashier)).items.map((x) => x.id)).toEqual([created.id]);
    await s.t.ok('orders.update', { id: created.id, version: 1, lines: [{ name: 'Quince jam', unitPrice: 100, quantity: 1 }] }, s.cashier);
    expect((await s.t.ok('orders.list', { query: 'zucchini' }, s.cashier)).items).toEqual([]);
    expect((await s.t.ok('orders.list', { query: 'quince' }, s.cashier)).items.map((x) => x.id)).toEqual([created.id]);
  });

  test('update with a stale version is CONFLICT and changes nothing', async () => {
    const created = await order(s);
    const v2 = await s.t.ok('orders.update', { id: created.id, version: 1, note: 'a' }, s.cashier);
    const e = await expectNoWrites(s, () => s.t.fail('orders.update', { id: created.id, version: 1, note: 'b' }, s.cashier));
    expect(e.code).toBe('CONFLICT');
    const e2 = await expectNoWrites(s, () => s.t.fail('orders.update', { id: created.id, version: 7, note: 'b' }, s.cashier));
    expect(e2.code).toBe('CONFLICT');
    expect(await s.t.ok('orders.get', { id: created.id }, s.cashier)).toEqual(v2);
  });

  test('update is for RECEIVED orders only: INVALID_TRANSITION otherwise, and changes nothing', async () => {
    const { order: processing } = await invoiced(s);
    const e = await expectNoWrites(s, () => s.t.fail('orders.update', { id: processing.id, version: processing.version, note: 'x' }, s.cashier));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toContain('PROCESSING');
    const cancelled = await s.t.ok('orders.cancel', { id: (await order(s)).id, reason: 'test' }, s.cashier);
    const e2 = await expectNoWrites(s, () => s.t.fail('orders.update', { id: cancelled.id, version: cancelled.version, note: 'x' }, s.cashier));
    expect(e2.code).toBe('INVALID_TRANSITION');
    expect(await s.t.ok('orders.get', { id: processing.id }, s.cashier)).toEqual(processing);
  });

  test('update validates lines like create', async () => {
    const created = await order(s);
    const e = await expectNoWrites(s, () => s.t.fail('orders.update', { id: created.id, version: 1, lines: [] }, s.cashier));
    expect(issuePaths(e)).toEqual([['lines']]);
    const e2 = await expectNoWrites(s, () => s.t.fail('orders.update', { id: created.id, version: 1, lines: [{ productId: 'nope', quantity: 1 }] }, s.cashier));
    expect(e2.code).toBe('VALIDATION');
    expect(issuePaths(e2)).toEqual([['lines', 0, 'productId']]);
    const e3 = await s.t.fail('orders.update', { id: created.id }, s.cashier);
    expect(issuePaths(e3)).toEqual([['version']]);
    expect((await s.t.fail('orders.update', { id: 'no-such-order', version: 1 }, s.cashier)).code).toBe('NOT_FOUND');
  });

  test('delete removes a RECEIVED order and its lines, records order.deleted; then it is NOT_FOUND', async () => {
    const created = await order(s, { lines: [widgetLine, widgetLine] });
    const seq = lastSeq(s);
    expect(await s.t.ok('orders.delete', { id: created.id }, s.cashier)).toEqual({});
    expect(eventsSince(s, seq).map((e) => [e.type, e.entityId])).toEqual([['order.deleted', created.id]]);
    expect(count(s, 'SELECT count(*) AS n FROM order_lines WHERE order_id = ?', created.id)).toBe(0);
    expect((await s.t.fail('orders.get', { id: created.id }, s.cashier)).code).toBe('NOT_FOUND');
    expect((await expectNoWrites(s, () => s.t.fail('orders.delete', { id: created.id }, s.cashier))).code).toBe('NOT_FOUND');
    expect((await s.t.ok('orders.list', {}, s.cashier)).items.map((x) => x.id)).not.toContain(created.id);
  });

  test('delete refuses an order with an invoice or not RECEIVED (INVALID_TRANSITION) and changes nothing', async () => {
    const { order: processing } = await invoiced(s);
    const e = await expectNoWrites(s, () => s.t.fail('orders.delete', { id: processing.id }, s.cashier));
    expect(e.code).toBe('INVALID_TRANSITION');
    const cancelled = await s.t.ok('orders.cancel', { id: (await order(s)).id, reason: 'test' }, s.cashier);
    expect((await expectNoWrites(s, () => s.t.fail('orders.delete', { id: cancelled.id }, s.admin))).code).toBe('INVALID_TRANSITION');
    const paid = await paidOrder(s);
    expect((await expectNoWrites(s, () => s.t.fail('orders.delete', { id: paid.order.id }, s.admin))).code).toBe('INVALID_TRANSITION');
  });

  test('transition: FULFILLED → SHIPPED → DELIVERED, with events and allowedTransitions from the state table', async () => {
    const created = await order(s);
    expect(created.allowedTransitions).toEqual(ALLOWED.RECEIVED);
    const inv = await s.t.ok('invoices.generate', { orderId: created.id }, s.cashier);
    const processing = await s.t.ok('orders.get', { id: created.id }, s.cashier);
    expect(processing.allowedTransitions).toEqual(ALLOWED.PROCESSING);
    const { order: fulfilled } = await pay(s, inv.id, inv.total);
    expect(fulfilled.status).toBe('FULFILLED');
    expect(fulfilled.allowedTransitions).toEqual(ALLOWED.FULFILLED);

    let seq = lastSeq(s);
    const shipped = await s.t.ok('orders.transition', { id: created.id, to: 'SHIPPED' }, s.cashier);
    expect(shipped).toMatchObject({ status: 'SHIPPED', version: fulfilled.version + 1, allowedTransitions: ALLOWED.SHIPPED, amountPaid: fulfilled.total });
    expect(eventTypesSince(s, seq)).toEqual(['order.shipped']);
    expect(eventsSince(s, seq)[0]).toMatchObject({ entityId: created.id, before: { status: 'FULFILLED' }, after: { status: 'SHIPPED' } });

    seq = lastSeq(s);
    const delivered = await s.t.ok('orders.transition', { id: created.id, to: 'DELIVERED' }, s.manager);
    expect(delivered).toMatchObject({ status: 'DELIVERED', version: shipped.version + 1, allowedTransitions: ALLOWED.DELIVERED });
    expect(eventTypesSince(s, seq)).toEqual(['order.delivered']);
    expect(await s.t.ok('orders.get', { id: created.id }, s.support)).toEqual(delivered);

    const cancelled = await s.t.ok('orders.cancel', { id: (await order(s)).id, reason: 'x' }, s.cashier);
    expect(cancelled.allowedTransitions).toEqual(ALLOWED.CANCELLED);
  });

  test('transition to a state another operation owns is INVALID_TRANSITION naming the state, the target and that operation', async () => {
    const received = await order(s);
    const e1 = await expectNoWrites(s, () => s.t.fail('orders.transition', { id: received.id, to: 'PROCESSING' }, s.cashier));
    expect(e1.code).toBe('INVALID_TRANSITION');
    expect(e1.message).toContain('RECEIVED');
    expect(e1.message).toContain('PROCESSING');
    expect(e1.message).toContain('invoices.generate');

    const e2 = await expectNoWrites(s, () => s.t.fail('orders.transition', { id: received.id, to: 'CANCELLED' }, s.cashier));
    expect(e2.code).toBe('INVALID_TRANSITION');
    expect(e2.message).toContain('RECEIVED');
    expect(e2.message).toContain('CANCELLED');
    expect(e2.message).toContain('orders.cancel');

    const { order: processing } = await invoiced(s);
    const e3 = await expectNoWrites(s, () => s.t.fail('orders.transition', { id: processing.id, to: 'FULFILLED' }, s.cashier));
    expect(e3.code).toBe('INVALID_TRANSITION');
    expect(e3.message).toContain('PROCESSING');
    expect(e3.message).toContain('FULFILLED');
    expect(e3.message).toContain('payments.pay');

    const e4 = await expectNoWrites(s, () => s.t.fail('orders.transition', { id: received.id, to: 'FULFILLED' }, s.cashier));
    expect(e4.code).toBe('INVALID_TRANSITION');
    expect(e4.message).toContain('RECEIVED');
    expect(e4.message).toContain('FULFILLED');

    expect(await s.t.ok('orders.get', { id: received.id }, s.cashier)).toEqual(received);
  });

  test('transition out of order is INVALID_TRANSITION', async () => {
    const received = await order(s);
    expect((await s.t.fail('orders.transition', { id: received.id, to: 'SHIPPED' }, s.cashier)).code).toBe('INVALID_TRANSITION');
    expect((await s.t.fail('orders.transition', { id: received.id, to: 'DELIVERED' }, s.cashier)).code).toBe('INVALID_TRANSITION');
    expect((await s.t.fail('orders.transition', { id: received.id, to: 'RECEIVED' }, s.cashier)).code).toBe('INVALID_TRANSITION');
    const { order: fulfilled } = await paidOrder(s);
    expect((await s.t.fail('orders.transition', { id: fulfilled.id, to: 'DELIVERED' }, s.cashier)).code).toBe('INVALID_TRANSITION');
    await s.t.ok('orders.transition', { id: fulfilled.id, to: 'SHIPPED' }, s.cashier);
    expect((await s.t.fail('orders.transition', { id: fulfilled.id, to: 'SHIPPED' }, s.cashier)).code).toBe('INVALID_TRANSITION');
    await s.t.ok('orders.transition', { id: fulfilled.id, to: 'DELIVERED' }, s.cashier);
    const final = await expectNoWrites(s, () => s.t.fail('orders.transition', { id: fulfilled.id, to: 'SHIPPED' }, s.cashier));
    expect(final.code).toBe('INVALID_TRANSITION');
    expect(final.message).toContain('DELIVERED');
    expect((await s.t.fail('orders.transition', { id: fulfilled.id, to: 'LOST' }, s.cashier)).code).toBe('VALIDATION');
    expect((await s.t.fail('orders.transition', { id: 'no-such-order', to: 'SHIPPED' }, s.cashier)).code).toBe('NOT_FOUND');
  });

  test('support may read but not update, delete or transition (FORBIDDEN); nothing changes', async () => {
    const created = await order(s);
    const { order: fulfilled } = await paidOrder(s);
    for (const [method, input] of [
      ['orders.update', { id: created.id, version: 1, note: 'x' }],
      ['orders.delete', { id: created.id }],
      ['orders.transition', { id: fulfilled.id, to: 'SHIPPED' }],
    ] as const) {
      const e = await expectNoWrites(s, () => s.t.fail(method, input, s.support));
      expect(e.code).toBe('FORBIDDEN');
    }
    expect(await s.t.ok('orders.get', { id: created.id }, s.support)).toEqual(created);
  });
});

describe.each(transports)('orders.cancel over %s', (transport) => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore(transport);
  });
  afterAll(() => s.close());

  const paymentsOf = (orderId: string) =>
    s.t.core.store.sqlite.prepare('SELECT id, kind, amount, method, refund_of AS refundOf FROM payments WHERE order_id = ? ORDER BY rowid').all(orderId) as {
      id: string;
      kind: string;
      amount: number;
      method: string;
      refundOf: string | null;
    }[];

  test('a RECEIVED order: CANCELLED, no further transitions, order.cancelled recorded with the reason', async () => {
    const created = await order(s);
    const seq = lastSeq(s);
    const cancelled = await s.t.ok('orders.cancel', { id: created.id, reason: 'Customer left' }, s.cashier);
    expect(cancelled).toEqual({ ...created, status: 'CANCELLED', allowedTransitions: [], version: 2, updatedAt: nowIso(s) });
    const events = eventsSince(s, seq);
    expect(events.map((e) => e.type)).toEqual(['order.cancelled']);
    expect(events[0]).toMatchObject({ entityId: created.id, actor: s.userId.cashier, before: { status: 'RECEIVED' }, after: { status: 'CANCELLED', reason: 'Customer left' } });
    expect(paymentsOf(created.id)).toEqual([]);
  });

  test('a PROCESSING order: its PENDING invoice becomes CANCELLED, no refund rows', async () => {
    const { order: processing, invoice } = await invoiced(s);
    const seq = lastSeq(s);
    const cancelled = await s.t.ok('orders.cancel', { id: processing.id, reason: 'Wrong items' }, s.cashier);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', amountPaid: 0, invoiceId: invoice.id });
    const inv = await s.t.ok('invoices.get', { id: invoice.id }, s.cashier);
    // The credit note that documents the cancellation credits the whole invoice; nothing was paid, nothing is refunded.
    expect(inv).toEqual({ ...invoice, status: 'CANCELLED', balance: 0, credited: invoice.total, cancelledAt: nowIso(s), cancelReason: 'Wrong items' });
    expect(eventTypesSince(s, seq)).toEqual(['order.cancelled', 'credit_note.issued', 'invoice.cancelled']);
    expect(paymentsOf(processing.id)).toEqual([]);
  });

  test('a paid (FULFILLED) order: one refund per payment, amountPaid back to 0, invoice CANCELLED', async () => {
    const { invoice } = await invoiced(s, { lines: [{ name: 'Big', unitPrice: 10_000, taxRateBp: 0, quantity: 1 }] });
    const cash = await pay(s, invoice.id, 3_000, { method: 'cash', tendered: 5_000 });
    const card = await pay(s, invoice.id, 7_000, { method: 'card', reference: 'AUTH-77' });
    expect(card.order.status).toBe('FULFILLED');
    await advance(s, 3 * MINUTE);
    const seq = lastSeq(s);
    const cancelled = await s.t.ok('orders.cancel', { id: invoice.orderId, reason: 'Returned' }, s.manager);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', amountPaid: 0, total: 10_000, allowedTransitions: [] });

    const rows = paymentsOf(invoice.orderId);
    expect(rows).toEqual([
      { id: cash.payment.id, kind: 'payment', amount: 3_000, method: 'cash', refundOf: null },
      { id: card.payment.id, kind: 'payment', amount: 7_000, method: 'card', refundOf: null },
      { id: expect.any(String), kind: 'refund', amount: 3_000, method: 'cash', refundOf: cash.payment.id },
      { id: expect.any(String), kind: 'refund', amount: 7_000, method: 'card', refundOf: card.payment.id },
    ]);
    const inv = await s.t.ok('invoices.get', { id: invoice.id }, s.manager);
    expect(inv).toMatchObject({ status: 'CANCELLED', amountPaid: 0, balance: 0, total: 10_000, cancelReason: 'Returned', cancelledAt: nowIso(s) });
    expect(eventTypesSince(s, seq)).toEqual(['order.cancelled', 'payment.refunded', 'payment.refunded', 'credit_note.issued', 'invoice.cancelled']);

    const listed = await s.t.ok('payments.list', { orderId: invoice.orderId }, s.manager);
    const refunds = listed.items.filter((p) => p.kind === 'refund');
    expect(refunds).toHaveLength(2);
    for (const r of refunds) {
      expect(r).toMatchObject({ invoiceId: invoice.id, orderId: invoice.orderId, createdBy: s.userId.manager, createdAt: nowIso(s), tendered: null, change: null });
      expect(r.amount).toBeGreaterThan(0);
    }
    expect(refunds.find((r) => r.refundOf === card.payment.id)?.reference).toBe('AUTH-77');
  });

  test('a PROCESSING order with a partial payment: manager cancels and refunds it', async () => {
    const { invoice } = await invoiced(s);
    const part = await pay(s, invoice.id, 500);
    const cancelled = await s.t.ok('orders.cancel', { id: invoice.orderId, reason: 'Partial then cancel' }, s.admin);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', amountPaid: 0 });
    expect(paymentsOf(invoice.orderId).map((p) => [p.kind, p.amount, p.refundOf])).toEqual([
      ['payment', 500, null],
      ['refund', 500, part.payment.id],
    ]);
    expect((await s.t.ok('invoices.get', { id: invoice.id }, s.admin)).amountPaid).toBe(0);
  });

  test('a cashier may cancel an unpaid order but not one with any payment (FORBIDDEN), and then nothing changes', async () => {
    const { invoice } = await invoiced(s);
    await pay(s, invoice.id, 1);
    const orderBefore = await s.t.ok('orders.get', { id: invoice.orderId }, s.cashier);
    const invoiceBefore = await s.t.ok('invoices.get', { id: invoice.id }, s.cashier);
    const e = await expectNoWrites(s, () => s.t.fail('orders.cancel', { id: invoice.orderId, reason: 'nope' }, s.cashier));
    expect(e.code).toBe('FORBIDDEN');
    expect(await s.t.ok('orders.get', { id: invoice.orderId }, s.cashier)).toEqual(orderBefore);
    expect(await s.t.ok('invoices.get', { id: invoice.id }, s.cashier)).toEqual(invoiceBefore);

    const { order: fulfilled } = await paidOrder(s);
    expect((await expectNoWrites(s, () => s.t.fail('orders.cancel', { id: fulfilled.id, reason: 'nope' }, s.cashier))).code).toBe('FORBIDDEN');
  });

  test('support may not cancel (FORBIDDEN)', async () => {
    const created = await order(s);
    const e = await expectNoWrites(s, () => s.t.fail('orders.cancel', { id: created.id, reason: 'x' }, s.support));
    expect(e.code).toBe('FORBIDDEN');
    expect((await s.t.ok('orders.get', { id: created.id }, s.support)).status).toBe('RECEIVED');
  });

  test('SHIPPED, DELIVERED and CANCELLED orders cannot be cancelled (INVALID_TRANSITION), even by an admin', async () => {
    const { order: a } = await paidOrder(s);
    await s.t.ok('orders.transition', { id: a.id, to: 'SHIPPED' }, s.admin);
    const shipped = await expectNoWrites(s, () => s.t.fail('orders.cancel', { id: a.id, reason: 'late' }, s.admin));
    expect(shipped.code).toBe('INVALID_TRANSITION');
    expect(shipped.message).toContain('SHIPPED');
    await s.t.ok('orders.transition', { id: a.id, to: 'DELIVERED' }, s.admin);
    expect((await expectNoWrites(s, () => s.t.fail('orders.cancel', { id: a.id, reason: 'late' }, s.admin))).code).toBe('INVALID_TRANSITION');
    expect((await s.t.ok('orders.get', { id: a.id }, s.admin)).amountPaid).toBe(a.total);

    const b = await s.t.ok('orders.cancel', { id: (await order(s)).id, reason: 'first' }, s.admin);
    const twice = await expectNoWrites(s, () => s.t.fail('orders.cancel', { id: b.id, reason: 'second' }, s.admin));
    expect(twice.code).toBe('INVALID_TRANSITION');
    expect(twice.message).toContain('CANCELLED');

    const { order: c } = await paidOrder(s);
    const cc = await s.t.ok('orders.cancel', { id: c.id, reason: 'refund' }, s.manager);
    expect((await expectNoWrites(s, () => s.t.fail('orders.cancel', { id: cc.id, reason: 'again' }, s.manager))).code).toBe('INVALID_TRANSITION');
  });

  test('a reason is required (VALIDATION naming reason); unknown order is NOT_FOUND', async () => {
    const created = await order(s);
    for (const input of [{ id: created.id }, { id: created.id, reason: '' }, { id: created.id, reason: '   ' }, { id: created.id, reason: 'x'.repeat(501) }]) {
      const e = await expectNoWrites(s, () => s.t.fail('orders.cancel', input, s.cashier));
      expect(e.code).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([['reason']]);
    }
    expect((await s.t.fail('orders.cancel', { id: 'no-such-order', reason: 'x' }, s.admin)).code).toBe('NOT_FOUND');
    expect((await s.t.ok('orders.get', { id: created.id }, s.cashier)).status).toBe('RECEIVED');
  });
});
