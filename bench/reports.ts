/**
 * Report figures at the store's size: the X report and the close (which seals the Z) of a
 * register whose open session holds 5,000 sales, and the day summary and dashboard.
 *
 * The session's sales are the store's latest 5,000 invoices with their payments and
 * cancellations, tied to it as the till ties them; each round opens a session on register 1,
 * ties them, times reports.x, then times cashSessions.close (the count matches, so no
 * approval is asked). Run alone on a small store: `node --import tsx bench/reports.ts`
 * (BENCH_ORDERS, default 20,000).
 */
import type { Output } from '../shared/contract';
import type { Core } from '../electron/core/core';
import { call, runAlone, type Figure } from './alone';
import { summarize, time, type Timing } from './stats';

const SESSION_SALES = 5_000;
const ROUNDS = 10;
const REGISTER = 'register-1';

const ms = (t: Timing) => `p50 ${t.p50} ms, p99 ${t.p99} ms`;


/** Ties the store's latest invoices (and their payments, and the cancellations among them) to a cash session. */
function tieSales(core: Core, sessionId: string, userId: string): number {
  const db = core.store.sqlite;
  return db.transaction(() => {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS bench_session_sales (id TEXT PRIMARY KEY)');
    db.exec('DELETE FROM bench_session_sales');
    db.prepare('INSERT INTO bench_session_sales SELECT id FROM invoices ORDER BY issued_at DESC, seq DESC LIMIT ?').run(SESSION_SALES);
    const n = db.prepare('UPDATE invoices SET cash_session_id = @s, issued_by = @u WHERE id IN (SELECT id FROM bench_session_sales)').run({ s: sessionId, u: userId }).changes;
    db.prepare("UPDATE invoices SET cancel_session_id = @s WHERE id IN (SELECT id FROM bench_session_sales) AND status = 'CANCELLED'").run({ s: sessionId });
    db.prepare('UPDATE payments SET cash_session_id = @s WHERE invoice_id IN (SELECT id FROM bench_session_sales)').run({ s: sessionId });
    return n;
  })();
}

/** The X and Z of a 5,000-sale session, the day summary and the dashboard, as bench rows. */
export async function benchReports(core: Core, user: { username: string; password: string }): Promise<Figure[]> {
  const login = await call(core, 'auth.login', { ...user, registerId: REGISTER });
  const token = login.token;
  const userId = login.user.id;
  const xs: number[] = [];
  const closes: number[] = [];
  let sales = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const session = await call(core, 'cashSessions.open', { registerId: REGISTER, openingFloat: 20_000 }, token);
    sales = tieSales(core, session.id, userId);
    await call(core, 'cashSessions.move', { sessionId: session.id, kind: 'payIn', amount: 1_000, reason: 'bench' }, token);
    let x: Output<'reports.x'> | null = null;
    const timing = await time(20, async () => {
      x = await call(core, 'reports.x', { sessionId: session.id }, token);
    }, 2);
    xs.push(timing.p50);
    const t0 = performance.now();
    await call(core, 'cashSessions.close', { sessionId: session.id, countedCash: Math.max(0, (x as Output<'reports.x'> | null)?.expectedCash ?? 0) }, token);
    closes.push(performance.now() - t0);
  }
  const x = summarize(xs);
  const close = summarize(closes);
  const out: Figure[] = [
    { name: `reports.x, a session of ${sales.toLocaleString('en')} sales`, figure: ms(x), target: 'p99 < 100 ms', met: x.p99 < 100, data: x },
    { name: `cashSessions.close with its Z, ${sales.toLocaleString('en')} sales`, figure: ms(close), target: 'p99 < 100 ms', met: close.p99 < 100, data: close },
  ];
  for (const [name, fn] of [
    ['reports.daySummary (today)', () => call(core, 'reports.daySummary', {}, token)],
    ['reports.dashboard (today and 30 days)', () => call(core, 'reports.dashboard', {}, token)],
  ] as const) {
    const t = await time(10, fn, 2);
    out.push({ name, figure: ms(t), target: '', met: null, data: t });
  }
  return out;
}

// Run alone: a small store of its own.
if (import.meta.url === `file://${process.argv[1]}`) await runAlone('reports', benchReports);
