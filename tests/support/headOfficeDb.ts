/**
 * A head office for a test or the bench: a fresh PostgreSQL database with the schema,
 * installations made as the administrator would, and the figures the books must agree on,
 * read on both sides. No vitest here: the bench imports this file too (headOffice.ts, which
 * the tests import, re-exports it beside the helpers that need a test's sales store).
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { addInstallation, initHeadOffice, type NewInstallation } from '../../electron/headoffice/admin';
import { freshDatabase, quoteIdent } from './postgres';

export const headOfficeMigrations = path.resolve(import.meta.dirname, '..', '..', 'migrations', 'headoffice');

export interface TestHeadOffice {
  /** The owner's URL of the head office database. */
  url: string;
  add(name: string, registerCodes?: string[]): Promise<NewInstallation>;
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
    async add(name, registerCodes) {
      const added = await addInstallation(db.url, name, registerCodes);
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
