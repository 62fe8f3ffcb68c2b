/**
 * Catalogue edits in an attached installation's Admin screens (products, tax classes), through
 * a real `tessera serve --head-office` process and a real PostgreSQL: the edit goes to the head
 * office first, then is applied here with its audit entry, and reaches another installation;
 * with the head office out of reach it is refused and nothing changes anywhere.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HeadOfficeStatus } from '../../shared/contract/headOffice';
import { tempDir } from '../support/core';
import { runSync, testHeadOffice, type TestHeadOffice } from '../support/headOffice';
import { pgSkipReason, pollUntil, tcpProxy, testPgUrl, type TcpProxy } from '../support/postgres';
import { openSalesStore, type SalesStore } from '../support/sales';
import { rpc, rpcOk, startServerProcess, type ServerProcess } from '../support/server-process';

const adminUrl = testPgUrl();
if (!adminUrl) console.warn(pgSkipReason());

interface Product {
  id: string;
  sku: string;
  unitPrice: number;
  taxClassId: string;
}

describe.skipIf(!adminUrl)('catalogue edits while attached', () => {
  let ho: TestHeadOffice;
  let server: ServerProcess | null = null;
  let proxy: TcpProxy;
  let other: SalesStore;
  let admin: string;
  beforeAll(async () => {
    ho = await testHeadOffice(adminUrl!);
    const { url } = await ho.add('Edit Street');
    const target = new URL(adminUrl!);
    proxy = await tcpProxy(target.hostname, Number(target.port || 5432));
    server = await startServerProcess({ dataDir: tempDir('tessera-ho-edit-'), env: { TESSERA_HEAD_OFFICE_URL: proxy.url(url) } });
    admin = (await rpcOk<{ token: string }>(server.base, 'auth.setup', { username: 'admin', displayName: 'Admin', password: 'correct horse battery' })).token;
    await pollUntil(async () => (await rpcOk<HeadOfficeStatus>(server!.base, 'headOffice.status', {}, admin)).state === 'synced', 20_000, 'the first sync');
    other = await openSalesStore('in-process');
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await other?.close();
    await ho?.drop();
  });

  const atHeadOffice = async (sku: string) =>
    (await ho.query<{ version: string; data: { unitPrice: number; taxClassId: string } }>("SELECT version, data FROM catalogue_items WHERE kind = 'product' AND data->>'sku' = $1", [sku]))[0];

  test('a new product and a new price go to the head office first, are kept here with their audit entries, and reach another installation', async () => {
    const created = await rpcOk<Product>(server!.base, 'products.create', { sku: 'EDIT-1', name: 'Edited here', unitPrice: 500, taxRateBp: 2000 }, admin);
    const first = await atHeadOffice('EDIT-1');
    expect(first?.data).toMatchObject({ unitPrice: 500, taxClassId: created.taxClassId });
    // The tax class the product needed went up with it.
    const [cls] = await ho.query<{ n: string }>("SELECT count(*) AS n FROM catalogue_items WHERE kind = 'tax_class' AND id = $1", [created.taxClassId]);
    expect(Number(cls!.n)).toBe(1);

    const updated = await rpcOk<Product>(server!.base, 'products.update', { id: created.id, unitPrice: 650 }, admin);
    expect(updated.unitPrice).toBe(650);
    const second = await atHeadOffice('EDIT-1');
    expect(second?.data.unitPrice).toBe(650);
    expect(Number(second!.version)).toBeGreaterThan(Number(first!.version));
    expect((await rpcOk<Product>(server!.base, 'products.get', { id: created.id }, admin)).unitPrice).toBe(650);
    const trail = await rpcOk<{ items: { type: string; actorName?: string | null }[] }>(server!.base, 'audit.list', { entity: 'product' }, admin);
    expect(trail.items.map((e) => e.type)).toEqual(expect.arrayContaining(['product.created', 'product.updated']));

    // Another installation of the head office sells it at the new price.
    const { url } = await ho.add('Other Street');
    const sync = runSync(ho, other, url, { catalogueEveryMs: 20 });
    try {
      await expect.poll(() => {
        try {
          return other.t.core.services.products.findByCode('EDIT-1').unitPrice;
        } catch {
          return null;
        }
      }, { timeout: 20_000 }).toBe(650);
    } finally {
      await sync.stop();
    }
  });

  test('with the head office out of reach, an edit is refused and nothing changes here or there', async () => {
    const product = await rpcOk<Product>(server!.base, 'products.findByCode', { code: 'EDIT-1' }, admin);
    proxy.refuse(true);
    proxy.cutAll();
    await pollUntil(async () => (await rpcOk<HeadOfficeStatus>(server!.base, 'headOffice.status', {}, admin)).state === 'offline', 20_000, 'the offline state');
    const answer = await rpc(server!.base, 'products.update', { id: product.id, unitPrice: 999 }, admin);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'headOfficeOffline' } });
    expect((await rpcOk<Product>(server!.base, 'products.get', { id: product.id }, admin)).unitPrice).toBe(650);
    expect((await atHeadOffice('EDIT-1'))?.data.unitPrice).toBe(650);
    // Sales do not wait for it.
    proxy.refuse(false);
  });
});
