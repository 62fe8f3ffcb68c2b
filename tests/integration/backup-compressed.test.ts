/**
 * Compressed backups: written as a checked snapshot compressed into one file, verified by
 * reading it back before it is kept; restored to the same rows; a damaged or cut-short one
 * is refused by name and changes nothing; old uncompressed `.db` backups still list and
 * restore; and the 14 kept automatic backups of a store with sales take at most 4× its size.
 */
import { hostOverHttp, type Hosted } from '../support/hosted';
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { DB_FILE } from '../../electron/core/core';
import type { TestHooks } from '../../electron/core/services/deps';
import { adminInput, manualClock, tempDir } from '../support/core';
import { START } from '../support/sales';
import { tessera } from '../support/cli';

const DAY = 24 * 60 * 60_000;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function hosted(hooks: TestHooks = {}, clock = manualClock(START)): Promise<Hosted> {
  const dir = tempDir('tessera-compressed-');
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const h = await hostOverHttp(dir, clock, { hooks } as Parameters<typeof hostOverHttp>[2]);
  cleanups.push(() => h.close());
  return h;
}

async function setup(h: Hosted): Promise<string> {
  const r = await h.ipc('auth.setup', adminInput);
  if (!r.ok) throw new Error(`auth.setup failed: ${r.error.message}`);
  return r.value.token;
}

function login(h: Hosted): Promise<string> {
  return h.ok('auth.login', { username: adminInput.username, password: adminInput.password }).then((r) => r.token);
}

/** A paid sale through the contract; returns the order id. */
async function sale(h: Hosted, token: string, name = 'Widget', unitPrice = 1000, quantity = 1): Promise<string> {
  const order = await h.ok('orders.create', { lines: [{ name, unitPrice, taxRateBp: 2000, quantity }] }, token);
  const invoice = await h.ok('invoices.generate', { orderId: order.id }, token);
  await h.ok('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: invoice.total, idempotencyKey: crypto.randomUUID() }, token);
  return order.id;
}

/** A catalogue of some size, so the store has pages worth compressing (one transaction). */
function fillCatalogue(h: Hosted, count: number, from = 0): void {
  const db = h.host.core.store.sqlite;
  const insert = db.prepare(
    `INSERT INTO products (id, sku, barcode, name, name_key, unit_price, tax_rate_bp, category, archived, created_at, updated_at)
     VALUES (?, ?, NULL, ?, ?, ?, 0, 'Filler', 0, '2026-06-01T09:00:00.000Z', '2026-06-01T09:00:00.000Z')`,
  );
  db.transaction(() => {
    for (let i = from; i < from + count; i++) {
      const name = `Product ${i} ${crypto.randomBytes(6).toString('hex')}`;
      insert.run(crypto.randomUUID(), `SKU-${i}`, name, name.toLowerCase(), 100 + (i % 997));
    }
  })();
}

/** What a restore must bring back exactly: counts and sums of the money tables. */
function figures(h: Hosted): Record<string, number> {
  const db = h.host.core.store.sqlite;
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    orders: one('SELECT count(*) AS n FROM orders'),
    products: one('SELECT count(*) AS n FROM products'),
    invoices: one('SELECT count(*) AS n FROM invoices'),
    invoiceTotal: one('SELECT coalesce(sum(total), 0) AS n FROM invoices'),
    payments: one('SELECT count(*) AS n FROM payments'),
    paid: one('SELECT coalesce(sum(amount), 0) AS n FROM payments'),
  };
}

/** The live store's own size (its pages), whatever its WAL holds. */
function storeBytes(h: Hosted): number {
  const db = h.host.core.store.sqlite;
  return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
}

function backupPath(h: Hosted, name: string): string {
  return path.join(h.dir, 'backups', name);
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Flips bytes in the middle of a file, as a failing disk might. */
function flipMiddle(file: string): void {
  const fd = fs.openSync(file, 'r+');
  const at = Math.floor(fs.fstatSync(fd).size / 2);
  const buf = Buffer.alloc(256);
  fs.readSync(fd, buf, 0, buf.length, at);
  for (let i = 0; i < buf.length; i++) buf[i] = buf[i]! ^ 0x5a;
  fs.writeSync(fd, buf, 0, buf.length, at);
  fs.closeSync(fd);
}

describe('compressed backups', () => {
  test('a backup is a compressed file, far smaller than the store, and restores to the same rows', async () => {
    const h = await hosted();
    let admin = await setup(h);
    fillCatalogue(h, 3000);
    for (let i = 0; i < 20; i++) await sale(h, admin, `Item ${i}`, 100 * (i + 1), 1 + (i % 3));
    const before = figures(h);
    const made = await h.ok('system.backup', {}, admin);
    const file = backupPath(h, made.name);
    expect(made.name).toMatch(/^tessera-\d{8}-\d{6}\.backup$/);
    expect(made.bytes).toBe(fs.statSync(file).size);
    // Not a database file as it is: compressed.
    expect(fs.readFileSync(file).subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)).toBe(false);
    expect(made.bytes * 3).toBeLessThan(storeBytes(h));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // Nothing half-written beside it.
    expect(fs.readdirSync(path.join(h.dir, 'backups'))).toEqual([made.name]);
    const listed = await h.ok('system.backups', {}, admin);
    expect(listed.items).toEqual([{ name: made.name, bytes: made.bytes, createdAt: made.createdAt, kind: 'manual' }]);

    await sale(h, admin, 'After the backup');
    expect(figures(h)).not.toEqual(before);
    const restored = await h.ok('system.restore', { name: made.name }, admin);
    expect(restored.restored).toBe(made.name);
    admin = await login(h);
    expect(figures(h)).toEqual(before);
    expect((await h.ok('audit.verify', {}, admin)).ok).toBe(true);
    // The restored store is a plain database in WAL mode, as the app keeps it.
    expect(fs.readFileSync(path.join(h.dir, DB_FILE)).subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)).toBe(true);
  });

  test('a written backup that does not read back as the checked copy is removed and reported, never listed', async () => {
    let damage = true;
    const h = await hosted({
      backupCompressed(file: string) {
        if (damage) flipMiddle(file);
      },
    } as TestHooks);
    const admin = await setup(h);
    fillCatalogue(h, 2000);
    await sale(h, admin);
    const refused = await h.fail('system.backup', {}, admin);
    expect(refused.code).toBe('INTERNAL');
    expect(refused.key).toBe('backupCheckFailed');
    expect(refused.message).toMatch(/failed the check \(verification: /);
    expect(fs.readdirSync(path.join(h.dir, 'backups'))).toEqual([]);
    const list = await h.ok('system.backups', {}, admin);
    expect(list.items).toEqual([]);
    expect(list.lastFailure).toMatchObject({ kind: 'manual', reason: expect.stringMatching(/verification/) });
    expect(await h.host.autoBackup()).toBeNull();
    expect(fs.readdirSync(path.join(h.dir, 'backups'))).toEqual([]);
    damage = false;
    expect(await h.host.autoBackup()).not.toBeNull();
    expect((await h.ok('system.backups', {}, admin)).items).toHaveLength(1);
  });

  test('a damaged or truncated compressed backup is refused by restore, by name, and nothing changes', async () => {
    const h = await hosted();
    const admin = await setup(h);
    fillCatalogue(h, 2000);
    await sale(h, admin, 'Kept');
    const made = await h.ok('system.backup', {}, admin);
    const later = await sale(h, admin, 'After the backup');
    const good = backupPath(h, made.name);
    const damaged = backupPath(h, 'tessera-damaged.backup');
    fs.copyFileSync(good, damaged);
    flipMiddle(damaged);
    const truncated = backupPath(h, 'tessera-truncated.backup');
    fs.writeFileSync(truncated, fs.readFileSync(good).subarray(0, Math.floor(made.bytes / 2)), { mode: 0o600 });

    for (const name of ['tessera-damaged.backup', 'tessera-truncated.backup']) {
      const refused = await h.fail('system.restore', { name }, admin);
      expect(refused.code, `${name}: ${refused.message}`).toBe('VALIDATION');
      expect(refused.key).toBe('backupNotRestorable');
      expect(refused.params).toMatchObject({ why: 'compressed', label: name });
      expect(refused.message).toContain(`${name} is a compressed backup`);
      expect((refused.details as { issues: { path: string[] }[] }).issues[0]!.path).toEqual(['name']);
    }
    // Nothing changed: the same store, no file set aside, nothing staged.
    expect((await h.ok('orders.get', { id: later }, admin)).lines[0]!.name).toBe('After the backup');
    expect(fs.readdirSync(h.dir).filter((f) => f.includes('before-restore') || f.includes('restoring') || f.endsWith('.part'))).toEqual([]);
    expect(fs.readdirSync(path.join(h.dir, 'backups')).filter((f) => f.endsWith('.part'))).toEqual([]);
    await h.close();
    const current = sha256(path.join(h.dir, DB_FILE));

    // The command line refuses it the same way; the good one restores.
    const cli = await tessera(['restore', truncated, '--data-dir', h.dir]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/refused: tessera-truncated\.backup is a compressed backup/);
    expect(sha256(path.join(h.dir, DB_FILE))).toBe(current);
    const done = await tessera(['restore', good, '--data-dir', h.dir]);
    expect(done.stderr).toMatch(/Restored /);
    expect(done.code).toBe(0);
    const db = new Database(path.join(h.dir, DB_FILE), { readonly: true });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
  });

  test('an uncompressed .db backup made before is still listed and restores', async () => {
    const h = await hosted();
    let admin = await setup(h);
    fillCatalogue(h, 500);
    await sale(h, admin, 'In the old backup');
    const before = figures(h);
    // An older build wrote plain database files and recorded them.
    const old = 'tessera-auto-20260531-090000.db';
    fs.mkdirSync(path.join(h.dir, 'backups'), { mode: 0o700 });
    await h.host.core.services.backup.backupTo(backupPath(h, old), 'test');
    expect(fs.readFileSync(backupPath(h, old)).subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)).toBe(true);
    h.host.core.store.sqlite.prepare("INSERT INTO backups (name, kind, created_at, bytes) VALUES (?, 'automatic', '2026-05-31T09:00:00.000Z', ?)").run(old, fs.statSync(backupPath(h, old)).size);
    await sale(h, admin, 'Later');

    const listed = await h.ok('system.backups', {}, admin);
    expect(listed.items.find((i) => i.name === old)).toMatchObject({ kind: 'automatic' });
    await h.ok('system.restore', { name: old }, admin);
    admin = await login(h);
    expect(figures(h)).toEqual(before);
    expect((await h.ok('audit.verify', {}, admin)).ok).toBe(true);
  });

  test('the 14 automatic backups kept of a store with daily sales take at most 4× the store', async () => {
    const clock = manualClock(START);
    const h = await hosted({}, clock);
    let admin = await setup(h);
    fillCatalogue(h, 4000);
    for (let day = 0; day < 16; day++) {
      admin = await login(h);
      for (let i = 0; i < 5; i++) await sale(h, admin, `Day ${day} item ${i}`, 250 + i * 10, 1 + i);
      fillCatalogue(h, 50, 4000 + day * 50);
      expect(await h.host.autoBackup(), `day ${day}`).not.toBeNull();
      clock.advance(DAY);
    }
    const { items } = await h.ok('system.backups', {}, await login(h));
    const kept = items.filter((i) => i.kind === 'automatic');
    expect(kept).toHaveLength(14);
    const total = kept.reduce((sum, i) => sum + i.bytes, 0);
    expect(total).toBe(kept.reduce((sum, i) => sum + fs.statSync(backupPath(h, i.name)).size, 0));
    expect(total / storeBytes(h)).toBeLessThanOrEqual(4);
  });
});
