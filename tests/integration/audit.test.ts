/**
 * The audit trail through the contract: audit.list (filters, keyset paging, roles) and
 * audit.verify, with the chain tampered by the sqlite3 command line the way someone with
 * the database file could: a changed, a deleted and an inserted entry.
 */
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { AuditEntry } from '../../shared/contract/audit';
import { entryHash } from '../../electron/core/services/events';
import { adminInput } from '../support/core';
import { invoiced, lastSeq, MINUTE, openSalesStore, paidOrder, pay, START, transports, type SalesStore } from '../support/sales';

const DAY = 24 * 60 * MINUTE;

/** Runs SQL with the sqlite3 command line on the store's file (another process, as an intruder would). */
function sqlite3(s: SalesStore, sql: string): string {
  return execFileSync('sqlite3', [s.t.core.store.file, sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function row(s: SalesStore, seq: number) {
  // Hashes as hex: a store made now keeps them as 32-byte BLOBs (the compact format).
  return s.t.core.store.sqlite
    .prepare('SELECT *, lower(hex(prev_hash)) AS prev_hash, lower(hex(hash)) AS hash, typeof(hash) AS form, length(hash) AS bytes FROM events WHERE seq = ?')
    .get(seq) as {
    seq: number;
    at: string;
    actor: string | null;
    type: string;
    entity: string;
    entity_id: string | null;
    before: string | null;
    after: string | null;
    prev_hash: string;
    hash: string;
    form: string;
    bytes: number;
  };
}

/** A few sales of every kind: paid, part-paid then cancelled (refund), voided (cancelled before payment). */
async function someSales(s: SalesStore) {
  const paid = await paidOrder(s);
  const partly = await invoiced(s);
  await pay(s, partly.invoice.id, 500);
  await s.t.ok('orders.cancel', { id: partly.order.id, reason: 'customer changed their mind' }, s.manager);
  const voided = await invoiced(s);
  await s.t.ok('orders.cancel', { id: voided.order.id, reason: 'wrong items' }, s.cashier);
  return { paid, partly, voided };
}

async function allEntries(s: SalesStore, input: Record<string, unknown> = {}, limit = 7): Promise<{ items: AuditEntry[]; pages: number }> {
  const items: AuditEntry[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages < 1000; pages++) {
    const page = await s.t.ok('audit.list', { ...input, limit, ...(cursor ? { cursor } : {}) }, s.admin);
    items.push(...page.items);
    if (!page.nextCursor) return { items, pages };
    cursor = page.nextCursor;
  }
  throw new Error('the list did not end');
}

describe.each(transports)('audit over %s', (transport) => {
  let s: SalesStore;
  beforeEach(async () => {
    s = await openSalesStore(transport);
  });
  afterEach(async () => {
    await s.close();
  });

  test('a fresh store with a few sales verifies; every entry hashes as EventLog wrote it', async () => {
    await someSales(s);
    const result = await s.t.ok('audit.verify', {}, s.admin);
    expect(result).toMatchObject({ ok: true, entries: lastSeq(s), firstBadEntry: null, problem: null, message: null });
    expect(result.entries).toBeGreaterThan(15);
    // The verifier's fast path agrees with entryHash over the parsed entry, row by row.
    let prev = '0'.repeat(64);
    for (let seq = 1; seq <= lastSeq(s); seq++) {
      const r = row(s, seq);
      const entry = { at: r.at, actor: r.actor, type: r.type, entity: r.entity, entityId: r.entity_id, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) };
      expect(r.prev_hash).toBe(prev);
      expect([r.form, r.bytes]).toEqual(['blob', 32]);
      expect(entryHash(prev, entry)).toBe(r.hash);
      prev = r.hash;
    }
    // Managers may verify too.
    expect((await s.t.ok('audit.verify', {}, s.manager)).ok).toBe(true);
  });

  test('voids, refunds, cancellations, sign-ins, user and settings changes are all in the trail', async () => {
    const { partly, voided } = await someSales(s);
    await s.t.fail('auth.login', { username: 'cashier1', password: 'not the password' });
    const signedIn = await s.t.ok('auth.login', { username: 'support1', password: 'support-password-1' });
    await s.t.ok('auth.logout', {}, signedIn.token);
    await s.t.ok('users.update', { id: s.userId.support, displayName: 'Sam Support' }, s.admin);
    await s.t.ok('users.setPassword', { id: s.userId.support, password: 'a-new-password-2' }, s.admin);
    await s.t.ok('settings.update', { storeName: 'Corner Shop' }, s.admin);

    const { items } = await allEntries(s, {}, 100);
    const types = new Set(items.map((e) => e.type));
    for (const type of [
      'order.created',
      'invoice.issued',
      'payment.received',
      'invoice.paid',
      'order.fulfilled',
      'order.cancelled',
      'invoice.cancelled',
      'payment.refunded',
      'auth.setup',
      'auth.login',
      'auth.login_failed',
      'auth.logout',
      'user.created',
      'user.updated',
      'user.password_reset',
      'settings.updated',
    ]) {
      expect(types, type).toContain(type);
    }

    // The void: the pending invoice cancelled with the order, no refund.
    const voidEntries = (await s.t.ok('audit.list', { entity: 'invoice', entityId: voided.invoice.id }, s.admin)).items;
    expect(voidEntries.map((e) => e.type)).toEqual(['invoice.cancelled', 'invoice.issued']);
    expect(voidEntries[0]).toMatchObject({ before: { status: 'PENDING' }, after: { status: 'CANCELLED' }, actor: { id: s.userId.cashier } });
    // The refund of the part payment, recorded by the manager who cancelled.
    const refunds = (await s.t.ok('audit.list', { type: 'payment.refunded' }, s.admin)).items;
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ actor: { id: s.userId.manager, displayName: 'manager user' }, after: { kind: 'refund', amount: 500, invoiceId: partly.invoice.id } });
    const cancelled = (await s.t.ok('audit.list', { entity: 'order', entityId: partly.order.id, type: 'order.cancelled' }, s.admin)).items;
    expect(cancelled[0]).toMatchObject({ after: { status: 'CANCELLED', reason: 'customer changed their mind' } });
    // Settings: what changed, before and after.
    const settings = (await s.t.ok('audit.list', { entity: 'settings' }, s.admin)).items;
    expect(settings[0]).toMatchObject({ type: 'settings.updated', before: { storeName: 'My Store' }, after: { storeName: 'Corner Shop' } });
    // A failed sign-in has no actor; it names the username.
    const failed = (await s.t.ok('audit.list', { type: 'auth.login_failed' }, s.admin)).items;
    expect(failed[0]).toMatchObject({ actorId: null, actor: null, entity: 'auth', entityId: 'cashier1' });
    // No password or token ever reaches the trail.
    const text = JSON.stringify(items);
    expect(text).not.toContain('a-new-password-2');
    expect(text).not.toContain(signedIn.token);

    expect((await s.t.ok('audit.verify', {}, s.admin)).ok).toBe(true);
  });

  test('audit.list: newest first, keyset pages that join up, and every filter', async () => {
    await paidOrder(s);
    // Two days later (the sessions have ended by then: sign in again).
    s.t.clock.advance(2 * DAY);
    s.admin = (await s.t.ok('auth.login', { username: adminInput.username, password: adminInput.password })).token;
    s.cashier = (await s.t.ok('auth.login', { username: 'cashier1', password: 'cashier-password-1' })).token;
    const later = await paidOrder(s);

    const { items, pages } = await allEntries(s, {}, 4);
    expect(pages).toBeGreaterThan(3);
    expect(items.map((e) => e.seq)).toEqual(Array.from({ length: lastSeq(s) }, (_, i) => lastSeq(s) - i));

    const byOrder = (await allEntries(s, { entity: 'order', entityId: later.order.id }, 2)).items;
    expect(byOrder.map((e) => e.type)).toEqual(['order.fulfilled', 'order.processing', 'order.created']);
    expect(byOrder.every((e) => e.entityId === later.order.id)).toBe(true);

    const received = (await allEntries(s, { type: 'payment.received' }, 1)).items;
    expect(received).toHaveLength(2);
    expect(received[0]!.entityId).toBe(later.payment.id);

    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const first = (await allEntries(s, { from: day(START), to: day(START) })).items;
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((e) => e.at.startsWith(day(START)))).toBe(true);
    const second = (await allEntries(s, { from: new Date(START + DAY).toISOString() })).items;
    expect(second.map((e) => e.seq)).toEqual(items.filter((e) => e.at > new Date(START + DAY).toISOString()).map((e) => e.seq));
    expect(second.length).toBeGreaterThan(0);
    expect(second.some((e) => e.entityId === later.order.id)).toBe(true);
    expect(second.some((e) => e.at.startsWith(day(START)))).toBe(false);

    const none = await s.t.ok('audit.list', { entity: 'nothing-like-this' }, s.admin);
    expect(none).toEqual({ items: [], nextCursor: null });

    const facets = await s.t.ok('audit.types', {}, s.admin);
    expect(facets.entities).toEqual(expect.arrayContaining(['order', 'invoice', 'payment', 'user']));
    expect(facets.types).toEqual(expect.arrayContaining(['order.created', 'payment.received', 'auth.login']));

    const bad = await s.t.fail('audit.list', { cursor: 'not-a-cursor' }, s.admin);
    expect(bad.code).toBe('VALIDATION');
    expect((await s.t.fail('audit.list', { limit: 501 }, s.admin)).code).toBe('VALIDATION');
    expect((await s.t.fail('audit.list', { seq: 3 }, s.admin)).code).toBe('VALIDATION');
    expect((await s.t.fail('audit.verify', { deep: true }, s.admin)).code).toBe('VALIDATION');
  });

  test('cashiers and support may not read or verify the trail', async () => {
    for (const token of [s.cashier, s.support]) {
      for (const method of ['audit.list', 'audit.verify', 'audit.types'] as const) {
        expect((await s.t.fail(method, {}, token)).code).toBe('FORBIDDEN');
      }
    }
    expect((await s.t.fail('audit.list', {})).code).toBe('UNAUTHENTICATED');
    expect((await s.t.fail('audit.verify', {}, 'not-a-token')).code).toBe('UNAUTHENTICATED');
  });
});

describe('audit.verify finds tampering done with the sqlite3 command line', () => {
  let s: SalesStore;
  beforeEach(async () => {
    s = await openSalesStore('http');
    await someSales(s);
    expect((await s.t.ok('audit.verify', {}, s.admin)).ok).toBe(true);
  });
  afterEach(async () => {
    await s.close();
  });

  test('the no-update trigger stops a plain UPDATE', () => {
    expect(() => sqlite3(s, "UPDATE events SET after = '{}' WHERE seq = 3;")).toThrow(/append-only/);
  });

  test('a changed entry is named', async () => {
    const k = Math.floor(lastSeq(s) / 2);
    const amountBefore = row(s, k).after;
    sqlite3(s, `DROP TRIGGER events_no_update; UPDATE events SET after = json_set(after, '$.total', 1) WHERE seq = ${k};`);
    expect(row(s, k).after).not.toBe(amountBefore);
    const result = await s.t.ok('audit.verify', {}, s.admin);
    expect(result).toMatchObject({ ok: false, firstBadEntry: k, problem: 'changed', entries: lastSeq(s) });
    expect(result.message).toContain(`#${k}`);
    // The entry is still listed, as it is stored now.
    const listed = (await s.t.ok('audit.list', { limit: 500 }, s.admin)).items.find((e) => e.seq === k);
    expect(listed?.after).toMatchObject({ total: 1 });
  });

  test('a changed time, actor or type is named too; the first of two changes is the one named', async () => {
    sqlite3(s, `DROP TRIGGER events_no_update; UPDATE events SET actor = NULL WHERE seq = 9; UPDATE events SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 5;`);
    expect(await s.t.ok('audit.verify', {}, s.admin)).toMatchObject({ ok: false, firstBadEntry: 5, problem: 'changed' });
  });

  test('an entry with text that is not JSON any more is named, and still listed', async () => {
    sqlite3(s, `DROP TRIGGER events_no_update; UPDATE events SET before = '{broken' WHERE seq = 4;`);
    expect(await s.t.ok('audit.verify', {}, s.admin)).toMatchObject({ ok: false, firstBadEntry: 4, problem: 'changed' });
    const listed = (await s.t.ok('audit.list', { limit: 500 }, s.admin)).items.find((e) => e.seq === 4);
    expect(listed?.before).toBe('{broken');
  });

  test('a deleted entry is named (the gap), at the start, in the middle and at the end', async () => {
    const last = lastSeq(s);
    sqlite3(s, `DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 6;`);
    expect(await s.t.ok('audit.verify', {}, s.admin)).toMatchObject({ ok: false, firstBadEntry: 6, problem: 'missing', entries: last - 1 });

    sqlite3(s, `DELETE FROM events WHERE seq IN (1, 2);`);
    expect(await s.t.ok('audit.verify', {}, s.admin)).toMatchObject({ ok: false, firstBadEntry: 1, problem: 'missing' });
  });

  test('entries deleted from the end are named (sqlite_sequence remembers them)', async () => {
    const last = lastSeq(s);
    sqlite3(s, `DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq >= ${last - 1};`);
    const result = await s.t.ok('audit.verify', {}, s.admin);
    expect(result).toMatchObject({ ok: false, firstBadEntry: last - 1, problem: 'missing', entries: last - 2 });
    expect(result.message).toContain(`#${last - 1} to #${last}`);
  });

  test('an inserted entry is named: at the end with a made-up hash, or in a gap with a forged one', async () => {
    const last = row(s, lastSeq(s));
    sqlite3(
      s,
      `INSERT INTO events (seq, at, actor, type, entity, entity_id, before, after, prev_hash, hash)
       VALUES (${last.seq + 1}, '${last.at}', NULL, 'payment.refunded', 'payment', 'x', NULL, '{"amount":100}', X'${last.hash}', X'${'f'.repeat(64)}');`,
    );
    expect(await s.t.ok('audit.verify', {}, s.admin)).toMatchObject({ ok: false, firstBadEntry: last.seq + 1, problem: 'changed' });
  });

  test('a deleted entry replaced by a forged one with a correct-looking hash breaks the link after it', async () => {
    const k = 8;
    const old = row(s, k);
    const forged = { at: old.at, actor: null, type: 'order.created', entity: 'order', entityId: 'forged', before: null, after: { total: 1 } };
    const hash = entryHash(old.prev_hash, forged);
    sqlite3(
      s,
      `DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = ${k};
       INSERT INTO events (seq, at, actor, type, entity, entity_id, before, after, prev_hash, hash)
       VALUES (${k}, '${old.at}', NULL, 'order.created', 'order', 'forged', NULL, '{"total":1}', X'${old.prev_hash}', X'${hash}');`,
    );
    const result = await s.t.ok('audit.verify', {}, s.admin);
    expect(result).toMatchObject({ ok: false, firstBadEntry: k + 1, problem: 'unlinked' });
    expect(result.message).toContain(`#${k + 1} does not follow entry #${k}`);
  });

  test('new entries after a verify are chained on and verify', async () => {
    const before = await s.t.ok('audit.verify', {}, s.admin);
    await paidOrder(s);
    const after = await s.t.ok('audit.verify', {}, s.admin);
    expect(after.ok).toBe(true);
    expect(after.entries).toBeGreaterThan(before.entries);
  });
});

describe('audit.verify on a long trail', () => {
  test('verifies 12,000 entries in chunks while other calls are answered', async () => {
    const s = await openSalesStore('in-process');
    try {
      const db = s.t.core.store.sqlite;
      const { EventLog } = await import('../../electron/core/services/events');
      const log = new EventLog(db);
      db.transaction(() => {
        for (let i = 0; i < 12_000; i++) {
          log.append({ at: new Date(START + i).toISOString(), actor: s.userId.admin, type: 'product.updated', entity: 'product', entityId: `p${i % 100}`, before: { price: i }, after: { price: i + 1, name: `Product ${i}` } });
        }
      })();
      const order: string[] = [];
      const verifying = s.t.ok('audit.verify', {}, s.admin).then((r) => {
        order.push('verify');
        return r;
      });
      // Answered while the verification is still running (it yields between chunks).
      const meanwhile = s.t.ok('auth.me', {}, s.cashier).then(() => order.push('me'));
      const [result] = await Promise.all([verifying, meanwhile]);
      expect(result).toMatchObject({ ok: true, firstBadEntry: null });
      expect(result.entries).toBeGreaterThan(12_000);
      expect(order).toEqual(['me', 'verify']);

      // Lists over a filter that matches many entries (read along seq) and few (through an index) agree with the table.
      const expectSeqs = (sql: string, ...params: unknown[]) => (db.prepare(`SELECT seq FROM events WHERE ${sql} ORDER BY seq DESC`).all(...params) as { seq: number }[]).map((r) => r.seq);
      const collect = async (input: Record<string, unknown>) => {
        const seqs: number[] = [];
        let cursor: string | undefined;
        do {
          const page = await s.t.ok('audit.list', { ...input, limit: 500, ...(cursor ? { cursor } : {}) }, s.admin);
          seqs.push(...page.items.map((e) => e.seq));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return seqs;
      };
      expect(await collect({ type: 'product.updated' })).toEqual(expectSeqs("type = 'product.updated'"));
      expect(await collect({ entity: 'product' })).toEqual(expectSeqs("entity = 'product'"));
      expect(await collect({ entity: 'user', type: 'user.created' })).toEqual(expectSeqs("entity = 'user' AND type = 'user.created'"));
      expect(await collect({ entityId: 'p7' })).toEqual(expectSeqs("entity_id = 'p7'"));
      expect(await collect({ entityId: 'p7', type: 'product.updated', entity: 'product' })).toEqual(expectSeqs("entity_id = 'p7'"));
      const from = new Date(START + 1000).toISOString();
      const to = new Date(START + 8000).toISOString();
      expect(await collect({ from, to, type: 'product.updated' })).toEqual(expectSeqs("at >= ? AND at <= ? AND type = 'product.updated'", from, to));
      expect(await collect({ to: '2026-06-01' })).toEqual(expectSeqs("at < '2026-06-02'"));
      expect((await s.t.ok('audit.types', {}, s.admin)).types).toEqual(expect.arrayContaining(['product.updated', 'user.created', 'auth.login']));
    } finally {
      await s.close();
    }
  });
});
