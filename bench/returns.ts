/**
 * Returns at the store's size: returns.create (one unit of a paid invoice's first line back to
 * its tenders, through register 1's open session), returns.returnable and creditNotes.list, and
 * what migration 0011's rebuild of the payments table costs on this store (run in a
 * transaction that is rolled back). Run alone on a small store: `node --import tsx
 * bench/returns.ts` (BENCH_ORDERS, default 20,000).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../electron/core/core';
import { call, runAlone, type Figure } from './alone';
import { time, type Timing } from './stats';

const RETURNS = 300;
const REGISTER = 'register-1';
const MIGRATION = path.resolve(import.meta.dirname, '..', 'migrations', '0011_returns_credit_notes_vouchers.sql');

const ms = (t: Timing) => `p50 ${t.p50} ms, p99 ${t.p99} ms`;


/** The statements of migration 0011 that rebuild the payments table (new table, copy, swap, indexes). */
function paymentsRebuild(): string[] {
  const statements = fs
    .readFileSync(MIGRATION, 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim());
  const first = statements.findIndex((s) => s.startsWith('CREATE TABLE `__new_payments`'));
  return statements.slice(first).filter((s) => !s.startsWith('PRAGMA') && (s.includes('payments') || s.includes('__new_payments')) && !s.startsWith('CREATE TRIGGER'));
}

export async function benchReturns(core: Core, user: { username: string; password: string }): Promise<Figure[]> {
  const db = core.store.sqlite;
  const out: Figure[] = [];

  // Migration 0011 on a store of this size: the payments table rebuilt, then rolled back.
  {
    const rows = (db.prepare('SELECT count(*) AS n FROM payments').get() as { n: number }).n;
    const t0 = performance.now();
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const s of paymentsRebuild()) db.exec(s);
    } finally {
      db.exec('ROLLBACK');
    }
    const took = performance.now() - t0;
    out.push({ name: `migration 0011: payments rebuilt (${rows.toLocaleString('en')} rows, rolled back)`, figure: `${(took / 1000).toFixed(1)} s`, target: '', met: null, data: { ms: took, rows } });
  }

  const login = await call(core, 'auth.login', { ...user, registerId: REGISTER });
  const token = login.token;
  const current = await call(core, 'cashSessions.current', { registerId: REGISTER }, token);
  if (!current.session) await call(core, 'cashSessions.open', { registerId: REGISTER, openingFloat: 1_000_000 }, token);
  // Recent paid invoices whose first line has something left to return.
  const invoices = db
    .prepare("SELECT id FROM invoices WHERE status = 'PAID' AND NOT EXISTS (SELECT 1 FROM returned_lines r WHERE r.invoice_id = invoices.id) ORDER BY issued_at DESC LIMIT ?")
    .all(RETURNS + 50) as { id: string }[];
  // Each call (warm-up included) takes the next invoice, so no line runs out.
  let n = 0;
  const create = await time(RETURNS, async () => {
    const invoice = invoices[n++ % invoices.length]!;
    await call(core, 'returns.create', { invoiceId: invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'bench' }], idempotencyKey: `bench-return-${n}` }, token);
  });
  out.push({ name: 'returns.create (one unit back to its tenders, cash through the open session)', figure: ms(create), target: 'p99 < 50 ms', met: create.p99 < 50, data: create });
  const some = invoices[0]!.id;
  for (const [name, fn] of [
    ['returns.returnable (one invoice)', () => call(core, 'returns.returnable', { invoiceId: some }, token)],
    ['creditNotes.list first page with summary', () => call(core, 'creditNotes.list', { limit: 50 }, token)],
  ] as const) {
    const t = await time(50, fn, 5);
    out.push({ name, figure: ms(t), target: '', met: null, data: t });
  }
  return out;
}

// Run alone: a small store of its own.
if (import.meta.url === `file://${process.argv[1]}`) await runAlone('returns', benchReturns);
