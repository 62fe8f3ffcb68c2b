/**
 * Sign-in floods and their way out, on a real SQLite file, in-process and through the HTTP
 * host: throttled attempts counted (one audit entry per lockout window), an admin's unlock
 * (method and `tessera users unlock`), the bounded hashing queue (RATE_LIMITED with a retry
 * time, never a hang), deactivated accounts answered like wrong passwords, and bidi
 * overrides / C1 controls refused in single-line names.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { Envelope, ErrorBody } from '../../shared/errors';
import { adminInput, setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';

const MINUTE = 60_000;
const admin = { username: adminInput.username, password: adminInput.password };
const root = path.resolve(import.meta.dirname, '..', '..');

interface EventRow {
  seq: number;
  actor: string | null;
  type: string;
  entity: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
}

function events(t: TestCore, afterSeq = 0): EventRow[] {
  return t.core.store.sqlite
    .prepare('SELECT seq, actor, type, entity, entity_id AS entityId, before, after FROM events WHERE seq > ? ORDER BY seq')
    .all(afterSeq) as EventRow[];
}

function lastSeq(t: TestCore): number {
  return (t.core.store.sqlite.prepare('SELECT coalesce(max(seq), 0) AS n FROM events').get() as { n: number }).n;
}

function issuePaths(err: ErrorBody): unknown[] {
  return ((err.details as { issues?: { path: unknown[] }[] } | undefined)?.issues ?? []).map((i) => i.path);
}

async function failTimes(t: TestCore, n: number, username = 'admin'): Promise<ErrorBody[]> {
  const errors: ErrorBody[] = [];
  for (let i = 0; i < n; i++) errors.push(await t.fail('auth.login', { username, password: `wrong-guess-${i}` }));
  return errors;
}

/** Resolves with `p`, or rejects when it takes longer than `ms` (a hang is a failure, not a timeout of the suite). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

function retryAfterMs(err: ErrorBody): number | undefined {
  return (err.details as { retryAfterMs?: number } | undefined)?.retryAfterMs;
}

describe.each(['in-process', 'http'] as const)('sign-in floods over %s', (transport) => {
  let t: TestCore | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const start = async () => (t = await startCore(transport));

  describe('throttled attempts are counted, not each audited', () => {
    test('100 throttled attempts add no entry while locked; the next sign-in writes one entry carrying the count', async () => {
      const t = await start();
      await setupAdmin(t);
      await failTimes(t, 5);
      const seq = lastSeq(t);
      for (let i = 0; i < 100; i++) {
        const err = await t.fail('auth.login', { username: 'admin', password: `flood-${i}` });
        expect(err.code).toBe('RATE_LIMITED');
      }
      expect(events(t, seq)).toEqual([]);

      t.clock.advance(15 * MINUTE + 1000);
      await t.ok('auth.login', admin);
      const throttled = events(t, seq).filter((e) => e.type === 'auth.login_throttled');
      expect(throttled.length).toBeGreaterThanOrEqual(1);
      expect(throttled.length).toBeLessThanOrEqual(2);
      expect(throttled[0]).toMatchObject({ actor: null, entity: 'auth', entityId: 'admin' });
      const counts = throttled.map((e) => (JSON.parse(e.after!) as { attempts: number }).attempts);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(100);
      // The entry comes before the sign-in that ended the window.
      expect(events(t, seq).map((e) => e.type)).toEqual(['auth.login_throttled', 'auth.login']);
    });

    test('when the lockout window ends the count is written without another sign-in', async () => {
      const t = await start();
      await setupAdmin(t);
      await failTimes(t, 5, 'ghost');
      const seq = lastSeq(t);
      for (let i = 0; i < 30; i++) await t.fail('auth.login', { username: 'ghost', password: `flood-${i}` });
      t.core.services.auth.flushThrottled();
      expect(events(t, seq)).toEqual([]); // the window is still open
      t.clock.advance(15 * MINUTE + 1000);
      t.core.services.auth.flushThrottled();
      const rows = events(t, seq);
      expect(rows.map((e) => [e.type, e.entityId])).toEqual([['auth.login_throttled', 'ghost']]);
      expect(JSON.parse(rows[0]!.after!)).toMatchObject({ username: 'ghost', attempts: 30 });
      t.core.services.auth.flushThrottled();
      expect(events(t, seq)).toHaveLength(1);
    });

    test('a locked name is told when to retry', async () => {
      const t = await start();
      await setupAdmin(t);
      await failTimes(t, 5);
      const err = await t.fail('auth.login', admin);
      expect(err.code).toBe('RATE_LIMITED');
      expect(retryAfterMs(err)).toBe(15 * MINUTE);
    });
  });

  describe('an admin unlocks an account', () => {
    test('users.unlock lifts the lock at once, clears the count and is audited', async () => {
      const t = await start();
      const adminToken = await setupAdmin(t);
      await userWithRole(t, adminToken, 'cashier', 'carol');
      await failTimes(t, 5, 'carol');
      expect((await t.fail('auth.login', { username: 'carol', password: 'cashier-password-1' })).code).toBe('RATE_LIMITED');

      const list = (await t.raw('users.list', {}, adminToken)) as Envelope<{ items: { id: string; username: string; lockedUntil: string | null }[] }>;
      expect(list.ok).toBe(true);
      if (!list.ok) return;
      const carol = list.value.items.find((u) => u.username === 'carol')!;
      expect(carol.lockedUntil).toBe(new Date(t.clock() + 15 * MINUTE).toISOString());
      expect(list.value.items.find((u) => u.username === 'admin')!.lockedUntil).toBeNull();

      const seq = lastSeq(t);
      const r = await t.raw('users.unlock', { id: carol.id }, adminToken);
      expect(r).toMatchObject({ ok: true, value: { id: carol.id, username: 'carol', lockedUntil: null } });
      // The one refused attempt is written first, then the unlock.
      const audit = events(t, seq).filter((e) => e.type !== 'auth.login_throttled');
      expect(audit.map((e) => [e.type, e.entity, e.entityId])).toEqual([['user.unlocked', 'user', carol.id]]);
      expect(audit[0]!.actor).toBe((await t.ok('auth.me', {}, adminToken)).id);
      expect(JSON.parse(audit[0]!.before!)).toMatchObject({ lockedUntil: carol.lockedUntil });

      expect((await t.ok('auth.login', { username: 'carol', password: 'cashier-password-1' })).user.username).toBe('carol');
      // The failures before the unlock do not count again: four more do not lock.
      await failTimes(t, 4, 'carol');
      expect((await t.ok('auth.login', { username: 'carol', password: 'cashier-password-1' })).user.username).toBe('carol');
    });

    test('only an admin may unlock; an unknown id is NOT_FOUND; nothing is written when refused', async () => {
      const t = await start();
      const adminToken = await setupAdmin(t);
      const manager = await userWithRole(t, adminToken, 'manager', 'mia');
      const cashier = await userWithRole(t, adminToken, 'cashier', 'carl');
      const adminId = (await t.ok('auth.me', {}, adminToken)).id;
      const seq = lastSeq(t);
      expect((await t.fail('users.unlock', { id: adminId }, manager)).code).toBe('FORBIDDEN');
      expect((await t.fail('users.unlock', { id: adminId }, cashier)).code).toBe('FORBIDDEN');
      expect((await t.fail('users.unlock', { id: adminId })).code).toBe('UNAUTHENTICATED');
      expect((await t.fail('users.unlock', { id: 'no-such-user' }, adminToken)).code).toBe('NOT_FOUND');
      const bad = await t.fail('users.unlock', { id: '' }, adminToken);
      expect(bad.code).toBe('VALIDATION');
      expect(issuePaths(bad)).toEqual([['id']]);
      expect(events(t, seq)).toEqual([]);
    });

    test('unlocking writes the throttled count of the window it ends first', async () => {
      const t = await start();
      const adminToken = await setupAdmin(t);
      await userWithRole(t, adminToken, 'cashier', 'carol');
      const carolId = (await t.ok('users.list', {}, adminToken)).items.find((u) => u.username === 'carol')!.id;
      await failTimes(t, 5, 'carol');
      for (let i = 0; i < 7; i++) await t.fail('auth.login', { username: 'carol', password: `x-${i}-guess` });
      const seq = lastSeq(t);
      await t.ok('users.unlock' as never, { id: carolId } as never, adminToken);
      const rows = events(t, seq);
      expect(rows.map((e) => e.type)).toEqual(['auth.login_throttled', 'user.unlocked']);
      expect(JSON.parse(rows[0]!.after!)).toMatchObject({ username: 'carol', attempts: 7 });
    });
  });

  describe('sign-in hashing runs in a bounded queue', () => {
    test('a burst beyond the queue is refused at once with RATE_LIMITED and a retry time; every call answers', async () => {
      const t = await start();
      await setupAdmin(t);
      const results = await within(
        Promise.all(Array.from({ length: 40 }, (_, i) => t.raw('auth.login', { username: `nobody-${i}`, password: 'a-wrong-password' }))),
        30_000,
        '40 parallel sign-ins',
      );
      const errors = results.map((r) => (r.ok ? null : r.error));
      expect(errors.every((e) => e !== null && (e.code === 'UNAUTHENTICATED' || e.code === 'RATE_LIMITED'))).toBe(true);
      const busy = errors.filter((e): e is ErrorBody => e?.code === 'RATE_LIMITED');
      expect(busy.length).toBeGreaterThan(0);
      for (const e of busy) {
        expect(retryAfterMs(e)).toBeGreaterThan(0);
        expect(e.message).toMatch(/try again in \d+ seconds?/i);
      }
      // A refusal for a busy queue checked no password: it is not a failure of that name.
      const failed = t.core.store.sqlite.prepare("SELECT count(*) AS n FROM events WHERE type = 'auth.login_failed'").get() as { n: number };
      expect(failed.n).toBe(errors.filter((e) => e?.code === 'UNAUTHENTICATED').length);
      // Once the queue drains, sign-in works.
      expect((await t.ok('auth.login', admin)).user.username).toBe('admin');
    });

    test('an unknown username costs one hash in the queue, like a known one', async () => {
      const t = await start();
      await setupAdmin(t);
      const { passwordPool } = await import('../../electron/core/services/passwords');
      const before = passwordPool.stats().completed;
      await t.fail('auth.login', { username: 'admin', password: 'a-wrong-password' });
      const known = passwordPool.stats().completed - before;
      await t.fail('auth.login', { username: 'nobody-at-all', password: 'a-wrong-password' });
      const unknown = passwordPool.stats().completed - before - known;
      expect(known).toBe(1);
      expect(unknown).toBe(1);
    });
  });

  describe('deactivated accounts', () => {
    test('get the same answer whatever the password, and each attempt counts toward the lock', async () => {
      const t = await start();
      const adminToken = await setupAdmin(t);
      await userWithRole(t, adminToken, 'cashier', 'carol');
      const carol = (await t.ok('users.list', {}, adminToken)).items.find((u) => u.username === 'carol')!;
      await t.ok('users.update', { id: carol.id, active: false }, adminToken);

      const right = await t.fail('auth.login', { username: 'carol', password: 'cashier-password-1' });
      const wrong = await t.fail('auth.login', { username: 'carol', password: 'not-her-password' });
      const unknown = await t.fail('auth.login', { username: 'nobody', password: 'not-her-password' });
      expect(right).toEqual(wrong);
      expect(wrong).toEqual(unknown);
      expect(right.code).toBe('UNAUTHENTICATED');

      for (let i = 0; i < 3; i++) await t.fail('auth.login', { username: 'carol', password: i % 2 ? 'cashier-password-1' : 'wrong-guess' });
      expect((await t.fail('auth.login', { username: 'carol', password: 'cashier-password-1' })).code).toBe('RATE_LIMITED');
    });
  });

  describe('single-line names refuse bidi overrides and C1 controls', () => {
    const bad = ['\u202e', '\u202a', '\u202d', '\u2066', '\u2069', '\u0080', '\u0085', '\u009f'];
    const named = (c: string) => `Ab${c}cd`;

    test.each(bad.map((c) => [`U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, c]))('%s → VALIDATION naming the field', async (_name, c) => {
      const t = await start();
      const adminToken = await setupAdmin(t);
      const seq = lastSeq(t);
      const cases: [method: string, input: unknown, path: unknown[]][] = [
        ['users.create', { username: 'eve', displayName: named(c), role: 'cashier', password: 'password-1234' }, ['displayName']],
        ['products.create', { sku: 'SKU-1', name: named(c), unitPrice: 100 }, ['name']],
        ['products.create', { sku: 'SKU-2', name: 'Tea', category: named(c), unitPrice: 100 }, ['category']],
        ['orders.create', { lines: [{ name: named(c), unitPrice: 100, quantity: 1 }] }, ['lines', 0, 'name']],
        ['orders.create', { lines: [{ name: 'Tea', unitPrice: 100, quantity: 1 }], customer: { name: named(c) } }, ['customer', 'name']],
        ['orders.cancel', { id: 'whatever', reason: named(c) }, ['reason']],
        ['settings.update', { storeName: named(c) }, ['storeName']],
        ['settings.update', { phone: named(c) }, ['phone']],
        ['settings.update', { taxId: named(c) }, ['taxId']],
      ];
      for (const [method, input, path] of cases) {
        const err = await t.fail(method as 'users.create', input, adminToken);
        expect(err.code, `${method} ${JSON.stringify(path)}`).toBe('VALIDATION');
        expect(issuePaths(err), `${method}`).toEqual([path]);
      }
      const adminId = (await t.ok('auth.me', {}, adminToken)).id;
      const err = await t.fail('users.update', { id: adminId, displayName: named(c) }, adminToken);
      expect(issuePaths(err)).toEqual([['displayName']]);
      expect(events(t, seq)).toEqual([]);
    });

    test('real text in any script still passes', async () => {
      const t = await start();
      const adminToken = await setupAdmin(t);
      for (const name of ['Zoë — 東京 €', 'متجر الزاوية', 'חנות', 'Ærøskøbing 😀']) {
        expect((await t.ok('products.create', { sku: `S-${name.length}-${name.charCodeAt(0)}`, name, unitPrice: 100 }, adminToken)).name).toBe(name);
      }
    });
  });

  test('settings changes are audited with what changed', async () => {
    const t = await start();
    const adminToken = await setupAdmin(t);
    const seq = lastSeq(t);
    await t.ok('settings.update', { storeName: 'Corner Shop' }, adminToken);
    const rows = events(t, seq);
    expect(rows.map((e) => e.type)).toEqual(['settings.updated']);
    expect(rows[0]!.after).toContain('Corner Shop');
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function tessera(args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.TESSERA_DATA_DIR;
  delete env.TESSERA_PASSWORD;
  delete env.TESSERA_LOG;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'tessera.mjs'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('tessera users unlock', () => {
  let t: TestCore | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  test('unlocks the only admin from the command line; sign-in works at once, audited', async () => {
    t = await startCore('in-process');
    const tc = t;
    await setupAdmin(tc);
    const adminId = (tc.core.store.sqlite.prepare("SELECT id FROM users WHERE username = 'admin'").get() as { id: string }).id;
    // The lock is taken by the real clock: the command line runs on it.
    tc.clock.set(Date.now());
    await failTimes(tc, 5);
    expect((await tc.fail('auth.login', admin)).code).toBe('RATE_LIMITED');
    const seq = lastSeq(tc);

    const r = await tessera(['users', 'unlock', 'Admin', '--data-dir', tc.dir]);
    expect(r.stderr).toMatch(/admin is unlocked/i);
    expect(r.code).toBe(0);

    expect((await tc.ok('auth.login', admin)).user.username).toBe('admin');
    const rows = events(tc, seq);
    // The app writes the refused attempt's count at the next sign-in, before it.
    expect(rows.map((e) => [e.type, e.entityId, e.actor])).toEqual([
      ['user.unlocked', adminId, null],
      ['auth.login_throttled', 'admin', null],
      ['auth.login', adminId, adminId],
    ]);
    expect(JSON.parse(rows[0]!.after!)).toMatchObject({ by: 'tessera users unlock' });
    expect(JSON.parse(rows[1]!.after!)).toMatchObject({ attempts: 1 });
  }, 240_000);

  test('an unknown name or a missing argument fails with a message and changes nothing', async () => {
    t = await startCore('in-process');
    await setupAdmin(t);
    const seq = lastSeq(t);
    const unknown = await tessera(['users', 'unlock', 'nobody', '--data-dir', t.dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no user named nobody/i);
    const missing = await tessera(['users', 'unlock', '--data-dir', t.dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/name the user/i);
    expect(events(t, seq)).toEqual([]);
  }, 240_000);
});
