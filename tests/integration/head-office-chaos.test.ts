/**
 * The head office under trouble, against a real PostgreSQL: connections dropped mid-batch,
 * two shippers racing over one installation (batches twice and out of order), PostgreSQL
 * stopped and restarted, two installations selling offline and reconnecting. After each: zero
 * documents lost or duplicated, and every figure equal to the till's to the minor unit.
 * (The till SIGKILLed mid-sync is in head-office-kill.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dbOf, headOfficeFigures, localFigures, runSync, sell, testHeadOffice, type TestHeadOffice } from '../support/headOffice';
import { pgSkipReason, privateCluster, tcpProxy, testPgUrl, type PrivateCluster } from '../support/postgres';
import { openSalesStore, type SalesStore } from '../support/sales';
import { openTill, signInAt } from '../support/till';

const adminUrl = testPgUrl();
if (!adminUrl) console.warn(pgSkipReason());

/** `n` sales of mixed rates and tenders. */
async function sellMany(s: SalesStore, token: string, n: number, offset = 0): Promise<void> {
  for (let i = 0; i < n; i++) {
    const k = i + offset;
    const price = 100 + ((k * 37) % 900);
    if (k % 3 === 0) await sell(s, token, [[price, 2000, 1]], [{ method: 'card', amount: price + Math.round(price * 0.2) }]);
    else if (k % 3 === 1) await sell(s, token, [[price, 0, 2]], [{ method: 'cash', amount: price * 2 }]);
    else await sell(s, token, [[price, 700, 1], [50, 0, 1]], [{ method: 'card', amount: 50 }, { method: 'cash', amount: price + Math.round(price * 0.07) }]);
  }
}

async function tillWithSales(n: number): Promise<{ s: SalesStore; cashier: string }> {
  const s = await openSalesStore('in-process');
  const cashier = await signInAt(s, 'cashier');
  await openTill(s, cashier);
  await sellMany(s, cashier, n);
  return { s, cashier };
}

/** Each document once at the head office (the primary key says so) and as many as the till holds. */
async function expectSameBooks(ho: TestHeadOffice, s: SalesStore, shop: string): Promise<void> {
  const db = dbOf(s);
  try {
    expect(await headOfficeFigures(ho, shop)).toEqual(localFigures(db));
    const local = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const rows = await ho.query<{ kind: string; n: string }>(
      'SELECT d.kind, count(*) AS n FROM documents d JOIN installations i ON i.id = d.installation_id WHERE i.name = $1 GROUP BY d.kind',
      [shop],
    );
    const at = Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    expect({ orders: at.order, invoices: at.invoice, payments: at.payment }).toEqual({ orders: local('orders'), invoices: local('invoices'), payments: local('payments') });
  } finally {
    db.close();
  }
}

describe.skipIf(!adminUrl)('head office chaos', () => {
  let ho: TestHeadOffice;
  beforeAll(async () => {
    ho = await testHeadOffice(adminUrl!);
  });
  afterAll(async () => {
    await ho?.drop();
  });

  test('connections dropped again and again mid-batch lose and duplicate nothing', async () => {
    const { url } = await ho.add('Cut Street');
    const { s } = await tillWithSales(60);
    const target = new URL(adminUrl!);
    const proxy = await tcpProxy(target.hostname, Number(target.port || 5432));
    const sync = runSync(ho, s, proxy.url(url), { batchSize: 7 });
    try {
      // Cut whenever a batch is on its way, until a dozen cuts have landed.
      let cuts = 0;
      while (cuts < 12) {
        await new Promise((resolve) => setImmediate(resolve));
        if (proxy.openConnections() > 0 && sync.status()?.state === 'sending') {
          proxy.cutAll();
          cuts += 1;
        }
      }
      await sync.synced();
      expect(sync.seen.has('offline')).toBe(true);
      await expectSameBooks(ho, s, 'Cut Street');
    } finally {
      await sync.stop();
      await proxy.close();
      await s.close();
    }
  });

  test('two shippers racing over one installation (batches twice, out of order) end with the books once', async () => {
    const { url } = await ho.add('Race Street');
    const { s, cashier } = await tillWithSales(30);
    const a = runSync(ho, s, url, { batchSize: 5 });
    const b = runSync(ho, s, url, { batchSize: 3 });
    try {
      await sellMany(s, cashier, 15, 100);
      await a.synced();
      await b.synced();
      await expectSameBooks(ho, s, 'Race Street');
    } finally {
      await a.stop();
      await b.stop();
      await s.close();
    }
  });

  describe('PostgreSQL stopped and restarted', () => {
    let cluster: PrivateCluster;
    let own: TestHeadOffice;
    beforeAll(async () => {
      cluster = await privateCluster();
      own = await testHeadOffice(cluster.url);
    });
    afterAll(async () => {
      await own?.drop().catch(() => {});
      await cluster?.destroy();
    });

    test('sales go on while it is down; everything arrives once it is back', async () => {
      const { url } = await own.add('Restart Street');
      const { s, cashier } = await tillWithSales(10);
      const sync = runSync(own, s, url, { batchSize: 4 });
      try {
        await sync.synced();
        await cluster.stop();
        await sellMany(s, cashier, 10, 50);
        await expect.poll(() => sync.status()?.state, { timeout: 10_000 }).toBe('offline');
        expect(sync.status()!.pending).toBeGreaterThan(0);
        await cluster.start();
        await sync.synced();
        await expectSameBooks(own, s, 'Restart Street');
      } finally {
        await sync.stop();
        await s.close();
      }
    });
  });

  test('two installations selling offline for a while, then reconnecting: each shop and the total add up', async () => {
    const north = await ho.add('North');
    const south = await ho.add('South');
    const target = new URL(adminUrl!);
    const proxy = await tcpProxy(target.hostname, Number(target.port || 5432));
    proxy.refuse(true);
    const one = await tillWithSales(12);
    const two = await tillWithSales(9);
    const syncs = [runSync(ho, one.s, proxy.url(north.url)), runSync(ho, two.s, proxy.url(south.url))];
    try {
      await sellMany(one.s, one.cashier, 5, 200);
      await sellMany(two.s, two.cashier, 7, 300);
      for (const sync of syncs) await expect.poll(() => sync.status()?.state, { timeout: 10_000 }).toBe('offline');
      proxy.refuse(false);
      for (const sync of syncs) await sync.synced();
      await expectSameBooks(ho, one.s, 'North');
      await expectSameBooks(ho, two.s, 'South');
      const [n] = await ho.query<{ n: string; gross: string }>("SELECT sum(invoices) AS n, sum(gross) AS gross FROM daily_sales WHERE shop IN ('North', 'South')");
      const dbs = [dbOf(one.s), dbOf(two.s)];
      const local = dbs.map(localFigures);
      for (const db of dbs) db.close();
      expect({ n: Number(n!.n), gross: Number(n!.gross) }).toEqual({ n: local[0]!.invoices + local[1]!.invoices, gross: local[0]!.gross + local[1]!.gross });
    } finally {
      for (const sync of syncs) await sync.stop();
      await proxy.close();
      await one.s.close();
      await two.s.close();
    }
  });
});
