/**
 * The catalogue down from the head office, against a real PostgreSQL: products and prices
 * imported from CSV with `tessera headoffice import products`, applied by an attached till
 * whole (one version, or several at once after a week offline), sold at the head office's
 * price; a bad file changes nothing; a version a till cannot apply is refused whole and said.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importProducts } from '../../electron/headoffice/catalogue';
import { tessera } from '../support/cli';
import { tempDir } from '../support/core';
import { runSync, testHeadOffice, type TestHeadOffice } from '../support/headOffice';
import { pgSkipReason, testPgUrl } from '../support/postgres';
import { openSalesStore, unique, type SalesStore } from '../support/sales';
import { openTill, signInAt } from '../support/till';

const adminUrl = testPgUrl();
if (!adminUrl) console.warn(pgSkipReason());

const csv = (rows: string[]) => ['sku,name,price,tax_rate,barcode,category', ...rows].join('\n') + '\n';

describe.skipIf(!adminUrl)('the catalogue comes down from the head office', () => {
  let ho: TestHeadOffice;
  let s: SalesStore;
  let url: string;
  beforeAll(async () => {
    ho = await testHeadOffice(adminUrl!);
    url = (await ho.add('Catalogue Street')).url;
    s = await openSalesStore('in-process');
  });
  afterAll(async () => {
    await s?.close();
    await ho?.drop();
  });

  const catalogueVersion = () => s.t.core.services.headOffice.attachment()?.catalogueVersion ?? 0;

  test('imported products reach the till and sell at the head office price; a new price follows', async () => {
    const file = path.join(tempDir('tessera-csv-'), 'products.csv');
    fs.writeFileSync(file, csv(['COF-1,Coffee beans 1kg,18.90,7,4006381333931,Coffee', 'MUG-1,"Mug, large",9.50,20,,Kitchen']));
    const r = await tessera(['headoffice', 'import', 'products', file, '--url', ho.url]);
    expect(r.stdout, r.stderr).toMatch(/Catalogue version \d+: 2 products added, 0 changed, 2 tax classes added/);
    expect(r.code).toBe(0);

    const sync = runSync(ho, s, url, { catalogueEveryMs: 20 });
    try {
      await expect.poll(() => catalogueVersion(), { timeout: 20_000 }).toBeGreaterThan(0);
      const beans = s.t.core.services.products.findByCode('4006381333931');
      expect(beans).toMatchObject({ sku: 'COF-1', name: 'Coffee beans 1kg', unitPrice: 1890, taxRateBp: 700, category: 'Coffee' });
      expect(s.t.core.services.products.findByCode('MUG-1')).toMatchObject({ name: 'Mug, large', unitPrice: 950, taxRateBp: 2000 });

      const cashier = await signInAt(s, 'cashier');
      await openTill(s, cashier);
      const sale = await s.t.ok('orders.checkout', { lines: [{ productId: beans.id, quantity: 1 }], tenders: [{ method: 'card', amount: 2022 }], idempotencyKey: unique('cat') }, cashier);
      expect(sale.invoice.total).toBe(2022);

      const before = catalogueVersion();
      await importProducts(ho.url, csv(['COF-1,Coffee beans 1kg,19.90,7,4006381333931,Coffee']));
      await expect.poll(() => catalogueVersion(), { timeout: 20_000 }).toBeGreaterThan(before);
      expect(s.t.core.services.products.findByCode('COF-1').unitPrice).toBe(1990);
    } finally {
      await sync.stop();
    }
  });

  test('a till offline for several versions applies them all at once, whole', async () => {
    const start = catalogueVersion();
    await importProducts(ho.url, csv(['TEA-1,Green tea,4.20,7,,Tea']));
    await importProducts(ho.url, csv(['TEA-2,Black tea,3.80,7,,Tea']));
    await importProducts(ho.url, csv(['TEA-1,Green tea,4.40,7,,Tea']));
    const [head] = await ho.query<{ v: string }>('SELECT max(version) AS v FROM catalogue_items');
    const sync = runSync(ho, s, url, { catalogueEveryMs: 20 });
    try {
      await expect.poll(() => catalogueVersion(), { timeout: 20_000 }).toBe(Number(head!.v));
      expect(catalogueVersion()).toBeGreaterThan(start + 2);
      expect(s.t.core.services.products.findByCode('TEA-1').unitPrice).toBe(440);
      expect(s.t.core.services.products.findByCode('TEA-2').unitPrice).toBe(380);
      // One audit entry per version applied, not per product.
      const entries = await s.t.ok('audit.list', { type: 'catalogue.applied' }, s.admin);
      expect(entries.items[0]?.after).toMatchObject({ version: Number(head!.v), products: 2 });
    } finally {
      await sync.stop();
    }
  });

  test('a bad file names the line and changes nothing', async () => {
    const [before] = await ho.query<{ n: string; v: string | null }>('SELECT count(*) AS n, max(version) AS v FROM catalogue_items');
    await expect(importProducts(ho.url, csv(['OK-1,Fine,1.00,20,,', 'BAD-1,Broken,twelve,20,,']))).rejects.toThrow(/line 3: price "twelve"/);
    await expect(importProducts(ho.url, 'sku,name,price,colour\nA,B,1.00,red\n')).rejects.toThrow(/unknown column "colour"/);
    await expect(importProducts(ho.url, csv(['DUP-1,One,1.00,20,,', 'DUP-1,Two,1.00,20,,']))).rejects.toThrow(/line 3: sku DUP-1 appears twice/);
    // A SKU or barcode names one product across the head office, whoever adds it (another till's edit, say).
    const clash = { kind: 'product', id: 'another-id', data: { id: 'another-id', sku: 'COF-1', barcode: null, name: 'Clash', unitPrice: 1, taxClassId: 'x', openPrice: false, cost: null, category: null, archived: false } };
    await expect(ho.query('SELECT tessera_catalogue_put($1::jsonb)', [JSON.stringify([clash])])).rejects.toMatchObject({ code: '23505' });
    const [after] = await ho.query<{ n: string; v: string | null }>('SELECT count(*) AS n, max(version) AS v FROM catalogue_items');
    expect(after).toEqual(before);
  });

  test('a version the till cannot apply (its own product holds the SKU) is refused whole and said; the books keep shipping', async () => {
    // A product this till made before it was attached (attached, the Admin screens send edits to the head office).
    s.t.core.services.products.create({ sku: 'LOCAL-1', name: 'Made here', unitPrice: 100 }, s.t.core.services.auth.resolve(s.admin));
    const start = catalogueVersion();
    await importProducts(ho.url, csv(['NEW-9,Arrives,2.00,20,,', 'LOCAL-1,Clashes,3.00,20,,']));
    const sync = runSync(ho, s, url, { catalogueEveryMs: 20 });
    try {
      await expect.poll(() => sync.status()?.error ?? '', { timeout: 20_000 }).toMatch(/could not be applied here: .*LOCAL-1/);
      expect(catalogueVersion()).toBe(start);
      expect(() => s.t.core.services.products.findByCode('NEW-9')).toThrow();
      await sync.synced();
    } finally {
      await sync.stop();
    }
  });
});
