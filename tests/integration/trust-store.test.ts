/**
 * The store's own trust boundaries, with real processes and real files:
 * - private files: the data folder 0700; the database, its WAL and SHM and the lock 0600,
 *   after a start through the HTTP server process and through the core host, repaired at
 *   start when they were left readable by others;
 * - the data-folder lock is the kernel's: a leftover lock file never blocks a start, two
 *   hosts never run on one folder, a SIGKILLed host's lock is gone with it, and a start
 *   after a kill still knows the last run ended uncleanly;
 * - damage is caught before it spreads: a store damaged while closed is found by the
 *   background check within a minute of start and accepts no write after that; a write or a
 *   read that meets damage first fails and flips the host into the recovery state; a damage
 *   that made the start exit now opens the recovery state.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createCore, DB_FILE } from '../../electron/core/core';
import { openHost, type HostOptions } from '../../electron/core/coreHost';
import { acquireDataLock, LOCK_FILE } from '../../electron/core/dataLock';
import { createHttpServer } from '../../electron/server/http';
import type { Envelope } from '../../shared/errors';
import { adminInput, migrationsFolder, tempDir } from '../support/core';
import { health, rpc, startServerProcess, type ServerProcess } from '../support/server-process';

const ORDERS = 2000;
const posix = process.platform !== 'win32';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const mode = (p: string) => fs.statSync(p).mode & 0o777;

/** A data folder of our own, removed after the test. */
function folder(prefix: string): string {
  const dir = tempDir(prefix);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function server(dataDir: string): Promise<ServerProcess> {
  const s = await startServerProcess({ dataDir, env: { TESSERA_LOG: process.env.TESSERA_TEST_SERVER_LOG ?? 'silent' } });
  cleanups.push(() => s.kill());
  return s;
}

/**
 * A store of ORDERS orders, built once in-process and closed cleanly (no WAL, no lock left):
 * each test copies its file. The admin's session token stays valid in every copy.
 */
let template = '';
let token = '';
beforeAll(async () => {
  template = tempDir('tessera-trust-store-template-');
  const core = createCore({ dataDir: template, migrationsFolder, version: 'test' });
  const setup = await core.dispatch('auth.setup', adminInput);
  if (!setup.ok) throw new Error(setup.error.message);
  token = (setup.value as { token: string }).token;
  for (let i = 0; i < ORDERS; i++) {
    const r = await core.dispatch('orders.create', { lines: [{ name: `Widget ${i}`, unitPrice: 100 + i, taxRateBp: 0, quantity: 1 }], customer: { name: `Customer ${i}` } }, token);
    if (!r.ok) throw new Error(r.error.message);
  }
  core.close();
}, 120_000);
afterAll(() => fs.rmSync(template, { recursive: true, force: true }));

/** A closed copy of the template store. */
function storeCopy(prefix: string): { dir: string; db: string } {
  const dir = folder(prefix);
  fs.copyFileSync(path.join(template, DB_FILE), path.join(dir, DB_FILE));
  return { dir, db: path.join(dir, DB_FILE) };
}

function pageInfo(file: string): { pageSize: number; pages: number; root(name: string): number } {
  const db = new Database(file, { readonly: true });
  try {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const roots = new Map((db.prepare('SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0').all() as { name: string; rootpage: number }[]).map((r) => [r.name, r.rootpage]));
    return {
      pageSize,
      pages: fs.statSync(file).size / pageSize,
      root(name) {
        const page = roots.get(name);
        if (!page) throw new Error(`no b-tree called ${name}`);
        return page;
      },
    };
  } finally {
    db.close();
  }
}

/** Overwrites `count` pages from page `first` (1-based) with a fixed pattern, as a failing disk might. */
function overwritePages(file: string, first: number, count: number): void {
  const { pageSize } = pageInfo(file);
  const fd = fs.openSync(file, 'r+');
  try {
    for (let p = first; p < first + count; p++) fs.writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (p - 1) * pageSize);
  } finally {
    fs.closeSync(fd);
  }
}

const sha256 = (file: string) => (fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'absent');

/** Polls `probe` until it returns true or the deadline passes. */
async function until(what: string, probe: () => Promise<boolean> | boolean, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > end) throw new Error(`${what}: not within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const newOrder = { lines: [{ name: 'After the damage', unitPrice: 500, taxRateBp: 0, quantity: 1 }] };

/** The core host (as the desktop app runs it) behind an in-process HTTP server. */
async function hosted(dir: string, opts: Partial<HostOptions> = {}) {
  const host = openHost({ dataDir: dir, migrationsFolder, version: 'test', checkOutputs: true, ...opts });
  const http = createHttpServer(host.core, null);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await new Promise<void>((resolve) => {
      http.closeAllConnections();
      http.close(() => resolve());
    });
    host.close();
  };
  cleanups.push(close);
  return { host, base, close };
}

describe('private files', () => {
  test.skipIf(!posix)('through the HTTP server process: folder 0700; database, WAL, SHM and lock 0600, repaired at the next start', async () => {
    const { dir, db } = storeCopy('tessera-modes-server-');
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(db, 0o644);
    let s = await server(dir);
    expect((await rpc(s.base, 'orders.create', newOrder, token)).body.ok).toBe(true);
    const files = [db, `${db}-wal`, `${db}-shm`, path.join(dir, LOCK_FILE)];
    expect(mode(dir).toString(8)).toBe('700');
    for (const f of files) expect(`${path.basename(f)} ${mode(f).toString(8)}`).toBe(`${path.basename(f)} 600`);
    await s.kill();

    // Left readable by someone else (a copy by hand, an old version): the next start repairs it.
    fs.chmodSync(dir, 0o755);
    for (const f of files) fs.chmodSync(f, 0o644);
    s = await server(dir);
    expect((await health(s.base)).body.status).toBe('ok');
    expect(mode(dir).toString(8)).toBe('700');
    for (const f of files) expect(`${path.basename(f)} ${mode(f).toString(8)}`).toBe(`${path.basename(f)} 600`);
  });

  test.skipIf(!posix)('through the core host: a new store in a new folder is private from the first byte', async () => {
    const parent = folder('tessera-modes-host-');
    const dir = path.join(parent, 'store');
    const h = await hosted(dir);
    // The desktop window's first admin (through the host, as IPC calls arrive), then a sale.
    const setup = await h.host.dispatch('auth.setup', adminInput);
    expect(setup.ok).toBe(true);
    const admin = setup.ok ? (setup.value as { token: string }).token : '';
    expect((await h.host.dispatch('orders.create', newOrder, admin)).ok).toBe(true);
    const db = path.join(dir, DB_FILE);
    expect(mode(dir).toString(8)).toBe('700');
    for (const f of [db, `${db}-wal`, `${db}-shm`, path.join(dir, LOCK_FILE)]) expect(`${path.basename(f)} ${mode(f).toString(8)}`).toBe(`${path.basename(f)} 600`);
  });
});

describe('the data-folder lock is the kernel’s', () => {
  test('a leftover lock file naming a live process that is not Tessera (this test runner) does not block a start', async () => {
    const { dir } = storeCopy('tessera-lock-leftover-');
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: os.hostname(), purpose: 'tessera serve', since: '2026-06-01T09:00:00.000Z' }));
    const s = await server(dir);
    expect((await health(s.base)).body.status).toBe('ok');
  });

  test('two servers on one folder: the second refuses "in use" (exit 3); after SIGKILL of the first a new one starts', async () => {
    const { dir } = storeCopy('tessera-lock-two-');
    const first = await server(dir);
    const second = startServerProcess({ dataDir: dir });
    await expect(second).rejects.toThrow(/in use by tessera serve \(process \d+/);
    await expect(second).rejects.toThrow(/exited \(3\)/);
    // The first one is untouched and still serving.
    expect((await rpc(first.base, 'orders.create', newOrder, token)).body.ok).toBe(true);
    await first.kill();
    const third = await server(dir);
    expect((await rpc(third.base, 'orders.create', newOrder, token)).body.ok).toBe(true);
  });

  test('after a SIGKILL the next owner knows the last run ended uncleanly; after a clean close it does not', async () => {
    const { dir } = storeCopy('tessera-lock-unclean-');
    const s = await server(dir);
    // Held by another process: refused in this one too, naming the holder.
    expect(() => acquireDataLock(dir, 'test')).toThrow(new RegExp(`in use by tessera serve \\(process ${s.pid}`));
    await s.kill();
    const lock = acquireDataLock(dir, 'test');
    expect(lock.endedUncleanly).toBe(true);
    // One owner per folder inside one process as well.
    expect(() => acquireDataLock(dir, 'again')).toThrow(/in use by test/);
    lock();
    const next = acquireDataLock(dir, 'test');
    expect(next.endedUncleanly).toBe(false);
    next();
  });

  test('a lock file that is not a lock database (an older version’s pid file, garbage) is taken over, as an unclean end', () => {
    const dir = folder('tessera-lock-legacy-');
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, host: os.hostname(), purpose: 'Tessera', since: 'earlier' }));
    const legacy = acquireDataLock(dir, 'test');
    expect(legacy.endedUncleanly).toBe(true);
    legacy();
    fs.writeFileSync(file, crypto.randomBytes(16_384));
    const garbage = acquireDataLock(dir, 'test');
    expect(garbage.endedUncleanly).toBe(true);
    garbage();
    const clean = acquireDataLock(dir, 'test');
    expect(clean.endedUncleanly).toBe(false);
    clean();
    if (posix) expect(mode(file).toString(8)).toBe('600');
  });

  test('a store damaged after a crash is caught by the start itself (the lock says the last run was killed)', async () => {
    const { dir, db } = storeCopy('tessera-lock-crash-damage-');
    const s = await server(dir);
    await s.kill();
    overwritePages(db, pageInfo(db).root('orders'), 1);
    // No background check in this host: only the start's own check can see it.
    const h = await hosted(dir, { integrityCheckDelayMs: 3_600_000 });
    expect(h.host.state).toBe('corrupt');
  });
});

describe('damage is caught before it spreads', () => {
  test('(a) 20 pages overwritten while closed: within a minute of a start /health says corrupt and no write is accepted', async () => {
    const { dir, db } = storeCopy('tessera-damage-closed-');
    const { pages } = pageInfo(db);
    overwritePages(db, Math.floor(pages / 2), 20);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);

    const s = await server(dir);
    await until('/health says corrupt', async () => (await health(s.base)).body.status === 'corrupt', 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${s.output()}`);
    });
    expect((await health(s.base)).body.problem).toMatch(/malformed|Tree|page/i);
    const before = [sha256(db), sha256(`${db}-wal`)];
    const write = await rpc(s.base, 'orders.create', newOrder, token);
    expect(write.body.ok).toBe(false);
    expect(write.status).toBe(500);
    expect(!write.body.ok && write.body.error.message).toMatch(/database is damaged/);
    expect([sha256(db), sha256(`${db}-wal`)]).toEqual(before);
  }, 90_000);

  test('(b) a write that meets damage before the background check fails, and from then on only recovery is served', async () => {
    const { dir, db } = storeCopy('tessera-damage-write-');
    overwritePages(db, pageInfo(db).root('orders_created_idx'), 1);
    const h = await hosted(dir, { integrityCheckDelayMs: 3_600_000 });
    expect(h.host.state).toBe('ok');
    const call = async (method: string, input: unknown) =>
      (await fetch(`${h.base}/rpc/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) }).then((r) => r.json())) as Envelope<unknown>;

    const failed = await call('orders.create', newOrder);
    expect(failed.ok).toBe(false);
    expect(h.host.state).toBe('corrupt');
    expect(h.host.problem).toMatch(/malformed/);
    expect(await fetch(`${h.base}/health`).then((r) => r.json())).toMatchObject({ status: 'corrupt' });
    for (const [method, input] of [
      ['orders.create', newOrder],
      ['orders.list', {}],
      ['auth.login', { username: adminInput.username, password: adminInput.password }],
    ] as const) {
      const refused = await call(method, input);
      expect(!refused.ok && refused.error.message, method).toMatch(/database is damaged/);
    }
    expect((await call('system.backups', {})).ok).toBe(true);
  });

  test('(b) a read that meets damage flips the state too', async () => {
    const { dir, db } = storeCopy('tessera-damage-read-');
    overwritePages(db, pageInfo(db).root('orders'), 1);
    const h = await hosted(dir, { integrityCheckDelayMs: 3_600_000 });
    expect(h.host.state).toBe('ok');
    const list = (await fetch(`${h.base}/rpc/orders.list`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' }).then((r) => r.json())) as Envelope<unknown>;
    expect(list.ok).toBe(false);
    expect(h.host.state).toBe('corrupt');
  });

  test('(c) damage the start used to exit on (the order search’s pending rows) opens the recovery state', async () => {
    const { dir, db } = storeCopy('tessera-damage-start-');
    overwritePages(db, pageInfo(db).root('orders_search_pending'), 1);
    const s = await server(dir);
    const h = await health(s.base);
    expect(h.body.status).toBe('corrupt');
    expect(h.body.problem).toMatch(/malformed/);
    const write = await rpc(s.base, 'orders.create', newOrder, token);
    expect(!write.body.ok && write.body.error.message).toMatch(/database is damaged/);
  });

  test('the check runs again while the app runs: damage that appears later is found', async () => {
    const { dir, db } = storeCopy('tessera-damage-later-');
    const h = await hosted(dir, { integrityCheckEveryMs: 200 });
    expect(h.host.state).toBe('ok');
    // Pages no write of this test touches.
    overwritePages(db, Math.floor(pageInfo(db).pages / 2), 20);
    await until('the periodic check finds the damage', () => h.host.state === 'corrupt', 30_000);
  });

  test('quickCheck (on a worker thread): sound, damaged and not-a-database files', async () => {
    const { quickCheck } = await import('../../electron/core/db/integrity');
    const { db } = storeCopy('tessera-quickcheck-');
    expect(await quickCheck(db)).toEqual({ ok: true, problem: null });
    overwritePages(db, pageInfo(db).root('orders'), 1);
    const damaged = await quickCheck(db);
    expect(damaged.ok).toBe(false);
    expect(damaged.problem).toMatch(/Tree|malformed|page/);
    const junk = path.join(path.dirname(db), 'junk.db');
    fs.writeFileSync(junk, crypto.randomBytes(8192));
    expect(await quickCheck(junk)).toMatchObject({ ok: false, problem: expect.stringMatching(/not a database/) });
    await expect(quickCheck(path.join(path.dirname(db), 'missing.db'))).rejects.toThrow();
  });
});
