/**
 * Products and their tax classes, over both hosts: a product names its class (usable: known,
 * not archived), or only a rate (the class with that rate, made if none has it), or neither
 * (the class at 0 %); both must agree. The stored rate is the class's of the day. Open price
 * and cost are set, cleared and audited. A product write that rolls back takes the class it
 * made with it, in the database and in what the core remembers.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventsSince, expectNoWrites, issuePaths, lastSeq, openSalesStore, product, transports, unique, type SalesStore } from '../support/sales';

describe.each(transports)('products and tax classes over %s', (transport) => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore(transport);
  });
  afterAll(() => s.close());

  const classes = async () => (await s.t.ok('taxClasses.list', { includeArchived: true }, s.admin)).items;
  const storedRate = (id: string) => (s.t.core.store.sqlite.prepare('SELECT tax_rate_bp AS r FROM products WHERE id = ?').get(id) as { r: number }).r;

  test('a product in a named class takes its rate, stored as of today', async () => {
    const reduced = await s.t.ok('taxClasses.create', { name: unique('Reduced'), rateBp: 550 }, s.manager);
    const p = await product(s, { taxClassId: reduced.id, taxRateBp: undefined });
    expect(p).toMatchObject({ taxClassId: reduced.id, taxRateBp: 550 });
    expect(storedRate(p.id)).toBe(550);
    // Giving the same rate too is fine.
    expect(await product(s, { taxClassId: reduced.id, taxRateBp: 550 })).toMatchObject({ taxClassId: reduced.id, taxRateBp: 550 });
  });

  test('a rate alone takes an active class with that rate, or makes one in the same write', async () => {
    const [first] = (await classes()).filter((c) => c.rateBp === 2000 && !c.archived);
    const again = await product(s, { taxRateBp: 2000 });
    if (first) expect(again.taxClassId).toBe(first.id);
    expect((await product(s, { taxRateBp: 2000 })).taxClassId).toBe(again.taxClassId);

    const seq = lastSeq(s);
    const odd = await product(s, { taxRateBp: 1234 });
    const made = (await classes()).find((c) => c.id === odd.taxClassId);
    expect(made).toMatchObject({ name: 'Tax 12.34 %', rateBp: 1234, productCount: 1, archived: false });
    expect(eventsSince(s, seq).map((e) => e.type)).toEqual(['tax_class.created', 'product.created']);

    // Neither: the class at 0 %.
    const zero = await s.t.ok('products.create', { sku: unique('ZERO'), name: 'Bread', unitPrice: 100 }, s.admin);
    expect(zero.taxRateBp).toBe(0);
    expect((await classes()).find((c) => c.id === zero.taxClassId)?.rateBp).toBe(0);
  });

  test('an archived class with the name a new one would take: the new one is named apart', async () => {
    const first = await product(s, { taxRateBp: 777 });
    await s.t.ok('taxClasses.update', { id: first.taxClassId, archived: true }, s.admin);
    const second = await product(s, { taxRateBp: 777 });
    expect(second.taxClassId).not.toBe(first.taxClassId);
    expect((await classes()).find((c) => c.id === second.taxClassId)?.name).toBe('Tax 7.77 % (2)');
    // The product in the archived class still reads and updates.
    expect(await s.t.ok('products.update', { id: first.id, name: 'Kept in its class' }, s.admin)).toMatchObject({ taxClassId: first.taxClassId, taxRateBp: 777 });
  });

  test('an unknown or archived class, or a rate that disagrees with it: VALIDATION naming the field, nothing written', async () => {
    const c = await s.t.ok('taxClasses.create', { name: unique('Std'), rateBp: 2000 }, s.manager);
    const old = await s.t.ok('taxClasses.create', { name: unique('Old'), rateBp: 1900 }, s.manager);
    await s.t.ok('taxClasses.update', { id: old.id, archived: true }, s.manager);
    const p = await product(s, { taxClassId: c.id, taxRateBp: undefined });
    const cases: [string, Record<string, unknown>, string][] = [
      ['products.create', { taxClassId: 'no-such-class' }, 'taxClassId'],
      ['products.create', { taxClassId: old.id }, 'taxClassId'],
      ['products.create', { taxClassId: c.id, taxRateBp: 1000 }, 'taxRateBp'],
      ['products.update', { id: p.id, taxClassId: 'no-such-class' }, 'taxClassId'],
      ['products.update', { id: p.id, taxClassId: old.id }, 'taxClassId'],
      ['products.update', { id: p.id, taxClassId: c.id, taxRateBp: 1000 }, 'taxRateBp'],
      ['products.create', { cost: -1 }, 'cost'],
      ['products.create', { openPrice: 'yes' }, 'openPrice'],
    ];
    for (const [method, extra, field] of cases) {
      const input = method === 'products.create' ? { sku: unique('BAD'), name: 'Bad', unitPrice: 100, ...extra } : extra;
      const e = await expectNoWrites(s, () => s.t.fail(method as 'products.create', input, s.admin));
      expect(e.code, `${method} ${JSON.stringify(extra)}`).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([[field]]);
    }
  });

  test('update moves a product between classes by class or by rate; the same rate keeps its class', async () => {
    const a = await s.t.ok('taxClasses.create', { name: unique('A'), rateBp: 1000 }, s.manager);
    const b = await s.t.ok('taxClasses.create', { name: unique('B'), rateBp: 2500 }, s.manager);
    const p = await product(s, { taxClassId: a.id, taxRateBp: undefined });
    expect(await s.t.ok('products.update', { id: p.id, taxRateBp: 1000 }, s.admin)).toMatchObject({ taxClassId: a.id });
    const moved = await s.t.ok('products.update', { id: p.id, taxClassId: b.id }, s.admin);
    expect(moved).toMatchObject({ taxClassId: b.id, taxRateBp: 2500 });
    expect(storedRate(p.id)).toBe(2500);
    const byRate = await s.t.ok('products.update', { id: p.id, taxRateBp: 1000 }, s.admin);
    expect(byRate.taxRateBp).toBe(1000);
    expect((await classes()).find((c) => c.id === byRate.taxClassId)?.rateBp).toBe(1000);
    const counts = new Map((await classes()).map((c) => [c.id, c.productCount]));
    expect(counts.get(b.id)).toBe(0);
  });

  test('open price and cost: set, cleared, audited in the product events', async () => {
    const seq = lastSeq(s);
    const p = await product(s, { unitPrice: 0, openPrice: true, cost: 450 });
    expect(p).toMatchObject({ openPrice: true, cost: 450 });
    expect(await s.t.ok('products.get', { id: p.id }, s.cashier)).toEqual(p);
    const cleared = await s.t.ok('products.update', { id: p.id, openPrice: false, cost: null }, s.manager);
    expect(cleared).toMatchObject({ openPrice: false, cost: null });
    const kept = await s.t.ok('products.update', { id: p.id, name: 'Renamed' }, s.manager);
    expect(kept).toMatchObject({ openPrice: false, cost: null });
    const logged = eventsSince(s, seq).filter((e) => e.entityId === p.id);
    expect(logged.map((e) => e.type)).toEqual(['product.created', 'product.updated', 'product.updated']);
    expect(logged[0]?.after).toMatchObject({ openPrice: true, cost: 450 });
    expect(logged[1]?.before).toMatchObject({ openPrice: true, cost: 450 });
    expect(logged[1]?.after).toMatchObject({ openPrice: false, cost: null });
    // The list (raw SQL) maps open price back to a boolean.
    const listed = (await s.t.ok('products.list', { query: p.sku }, s.cashier)).items;
    expect(listed).toEqual([kept]);
    const open = await product(s, { openPrice: true });
    expect((await s.t.ok('products.list', { query: open.sku }, s.cashier)).items[0]?.openPrice).toBe(true);
  });
});

test('a product write that rolls back takes the tax class it made with it', async () => {
  let fail = false;
  const s = await openSalesStore('in-process', {
    hooks: {
      beforeCommit(point) {
        if (fail && point === 'products.create') throw new Error('power cut');
      },
    },
  });
  try {
    const before = (await s.t.ok('taxClasses.list', { includeArchived: true }, s.admin)).items;
    fail = true;
    const e = await expectNoWrites(s, () => s.t.fail('products.create', { sku: unique('CUT'), name: 'Cut', unitPrice: 100, taxRateBp: 4321 }, s.admin));
    expect(e.code).toBe('INTERNAL');
    expect(s.t.core.store.sqlite.prepare('SELECT count(*) AS n FROM tax_classes').get()).toEqual({ n: before.length });
    // Nor does the core remember it: the list and the next product see no such class.
    expect((await s.t.ok('taxClasses.list', { includeArchived: true }, s.admin)).items).toEqual(before);
    fail = false;
    const p = await product(s, { taxRateBp: 4321 });
    expect(s.t.core.store.sqlite.prepare('SELECT count(*) AS n FROM tax_classes WHERE id = ?').get(p.taxClassId)).toEqual({ n: 1 });
  } finally {
    await s.close();
  }
});
