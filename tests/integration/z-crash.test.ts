/**
 * Closing a till under SIGKILL: the HTTP host runs as a child process while a driver runs
 * whole days on Register 1 (open with a float, a few cash and card sales, a pay-in, close
 * with the drawer counted) and the host is killed at random moments, most of them just
 * after a close was sent. After each restart the register's session is either still open
 * (the close is sent again) or closed with its Z report, never half.
 *
 * Afterwards the file is read: every closed session has exactly one Z; Z numbers run
 * Z-R1-000001… without a gap; the register's grand total is the sum of its Z net sales;
 * at most one session is open; the audit chain verifies.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { DB_FILE } from '../../electron/core/core';
import { tempDir } from '../support/core';
import { health, prepareServerProcess, rpc, rpcOk, type PreparedServer, type ServerProcess } from '../support/server-process';
import { crashRandom, sleep } from '../support/crashRandom';

const KILLS = Number(process.env.TESSERA_Z_KILLS ?? 6);
const { seed: SEED, random, between } = crashRandom();
const REGISTER = 'register-1';

const dir = tempDir('tessera-z-crash-');
let server: ServerProcess | null = null;
const warm: PreparedServer[] = [];

afterAll(async () => {
  await server?.kill();
  await Promise.all(warm.splice(0).map((p) => p.discard()));
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Session {
  id: string;
  status: string;
  expectedCash: number | null;
}

test(`a close is whole or not at all after ${KILLS} SIGKILLs around closes`, async () => {
  console.log(`z crash seed ${SEED} (TESSERA_CRASH_SEED=${SEED} replays the timings)`);
  const first = prepareServerProcess({ dataDir: dir });
  server = await first.start();
  const setup = server.base;
  const admin = (await rpcOk<{ token: string }>(setup, 'auth.setup', { username: 'admin', displayName: 'Admin', password: 'correct horse battery' })).token;
  await rpcOk(setup, 'users.create', { username: 'cashier', displayName: 'Cashier', role: 'cashier', password: 'cashier-password-1' }, admin);
  // The manager closes (no approval is needed: the drawer is counted right), bound to the register like the cashier.
  const signIn = async (base: string) => ({
    cashier: (await rpcOk<{ token: string }>(base, 'auth.login', { username: 'cashier', password: 'cashier-password-1', registerId: REGISTER })).token,
    admin: (await rpcOk<{ token: string }>(base, 'auth.login', { username: 'admin', password: 'correct horse battery', registerId: REGISTER })).token,
  });
  let tokens = await signIn(setup);

  let closes = 0;
  let closesSeenCommitted = 0;
  let n = 0;
  for (let k = 0; k < Math.min(2, KILLS); k++) warm.push(prepareServerProcess({ dataDir: dir }));

  /** Restarts the host (after a kill) and signs in again. */
  async function restart(): Promise<string> {
    await server!.kill();
    const next = warm.shift() ?? prepareServerProcess({ dataDir: dir });
    warm.push(prepareServerProcess({ dataDir: dir }));
    server = await next.start();
    expect((await health(server.base)).body.status).toBe('ok');
    tokens = await signIn(server.base);
    return server.base;
  }

  for (let k = 0; k < KILLS; k++) {
    const base = server.base;
    const current = await rpcOk<{ session: Session | null }>(base, 'cashSessions.current', { registerId: REGISTER }, tokens.admin);
    let session = current.session;
    if (!session) session = await rpcOk<Session>(base, 'cashSessions.open', { registerId: REGISTER, openingFloat: between(0, 20_000) }, tokens.admin);
    for (let s = between(1, 3); s > 0; s--) {
      const total = between(100, 9_000);
      const cash = random() < 0.5;
      await rpcOk(base, 'orders.checkout', {
        lines: [{ name: `Day item ${++n}`, unitPrice: total, quantity: 1 }],
        tenders: [cash ? { method: 'cash', amount: total, tendered: total + between(0, 500) } : { method: 'card', amount: total }],
        idempotencyKey: `z-crash-${n}`,
      }, tokens.cashier);
    }
    await rpcOk(base, 'cashSessions.move', { sessionId: session.id, kind: 'payIn', amount: between(1, 1000), reason: 'change float' }, tokens.admin);
    const now = await rpcOk<Session>(base, 'cashSessions.get', { id: session.id }, tokens.admin);
    // Close with the drawer counted right, and kill the host 0–40 ms after sending it.
    closes += 1;
    const close = rpc(base, 'cashSessions.close', { sessionId: session.id, countedCash: now.expectedCash ?? 0 }, tokens.admin, 20_000).catch(() => null);
    await sleep(between(0, 40));
    await restart();
    await close;
    const after = await rpcOk<Session>(server.base, 'cashSessions.get', { id: session.id }, tokens.admin);
    expect(['OPEN', 'CLOSED']).toContain(after.status);
    if (after.status === 'CLOSED') closesSeenCommitted += 1;
  }
  // The last open session (if any) is closed without a kill.
  const last = await rpcOk<{ session: Session | null }>(server.base, 'cashSessions.current', { registerId: REGISTER }, tokens.admin);
  if (last.session) await rpcOk(server.base, 'cashSessions.close', { sessionId: last.session.id, countedCash: last.session.expectedCash ?? 0 }, tokens.admin);
  const verify = await rpcOk<{ ok: boolean; entries: number }>(server.base, 'audit.verify', {}, tokens.admin);
  expect(verify.ok).toBe(true);
  await server.kill();
  server = null;

  const db = new Database(path.join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    type Row = Record<string, string | number | null>;
    const sessions = db.prepare('SELECT * FROM cash_sessions ORDER BY opened_at').all() as Row[];
    const zs = db.prepare('SELECT * FROM z_reports ORDER BY seq').all() as Row[];
    const zBySession = new Map(zs.map((z) => [z.session_id as string, z]));
    expect(sessions.filter((s) => s.status === 'OPEN')).toHaveLength(0);
    for (const s of sessions) {
      // A closed session has its Z; the Z is the session's (one each).
      expect(zBySession.get(s.id as string), `session ${s.id as string} has its Z`).toBeDefined();
      expect(s.closed_at).not.toBeNull();
    }
    expect(zs).toHaveLength(sessions.length);
    expect(zs.map((z) => z.number)).toEqual(zs.map((_, i) => `Z-R1-${String(i + 1).padStart(6, '0')}`));
    const register = db.prepare('SELECT grand_total, z_seq FROM registers WHERE id = ?').get(REGISTER) as Row;
    expect(register.z_seq).toBe(zs.length);
    expect(register.grand_total).toBe(zs.reduce((sum, z) => sum + (z.net_sales as number), 0));
    expect(zs.at(-1)?.grand_total).toBe(register.grand_total);
    console.log(`z crash: ${KILLS} kills around ${closes} closes; ${closesSeenCommitted} had committed before the kill; ${zs.length} Z reports; ${verify.entries} audit entries verified`);
  } finally {
    db.close();
  }
}, 240_000);
