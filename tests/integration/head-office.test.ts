/**
 * The head office against a real PostgreSQL: the schema made and migrated by init, an
 * installation's books shipped from its SQLite trail and equal at the head office to the minor
 * unit (count, gross, tax per rate, tender mix, credit notes, Z reports), a batch sent twice or
 * out of order, what an installation's role may not do, and a till whose records differ.
 */
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HeadOfficeStatus } from '../../shared/contract/headOffice';
import { DB_FILE } from '../../electron/core/core';
import { initHeadOffice } from '../../electron/headoffice/admin';
import { Outbox } from '../../electron/headoffice/outbox';
import { SyncLoop } from '../../electron/headoffice/sync';
import { dbOf, headOfficeFigures, headOfficeMigrations, localFigures, runSync, sell, syncAll, testHeadOffice, type TestHeadOffice } from '../support/headOffice';
import { pgSkipReason, pollUntil, testPgUrl } from '../support/postgres';
import { openSalesStore, unique, type SalesStore } from '../support/sales';
import { openTill, signInAt } from '../support/till';

const adminUrl = testPgUrl();
if (!adminUrl) console.warn(pgSkipReason());

describe.skipIf(!adminUrl)('head office (PostgreSQL)', () => {
  let ho: TestHeadOffice;
  beforeAll(async () => {
    ho = await testHeadOffice(adminUrl!);
  });
  afterAll(async () => {
    await ho?.drop();
  });

  test('init makes the schema once and is safe to run again', async () => {
    expect(await initHeadOffice(ho.url, headOfficeMigrations)).toEqual({ applied: 0 });
    const views = (await ho.query<{ table_name: string }>("SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1")).map((r) => r.table_name);
    expect(views).toEqual(['daily_sales', 'ho_credit_notes', 'ho_invoices', 'ho_payments', 'tax_per_rate', 'tender_mix', 'z_reports']);
  });
});

describe.skipIf(!adminUrl)('an installation ships its books', () => {
  let ho: TestHeadOffice;
  let s: SalesStore;
  let url: string;
  beforeAll(async () => {
    ho = await testHeadOffice(adminUrl!);
    url = (await ho.add('Main Street')).url;
    s = await openSalesStore('in-process');
    const cashier = await signInAt(s, 'cashier');
    const manager = await signInAt(s, 'manager');
    const session = await openTill(s, cashier);
    const sales = [];
    sales.push(await sell(s, cashier, [[1000, 2000, 2], [350, 700, 3]], [{ method: 'cash', amount: 3524 }]));
    sales.push(await sell(s, cashier, [[1999, 2000, 1]], [{ method: 'card', amount: 2399 }]));
    sales.push(await sell(s, cashier, [[500, 0, 4], [1200, 2000, 1]], [{ method: 'card', amount: 1000 }, { method: 'cash', amount: 2440 }]));
    await s.t.ok('returns.create', { invoiceId: sales[0]!.invoice.id, lines: [{ invoiceLineIndex: 1, quantity: 1, reason: 'Chipped' }], idempotencyKey: unique('ret') }, manager);
    const x = await s.t.ok('reports.x', { sessionId: session.id }, manager);
    await s.t.ok('cashSessions.close', { sessionId: session.id, countedCash: x.expectedCash ?? 0 }, manager);
  });
  afterAll(async () => {
    await s?.close();
    await ho?.drop();
  });

  test('every figure at the head office equals the till\'s to the minor unit', async () => {
    const status = await syncAll(ho, s, url);
    expect(status).toMatchObject({ state: 'synced', pending: 0, error: null, installation: { name: 'Main Street' }, takenRegisterCodes: [] });
    const db = dbOf(s);
    try {
      const local = localFigures(db);
      expect(local.invoices).toBe(3);
      expect(local.creditNotes).toBe(1);
      expect(local.zReports).toBe(1);
      expect(await headOfficeFigures(ho, 'Main Street')).toEqual(local);
    } finally {
      db.close();
    }
    const [day] = await ho.query<{ register_code: string; business_day: Date }>('SELECT register_code, business_day FROM daily_sales');
    expect(day?.register_code).toBe('R1');
    const [z] = await ho.query<{ number: string; chain_head: string }>('SELECT number, chain_head FROM z_reports');
    expect(z?.number).toMatch(/^Z-R1-0*1$/);
  });

  test('a batch sent twice changes nothing; one that skips ahead or forks is refused', async () => {
    const other = await ho.add('Batch check');
    const client = new pg.Client({ connectionString: other.url });
    await client.connect();
    const db = dbOf(s);
    try {
      const outbox = new Outbox(db);
      const ingest = (b: NonNullable<ReturnType<Outbox['read']>>, patch: Partial<typeof b> = {}) => {
        const x = { ...b, ...patch };
        return client.query<{ upto: string }>('SELECT tessera_ingest($1, $2, $3, $4, $5::jsonb) AS upto', [x.after, x.afterHash, x.upto, x.uptoHash, JSON.stringify(x.docs)]);
      };
      const logRows = async () => Number((await ho.query<{ n: string }>('SELECT count(*) AS n FROM change_log l JOIN installations i ON i.id = l.installation_id WHERE i.name = $1', ['Batch check']))[0]!.n);
      const first = outbox.read(0, 12)!;
      expect((await ingest(first)).rows[0]!.upto).toBe(String(first.upto));
      const rows = await logRows();
      expect(rows).toBeGreaterThan(0);
      expect((await ingest(first)).rows[0]!.upto).toBe(String(first.upto));
      expect(await logRows()).toBe(rows);
      const next = outbox.read(first.upto, 12)!;
      const later = outbox.read(next.upto, 12)!;
      await expect(ingest(later)).rejects.toMatchObject({ code: 'TS409' });
      await expect(ingest(next, { afterHash: 'f'.repeat(64) })).rejects.toMatchObject({ code: 'TS409' });
      expect(await logRows()).toBe(rows);
      await ingest(next);
      expect(await logRows()).toBeGreaterThan(rows);
    } finally {
      db.close();
      await client.end();
    }
  });

  test("an installation's role can only append to its own log, through the head office's function", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const refused = async (sql: string) => expect(client.query(sql)).rejects.toMatchObject({ code: '42501' });
      await refused("INSERT INTO change_log (installation_id, seq, kind, doc_id, data) SELECT id, 999999, 'invoice', 'x', '{}' FROM installations LIMIT 1");
      await refused('SELECT * FROM documents');
      await refused('SELECT * FROM change_log');
      await refused('UPDATE installations SET shipped_seq = 0');
      await refused('DELETE FROM change_log');
      await refused('SELECT * FROM daily_sales');
      await refused("INSERT INTO registers (code, installation_id) SELECT 'X9', id FROM installations LIMIT 1");
      // The function names no installation: it is the caller's own, from its role.
      await expect(client.query("SELECT tessera_ingest(0, NULL, 0, NULL, '[]'::jsonb)")).resolves.toBeTruthy();
    } finally {
      await client.end();
    }
    // A login role that is no installation gets nothing from the functions either.
    const stranger = `tessera_x_${Math.random().toString(16).slice(2, 10)}`;
    await ho.query(`CREATE ROLE ${stranger} LOGIN PASSWORD 'stranger-pass'`);
    try {
      const u = new URL(ho.url);
      u.username = stranger;
      u.password = 'stranger-pass';
      const c = new pg.Client({ connectionString: u.toString() });
      await c.connect();
      try {
        await expect(c.query("SELECT * FROM tessera_hello('UTC', '{}')")).rejects.toMatchObject({ code: '42501' });
      } finally {
        await c.end();
      }
    } finally {
      await ho.query(`DROP ROLE ${stranger}`);
    }
  });

  test('a till whose records differ from what the head office holds from it stops sending and says so', async () => {
    await syncAll(ho, s, url);
    const other = await openSalesStore('in-process');
    try {
      const cashier = await signInAt(other, 'cashier');
      await openTill(other, cashier);
      await sell(other, cashier, [[700, 2000, 1]], [{ method: 'card', amount: 840 }]);
      let last: HeadOfficeStatus | null = null;
      const loop = new SyncLoop({ url, dbFile: path.join(other.t.dir, DB_FILE), idleMs: 20, minBackoffMs: 20, maxBackoffMs: 100, onStatus: (st) => (last = st) });
      loop.start();
      try {
        const st = await pollUntil(async () => (last?.state === 'diverged' ? last : null), 10_000, 'the diverged state');
        expect(st.error).toMatch(/differs/);
      } finally {
        await loop.stop();
      }
      const [row] = await ho.query<{ n: string }>("SELECT count(*) AS n FROM ho_invoices WHERE shop = 'Main Street'");
      expect(Number(row!.n)).toBe(3);
    } finally {
      await other.close();
    }
  });
});

describe.skipIf(!adminUrl)('register codes across the head office', () => {
  let ho: TestHeadOffice;
  beforeAll(async () => {
    ho = await testHeadOffice(adminUrl!);
  });
  afterAll(async () => {
    await ho?.drop();
  });

  test('each installation gets codes of its own; a new till takes its code at the first hello and numbers with it', async () => {
    const first = await ho.add('First');
    const second = await ho.add('Second');
    expect([first.registerCodes, second.registerCodes]).toEqual([['R1'], ['R2']]);
    const s = await openSalesStore('in-process');
    try {
      // Every new till's register is R1: the head office holds R1 for First, so this one takes R2.
      const sync = runSync(ho, s, second.url);
      await expect.poll(() => s.t.core.services.registers.codes(), { timeout: 10_000 }).toEqual(['R2']);
      await expect.poll(() => sync.status()?.takenRegisterCodes, { timeout: 10_000 }).toEqual([]);
      const cashier = await signInAt(s, 'cashier');
      await openTill(s, cashier);
      const sale = await sell(s, cashier, [[1000, 2000, 1]], [{ method: 'card', amount: 1200 }]);
      expect(sale.invoice.number).toBe('INV-R2-000001');
      await sync.synced();
      await sync.stop();
      const [row] = await ho.query<{ register_code: string }>("SELECT register_code FROM ho_invoices WHERE shop = 'Second'");
      expect(row?.register_code).toBe('R2');
      const trail = await s.t.ok('audit.list', { type: 'register.updated' }, s.admin);
      expect(trail.items[0]).toMatchObject({ actor: null, before: { code: 'R1' }, after: { code: 'R2' } });
    } finally {
      await s.close();
    }
    await expect(ho.add('Third', ['R2'])).rejects.toThrow(/R2 is already another installation's/);
  });
});

