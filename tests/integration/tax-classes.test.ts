/**
 * taxClasses.* on a real SQLite file, over both hosts: create, list, rename and archive (names
 * unique, ignoring case), the product count, who may, the audit events and the push event; a
 * rate changed from a day on (today or later only): a sale before that day takes the old rate,
 * one on or after it the new one, issued invoices never change, and the day is the store's
 * (its time zone), not the machine's or UTC's.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { dayOf } from '../../shared/domain/format';
import { advance, eventsSince, expectNoWrites, issuePaths, lastSeq, MINUTE, nowIso, openSalesStore, product, published, transports, unique, type SalesStore } from '../support/sales';

const HOUR = 60 * MINUTE;

/** The store's day `offset` days from now, as setRate takes it. */
async function day(s: SalesStore, offset = 0): Promise<string> {
  const { timeZone } = await s.t.ok('settings.get', {}, s.admin);
  return dayOf(s.t.clock() + offset * 24 * HOUR, timeZone);
}

describe.each(transports)('tax classes over %s', (transport) => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore(transport);
    await s.t.ok('settings.update', { timeZone: 'UTC' }, s.admin);
  });
  afterAll(() => s.close());

  const create = (name: string, rateBp: number, token = s.manager) => s.t.ok('taxClasses.create', { name, rateBp }, token);

  test('create returns the class with its rate since always, records tax_class.created and pushes taxClass.changed', async () => {
    const seq = lastSeq(s);
    const { result: created, events } = await published(s, () => create('  Standard 20 %  ', 2000));
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Standard 20 %',
      rateBp: 2000,
      rates: [{ rateBp: 2000, effectiveFrom: '1970-01-01' }],
      archived: false,
      productCount: 0,
      createdAt: nowIso(s),
      updatedAt: nowIso(s),
    });
    expect(events).toEqual([{ event: 'taxClass.changed', data: { id: created.id } }]);
    const logged = eventsSince(s, seq);
    expect(logged.map((e) => [e.type, e.entity, e.entityId, e.actor])).toEqual([['tax_class.created', 'tax_class', created.id, s.userId.manager]]);
    expect(logged[0]?.after).toEqual({ name: 'Standard 20 %', rateBp: 2000 });
    const listed = await s.t.ok('taxClasses.list', {}, s.cashier);
    expect(listed.items.find((c) => c.id === created.id)).toEqual(created);
  });

  test('the list is by name; archived classes only when asked; productCount counts the products in each', async () => {
    const reduced = await create(unique('Reduced'), 550);
    const zero = await create(unique('Zero rated'), 0);
    await product(s, { taxClassId: reduced.id, taxRateBp: undefined });
    await product(s, { taxClassId: reduced.id, taxRateBp: undefined });
    const { items } = await s.t.ok('taxClasses.list', {}, s.support);
    expect(items.map((c) => c.name)).toEqual([...items.map((c) => c.name)].sort((a, b) => a.localeCompare(b)));
    expect(items.find((c) => c.id === reduced.id)?.productCount).toBe(2);
    expect(items.find((c) => c.id === zero.id)?.productCount).toBe(0);

    const archived = await s.t.ok('taxClasses.update', { id: zero.id, archived: true }, s.manager);
    expect(archived).toMatchObject({ archived: true, name: zero.name, rateBp: 0 });
    expect((await s.t.ok('taxClasses.list', {}, s.cashier)).items.map((c) => c.id)).not.toContain(zero.id);
    expect((await s.t.ok('taxClasses.list', { includeArchived: true }, s.cashier)).items.find((c) => c.id === zero.id)).toEqual(archived);
  });

  test('rename and archive are one event each with before and after; names are unique ignoring case', async () => {
    const a = await create(unique('Alpha'), 1000);
    const b = await create(unique('Beta'), 1000);
    await advance(s, 5 * MINUTE);
    const seq = lastSeq(s);
    const renamed = await s.t.ok('taxClasses.update', { id: a.id, name: `${a.name} renamed` }, s.admin);
    expect(renamed).toEqual({ ...a, name: `${a.name} renamed`, updatedAt: nowIso(s) });
    const logged = eventsSince(s, seq);
    expect(logged.map((e) => [e.type, e.entityId, e.actor])).toEqual([['tax_class.updated', a.id, s.userId.admin]]);
    // What changed: the name (it stays unarchived).
    expect(logged[0]?.before).toEqual({ name: a.name });
    expect(logged[0]?.after).toEqual({ name: `${a.name} renamed` });

    for (const attempt of [
      () => s.t.fail('taxClasses.create', { name: b.name.toUpperCase(), rateBp: 500 }, s.manager),
      () => s.t.fail('taxClasses.update', { id: a.id, name: ` ${b.name.toLowerCase()} ` }, s.manager),
    ]) {
      const e = await expectNoWrites(s, attempt);
      expect(e.code).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([['name']]);
    }
    // Its own name again (or in another case) is no clash.
    expect((await s.t.ok('taxClasses.update', { id: b.id, name: b.name.toUpperCase() }, s.manager)).name).toBe(b.name.toUpperCase());
  });

  test('who may: every role lists; only managers and admins create, update and set rates', async () => {
    const c = await create(unique('Roles'), 700);
    for (const token of [s.cashier, s.support]) {
      for (const [method, input] of [
        ['taxClasses.create', { name: unique('Nope'), rateBp: 100 }],
        ['taxClasses.update', { id: c.id, archived: true }],
        ['taxClasses.setRate', { id: c.id, rateBp: 800, effectiveFrom: await day(s, 1) }],
      ] as const) {
        expect((await expectNoWrites(s, () => s.t.fail(method, input, token))).code).toBe('FORBIDDEN');
      }
    }
    expect((await s.t.fail('taxClasses.list', {})).code).toBe('UNAUTHENTICATED');
  });

  test('bad input is VALIDATION naming the field; an unknown class is NOT_FOUND; nothing written', async () => {
    const c = await create(unique('Checked'), 700);
    const cases: [string, unknown, string][] = [
      ['taxClasses.create', { name: '', rateBp: 100 }, 'name'],
      ['taxClasses.create', { name: 'x'.repeat(61), rateBp: 100 }, 'name'],
      ['taxClasses.create', { name: unique('Neg'), rateBp: -1 }, 'rateBp'],
      ['taxClasses.create', { name: unique('Frac'), rateBp: 5.5 }, 'rateBp'],
      ['taxClasses.setRate', { id: c.id, rateBp: 800, effectiveFrom: '2026-13-01' }, 'effectiveFrom'],
      ['taxClasses.setRate', { id: c.id, rateBp: 800, effectiveFrom: await day(s, -1) }, 'effectiveFrom'],
    ];
    for (const [method, input, field] of cases) {
      const e = await expectNoWrites(s, () => s.t.fail(method as 'taxClasses.create', input, s.manager));
      expect(e.code, `${method} ${JSON.stringify(input)}`).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([[field]]);
    }
    for (const [method, input] of [
      ['taxClasses.update', { id: 'no-such-class', name: 'X' }],
      ['taxClasses.setRate', { id: 'no-such-class', rateBp: 1, effectiveFrom: await day(s) }],
    ] as const) {
      expect((await expectNoWrites(s, () => s.t.fail(method, input, s.manager))).code).toBe('NOT_FOUND');
    }
  });
});

describe('a rate changed from a day on', () => {
  // A fresh store per test: it starts at 09:00 UTC with sessions good for 12 hours.
  let s: SalesStore;
  beforeEach(async () => {
    s = await openSalesStore('in-process');
  });
  afterEach(() => s.close());

  /** An order of one unit and its invoice. */
  async function sale(productId: string) {
    const order = await s.t.ok('orders.create', { lines: [{ productId, quantity: 1 }] }, s.cashier);
    const invoice = await s.t.ok('invoices.generate', { orderId: order.id }, s.cashier);
    return { order, invoice };
  }

  test('a sale before the day takes the old rate, on or after it the new; issued invoices never change', async () => {
    // 09:00 UTC is 18:00 in Tokyo: its midnight comes within the sessions' life.
    await s.t.ok('settings.update', { timeZone: 'Asia/Tokyo' }, s.admin);
    const standard = await s.t.ok('taxClasses.create', { name: 'Standard', rateBp: 2000 }, s.manager);
    const p = await product(s, { unitPrice: 1000, taxClassId: standard.id, taxRateBp: undefined });
    const tomorrow = await day(s, 1);

    const seq = lastSeq(s);
    const { result: set, events } = await published(s, () => s.t.ok('taxClasses.setRate', { id: standard.id, rateBp: 2100, effectiveFrom: tomorrow }, s.manager));
    expect(set).toMatchObject({ rateBp: 2000, rates: [{ rateBp: 2000, effectiveFrom: '1970-01-01' }, { rateBp: 2100, effectiveFrom: tomorrow }] });
    expect(events).toEqual([{ event: 'taxClass.changed', data: { id: standard.id } }]);
    const logged = eventsSince(s, seq);
    expect(logged.map((e) => [e.type, e.entityId, e.actor])).toEqual([['tax_class.rate_set', standard.id, s.userId.manager]]);
    expect(logged[0]?.after).toEqual({ rateBp: 2100, effectiveFrom: tomorrow });
    expect(logged[0]?.before).toMatchObject({ rateBp: 2000 });

    // Today: the old rate, on the product as read and on what is sold.
    expect((await s.t.ok('products.get', { id: p.id }, s.cashier)).taxRateBp).toBe(2000);
    const before = await sale(p.id);
    expect(before.order.lines[0]).toMatchObject({ taxClassId: standard.id, taxRateBp: 2000, tax: 200, total: 1200 });
    expect(before.invoice).toMatchObject({ tax: 200, total: 1200 });

    // Past midnight: the new rate, everywhere a product is read.
    await advance(s, 6 * HOUR);
    expect(await day(s)).toBe(tomorrow);
    expect((await s.t.ok('taxClasses.list', {}, s.cashier)).items.find((c) => c.id === standard.id)?.rateBp).toBe(2100);
    expect((await s.t.ok('products.get', { id: p.id }, s.cashier)).taxRateBp).toBe(2100);
    expect((await s.t.ok('products.findByCode', { code: p.sku }, s.cashier)).taxRateBp).toBe(2100);
    expect((await s.t.ok('products.list', { query: p.sku }, s.cashier)).items.map((x) => x.taxRateBp)).toEqual([2100]);
    const after = await sale(p.id);
    expect(after.order.lines[0]).toMatchObject({ taxRateBp: 2100, tax: 210, total: 1210 });

    // What was issued keeps its rate; the held order kept the rate it was taken at.
    expect(await s.t.ok('invoices.get', { id: before.invoice.id }, s.manager)).toEqual(before.invoice);
    expect((await s.t.ok('orders.get', { id: before.order.id }, s.manager)).lines[0]).toMatchObject({ taxRateBp: 2000, tax: 200 });

    // A day already begun cannot be changed back; today itself can (the same day replaces).
    const past = await expectNoWrites(s, () => s.t.fail('taxClasses.setRate', { id: standard.id, rateBp: 2000, effectiveFrom: '2026-06-01' }, s.manager));
    expect(issuePaths(past)).toEqual([['effectiveFrom']]);
    const today = await s.t.ok('taxClasses.setRate', { id: standard.id, rateBp: 2200, effectiveFrom: tomorrow }, s.admin);
    expect(today).toMatchObject({ rateBp: 2200, rates: [{ rateBp: 2000, effectiveFrom: '1970-01-01' }, { rateBp: 2200, effectiveFrom: tomorrow }] });
  });

  test("the day is the store's: in Auckland the new rate starts while it is still the day before in UTC", async () => {
    await s.t.ok('settings.update', { timeZone: 'Pacific/Auckland' }, s.admin);
    const c = await s.t.ok('taxClasses.create', { name: 'GST', rateBp: 1500 }, s.manager);
    const p = await product(s, { unitPrice: 1000, taxClassId: c.id, taxRateBp: undefined });
    // 09:00 UTC is 21:00 in Auckland (UTC+12 in winter).
    const tomorrow = await day(s, 1);
    expect(tomorrow).toBe('2026-06-02');
    expect(dayOf(s.t.clock(), 'UTC')).toBe('2026-06-01');
    await s.t.ok('taxClasses.setRate', { id: c.id, rateBp: 1600, effectiveFrom: tomorrow }, s.manager);
    expect((await sale(p.id)).order.lines[0]?.taxRateBp).toBe(1500);
    await advance(s, 2 * HOUR + 50 * MINUTE); // 23:50 in Auckland
    expect((await sale(p.id)).order.lines[0]?.taxRateBp).toBe(1500);

    await advance(s, 20 * MINUTE); // 12:10 UTC, still 1 June there; 00:10 on 2 June in Auckland
    expect(await day(s)).toBe(tomorrow);
    expect(dayOf(s.t.clock(), 'UTC')).toBe('2026-06-01');
    expect((await sale(p.id)).order.lines[0]?.taxRateBp).toBe(1600);
    expect((await s.t.ok('products.get', { id: p.id }, s.cashier)).taxRateBp).toBe(1600);
  });
});
