/**
 * Backups and restores: system.backup with the online backup API while sales go on, the
 * daily automatic backup, restore through the contract on the HTTP host (coreHost: close,
 * swap, reopen) and with `tessera restore`, damaged files refused, and the damaged-database
 * state at start-up (quick_check; nothing written; recovery with a backup's admin).
 */
import { hostOverHttp, type Hosted } from '../support/hosted';
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { Envelope } from '../../shared/errors';
import { createCore, DB_FILE } from '../../electron/core/core';
import { LOCK_FILE } from '../../electron/core/dataLock';
import { checkDatabaseFile } from '../../electron/core/db/open';
import { plainCopy } from '../support/backups';
import { adminInput, manualClock, migrationsFolder, tempDir } from '../support/core';
import { openSalesStore, paidOrder, START, type SalesStore } from '../support/sales';
import { tessera } from '../support/cli';

const DAY = 24 * 60 * 60_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function count(file: string, sql: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Overwrites the root page of a table with garbage: quick_check cannot miss it. */
function damageTable(file: string, table = 'orders'): void {
  const db = new Database(file, { readonly: true });
  const { rootpage } = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (rootpage - 1) * pageSize);
  fs.closeSync(fd);
}

/** Overwrites 64 KiB in the middle of a file, as a failing disk or a bad copy might. */
function damageMiddle(file: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, crypto.randomBytes(64 * 1024), 0, 64 * 1024, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
}

/** A host (coreHost) on a data folder behind the HTTP server, as `tessera serve` runs it. */
type HostedStore = Hosted;

async function hosted(dir: string, clock = manualClock(START)): Promise<HostedStore> {
  const self = await hostOverHttp(dir, clock);
  cleanups.push(() => self.close());
  return self;
}

/** The first admin, set up from the desktop window (IPC: no setup code); returns the token. */
async function setup(h: HostedStore): Promise<string> {
  const r = (await h.host.dispatch('auth.setup', adminInput)) as Envelope<{ token: string }>;
  if (!r.ok) throw new Error(`auth.setup failed: ${r.error.message}`);
  return r.value.token;
}

/** The file of a backup name (tests read the folder; API callers only ever see names). */
function backupFile(dir: string, name: string): string {
  return path.join(dir, 'backups', name);
}

/** A sale through the contract: order, invoice, paid in cash. */
async function sale(h: Pick<HostedStore, 'ok'>, token: string, name = 'Widget', unitPrice = 1000): Promise<string> {
  const order = await h.ok('orders.create', { lines: [{ name, unitPrice, taxRateBp: 0, quantity: 1 }] }, token);
  const invoice = await h.ok('invoices.generate', { orderId: order.id }, token);
  await h.ok('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: invoice.total, idempotencyKey: crypto.randomUUID() }, token);
  return order.id;
}

describe('system.backup', () => {
  let s: SalesStore;
  afterEach(async () => {
    await s?.close();
  });

  test('a backup made while sales go on passes integrity_check and opens with the app schema', async () => {
    s = await openSalesStore('http');
    // Enough pages that the backup takes many steps, with sales between them.
    const db = s.t.core.store.sqlite;
    const insert = db.prepare(
      `INSERT INTO products (id, sku, barcode, name, name_key, unit_price, tax_rate_bp, category, archived, created_at, updated_at)
       VALUES (?, ?, NULL, ?, ?, 100, 0, 'Filler', 0, '2026-06-01T09:00:00.000Z', '2026-06-01T09:00:00.000Z')`,
    );
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`filler-${i}`, `FILL-${i}`, `Filler product ${i} ${'x'.repeat(80)}`, `filler product ${i}`);
    })();
    await paidOrder(s);
    const ordersBefore = count(s.t.core.store.file, 'SELECT count(*) AS n FROM orders');

    let done = false;
    const backup = s.t.ok('system.backup', {}, s.manager).finally(() => {
      done = true;
    });
    let salesDuring = 0;
    while (!done) {
      await paidOrder(s);
      if (!done) salesDuring += 1;
    }
    const made = await backup;
    expect(salesDuring).toBeGreaterThan(0);
    expect(made.name).toBe('tessera-20260601-090000.backup');
    const file = backupFile(s.t.dir, made.name);
    expect(made.bytes).toBe(fs.statSync(file).size);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    // Compressed: the database it holds is read back from a plain copy.
    const copyDir = tempDir('tessera-backup-open-');
    cleanups.push(() => fs.rmSync(copyDir, { recursive: true, force: true }));
    const result = { ...made, path: await plainCopy(file, path.join(copyDir, DB_FILE)) };
    expect(fs.statSync(result.path).size).toBeGreaterThan(1_000_000);
    expect(result.bytes * 3).toBeLessThan(fs.statSync(result.path).size);

    // One self-contained database, sound.
    expect(checkDatabaseFile(result.path, { full: true })).toEqual([]);
    const inBackup = count(result.path, 'SELECT count(*) AS n FROM orders');
    expect(inBackup).toBeGreaterThanOrEqual(ordersBefore);
    expect(inBackup).toBeLessThanOrEqual(count(s.t.core.store.file, 'SELECT count(*) AS n FROM orders'));
    // Consistent at one instant: every paid invoice has its payments and a fulfilled order.
    expect(
      count(
        result.path,
        `SELECT count(*) AS n FROM invoices i JOIN orders o ON o.id = i.order_id
         WHERE i.status = 'PAID' AND (o.status <> 'FULFILLED' OR i.total <> (SELECT coalesce(sum(amount), 0) FROM payments p WHERE p.invoice_id = i.id))`,
      ),
    ).toBe(0);

    // The app opens it as it is (no migration pending) and its audit chain is intact.
    const core = createCore({ dataDir: copyDir, migrationsFolder, version: 'test', clock: manualClock(START), checkOutputs: true });
    try {
      expect(core.store.schemaVersion).toBe(s.t.core.store.schemaVersion);
      const token = (await core.dispatch('auth.login', { username: adminInput.username, password: adminInput.password })) as Envelope<{ token: string }>;
      if (!token.ok) throw new Error('sign-in on the backup failed');
      const verify = await core.dispatch('audit.verify', {}, token.value.token);
      expect(verify).toMatchObject({ ok: true, value: { ok: true, firstBadEntry: null } });
    } finally {
      core.close();
    }

    // The backup itself is in the trail of the live store.
    const entries = await s.t.ok('audit.list', { type: 'system.backup' }, s.admin);
    expect(entries.items[0]).toMatchObject({ entity: 'system', entityId: 'tessera-20260601-090000.backup', actor: { id: s.userId.manager }, after: { bytes: result.bytes, kind: 'manual' } });
  });

  test('the app names the file in backups/; a destination is refused and nothing is written there', async () => {
    s = await openSalesStore('in-process');
    const out = tempDir('tessera-backup-dest-');
    cleanups.push(() => fs.rmSync(out, { recursive: true, force: true }));
    for (const destination of [path.join(out, 'copy.db'), 'relative.db', out, 5]) {
      const refused = await s.t.fail('system.backup', { destination }, s.admin);
      expect(refused.code).toBe('VALIDATION');
      expect(refused.message).toMatch(/^destination: /);
    }
    expect((await s.t.fail('system.backup', { overwrite: true }, s.admin)).code).toBe('VALIDATION');
    expect(fs.readdirSync(out)).toEqual([]);

    // Two at once get two files.
    const [a, b] = await Promise.all([s.t.ok('system.backup', {}, s.admin), s.t.ok('system.backup', {}, s.admin)]);
    expect(a.name).not.toBe(b.name);
    expect(checkDatabaseFile(await plainCopy(backupFile(s.t.dir, a.name), path.join(out, 'a.db')), { full: true })).toEqual([]);
    fs.rmSync(path.join(out, 'a.db'));
    const listed = await s.t.ok('system.backups', {}, s.manager);
    expect(listed.items.map((i) => i.name).sort()).toEqual([a.name, b.name].sort());
    expect(listed.items.every((i) => i.kind === 'manual' && i.bytes > 0 && i.createdAt === '2026-06-01T09:00:00.000Z')).toBe(true);
    // Nothing half-written is left behind.
    expect(fs.readdirSync(path.join(s.t.dir, 'backups')).sort()).toEqual([a.name, b.name].sort());
  });

  test('roles: admin and manager back up and list; only an admin restores', async () => {
    s = await openSalesStore('in-process');
    for (const token of [s.cashier, s.support]) {
      for (const method of ['system.backup', 'system.backups', 'system.restore'] as const) {
        expect((await s.t.fail(method, method === 'system.restore' ? { name: 'tessera-x.db' } : {}, token)).code).toBe('FORBIDDEN');
      }
    }
    expect((await s.t.fail('system.restore', { name: 'tessera-x.db' }, s.manager)).code).toBe('FORBIDDEN');
    expect((await s.t.fail('system.backup', {})).code).toBe('UNAUTHENTICATED');
    // A healthy store does not take system.recover.
    expect((await s.t.fail('system.recover', { name: 'tessera-x.db', username: 'admin', password: 'x' })).code).toBe('CONFLICT');
  });
});

describe('the automatic backup', () => {
  test('one at the first start of each day; the last 14 are kept', async () => {
    const dir = tempDir('tessera-auto-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const clock = manualClock(START);
    let h = await hosted(dir, clock);
    // A store not set up yet has nothing to keep.
    expect(await h.host.autoBackup()).toBeNull();
    await setup(h);
    // What a backup killed half-way left behind is cleared.
    fs.mkdirSync(path.join(dir, 'backups'));
    const leftover = path.join(dir, 'backups', '.tessera-auto-20260531-090000.db.0123456789ab.part');
    fs.writeFileSync(leftover, 'half a backup');
    const first = await h.host.autoBackup();
    expect(fs.existsSync(leftover)).toBe(false);
    expect(first?.name).toBe('tessera-auto-20260601-090000.backup');
    expect(checkDatabaseFile(await plainCopy(backupFile(dir, first!.name), path.join(dir, 'first.db')), { full: true })).toEqual([]);
    // A second start the same day makes none.
    await h.close();
    clock.advance(3 * 60 * 60_000);
    h = await hosted(dir, clock);
    expect(await h.host.autoBackup()).toBeNull();

    // Twenty more days, one start each: 21 made, 14 kept (the newest); manual backups are not touched.
    const token = (await h.ok('auth.login', { username: adminInput.username, password: adminInput.password })).token;
    await h.ok('system.backup', {}, token);
    for (let day = 1; day <= 20; day++) {
      await h.close();
      clock.advance(DAY);
      h = await hosted(dir, clock);
      expect(await h.host.autoBackup()).not.toBeNull();
    }
    const { items } = await h.ok('system.backups', {}, (await h.ok('auth.login', { username: adminInput.username, password: adminInput.password })).token);
    const autos = items.filter((i) => i.kind === 'automatic');
    expect(autos).toHaveLength(14);
    expect(autos[0]!.createdAt).toBe(new Date(clock()).toISOString());
    expect(autos[13]!.createdAt).toBe(new Date(clock() - 13 * DAY).toISOString());
    expect(items.filter((i) => i.kind === 'manual')).toHaveLength(1);
  });
});

describe('restore through the contract (HTTP host)', () => {
  test('system.restore swaps the backup in, keeps the current database aside and reopens', async () => {
    const dir = tempDir('tessera-restore-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const h = await hosted(dir);
    let admin = await setup(h);
    const kept = await sale(h, admin, 'Kept');
    const made = await h.ok('system.backup', {}, admin);
    const backup = { ...made, path: backupFile(dir, made.name) };
    const lost = await sale(h, admin, 'Made after the backup');
    const name = made.name;

    // Refused: damaged plain database copies (compressed ones: backup-compressed.test.ts), a
    // database that is not Tessera's, names that are not listed.
    const damaged = await plainCopy(backup.path, path.join(dir, 'backups', 'tessera-damaged.db'));
    damageMiddle(damaged);
    expect(checkDatabaseFile(damaged, { full: true })).not.toEqual([]);
    const truncated = await plainCopy(backup.path, path.join(dir, 'backups', 'tessera-truncated.db'));
    fs.truncateSync(truncated, Math.floor(fs.statSync(truncated).size / 3));
    const foreign = path.join(dir, 'backups', 'tessera-foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1)');
    other.close();
    for (const [file, message] of [
      [damaged, /failed the integrity check|could not be read/],
      [truncated, /failed the integrity check|could not be read/],
      [foreign, /not a Tessera database/],
    ] as const) {
      const refused = await h.fail('system.restore', { name: path.basename(file) }, admin);
      expect(refused.code, file).toBe('VALIDATION');
      expect(refused.message).toMatch(message);
    }
    expect((await h.fail('system.restore', { name: 'tessera-nope.db' }, admin)).code).toBe('NOT_FOUND');
    expect((await h.fail('system.restore', { name: '../tessera.db' }, admin)).code).toBe('VALIDATION');
    // Nothing changed.
    expect((await h.ok('orders.get', { id: lost }, admin)).lines[0]!.name).toBe('Made after the backup');
    expect(fs.readdirSync(dir).filter((f) => f.includes('before-restore'))).toEqual([]);

    const restoredAs = await h.ok('system.restore', { name }, admin);
    expect(restoredAs.restored).toBe(name);
    expect(restoredAs.keptAs).toMatch(/^tessera\.db\.before-restore-\d{8}-\d{6}$/);
    const result = { ...restoredAs, keptAs: path.join(dir, restoredAs.keptAs!) };
    expect(fs.existsSync(`${result.keptAs}-wal`)).toBe(false);

    // Every session ended with the restore: everyone signs in again.
    expect((await h.fail('auth.me', {}, admin)).code).toBe('UNAUTHENTICATED');
    admin = (await h.ok('auth.login', { username: adminInput.username, password: adminInput.password })).token;
    // The restored store: the sale before the backup, not the one after.
    expect((await h.ok('orders.get', { id: kept }, admin)).lines[0]!.name).toBe('Kept');
    expect((await h.fail('orders.get', { id: lost }, admin)).code).toBe('NOT_FOUND');
    // The replaced database is whole, with the later sale.
    expect(checkDatabaseFile(result.keptAs!, { full: true })).toEqual([]);
    expect(count(result.keptAs!, `SELECT count(*) AS n FROM orders WHERE id = '${lost}'`)).toBe(1);
    // The restore is recorded in the restored trail, which verifies.
    const restored = await h.ok('audit.list', { type: 'system.restored' }, admin);
    expect(restored.items[0]).toMatchObject({ entity: 'system', entityId: name, before: { keptAs: restoredAs.keptAs }, after: { restored: name, by: 'admin' } });
    expect((await h.ok('audit.verify', {}, admin)).ok).toBe(true);
    // The set-aside database is offered as a backup too (to undo the restore).
    const listed = await h.ok('system.backups', {}, admin);
    expect(listed.items.find((i) => i.kind === 'before-restore')?.name).toBe(restoredAs.keptAs);
    // New sales go to the restored file.
    await sale(h, admin, 'After the restore');
    expect(count(path.join(dir, DB_FILE), 'SELECT count(*) AS n FROM orders')).toBe(2);

    // And back again: restoring the set-aside database brings the later sale back.
    const undo = await h.ok('system.restore', { name: restoredAs.keptAs! }, admin);
    expect(undo.keptAs).not.toBe(restoredAs.keptAs);
    admin = (await h.ok('auth.login', { username: adminInput.username, password: adminInput.password })).token;
    expect((await h.ok('orders.get', { id: lost }, admin)).lines[0]!.name).toBe('Made after the backup');
  });
});

describe('a damaged database at start-up', () => {
  test('quick_check puts the host in the corrupt state: nothing is written, recovery restores a backup', async () => {
    const dir = tempDir('tessera-damaged-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    let h = await hosted(dir);
    const admin = await setup(h);
    await h.ok('users.create', { username: 'manager1', displayName: 'Manager', role: 'manager', password: 'manager-password-1' }, admin);
    await sale(h, admin, 'In the backup');
    const backup = await h.ok('system.backup', {}, admin).then((b) => ({ ...b, path: backupFile(dir, b.name) }));
    await sale(h, admin, 'Only in the damaged file');
    await h.close();

    const db = path.join(dir, DB_FILE);
    damageTable(db, 'orders');
    // Damage follows a crash: the killed process left its lock, so the next start checks the whole file.
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 7, host: os.hostname(), purpose: 'Tessera', since: '2026-06-01T09:00:00.000Z' }));
    const damagedHash = sha256(db);
    const filesBefore = fs.readdirSync(dir).sort();

    h = await hosted(dir);
    expect(h.host.state).toBe('corrupt');
    expect(h.host.problem).toMatch(/malformed|page|Tree/i);
    const health = await fetch(`${h.base}/health`);
    expect(await health.json()).toMatchObject({ status: 'corrupt', version: 'test', problem: expect.any(String) });
    expect(await h.ok('system.health', {})).toMatchObject({ status: 'corrupt' });
    // Nothing else is served, signed in or not.
    for (const [method, input] of [
      ['auth.status', {}],
      ['auth.login', { username: adminInput.username, password: adminInput.password }],
      ['orders.create', { lines: [{ name: 'x', unitPrice: 1, quantity: 1 }] }],
      ['system.backup', {}],
    ] as const) {
      const refused = await h.fail(method, input, admin);
      expect(refused.status, method).toBe(500);
      expect(refused.message).toMatch(/database is damaged/);
    }
    expect(await h.host.autoBackup()).toBeNull();
    // The recovery screen's list needs no session (there is none to check).
    const list = await h.ok('system.backups', {});
    expect(list.items.map((i) => i.name)).toEqual([path.basename(backup.path)]);

    // Only an active admin of the backup may restore it.
    const wrong = await h.fail('system.recover', { name: path.basename(backup.path), username: adminInput.username, password: 'wrong password' });
    expect(wrong.code).toBe('UNAUTHENTICATED');
    const manager = await h.fail('system.recover', { name: path.basename(backup.path), username: 'manager1', password: 'manager-password-1' });
    expect(manager.code).toBe('UNAUTHENTICATED');
    expect((await h.fail('system.recover', { name: 'tessera-nope.db', username: 'admin', password: 'x' })).code).toBe('NOT_FOUND');
    expect((await h.fail('system.recover', { name: path.basename(backup.path) })).code).toBe('VALIDATION');

    // Not a byte of the damaged file has changed, and nothing was logged for it (a read-only
    // connection leaves an empty -wal and a -shm beside it, nothing more).
    expect(sha256(db)).toBe(damagedHash);
    expect(fs.statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0);
    const sidecar = (f: string) => f.endsWith('-shm') || f.endsWith('-wal') || f === LOCK_FILE;
    expect(fs.readdirSync(dir).filter((f) => !sidecar(f)).sort()).toEqual(filesBefore.filter((f) => !sidecar(f)));

    const recovered = await h.ok('system.recover', { name: path.basename(backup.path), username: 'ADMIN', password: adminInput.password });
    expect(h.host.state).toBe('ok');
    expect(await h.ok('system.health', {})).toMatchObject({ status: 'ok' });
    // The damaged file was only renamed.
    expect(recovered.keptAs).toMatch(/^tessera\.db\.before-restore-/);
    expect(sha256(path.join(dir, recovered.keptAs!))).toBe(damagedHash);
    const token = (await h.ok('auth.login', { username: adminInput.username, password: adminInput.password })).token;
    const orders = await h.ok('orders.list', {}, token);
    expect(orders.items.map((o) => o.lines[0]!.name)).toEqual(['In the backup']);
    const restored = await h.ok('audit.list', { type: 'system.restored' }, token);
    // Nobody signed in restored it: no actor, and the entry records no `by` (a field with no value is left out).
    expect(restored.items[0]).toMatchObject({ actorId: null });
    expect(restored.items[0]!.after).not.toHaveProperty('by');
    await sale(h, token, 'After recovery');
  });

  test('a file that is not a database at all is the corrupt state too, and the core alone refuses it', async () => {
    const dir = tempDir('tessera-notadb-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, DB_FILE), crypto.randomBytes(8192));
    const hash = sha256(path.join(dir, DB_FILE));
    expect(() => createCore({ dataDir: dir, migrationsFolder, version: 'test' })).toThrow(/damaged/);
    const h = await hosted(dir);
    expect(h.host.state).toBe('corrupt');
    expect((await h.ok('system.backups', {})).items).toEqual([]);
    await h.close();
    expect(sha256(path.join(dir, DB_FILE))).toBe(hash);
  });
});

describe('tessera restore (command line)', () => {
  test('refuses while the app runs, refuses damaged files, restores and keeps the current database aside', async () => {
    const dir = tempDir('tessera-cli-restore-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const h = await hosted(dir);
    const admin = await setup(h);
    const kept = await sale(h, admin, 'Kept');
    const backup = await h.ok('system.backup', {}, admin).then((b) => ({ ...b, path: backupFile(dir, b.name) }));
    const later = await sale(h, admin, 'Later');
    // A plain database copy, damaged (compressed ones: backup-compressed.test.ts).
    const damaged = await plainCopy(backup.path, path.join(dir, 'damaged-copy.db'));
    damageMiddle(damaged);

    // The app holds the folder (this test process, through its lock).
    const busy = await tessera(['restore', backup.path, '--data-dir', dir]);
    expect(busy.code).toBe(3);
    expect(busy.stderr).toMatch(/is in use by Tessera \(process \d+/);
    expect(busy.stderr).toMatch(/Stop it first/);
    await h.close();

    const usage = await tessera(['restore', '--data-dir', dir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/name the backup file/);
    const missing = await tessera(['restore', path.join(dir, 'nope.db'), '--data-dir', dir]);
    expect(missing.code).toBe(2);

    const currentHash = sha256(path.join(dir, DB_FILE));
    const refused = await tessera(['restore', damaged, '--data-dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused: .*(integrity check|could not be read)/);
    expect(refused.stderr).toMatch(/Nothing was changed/);
    expect(sha256(path.join(dir, DB_FILE))).toBe(currentHash);

    // A lock left by a process that is gone (killed) does not block.
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), purpose: 'tessera serve', since: 'earlier' }));
    const done = await tessera(['restore', backup.path, '--data-dir', dir]);
    expect(done.stderr).toMatch(/Restored .* \(schema \d+\)/);
    expect(done.code).toBe(0);
    expect(done.stdout.trim()).toBe(path.join(dir, DB_FILE));
    const keptAs = /kept as (\S+)\.$/m.exec(done.stderr)?.[1];
    expect(keptAs).toMatch(/tessera\.db\.before-restore-/);
    expect(sha256(keptAs!)).toBe(currentHash);

    const again = await hosted(dir);
    expect(again.host.state).toBe('ok');
    const token = (await again.ok('auth.login', { username: adminInput.username, password: adminInput.password })).token;
    expect((await again.ok('orders.get', { id: kept }, token)).lines[0]!.name).toBe('Kept');
    expect((await again.fail('orders.get', { id: later }, token)).code).toBe('NOT_FOUND');
    expect((await again.ok('audit.list', { type: 'system.restored' }, token)).items[0]).toMatchObject({ after: { by: 'tessera restore' } });
    expect((await again.ok('audit.verify', {}, token)).ok).toBe(true);
  });

  test('restores over a damaged database without writing to it, and into an empty folder', async () => {
    const dir = tempDir('tessera-cli-damaged-');
    const fresh = tempDir('tessera-cli-fresh-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    cleanups.push(() => fs.rmSync(fresh, { recursive: true, force: true }));
    const h = await hosted(dir);
    const admin = await setup(h);
    await sale(h, admin);
    const backup = await h.ok('system.backup', {}, admin).then((b) => ({ ...b, path: backupFile(dir, b.name) }));
    await h.close();
    damageTable(path.join(dir, DB_FILE), 'orders');
    const damagedHash = sha256(path.join(dir, DB_FILE));

    const done = await tessera(['restore', backup.path, '--data-dir', dir]);
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/current database is damaged/);
    const keptAs = /kept as (\S+)\.$/m.exec(done.stderr)?.[1];
    expect(sha256(keptAs!)).toBe(damagedHash);
    expect(checkDatabaseFile(path.join(dir, DB_FILE), { full: true })).toEqual([]);

    const into = await tessera(['restore', backup.path, '--data-dir', fresh]);
    expect(into.code).toBe(0);
    expect(into.stderr).toMatch(/There was no database before/);
    expect(count(path.join(fresh, DB_FILE), 'SELECT count(*) AS n FROM orders')).toBe(1);
  });
});
