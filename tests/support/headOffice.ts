/**
 * A head office for a test: a fresh PostgreSQL database with the schema, installations made
 * as the administrator would, and the figures the books must agree on, read on both sides.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { HeadOfficeStatus } from '../../shared/contract/headOffice';
import { DB_FILE } from '../../electron/core/core';
import { addInstallation, initHeadOffice, type NewInstallation } from '../../electron/headoffice/admin';
import { Outbox } from '../../electron/headoffice/outbox';
import { SyncLoop, type SyncOptions } from '../../electron/headoffice/sync';
import { freshDatabase, pollUntil, quoteIdent } from './postgres';
import { unique, type SalesStore } from './sales';

export const headOfficeMigrations = path.resolve(import.meta.dirname, '..', '..', 'migrations', 'headoffice');

export interface TestHeadOffice {
  /** The owner's URL of the head office database. */
  url: string;
  add(name: string): Promise<NewInstallation>;
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Drops the database and the installations' roles. */
  drop(): Promise<void>;
}

export async function testHeadOffice(adminUrl: string): Promise<TestHeadOffice> {
  const db = await freshDatabase(adminUrl);
  await initHeadOffice(db.url, headOfficeMigrations);
  const roles: string[] = [];
  // A pool: a test may stop and restart the server under it.
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  pool.on('error', () => {});
  return {
    url: db.url,
    async add(name) {
      const added = await addInstallation(db.url, name);
      roles.push(new URL(added.url).username);
      return added;
    },
    async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
      return (await pool.query<R>(sql, params)).rows;
    },
    async drop() {
      await pool.end().catch(() => {});
      await db.drop();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        for (const role of roles) await admin.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** What the books must agree on to the minor unit: counts, gross, tax per rate and the tender mix. */
export interface BookFigures {
  invoices: number;
  gross: number;
  tax: number;
  taxPerRate: Record<string, { base: number; tax: number }>;
  tenders: Record<string, { taken: number; refunded: number }>;
  creditNotes: number;
  zReports: number;
}

/** A till's figures from its own SQLite file. */
export function localFigures(db: Database.Database): BookFigures {
  const inv = db.prepare("SELECT count(*) AS n, coalesce(sum(total), 0) AS gross, coalesce(sum(tax), 0) AS tax FROM invoices WHERE status <> 'CANCELLED'").get() as { n: number; gross: number; tax: number };
  const taxPerRate: BookFigures['taxPerRate'] = {};
  const addRate = (rate: number, base: number, tax: number) => {
    const r = (taxPerRate[String(rate)] ??= { base: 0, tax: 0 });
    r.base += base;
    r.tax += tax;
  };
  for (const row of db.prepare("SELECT tax_breakdown FROM invoices WHERE status <> 'CANCELLED'").all() as { tax_breakdown: string }[]) {
    for (const b of JSON.parse(row.tax_breakdown) as { taxRateBp: number; base: number; tax: number }[]) addRate(b.taxRateBp, b.base, b.tax);
  }
  for (const row of db.prepare('SELECT tax_breakdown FROM credit_notes').all() as { tax_breakdown: string }[]) {
    for (const b of JSON.parse(row.tax_breakdown) as { taxRateBp: number; base: number; tax: number }[]) addRate(b.taxRateBp, -b.base, -b.tax);
  }
  const tenders: BookFigures['tenders'] = {};
  for (const r of db.prepare('SELECT method, kind, sum(amount) AS amount FROM payments GROUP BY method, kind').all() as { method: string; kind: string; amount: number }[]) {
    const t = (tenders[r.method] ??= { taken: 0, refunded: 0 });
    if (r.kind === 'refund') t.refunded += r.amount;
    else t.taken += r.amount;
  }
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { invoices: inv.n, gross: inv.gross, tax: inv.tax, taxPerRate, tenders, creditNotes: count('credit_notes'), zReports: count('z_reports') };
}

/** The same figures from the head office's reporting views, for one shop (or every shop). */
export async function headOfficeFigures(ho: TestHeadOffice, shop?: string): Promise<BookFigures> {
  const where = shop === undefined ? '' : 'WHERE shop = $1';
  const params = shop === undefined ? [] : [shop];
  const [sales] = await ho.query<{ n: string | null; gross: string | null; tax: string | null }>(
    `SELECT sum(invoices) AS n, sum(gross) AS gross, sum(tax) AS tax FROM daily_sales ${where}`,
    params,
  );
  const taxPerRate: BookFigures['taxPerRate'] = {};
  for (const r of await ho.query<{ rate_bp: number; base: string; tax: string }>(`SELECT rate_bp, sum(base) AS base, sum(tax) AS tax FROM tax_per_rate ${where} GROUP BY rate_bp`, params)) {
    taxPerRate[String(r.rate_bp)] = { base: Number(r.base), tax: Number(r.tax) };
  }
  const tenders: BookFigures['tenders'] = {};
  for (const r of await ho.query<{ method: string; taken: string; refunded: string }>(`SELECT method, sum(taken) AS taken, sum(refunded) AS refunded FROM tender_mix ${where} GROUP BY method`, params)) {
    tenders[r.method] = { taken: Number(r.taken), refunded: Number(r.refunded) };
  }
  const count = async (view: string) => Number((await ho.query<{ n: string }>(`SELECT count(*) AS n FROM ${view} ${where}`, params))[0]!.n);
  return {
    invoices: Number(sales?.n ?? 0),
    gross: Number(sales?.gross ?? 0),
    tax: Number(sales?.tax ?? 0),
    taxPerRate,
    tenders,
    creditNotes: await count('ho_credit_notes'),
    zReports: await count('z_reports'),
  };
}

/** A sale at the counter: `lines` of [unit price, tax rate bp, quantity], paid by `tenders` (which must add up to the total). */
export function sell(s: SalesStore, token: string, lines: [number, number, number][], tenders: { method: 'cash' | 'card'; amount: number }[]) {
  return s.t.ok(
    'orders.checkout',
    { lines: lines.map(([unitPrice, taxRateBp, quantity], i) => ({ name: `Item ${i}`, unitPrice, taxRateBp, quantity })), tenders, idempotencyKey: unique('ho') },
    token,
  );
}

/** The store's database, read-only (close it). */
export function dbOf(s: SalesStore): Database.Database {
  return new Database(path.join(s.t.dir, DB_FILE), { readonly: true });
}

/** The last entry of a store's trail. */
export function trailHead(s: SalesStore): number {
  const db = dbOf(s);
  try {
    return new Outbox(db).head();
  } finally {
    db.close();
  }
}

/** A sync loop on this thread over a store, quick to retry, with its latest status. */
export function runSync(ho: TestHeadOffice, s: SalesStore, url: string, opts: Partial<SyncOptions> = {}) {
  const role = new URL(url).username;
  let last: HeadOfficeStatus | null = null;
  const seen = new Set<string>();
  const loop = new SyncLoop({
    url,
    dbFile: path.join(s.t.dir, DB_FILE),
    idleMs: 20,
    minBackoffMs: 20,
    maxBackoffMs: 200,
    ...opts,
    onStatus: (st) => {
      last = st;
      seen.add(st.state);
    },
  });
  loop.start();
  return {
    status: () => last,
    /** Every state it has been in. */
    seen,
    /** Resolves once the head office holds every entry the store's trail has now. */
    synced: async (timeoutMs = 30_000) => {
      const head = trailHead(s);
      await pollUntil(async () => {
        const [row] = await ho.query<{ seq: string }>('SELECT shipped_seq AS seq FROM installations WHERE role_name = $1', [role]);
        return Number(row?.seq ?? 0) >= head;
      }, timeoutMs, 'the head office to hold every entry');
      return pollUntil(async () => (last?.state === 'synced' ? last : null), timeoutMs, 'the synced state');
    },
    stop: () => loop.stop(),
  };
}

/** Runs a sync loop until the head office holds every entry; returns its last status. */
export async function syncAll(ho: TestHeadOffice, s: SalesStore, url: string): Promise<HeadOfficeStatus> {
  const sync = runSync(ho, s, url);
  try {
    return await sync.synced();
  } finally {
    await sync.stop();
  }
}
