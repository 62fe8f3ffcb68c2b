/**
 * The compact audit format: a store upgraded from before it keeps its entries as they were
 * written (full snapshots, hex hashes: their hashes may be printed on Z reports) and writes
 * new ones compact (the fields that changed, 32-byte hashes) from a boundary the upgrade
 * records; the chain verifies end to end across it, and a tampered entry on either side, an
 * entry in the other side's form or a moved boundary is caught.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DB_FILE } from '../../electron/core/core';
import { openStore } from '../../electron/core/db/open';
import { inspectDatabaseFile } from '../../electron/core/services/backupCheck';
import { canonicalJson, GENESIS_HASH, hashHexSql, storedEntryHash, type EventEntry } from '../../electron/core/services/events';
import { migrationsFolder, startCore, tempDir, type TestCore } from '../support/core';
import { insertAdmin, migrationsBefore } from '../support/migrations';
import { eventsSince, lastSeq, openSalesStore, type SalesStore } from '../support/sales';

const AT = '2026-05-01T09:00:00.000Z';
const PASSWORD = 'correct horse battery';

/** An order as the trail recorded it before the compact format: the whole record, nulls and all. */
const OLD_ORDER = { id: 'o-1', number: 1, status: 'RECEIVED', customer: null, note: null, total: 4800, lines: [{ name: 'Lamp', sku: null, quantity: 1, total: 4800 }], version: 1 };

interface StoredRow {
  seq: number;
  before: string | null;
  after: string | null;
  prev: string;
  hash: string;
  form: string;
  bytes: number;
}

function rows(db: { prepare: (sql: string) => { all: () => unknown[] } }): StoredRow[] {
  return db
    .prepare(`SELECT seq, before, after, ${hashHexSql('prev_hash')} AS prev, ${hashHexSql('hash')} AS hash, typeof(hash) AS form, length(hash) AS bytes FROM events ORDER BY seq`)
    .all() as StoredRow[];
}

describe('a store upgraded to the compact audit format', () => {
  let dir: string;
  let before: string;
  let t: TestCore;
  let token: string;
  /** The entries as the earlier version wrote them: every column, byte for byte. */
  let legacy: unknown[];

  beforeEach(async () => {
    before = migrationsBefore('0014_compact_audit');
    dir = tempDir('tessera-audit-format-');
    const old = openStore({ file: path.join(dir, DB_FILE), migrationsFolder: before });
    const db = old.sqlite;
    await insertAdmin(db, PASSWORD, AT);
    // The earlier writer: whole before/after snapshots, hashes as 64 hex characters, each row naming the one before it.
    let prev = GENESIS_HASH;
    const append = (e: EventEntry) => {
      const b = e.before === null ? null : canonicalJson(e.before);
      const a = e.after === null ? null : canonicalJson(e.after);
      const hash = storedEntryHash(prev, e.at, e.actor, e.type, e.entity, e.entityId, b, a);
      db.prepare('INSERT INTO events (at, actor, type, entity, entity_id, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(e.at, e.actor, e.type, e.entity, e.entityId, b, a, prev, hash);
      prev = hash;
    };
    append({ at: AT, actor: 'u-admin', type: 'auth.setup', entity: 'user', entityId: 'u-admin', before: null, after: { username: 'admin', role: 'admin', language: null } });
    append({ at: AT, actor: 'u-admin', type: 'order.created', entity: 'order', entityId: 'o-1', before: null, after: OLD_ORDER });
    append({ at: AT, actor: 'u-admin', type: 'order.processing', entity: 'order', entityId: 'o-1', before: OLD_ORDER, after: { ...OLD_ORDER, status: 'PROCESSING', version: 2 } });
    legacy = db.prepare('SELECT * FROM events ORDER BY seq').all();
    db.close();
    // A backup of the store as the earlier version left it.
    fs.copyFileSync(path.join(dir, DB_FILE), path.join(dir, 'earlier.db'));

    t = await startCore('in-process', { dir });
    token = (await t.ok('auth.login', { username: 'admin', password: PASSWORD })).token;
    await t.ok('orders.checkout', { lines: [{ name: 'Widget', unitPrice: 1000, taxRateBp: 2000, quantity: 2 }], tenders: [{ method: 'card', amount: 2400 }], idempotencyKey: 'format-sale' }, token);
  });

  afterEach(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(before, { recursive: true, force: true });
  });

  const sqlite3 = (statements: string) => execFileSync('sqlite3', [path.join(dir, DB_FILE), statements], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  test('the old entries stay byte for byte; new ones are compact from the recorded boundary, and the chain verifies across it', async () => {
    const db = t.core.store.sqlite;
    expect(db.prepare('SELECT compact_from AS compactFrom FROM audit_format').all()).toEqual([{ compactFrom: 4 }]);
    expect(db.prepare('SELECT * FROM events WHERE seq < 4 ORDER BY seq').all()).toEqual(legacy);
    const all = rows(db);
    expect(all.length).toBeGreaterThan(4 + 5);
    for (const r of all) expect([r.seq, r.form, r.bytes]).toEqual(r.seq < 4 ? [r.seq, 'text', 64] : [r.seq, 'blob', 32]);
    // The first compact entry follows the last old one.
    expect(all[3]!.prev).toBe((db.prepare('SELECT hash FROM events WHERE seq = 3').get() as { hash: string }).hash);

    const verified = await t.ok('audit.verify', {}, token);
    expect(verified).toMatchObject({ ok: true, entries: all.length, firstBadEntry: null });

    // The list reads both: the old order's whole record, the new sale's changed fields only.
    const { items } = await t.ok('audit.list', { limit: 100 }, token);
    const oldProcessing = items.find((e) => e.seq === 3)!;
    expect(oldProcessing.after).toMatchObject({ status: 'PROCESSING', customer: null, total: 4800 });
    const newProcessing = items.find((e) => e.seq >= 4 && e.type === 'order.processing')!;
    expect(newProcessing).toMatchObject({ before: { status: 'RECEIVED', version: 1 }, after: { status: 'PROCESSING', version: 2 } });
  });

  test('a backup made before the compact format passes the restore check: its chain verifies in its own format', async () => {
    expect(await inspectDatabaseFile(path.join(dir, 'earlier.db'), { label: 'earlier.db', migrationsFolder })).toMatchObject({ ok: true });
  });

  test('a changed old entry, a changed new one, a hash in the other side\'s form and a moved boundary are each caught', async () => {
    const last = rows(t.core.store.sqlite).at(-1)!;
    await t.close();
    const verify = async () => {
      t = await startCore('in-process', { dir });
      token = (await t.ok('auth.login', { username: 'admin', password: PASSWORD })).token;
      const r = await t.ok('audit.verify', {}, token);
      await t.close();
      return r;
    };

    // The boundary is fixed.
    expect(() => sqlite3('UPDATE audit_format SET compact_from = 1;')).toThrow(/boundary is fixed/);
    expect(() => sqlite3('DELETE FROM audit_format;')).toThrow(/boundary is fixed/);
    expect(() => sqlite3('INSERT INTO audit_format VALUES (1);')).toThrow(/boundary is fixed/);

    sqlite3(`DROP TRIGGER events_no_update; UPDATE events SET after = json_set(after, '$.total', 1) WHERE seq = 2;`);
    expect(await verify()).toMatchObject({ ok: false, firstBadEntry: 2, problem: 'changed' });
    sqlite3(`UPDATE events SET after = json_set(after, '$.total', 4800) WHERE seq = 2;`);
    expect(await verify()).toMatchObject({ ok: true });

    // A new entry changed: its amount.
    const payment = sqlite3("SELECT seq FROM events WHERE type = 'payment.received';").trim();
    sqlite3(`UPDATE events SET after = json_set(after, '$.amount', 1) WHERE seq = ${payment};`);
    expect(await verify()).toMatchObject({ ok: false, firstBadEntry: Number(payment), problem: 'changed' });
    sqlite3(`UPDATE events SET after = json_set(after, '$.amount', 2400) WHERE seq = ${payment};`);
    expect(await verify()).toMatchObject({ ok: true });

    // The right hash, but as hex text where the compact format keeps bytes.
    sqlite3(`UPDATE events SET hash = lower(hex(hash)) WHERE seq = ${last.seq};`);
    expect(await verify()).toMatchObject({ ok: false, firstBadEntry: last.seq, problem: 'changed' });
    sqlite3(`UPDATE events SET hash = X'${last.hash}' WHERE seq = ${last.seq};`);
    expect(await verify()).toMatchObject({ ok: true });

    // The boundary moved back: the old entries are not in the compact form.
    sqlite3('DROP TRIGGER audit_format_no_update; UPDATE audit_format SET compact_from = 1;');
    expect(await verify()).toMatchObject({ ok: false, firstBadEntry: 1 });
    t = await startCore('in-process', { dir });
  });
});

describe('what a sale records in the compact format', () => {
  let s: SalesStore;
  beforeEach(async () => {
    s = await openSalesStore('in-process');
  });
  afterEach(() => s.close());

  test('an edit records only the fields that changed; a creation only the fields that hold a value', async () => {
    const from = lastSeq(s);
    const sale = await s.t.ok(
      'orders.checkout',
      { lines: [{ name: 'Widget', unitPrice: 1000, taxRateBp: 2000, quantity: 2 }], tenders: [{ method: 'card', amount: 2400 }], idempotencyKey: 'compact-sale' },
      s.cashier,
    );
    const events = eventsSince(s, from);
    const by = (type: string) => events.find((e) => e.type === type)!;
    expect(by('order.processing')).toMatchObject({ before: { status: 'RECEIVED', version: 1 }, after: { status: 'PROCESSING', version: 2 } });
    expect(Object.keys(by('order.processing').after as object).sort()).toEqual(['status', 'version']);
    expect(Object.keys(by('invoice.paid').after as object).sort()).toEqual(['amountPaid', 'status']);
    expect(by('order.fulfilled')).toMatchObject({ before: { status: 'PROCESSING', version: 3 }, after: { status: 'FULFILLED', version: 4 } });
    expect(Object.keys(by('order.fulfilled').after as object).sort()).toEqual(['status', 'version']);
    // A creation: its values, no nulls at any level.
    const created = by('order.created').after as Record<string, unknown>;
    expect(created).toMatchObject({ id: sale.order.id, number: sale.order.number, total: 2400, status: 'RECEIVED' });
    expect(JSON.stringify(created)).not.toContain('null');
    expect(JSON.stringify(by('invoice.issued').after)).not.toContain('null');
    // What reads the trail still finds what it needs: the order's history, its statuses and the payment's amount.
    const history = await s.t.ok('orders.history', { id: sale.order.id }, s.cashier);
    expect(history.items.map((h) => [h.type, h.status, h.amount])).toEqual([
      ['order.created', 'RECEIVED', null],
      ['order.processing', 'PROCESSING', null],
      ['invoice.issued', 'PENDING', null],
      ['payment.received', null, 2400],
      ['invoice.paid', 'PAID', null],
      ['order.fulfilled', 'FULFILLED', null],
    ]);
  });
});
