/**
 * products.* through the dispatcher on a real SQLite file, over both hosts: create, update,
 * get, findByCode, list (search, category, archived, keyset paging), categories; the
 * uniqueness of SKU and barcode, field-named validation errors, roles, and the events.
 * The search over a few thousand products, each way it can be read, against a plain scan; the
 * search index on a store migrated from before it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DB_FILE } from '../../electron/core/core';
import { openStore } from '../../electron/core/db/open';
import type { Input, Product } from '../../shared/contract';
import { adminInput, migrationsFolder, startCore, tempDir } from '../support/core';
import {
  advance,
  allPages,
  eventsSince,
  expectNoWrites,
  issuePaths,
  lastSeq,
  MINUTE,
  nowIso,
  openSalesStore,
  product,
  transports,
  unique,
  type SalesStore,
} from '../support/sales';

describe.each(transports)('products over %s', (transport) => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore(transport);
  });
  afterAll(() => s.close());

  test('create returns the product with its defaults and records product.created; get returns the same', async () => {
    const seq = lastSeq(s);
    const created = await s.t.ok('products.create', { sku: 'ESP-1', name: '  Espresso  ', unitPrice: 250 }, s.manager);
    expect(created).toEqual({
      id: expect.any(String),
      sku: 'ESP-1',
      barcode: null,
      name: 'Espresso',
      unitPrice: 250,
      taxClassId: expect.any(String),
      taxRateBp: 0,
      openPrice: false,
      cost: null,
      category: null,
      archived: false,
      createdAt: nowIso(s),
      updatedAt: nowIso(s),
    });
    expect(await s.t.ok('products.get', { id: created.id }, s.support)).toEqual(created);
    // The store's first product without a rate makes the class at 0 % in the same write.
    const events = eventsSince(s, seq);
    expect(events.map((e) => [e.type, e.entity, e.entityId, e.actor])).toEqual([
      ['tax_class.created', 'tax_class', created.taxClassId, s.userId.manager],
      ['product.created', 'product', created.id, s.userId.manager],
    ]);
    expect(events[1]?.after).toMatchObject({ sku: 'ESP-1', unitPrice: 250 });
  });

  test('create with every field', async () => {
    const p = await s.t.ok(
      'products.create',
      { sku: 'CRO-1', name: 'Croissant', unitPrice: 180, taxRateBp: 700, barcode: '4006381333931', category: 'Bakery' },
      s.admin,
    );
    expect(p).toMatchObject({ sku: 'CRO-1', name: 'Croissant', unitPrice: 180, taxRateBp: 700, barcode: '4006381333931', category: 'Bakery', archived: false });
  });

  test('update changes the given fields only, moves updatedAt, and records before and after', async () => {
    const p = await product(s, { name: 'Tea', unitPrice: 300, taxRateBp: 700, barcode: unique('bc'), category: 'Drinks' });
    await advance(s, 5 * MINUTE);
    const seq = lastSeq(s);
    const updated = await s.t.ok('products.update', { id: p.id, unitPrice: 320, name: 'Green tea' }, s.manager);
    expect(updated).toEqual({ ...p, unitPrice: 320, name: 'Green tea', updatedAt: nowIso(s) });
    expect(updated.updatedAt).not.toBe(p.createdAt);
    const events = eventsSince(s, seq);
    expect(events.map((e) => [e.type, e.entityId])).toEqual([['product.updated', p.id]]);
    expect(events[0]?.before).toMatchObject({ unitPrice: 300, name: 'Tea' });
    expect(events[0]?.after).toMatchObject({ unitPrice: 320, name: 'Green tea' });

    // null clears the optional fields; archived is settable both ways
    const cleared = await s.t.ok('products.update', { id: p.id, barcode: null, category: null, archived: true }, s.admin);
    expect(cleared).toMatchObject({ barcode: null, category: null, archived: true, unitPrice: 320 });
    const restored = await s.t.ok('products.update', { id: p.id, archived: false }, s.admin);
    expect(restored.archived).toBe(false);
    expect(await s.t.ok('products.get', { id: p.id }, s.cashier)).toEqual(restored);
  });

  test('update may keep its own SKU and barcode', async () => {
    const p = await product(s, { barcode: unique('bc') });
    const same = await s.t.ok('products.update', { id: p.id, sku: p.sku, barcode: p.barcode }, s.admin);
    expect(same).toMatchObject({ sku: p.sku, barcode: p.barcode });
  });

  test('get and update of an unknown id are NOT_FOUND', async () => {
    expect((await s.t.fail('products.get', { id: 'no-such-product' }, s.admin)).code).toBe('NOT_FOUND');
    const e = await expectNoWrites(s, () => s.t.fail('products.update', { id: 'no-such-product', name: 'X' }, s.admin));
    expect(e.code).toBe('NOT_FOUND');
  });

  test('findByCode finds by barcode and by SKU, also archived products; unknown code is NOT_FOUND', async () => {
    const barcode = unique('590123412345');
    const p = await product(s, { sku: unique('FIND'), barcode });
    expect(await s.t.ok('products.findByCode', { code: barcode }, s.cashier)).toEqual(p);
    expect(await s.t.ok('products.findByCode', { code: p.sku }, s.support)).toEqual(p);
    expect(await s.t.ok('products.findByCode', { code: `  ${p.sku}  ` }, s.cashier)).toEqual(p);
    const archived = await s.t.ok('products.update', { id: p.id, archived: true }, s.admin);
    expect(await s.t.ok('products.findByCode', { code: barcode }, s.cashier)).toEqual(archived);
    const e = await s.t.fail('products.findByCode', { code: 'NOPE-404' }, s.cashier);
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('NOPE-404');
    expect(issuePaths(await s.t.fail('products.findByCode', { code: 'two words' }, s.cashier))).toEqual([['code']]);
  });

  test('a duplicate SKU or barcode is a CONFLICT naming the field, on create and on update, and writes nothing', async () => {
    const a = await product(s, { sku: unique('DUP'), barcode: unique('dupbc') });
    const b = await product(s, { sku: unique('DUP'), barcode: unique('dupbc') });

    const sku = await expectNoWrites(s, () => s.t.fail('products.create', { sku: a.sku, name: 'Other', unitPrice: 1 }, s.admin));
    expect(sku.code).toBe('CONFLICT');
    expect(issuePaths(sku)).toEqual([['sku']]);

    const barcode = await expectNoWrites(s, () =>
      s.t.fail('products.create', { sku: unique('FRESH'), barcode: a.barcode, name: 'Other', unitPrice: 1 }, s.admin),
    );
    expect(barcode.code).toBe('CONFLICT');
    expect(issuePaths(barcode)).toEqual([['barcode']]);

    const upSku = await expectNoWrites(s, () => s.t.fail('products.update', { id: b.id, sku: a.sku }, s.manager));
    expect(upSku.code).toBe('CONFLICT');
    expect(issuePaths(upSku)).toEqual([['sku']]);
    const upBarcode = await expectNoWrites(s, () => s.t.fail('products.update', { id: b.id, barcode: a.barcode }, s.manager));
    expect(upBarcode.code).toBe('CONFLICT');
    expect(issuePaths(upBarcode)).toEqual([['barcode']]);
    expect(await s.t.ok('products.get', { id: b.id }, s.admin)).toEqual(b);
  });

  test('two products may both have no barcode', async () => {
    const a = await product(s);
    const b = await product(s);
    expect([a.barcode, b.barcode]).toEqual([null, null]);
  });

  test.each([
    ['unitPrice -1', { unitPrice: -1 }, ['unitPrice']],
    ['unitPrice 1.5', { unitPrice: 1.5 }, ['unitPrice']],
    ['unitPrice as a string', { unitPrice: '10' }, ['unitPrice']],
    ['unitPrice over 10^12', { unitPrice: 1_000_000_000_001 }, ['unitPrice']],
    ['taxRateBp 10001', { taxRateBp: 10_001 }, ['taxRateBp']],
    ['taxRateBp 7.5', { taxRateBp: 7.5 }, ['taxRateBp']],
    ['an empty name', { name: '   ' }, ['name']],
    ['a name over 200 characters', { name: 'x'.repeat(201) }, ['name']],
    ['a SKU with a space', { sku: 'A B' }, ['sku']],
    ['a barcode with a control character', { barcode: 'A\u0007B' }, ['barcode']],
    ['an unknown key', { colour: 'red' }, ['colour']],
  ])('create with %s is VALIDATION naming the field and writes nothing', async (_label, patch, path) => {
    const e = await expectNoWrites(s, () => s.t.fail('products.create', { sku: unique('VAL'), name: 'Valid', unitPrice: 100, ...patch }, s.admin));
    expect(e.code).toBe('VALIDATION');
    expect(issuePaths(e)).toEqual([path]);
  });

  test('update validates the same way', async () => {
    const p = await product(s);
    for (const [patch, path] of [
      [{ unitPrice: -1 }, ['unitPrice']],
      [{ unitPrice: 1.5 }, ['unitPrice']],
      [{ archived: 'yes' }, ['archived']],
    ] as const) {
      const e = await expectNoWrites(s, () => s.t.fail('products.update', { id: p.id, ...patch }, s.admin));
      expect(e.code).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([path]);
    }
    expect(await s.t.ok('products.get', { id: p.id }, s.admin)).toEqual(p);
  });

  test('cashier and support may not create or update (FORBIDDEN); nothing is written', async () => {
    const p = await product(s);
    for (const token of [s.cashier, s.support]) {
      const c = await expectNoWrites(s, () => s.t.fail('products.create', { sku: unique('NO'), name: 'No', unitPrice: 1 }, token));
      expect(c.code).toBe('FORBIDDEN');
      const u = await expectNoWrites(s, () => s.t.fail('products.update', { id: p.id, unitPrice: 1 }, token));
      expect(u.code).toBe('FORBIDDEN');
    }
    expect(await s.t.ok('products.get', { id: p.id }, s.admin)).toEqual(p);
  });

  test('every role may read: get, findByCode, list, categories; no session is UNAUTHENTICATED', async () => {
    const p = await product(s, { category: 'Readable' });
    for (const token of [s.admin, s.manager, s.cashier, s.support]) {
      expect(await s.t.ok('products.get', { id: p.id }, token)).toEqual(p);
      expect(await s.t.ok('products.findByCode', { code: p.sku }, token)).toEqual(p);
      expect((await s.t.ok('products.list', { category: 'Readable' }, token)).items).toEqual([p]);
      expect((await s.t.ok('products.categories', {}, token)).items).toContain('Readable');
    }
    expect((await s.t.fail('products.get', { id: p.id })).code).toBe('UNAUTHENTICATED');
    expect((await s.t.fail('products.list', {}, 'not-a-token')).code).toBe('UNAUTHENTICATED');
    expect((await s.t.fail('products.create', { sku: unique('X'), name: 'X', unitPrice: 1 })).code).toBe('UNAUTHENTICATED');
  });
});

describe.each(transports)('products.list and products.categories over %s', (transport) => {
  let s: SalesStore;
  const byName: Record<string, Product> = {};
  beforeAll(async () => {
    s = await openSalesStore(transport);
    const rows = [
      { sku: 'COF-ESP', name: 'Espresso', category: 'Coffee' },
      { sku: 'COF-DBL', name: 'Double espresso', category: 'Coffee' },
      { sku: 'COF-FW', name: 'Flat White', category: 'Coffee', barcode: '7310865004703' },
      { sku: 'BAK-FB', name: 'flat bread', category: 'Bakery' },
      { sku: 'BAK-CRO', name: 'Croissant', category: 'Bakery' },
      { sku: 'MER-CUP', name: 'ESPRESSO CUP', category: 'Merch' },
      { sku: 'MER-100', name: '100% Cotton bag', category: 'Merch' },
      { sku: 'NOCAT', name: 'Gift card' },
      { sku: 'OLD-LAT', name: 'Latte', category: 'Coffee', archived: true },
      { sku: 'OLD-RET', name: 'Retired mug', category: 'Retired', archived: true },
    ];
    for (const { archived, ...input } of rows) {
      let p = await product(s, { unitPrice: 100, ...input });
      if (archived) p = await s.t.ok('products.update', { id: p.id, archived: true }, s.admin);
      byName[p.name] = p;
    }
  });
  afterAll(() => s.close());

  const names = (items: Product[]) => items.map((p) => p.name);

  test('without filters: every active product, by name ignoring case', async () => {
    const page = await s.t.ok('products.list', {}, s.cashier);
    expect(names(page.items)).toEqual(['100% Cotton bag', 'Croissant', 'Double espresso', 'Espresso', 'ESPRESSO CUP', 'flat bread', 'Flat White', 'Gift card']);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toEqual(byName['100% Cotton bag']);
  });

  test('query matches a part of the name, ignoring case', async () => {
    expect(names((await s.t.ok('products.list', { query: 'ESPRESSO' }, s.cashier)).items)).toEqual(['Double espresso', 'Espresso', 'ESPRESSO CUP']);
    expect(names((await s.t.ok('products.list', { query: 'spress' }, s.cashier)).items)).toEqual(['Double espresso', 'Espresso', 'ESPRESSO CUP']);
    expect(names((await s.t.ok('products.list', { query: 'flat' }, s.cashier)).items)).toEqual(['flat bread', 'Flat White']);
    expect(names((await s.t.ok('products.list', { query: 'WHITE' }, s.cashier)).items)).toEqual(['Flat White']);
    expect((await s.t.ok('products.list', { query: 'zzz' }, s.cashier)).items).toEqual([]);
  });

  test('query takes % and _ literally', async () => {
    expect(names((await s.t.ok('products.list', { query: '100%' }, s.cashier)).items)).toEqual(['100% Cotton bag']);
    expect(names((await s.t.ok('products.list', { query: '%' }, s.cashier)).items)).toEqual(['100% Cotton bag']);
    expect((await s.t.ok('products.list', { query: '_' }, s.cashier)).items).toEqual([]);
  });

  test('query also finds a SKU or barcode by its beginning', async () => {
    expect(names((await s.t.ok('products.list', { query: 'BAK-' }, s.cashier)).items)).toEqual(['Croissant', 'flat bread']);
    expect(names((await s.t.ok('products.list', { query: '7310865' }, s.cashier)).items)).toEqual(['Flat White']);
  });

  test('category filters exactly; includeArchived adds archived products', async () => {
    expect(names((await s.t.ok('products.list', { category: 'Coffee' }, s.cashier)).items)).toEqual(['Double espresso', 'Espresso', 'Flat White']);
    expect(names((await s.t.ok('products.list', { category: 'Coffee', includeArchived: true }, s.cashier)).items)).toEqual([
      'Double espresso',
      'Espresso',
      'Flat White',
      'Latte',
    ]);
    const all = await s.t.ok('products.list', { includeArchived: true }, s.support);
    expect(all.items).toHaveLength(10);
    expect(all.items.find((p) => p.name === 'Latte')?.archived).toBe(true);
    expect(names((await s.t.ok('products.list', { query: 'latte' }, s.cashier)).items)).toEqual([]);
    expect(names((await s.t.ok('products.list', { query: 'latte', includeArchived: true }, s.cashier)).items)).toEqual(['Latte']);
    expect((await s.t.ok('products.list', { category: 'Nope' }, s.cashier)).items).toEqual([]);
  });

  test('categories: the distinct categories of active products, by name', async () => {
    expect(await s.t.ok('products.categories', {}, s.support)).toEqual({ items: ['Bakery', 'Coffee', 'Merch'] });
  });

  test('keyset paging walks every product once, in order, with nextCursor null at the end', async () => {
    const everything = (await s.t.ok('products.list', { includeArchived: true, limit: 500 }, s.admin)).items;
    for (const limit of [1, 3, 5, 10]) {
      const { items, pages } = await allPages((cursor) => s.t.ok('products.list', { includeArchived: true, limit, cursor }, s.admin));
      expect(items).toEqual(everything);
      expect(new Set(items.map((p) => p.id)).size).toBe(10);
      expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
      expect(pages.length).toBe(Math.ceil(10 / limit));
    }
    // a page that ends exactly at the last row has no next cursor
    expect((await s.t.ok('products.list', { includeArchived: true, limit: 10 }, s.admin)).nextCursor).toBeNull();
  });

  test('paging keeps the filter', async () => {
    const { items } = await allPages((cursor) => s.t.ok('products.list', { query: 'espresso', limit: 1, cursor }, s.cashier));
    expect(names(items)).toEqual(['Double espresso', 'Espresso', 'ESPRESSO CUP']);
  });

  test('products with the same name are paged by id, without duplicates or gaps', async () => {
    const s2 = await openSalesStore(transport);
    try {
      const made: string[] = [];
      for (let i = 0; i < 7; i++) made.push((await product(s2, { name: i % 2 ? 'Same name' : 'same NAME' })).id);
      const { items } = await allPages((cursor) => s2.t.ok('products.list', { limit: 2, cursor }, s2.cashier));
      expect(items.map((p) => p.id).sort()).toEqual([...made].sort());
    } finally {
      await s2.close();
    }
  });

  test('a bad cursor or limit is VALIDATION naming the field', async () => {
    const orderCursor = Buffer.from(JSON.stringify([5])).toString('base64url');
    for (const cursor of ['not a cursor', '!!!', orderCursor, Buffer.from('{"a":1}').toString('base64url'), '']) {
      const e = await s.t.fail('products.list', { cursor }, s.cashier);
      expect(e.code).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([['cursor']]);
    }
    for (const limit of [0, 501, 2.5]) {
      const e = await s.t.fail('products.list', { limit }, s.cashier);
      expect(e.code).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([['limit']]);
    }
  });
});

/** What a search matches, by definition: a part of the name ignoring case, or the start of the SKU or barcode ignoring ASCII case. */
function matches(p: { name: string; sku: string; barcode: string | null }, query: string): boolean {
  const ascii = (t: string) => t.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return p.name.toLowerCase().includes(query.toLowerCase()) || [p.sku, p.barcode].some((code) => code !== null && ascii(code).startsWith(ascii(query)));
}

// The search runs in the service; one host is enough here.
describe('products.list search over a few thousand products', () => {
  let s: SalesStore;
  const count = 3300;
  // Listed in the store's order (name_key, then id, as SQLite compares them).
  let all: { id: string; name: string; sku: string; barcode: string | null; category: string | null; archived: number }[] = [];
  beforeAll(async () => {
    s = await openSalesStore('in-process');
    const adjectives = ['Blue', 'Crème', 'Äpfel', 'Dark', 'Zebra', 'Ünïcode', 'Tea'];
    const words = ['Mug', 'Bag', 'Cup', 'Brûlée', 'Lamp'];
    // Plain SQL, as an import or the bench seed writes: the search index follows by triggers.
    const db = s.t.core.store.sqlite;
    const insert = db.prepare(
      `INSERT INTO products (id, sku, barcode, name, name_key, unit_price, tax_rate_bp, category, archived, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 100, 0, ?, ?, '2026-06-01T09:00:00.000Z', '2026-06-01T09:00:00.000Z')`,
    );
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const name = `${adjectives[i % adjectives.length]} ${words[i % words.length]} item ${i}`;
        const barcode = i % 2 ? `77${String(i).padStart(6, '0')}` : null;
        insert.run(`p${String(i).padStart(5, '0')}`, `Sk-${i}`, barcode, name, name.toLowerCase(), [`Kitchen`, 'Bar', null][i % 3], i % 9 === 0 ? 1 : 0);
      }
    })();
    all = db.prepare('SELECT id, name, sku, barcode, category, archived FROM products ORDER BY name_key, id').all() as typeof all;
  });
  afterAll(() => s.close());

  // Dense terms (thousands of matches) walk the name order; rare ones are read from the
  // indexes; 1–2 characters go by the trigram index's terms; SKU and barcode starts by range.
  const queries = [
    'item', 'ITEM 12', 'item 3299', 'zebra', 'Zebra Mug item 7', 'crème', 'CRÈME BRÛLÉE', 'brû', 'ée', 'p i', 'm 1',
    'e', 'E', 'ä', 'üN', 'zz', '9', '%', '_', '"', 'a"b', 'sk-', 'SK-12', 'sK-3299', '7700', '77', 'nothing like it',
  ];
  const filters: Omit<Input<'products.list'>, 'query'>[] = [{}, { category: 'Kitchen' }, { includeArchived: true }, { category: 'Bar', includeArchived: true }];

  test.each(queries)('query %j gives what a plain scan gives, each filter, page by page', async (query) => {
    for (const filter of filters) {
      const expected = all
        .filter((p) => (filter.includeArchived || p.archived === 0) && (filter.category === undefined || p.category === filter.category) && matches(p, query))
        .map((p) => p.id);
      const { items } = await allPages((cursor) => s.t.ok('products.list', { ...filter, query, limit: 500, cursor }, s.cashier));
      expect(items.map((p) => p.id), JSON.stringify(filter)).toEqual(expected);
    }
  });

  test('the first page of a dense and of a rare search, and small pages across both', async () => {
    const first = await s.t.ok('products.list', { query: 'item', limit: 3 }, s.cashier);
    expect(first.items.map((p) => p.name)).toEqual(all.filter((p) => p.archived === 0).slice(0, 3).map((p) => p.name));
    const { items, pages } = await allPages((cursor) => s.t.ok('products.list', { query: 'zebra cup', limit: 7, cursor }, s.cashier));
    expect(items.map((p) => p.id)).toEqual(all.filter((p) => p.archived === 0 && matches(p, 'zebra cup')).map((p) => p.id));
    expect(pages.length).toBeGreaterThan(2);
  });

  test('a query with a control character is VALIDATION naming query (the full-text index cannot take a NUL)', async () => {
    for (const query of ['item\u0000 1', 'i\u0000']) {
      const e = await s.t.fail('products.list', { query }, s.cashier);
      expect(e.code).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([['query']]);
    }
  });

  test('a renamed product is found by its new name only; archiving keeps it out of the default list', async () => {
    const p = await product(s, { name: 'Quokka plush' });
    expect((await s.t.ok('products.list', { query: 'quokka' }, s.cashier)).items).toEqual([p]);
    const renamed = await s.t.ok('products.update', { id: p.id, name: 'Wombat plush' }, s.admin);
    expect((await s.t.ok('products.list', { query: 'quokka' }, s.cashier)).items).toEqual([]);
    expect((await s.t.ok('products.list', { query: 'qu' }, s.cashier)).items).toEqual([]);
    expect((await s.t.ok('products.list', { query: 'WOMBAT' }, s.cashier)).items).toEqual([renamed]);
    expect((await s.t.ok('products.list', { query: 'wo' }, s.cashier)).items).toEqual([renamed]);
    const archived = await s.t.ok('products.update', { id: p.id, archived: true }, s.admin);
    expect((await s.t.ok('products.list', { query: 'wombat' }, s.cashier)).items).toEqual([]);
    expect((await s.t.ok('products.list', { query: 'wombat', includeArchived: true }, s.cashier)).items).toEqual([archived]);
  });
});

describe('the product search index on a store from before it', () => {
  test('migrating indexes the products already there', async () => {
    // The migrations up to the one that adds the index, in a folder of their own.
    const before = tempDir('tessera-migrations-');
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((e) => e.tag === '0005_products_search');
    expect(upTo).toBeGreaterThan(0);
    fs.cpSync(migrationsFolder, before, { recursive: true });
    fs.writeFileSync(path.join(before, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));

    // The store as that version left it: its schema, and products written as its service wrote them.
    const dir = tempDir('tessera-products-');
    const old = openStore({ file: path.join(dir, DB_FILE), migrationsFolder: before });
    const insert = old.sqlite.prepare(
      `INSERT INTO products (id, sku, barcode, name, name_key, unit_price, tax_rate_bp, category, archived, created_at, updated_at)
       VALUES (?, ?, NULL, ?, ?, 100, 0, NULL, 0, '2026-06-01T09:00:00.000Z', '2026-06-01T09:00:00.000Z')`,
    );
    for (const [sku, name] of [['OLD-1', 'Espresso cup'], ['OLD-2', 'Flat white'], ['OLD-3', 'Espresso beans']] as const) insert.run(`old-${sku}`, sku, name, name.toLowerCase());
    old.sqlite.close();

    const t = await startCore('in-process', { dir });
    try {
      const token = (await t.ok('auth.setup', adminInput)).token;
      const names = async (query: string) => (await t.ok('products.list', { query }, token)).items.map((p) => p.name);
      expect(await names('espresso')).toEqual(['Espresso beans', 'Espresso cup']);
      expect(await names('es')).toEqual(['Espresso beans', 'Espresso cup']);
      expect(await names('white')).toEqual(['Flat white']);
      expect(await names('old-3')).toEqual(['Espresso beans']);
    } finally {
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});
