/**
 * Backups and restores that cannot be turned against the owner: API callers never name a
 * path, backup files are private, rotation follows the app's own record (never file names,
 * never symlinks), automatic backups run while the app runs and are checked before they are
 * kept, a restore checks the schema and the audit chain of what it restores and ends every
 * session, and the recovery state lists no paths and throttles system.recover.
 */
import { hostOverHttp, type Hosted } from '../support/hosted';
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { DB_FILE } from '../../electron/core/core';
import type { HostOptions } from '../../electron/core/coreHost';
import { LOCK_FILE } from '../../electron/core/dataLock';
import type { BackupDesktop } from '../../electron/core/services/backup';
import type { TestHooks } from '../../electron/core/services/deps';
import { plainCopy } from '../support/backups';
import { adminInput, manualClock, tempDir } from '../support/core';
import { tessera } from '../support/cli';

const START = Date.parse('2026-06-01T09:00:00.000Z');
const DAY = 24 * 60 * 60_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function dirFor(prefix: string): string {
  const dir = tempDir(prefix);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Polls `check` until it is true or the deadline passes (no fixed sleeps). */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The host on `dir` behind a real HTTP server, closed after the test. */
async function hosted(dir: string, clock = manualClock(START), extra: Partial<HostOptions> & { hooks?: TestHooks } = {}): Promise<Hosted> {
  const self = await hostOverHttp(dir, clock, extra);
  cleanups.push(() => self.close());
  return self;
}

async function sale(h: Pick<Hosted, 'ok'>, token: string, name = 'Widget', unitPrice = 1000): Promise<string> {
  const order = await h.ok('orders.create', { lines: [{ name, unitPrice, taxRateBp: 0, quantity: 1 }] }, token);
  const invoice = await h.ok('invoices.generate', { orderId: order.id }, token);
  await h.ok('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: invoice.total, idempotencyKey: crypto.randomUUID() }, token);
  return order.id;
}

/** The first admin, set up from the desktop window (IPC), which needs no setup code; returns the token. */
async function setup(h: Hosted): Promise<string> {
  const r = await h.ipc('auth.setup', adminInput);
  if (!r.ok) throw new Error(`auth.setup failed: ${r.error.message}`);
  return r.value.token;
}

function login(h: Hosted, username = adminInput.username, password = adminInput.password): Promise<string> {
  return h.ok('auth.login', { username, password }).then((r) => r.token);
}

function mode(file: string): number {
  return fs.lstatSync(file).mode & 0o777;
}

/** Overwrites the root page of a table with garbage. */
function damageTable(file: string, table = 'orders'): void {
  const db = new Database(file, { readonly: true });
  const { rootpage } = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (rootpage - 1) * pageSize);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

/** A store with an admin (token) and a sale, and one manual backup (its name). */
async function storeWithBackup(prefix: string, extra: Parameters<typeof hosted>[2] = {}): Promise<{ h: Hosted; admin: string; backup: string }> {
  const h = await hosted(dirFor(prefix), manualClock(START), extra);
  const admin = await setup(h);
  await sale(h, admin, 'In the backup');
  const backup = (await h.ok('system.backup', {}, admin)).name;
  return { h, admin, backup };
}

/**
 * A copy of a backup, edited as an attacker with the file would: an extra trigger that
 * doubles every payment, and the audit trail's append-only triggers dropped.
 */
async function tamperedSchema(from: string, to: string): Promise<void> {
  await plainCopy(from, to);
  const db = new Database(to);
  db.exec(`CREATE TRIGGER payments_double AFTER INSERT ON payments BEGIN UPDATE payments SET amount = amount * 2 WHERE id = NEW.id; END;
           DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;`);
  db.close();
}

/** A copy of a backup whose schema is intact but one audit entry was rewritten (and the guard put back as it was). */
async function tamperedTrail(from: string, to: string): Promise<void> {
  await plainCopy(from, to);
  const db = new Database(to);
  const guard = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events_no_update'").get() as { sql: string }).sql;
  db.exec('DROP TRIGGER events_no_update');
  db.prepare("UPDATE events SET after = '{\"forged\":true}' WHERE seq = 1").run();
  db.exec(guard);
  db.close();
}

describe('API callers never name a path', () => {
  test('a manager backing up to <tmp>/.ssh/authorized_keys2 gets VALIDATION and no file is created', async () => {
    const { h, admin } = await storeWithBackup('tessera-trust-dest-');
    await h.ok('users.create', { username: 'manager1', displayName: 'Manager', role: 'manager', password: 'manager-password-1' }, admin);
    const manager = await login(h, 'manager1', 'manager-password-1');
    const ssh = path.join(dirFor('tessera-home-'), '.ssh');
    fs.mkdirSync(ssh);
    const target = path.join(ssh, 'authorized_keys2');

    const refused = await h.fail('system.backup', { destination: target }, manager);
    expect(refused.code).toBe('VALIDATION');
    expect(refused.status).toBe(400);
    expect((refused.details as { issues: { path: string[] }[] }).issues[0]!.path).toEqual(['destination']);
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readdirSync(ssh)).toEqual([]);
    // No "already exists" oracle either: an existing file gets the same answer.
    fs.writeFileSync(path.join(ssh, 'known_hosts'), 'x');
    expect((await h.fail('system.backup', { destination: path.join(ssh, 'known_hosts') }, manager)).code).toBe('VALIDATION');
    // The IPC host (desktop) refuses it the same way.
    const viaIpc = await h.ipc('system.backup', { destination: target } as never, manager);
    expect(viaIpc.ok).toBe(false);
    expect(fs.existsSync(target)).toBe(false);
  });

  test('results and lists carry names, times, sizes and kinds: no absolute path', async () => {
    const { h, admin } = await storeWithBackup('tessera-trust-names-');
    const made = await h.ok('system.backup', {}, admin);
    expect(made.name).toMatch(/^tessera-\d{8}-\d{6}(-\d+)?\.backup$/);
    const list = await h.ok('system.backups', {}, admin);
    const text = JSON.stringify([made, list]);
    expect(text).not.toContain(h.dir);
    expect(text).not.toContain(os.tmpdir());
    for (const item of list.items) expect(Object.keys(item).sort()).toEqual(['bytes', 'createdAt', 'kind', 'name']);
    const restored = await h.ok('system.restore', { name: made.name }, admin);
    expect(JSON.stringify(restored)).not.toContain(h.dir);
    expect(restored.keptAs).toMatch(/^tessera\.db\.before-restore-\d{8}-\d{6}$/);
  });
});

describe('backups are private', () => {
  test('backups/ is 0700 and every backup file 0600, whatever the umask', async () => {
    const previous = process.umask(0o022);
    try {
      const { h, backup } = await storeWithBackup('tessera-trust-modes-');
      await h.host.autoBackup();
      const folder = path.join(h.dir, 'backups');
      expect(mode(folder)).toBe(0o700);
      const files = fs.readdirSync(folder);
      expect(files).toContain(backup);
      expect(files.length).toBeGreaterThanOrEqual(2);
      for (const f of files) expect([f, mode(path.join(folder, f))]).toEqual([f, 0o600]);
      // A restore's copy and the database it sets aside are private too.
      const admin = await login(h);
      const { keptAs } = await h.ok('system.restore', { name: backup }, admin);
      expect(mode(path.join(h.dir, DB_FILE))).toBe(0o600);
      expect(mode(path.join(h.dir, keptAs!))).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });
});

describe('rotation and listing follow the app own record', () => {
  test('14 files named like automatic backups from 2099 and a symlink do not make rotation delete real ones', async () => {
    const dir = dirFor('tessera-trust-rotate-');
    const clock = manualClock(START);
    let h = await hosted(dir, clock);
    await setup(h);
    const folder = path.join(dir, 'backups');
    fs.mkdirSync(folder, { recursive: true });
    const planted: string[] = [];
    for (let i = 1; i <= 14; i++) {
      const name = `tessera-auto-2099${String((i % 12) + 1).padStart(2, '0')}${String(i).padStart(2, '0')}-090000.db`;
      fs.writeFileSync(path.join(folder, name), `planted ${i}`);
      planted.push(name);
    }
    // A symlink to a file outside: never listed, restored, followed or removed through.
    const outside = path.join(dirFor('tessera-outside-'), 'precious.db');
    fs.writeFileSync(outside, 'not a backup');
    fs.symlinkSync(outside, path.join(folder, 'tessera-auto-20990101-000000.db'));
    fs.symlinkSync(outside, path.join(folder, 'tessera-20990101-000000.db'));

    const made: string[] = [];
    for (let day = 0; day < 16; day++) {
      if (day > 0) {
        await h.close();
        clock.advance(DAY);
        h = await hosted(dir, clock);
      }
      const r = await h.host.autoBackup();
      expect(r, `day ${day}`).not.toBeNull();
      made.push(r!.name);
    }
    const files = fs.readdirSync(folder);
    // The planted files are untouched, the real ones are the newest 14 the app made.
    for (const p of planted) expect(files).toContain(p);
    expect(fs.readFileSync(outside, 'utf8')).toBe('not a backup');
    for (const name of made.slice(-14)) expect(files).toContain(name);
    for (const name of made.slice(0, 2)) expect(files).not.toContain(name);

    const admin = await login(h);
    const { items } = await h.ok('system.backups', {}, admin);
    expect(items.filter((i) => i.kind === 'automatic').map((i) => i.name)).toEqual(made.slice(-14).reverse());
    // Files the app did not make are shown as such, with their own time (not the one in their name).
    const planted1 = items.find((i) => i.name === planted[0]);
    expect(planted1?.kind).toBe('other');
    expect(planted1?.createdAt.startsWith('2099')).toBe(false);
    expect(items.some((i) => i.name.startsWith('tessera-auto-20990101-000000') || i.name === 'tessera-20990101-000000.db')).toBe(false);
    expect((await h.fail('system.restore', { name: 'tessera-20990101-000000.db' }, admin)).code).toBe('NOT_FOUND');
    expect(fs.readFileSync(outside, 'utf8')).toBe('not a backup');
  });

  test('a symlinked backups/ folder is never written through', async () => {
    const dir = dirFor('tessera-trust-linkdir-');
    const elsewhere = dirFor('tessera-elsewhere-');
    fs.symlinkSync(elsewhere, path.join(dir, 'backups'));
    const h = await hosted(dir);
    const admin = await setup(h);
    const refused = await h.fail('system.backup', {}, admin);
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/symbolic link/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });
});

describe('automatic backups while the app runs', () => {
  test('the host makes one a day on its own timer, checked, and records it', async () => {
    const dir = dirFor('tessera-trust-timer-');
    const clock = manualClock(START);
    const h = await hosted(dir, clock, { autoBackupEveryMs: 20 });
    const admin = await setup(h);
    h.host.startAutoBackups();
    // A day on, the morning's session has expired: each look signs in afresh.
    const autos = async () => (await h.ok('system.backups', {}, await login(h))).items.filter((i) => i.kind === 'automatic');
    await until(async () => (await autos()).length === 1, 'the first automatic backup');
    // Ticks on the same day make no more.
    expect((await h.ok('audit.list', { type: 'system.backup' }, admin)).items).toHaveLength(1);
    clock.advance(DAY);
    await until(async () => (await autos()).length === 2, 'the next day automatic backup');
    clock.advance(DAY);
    await until(async () => (await autos()).length === 3, 'the third day automatic backup');
    const entries = await h.ok('audit.list', { type: 'system.backup' }, await login(h));
    expect(entries.items.every((e) => (e.after as { kind: string }).kind === 'automatic')).toBe(true);
    expect(entries.items).toHaveLength(3);
    await h.close();
  });

  test('a copy that fails quick_check is discarded and reported (log, audit, backups info)', async () => {
    const dir = dirFor('tessera-trust-badcopy-');
    let damageNext = true;
    const hooks: TestHooks = {
      backupCopied(file) {
        if (damageNext) damageTable(file, 'orders');
      },
    };
    const h = await hosted(dir, manualClock(START), { hooks });
    const admin = await setup(h);
    await sale(h, admin);
    expect(await h.host.autoBackup()).toBeNull();
    const manual = await h.fail('system.backup', {}, admin);
    expect(manual.code).toBe('INTERNAL');
    expect(manual.message).toMatch(/failed the check/);
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([]);
    const list = await h.ok('system.backups', {}, admin);
    expect(list.items).toEqual([]);
    expect(list.lastFailure).toMatchObject({ kind: 'manual', reason: expect.stringMatching(/quick_check|check/) });
    const failed = await h.ok('audit.list', { type: 'system.backup_failed' }, admin);
    expect(failed.items.map((e) => (e.after as { kind: string }).kind).sort()).toEqual(['automatic', 'manual']);
    damageNext = false;
    expect(await h.host.autoBackup()).not.toBeNull();
    expect((await h.ok('system.backups', {}, admin)).lastFailure).toBeNull();
  });

  test('a live store that fails quick_check is not copied into an automatic backup', async () => {
    const dir = dirFor('tessera-trust-livedamage-');
    const h = await hosted(dir);
    const admin = await setup(h);
    await sale(h, admin);
    h.host.core.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    damageTable(path.join(dir, DB_FILE), 'orders');
    expect(await h.host.autoBackup()).toBeNull();
    const folder = path.join(dir, 'backups');
    expect(fs.existsSync(folder) ? fs.readdirSync(folder) : []).toEqual([]);
    // The damage found switches the host to the recovery state: nothing more is written.
    expect(h.host.state).toBe('corrupt');
    expect(h.host.problem).toMatch(/malformed|page|Tree/i);
  });
});

describe('restore checks what it restores', () => {
  test('an extra trigger and dropped audit guards are refused by system.restore, naming the difference', async () => {
    const { h, admin, backup } = await storeWithBackup('tessera-trust-schema-');
    const folder = path.join(h.dir, 'backups');
    await tamperedSchema(path.join(folder, backup), path.join(folder, 'tessera-tampered.db'));
    await sale(h, admin, 'Current');
    const refused = await h.fail('system.restore', { name: 'tessera-tampered.db' }, admin);
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toMatch(/extra trigger payments_double/);
    expect(refused.message).toMatch(/missing trigger events_no_update/);
    // Nothing changed: still the current store.
    expect((await h.ok('orders.list', {}, admin)).items.map((o) => o.lines[0]!.name)).toContain('Current');
    expect(fs.readdirSync(h.dir).filter((f) => f.includes('before-restore'))).toEqual([]);
  });

  test('a backup whose audit chain does not verify is refused', async () => {
    const { h, admin, backup } = await storeWithBackup('tessera-trust-chain-');
    const folder = path.join(h.dir, 'backups');
    await tamperedTrail(path.join(folder, backup), path.join(folder, 'tessera-forged.db'));
    const refused = await h.fail('system.restore', { name: 'tessera-forged.db' }, admin);
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toMatch(/audit trail.*entry #1/i);
  });

  test('tessera restore refuses a tampered file too', async () => {
    const { h, backup } = await storeWithBackup('tessera-trust-cli-schema-');
    const tampered = path.join(dirFor('tessera-trust-cli-file-'), 'tampered.db');
    await tamperedSchema(path.join(h.dir, 'backups', backup), tampered);
    await h.close();
    const result = await tessera(['restore', tampered, '--data-dir', h.dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/extra trigger payments_double/);
    expect(result.stderr).toMatch(/Nothing was changed/);
  });

  test('a restore ends every session: a deactivated manager live session in an older backup does not come back', async () => {
    const h = await hosted(dirFor('tessera-trust-sessions-'));
    const admin = await setup(h);
    const manager = await h.ok('users.create', { username: 'manager1', displayName: 'Manager', role: 'manager', password: 'manager-password-1' }, admin);
    const managerToken = await login(h, 'manager1', 'manager-password-1');
    const { name } = await h.ok('system.backup', {}, managerToken);
    await h.ok('users.update', { id: manager.id, active: false }, admin);
    expect((await h.fail('auth.me', {}, managerToken)).code).toBe('UNAUTHENTICATED');

    await h.ok('system.restore', { name }, admin);
    expect((await h.fail('auth.me', {}, managerToken)).code).toBe('UNAUTHENTICATED');
    expect((await h.fail('auth.me', {}, admin)).code).toBe('UNAUTHENTICATED');
    const again = await login(h);
    const restored = await h.ok('audit.list', { type: 'system.restored' }, again);
    expect(restored.items[0]).toMatchObject({ after: { sessionsEnded: 2 } });
    expect((await h.ok('audit.verify', {}, again)).ok).toBe(true);
  });
});

describe('the recovery state', () => {
  async function damagedStore(prefix: string): Promise<{ h: Hosted; backup: string; tampered: string }> {
    const { h, backup } = await storeWithBackup(prefix);
    const dir = h.dir;
    await tamperedSchema(path.join(dir, 'backups', backup), path.join(dir, 'backups', 'tessera-tampered.db'));
    // A backup with an admin of its own whose password the attacker knows, but a forged schema.
    await h.close();
    damageTable(path.join(dir, DB_FILE), 'orders');
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 7, host: os.hostname(), purpose: 'Tessera', since: '2026-06-01T09:00:00.000Z' }));
    const damaged = await hosted(dir);
    await until(() => damaged.host.state === 'corrupt', 'the recovery state');
    return { h: damaged, backup, tampered: 'tessera-tampered.db' };
  }

  test('system.backups lists names, times and sizes only, and system.recover is throttled like sign-in', async () => {
    const { h, backup, tampered } = await damagedStore('tessera-trust-recovery-');
    const list = await h.ok('system.backups', {});
    expect(JSON.stringify(list)).not.toContain(h.dir);
    expect(Object.keys(list)).toEqual(['items']);
    for (const item of list.items) expect(Object.keys(item).sort()).toEqual(['bytes', 'createdAt', 'name']);
    expect(list.items.map((i) => i.name).sort()).toEqual([backup, tampered].sort());

    // A tampered backup is refused by recovery too (with the right password).
    const refused = await h.fail('system.recover', { name: tampered, username: adminInput.username, password: adminInput.password });
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toMatch(/payments_double/);

    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await h.fail('system.recover', { name: backup, username: adminInput.username, password: `wrong ${i}` });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.code).toBe('RATE_LIMITED');
        expect((r.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(7).fill(429));
    // Even the right password waits for the lock to end.
    expect((await h.fail('system.recover', { name: backup, username: adminInput.username, password: adminInput.password })).status).toBe(429);
    h.clock.advance(16 * 60_000);
    const recovered = await h.ok('system.recover', { name: backup, username: adminInput.username, password: adminInput.password });
    expect(recovered.restored).toBe(backup);
    expect(h.host.state).toBe('ok');
  });
});

describe('the desktop chooses folders, the browser cannot', () => {
  test('a second backup folder chosen through the OS dialog gets every automatic backup; Copy to… copies one', async () => {
    const second = dirFor('tessera-trust-second-');
    const usb = dirFor('tessera-trust-usb-');
    const answers: (string | null)[] = [second, usb, null];
    const asked: string[] = [];
    const desktop: BackupDesktop = {
      async chooseFolder(purpose) {
        asked.push(purpose);
        return answers.shift() ?? null;
      },
    };
    const { h, admin, backup } = await storeWithBackup('tessera-trust-desktop-', { platform: { chooseFolder: desktop.chooseFolder } });

    // Over HTTP nobody can choose or name a folder.
    const viaHttp = await h.fail('system.chooseBackupFolder', {}, admin);
    expect(viaHttp.code).toBe('CONFLICT');
    expect(viaHttp.message).toMatch(/desktop/);
    expect((await h.fail('system.copyBackup', { name: backup }, admin)).code).toBe('CONFLICT');
    expect((await h.fail('system.chooseBackupFolder', { folder: '/tmp' }, admin)).code).toBe('VALIDATION');
    expect(asked).toEqual([]);

    // Through IPC (the desktop window): the main process asks the OS dialog.
    const chosen = await h.ipc('system.chooseBackupFolder', {}, admin);
    expect(chosen).toEqual({ ok: true, value: { copyFolder: path.basename(second) } });
    const auto = await h.host.autoBackup();
    expect(fs.readdirSync(second)).toEqual([auto!.name]);
    expect(mode(path.join(second, auto!.name))).toBe(0o600);

    const copied = await h.ipc('system.copyBackup', { name: backup }, admin);
    expect(copied).toEqual({ ok: true, value: { copied: true, name: backup } });
    expect(fs.readFileSync(path.join(usb, backup))).toEqual(fs.readFileSync(path.join(h.dir, 'backups', backup)));
    // Cancelled dialog: nothing copied.
    expect(await h.ipc('system.copyBackup', { name: backup }, admin)).toEqual({ ok: true, value: { copied: false, name: null } });
    expect(asked).toEqual(['copy-folder', 'copy-to', 'copy-to']);

    const types = (await h.ok('audit.list', {}, admin)).items.map((e) => e.type);
    expect(types).toContain('system.backup_folder_chosen');
    expect(types.filter((t) => t === 'system.backup_copied')).toHaveLength(2);
    expect((await h.ok('system.backups', {}, admin)).copyFolder).toBe(path.basename(second));
  });
});

describe('tessera backup --out (command line, as the OS user)', () => {
  test('writes a checked private copy where the user asks, never over a file', async () => {
    const { h } = await storeWithBackup('tessera-trust-cli-backup-');
    const out = path.join(dirFor('tessera-trust-cli-out-'), 'store.db');
    const made = await tessera(['backup', '--out', out, '--data-dir', h.dir]);
    expect(made.stderr).toMatch(/Backed up/);
    expect(made.code).toBe(0);
    expect(made.stdout.trim()).toBe(out);
    expect(mode(out)).toBe(0o600);
    const db = new Database(out, { readonly: true });
    expect((db.prepare("SELECT count(*) AS n FROM orders").get() as { n: number }).n).toBe(1);
    db.close();
    const again = await tessera(['backup', '--out', out, '--data-dir', h.dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    // Named *.backup, the copy is compressed and verified like the app's own.
    const compressed = path.join(path.dirname(out), 'store.backup');
    const packed = await tessera(['backup', '--out', compressed, '--data-dir', h.dir]);
    expect(packed.code).toBe(0);
    expect(mode(compressed)).toBe(0o600);
    expect(fs.statSync(compressed).size * 2).toBeLessThan(fs.statSync(out).size);
    const expanded = new Database(await plainCopy(compressed, path.join(path.dirname(out), 'expanded.db')), { readonly: true });
    expect((expanded.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n).toBe(1);
    expanded.close();
    const admin = await login(h);
    const entries = await h.ok('audit.list', { type: 'system.backup' }, admin);
    expect(entries.items[0]).toMatchObject({ after: { kind: 'manual', by: 'tessera backup' } });
  });
});
