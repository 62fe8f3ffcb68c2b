/**
 * Sign-in through the dispatcher on a real SQLite file: first-run setup, credentials,
 * throttling (persisted), idle and absolute session expiry, sign-out, the audit events
 * of each, and that neither passwords nor tokens ever reach the database file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { ErrorBody } from '../../shared/errors';
import { adminInput, setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const admin = { username: adminInput.username, password: adminInput.password };
const WRONG_CREDENTIALS = 'Wrong username or password.';

interface EventRow {
  seq: number;
  at: string;
  actor: string | null;
  type: string;
  entity: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
  prevHash: string;
  hash: string;
}

function events(t: TestCore, afterSeq = 0): EventRow[] {
  return t.core.store.sqlite
    .prepare(
      `SELECT seq, at, actor, type, entity, entity_id AS entityId, before, after, lower(hex(prev_hash)) AS prevHash, lower(hex(hash)) AS hash
       FROM events WHERE seq > ? ORDER BY seq`,
    )
    .all(afterSeq) as EventRow[];
}

function lastSeq(t: TestCore): number {
  return (t.core.store.sqlite.prepare('SELECT coalesce(max(seq), 0) AS n FROM events').get() as { n: number }).n;
}

function count(t: TestCore, sql: string, ...params: unknown[]): number {
  return (t.core.store.sqlite.prepare(sql).get(...params) as { n: number }).n;
}

/** Makes the next event of `type` fail inside its transaction (a temporary trigger on this connection). */
function failEvent(t: TestCore, type: string): () => void {
  t.core.store.sqlite.exec(
    `CREATE TEMP TRIGGER fail_event BEFORE INSERT ON main.events WHEN NEW.type = '${type}'
     BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
  );
  return () => t.core.store.sqlite.exec('DROP TRIGGER temp.fail_event');
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

describe.each(['in-process', 'http'] as const)('auth over %s', (transport) => {
  let t: TestCore | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const start = async () => (t = await startCore(transport));
  /** What auth.status says of a fresh store: over HTTP, that setup needs the setup code. */
  const freshStatus = { needsSetup: true, ...(transport === 'http' ? { needsSetupCode: true } : {}), user: null, registerId: null, language: 'en' };

  describe('first-run setup', () => {
    test('works once; afterwards auth.status says needsSetup false and a second setup is CONFLICT', async () => {
      const t = await start();
      expect(await t.ok('auth.status', {})).toEqual(freshStatus);

      const session = await t.ok('auth.setup', { username: '  Ada.Admin_1-x ', displayName: 'Ada', password: '12345678' });
      expect(session.user).toMatchObject({ username: 'ada.admin_1-x', displayName: 'Ada', role: 'admin', active: true });
      expect(session.token.length).toBeGreaterThanOrEqual(32);
      expect(session.expiresAt).toBe(new Date(t.clock() + 30 * MINUTE).toISOString());

      expect(await t.ok('auth.status', {})).toEqual({ needsSetup: false, user: null, registerId: null, language: 'en' });
      expect(await t.ok('auth.status', {}, session.token)).toEqual({ needsSetup: false, user: session.user, registerId: null, language: 'en' });

      const again = await t.fail('auth.setup', { username: 'mallory', displayName: 'Mallory', password: 'mallory-password' });
      expect(again.code).toBe('CONFLICT');
      expect(count(t, 'SELECT count(*) AS n FROM users')).toBe(1);
      expect((await t.fail('auth.login', { username: 'mallory', password: 'mallory-password' })).code).toBe('UNAUTHENTICATED');
      // The first admin signs in with the lower-cased name, whatever case they type.
      expect((await t.ok('auth.login', { username: 'ADA.admin_1-X', password: '12345678' })).user.id).toBe(session.user.id);
    });

    test('two setups at the same time: exactly one wins, the other is CONFLICT', async () => {
      const t = await start();
      const results = await Promise.all([
        t.raw('auth.setup', { username: 'first', displayName: 'First', password: 'first-password' }),
        t.raw('auth.setup', { username: 'second', displayName: 'Second', password: 'second-password' }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const failed = results.find((r) => !r.ok);
      expect(failed && !failed.ok && failed.error.code).toBe('CONFLICT');
      expect(count(t, 'SELECT count(*) AS n FROM users')).toBe(1);
    });

    test.each([
      ['username too short', { username: 'ab' }, 'username'],
      ['username too short once trimmed', { username: '  ab  ' }, 'username'],
      ['username too long', { username: 'a'.repeat(65) }, 'username'],
      ['username with a space', { username: 'ada admin' }, 'username'],
      ['username with a slash', { username: 'ada/admin' }, 'username'],
      ['username with a non-ASCII letter', { username: 'adä' }, 'username'],
      ['username not a string', { username: 42 }, 'username'],
      ['password too short', { password: '1234567' }, 'password'],
      ['password too long', { password: 'p'.repeat(257) }, 'password'],
      ['password missing', { password: undefined }, 'password'],
      ['displayName empty', { displayName: '   ' }, 'displayName'],
      ['displayName with a control character', { displayName: 'Ada\u0007' }, 'displayName'],
    ])('setup rejects %s with VALIDATION naming the field', async (_name, patch, field) => {
      const t = await start();
      const err = await t.fail('auth.setup', { ...adminInput, ...patch });
      expect(err.code).toBe('VALIDATION');
      expect(err.details).toBeDefined();
      const issues = (err.details as { issues: { path: unknown[] }[] }).issues;
      expect(issues.map((i) => i.path)).toContainEqual([field]);
      expect(err.message).toContain(field);
      // Nothing was created: the store still needs its first admin.
      expect(await t.ok('auth.status', {})).toEqual(freshStatus);
    });

    test('setup rejects unknown keys (strict) and does not make a user of another role', async () => {
      const t = await start();
      const err = await t.fail('auth.setup', { ...adminInput, role: 'cashier' });
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toContain('role');
      expect(count(t, 'SELECT count(*) AS n FROM users')).toBe(0);
    });

    test('setup accepts the boundaries: username of 64 characters, password of 256', async () => {
      const t = await start();
      const session = await t.ok('auth.setup', { username: 'a'.repeat(64), displayName: 'Long', password: 'p'.repeat(256) });
      expect(session.user.username).toBe('a'.repeat(64));
      expect((await t.ok('auth.login', { username: 'a'.repeat(64), password: 'p'.repeat(256) })).user.id).toBe(session.user.id);
    });
  });

  describe('sign-in', () => {
    test('the right password signs in with a new session; wrong password and unknown user get the same answer', async () => {
      const t = await start();
      const setupToken = await setupAdmin(t);
      const session = await t.ok('auth.login', admin);
      expect(session.token).not.toBe(setupToken);
      expect(session.user).toMatchObject({ username: 'admin', role: 'admin', active: true });
      expect(session.expiresAt).toBe(new Date(t.clock() + 30 * MINUTE).toISOString());
      expect(await t.ok('auth.me', {}, session.token)).toEqual(session.user);

      const wrong = await t.fail('auth.login', { username: 'admin', password: 'not the password' });
      const unknown = await t.fail('auth.login', { username: 'nobody', password: 'not the password' });
      expect(wrong).toEqual({ code: 'UNAUTHENTICATED', message: WRONG_CREDENTIALS, key: 'wrongCredentials' });
      expect(unknown).toEqual(wrong);
      // Nothing in either answer says which part was wrong.
      expect(JSON.stringify(wrong)).not.toMatch(/exist|unknown|not found|nobody/i);
    });

    test('a deactivated user cannot sign in, even with the right password', async () => {
      const t = await start();
      const adminToken = await setupAdmin(t);
      await userWithRole(t, adminToken, 'cashier', 'carol');
      const carol = (await t.ok('users.list', {}, adminToken)).items.find((u) => u.username === 'carol')!;
      await t.ok('users.update', { id: carol.id, active: false }, adminToken);

      const err = await t.fail('auth.login', { username: 'carol', password: 'cashier-password-1' });
      expect(err.code).toBe('UNAUTHENTICATED');
      expect(count(t, 'SELECT count(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL', carol.id)).toBe(0);
    });
  });

  describe('throttling', () => {
    async function failTimes(t: TestCore, n: number, username = 'admin'): Promise<ErrorBody[]> {
      const errors: ErrorBody[] = [];
      for (let i = 0; i < n; i++) errors.push(await t.fail('auth.login', { username, password: `wrong-guess-${i}` }));
      return errors;
    }

    test('5 failures lock the username: the 6th attempt is RATE_LIMITED even with the right password, until 15 minutes pass', async () => {
      const t = await start();
      await setupAdmin(t);
      const errors = await failTimes(t, 5);
      expect(errors.map((e) => e.code)).toEqual(Array(5).fill('UNAUTHENTICATED'));

      const locked = await t.fail('auth.login', admin);
      expect(locked.code).toBe('RATE_LIMITED');
      expect(locked.message).toMatch(/try again in 15 minutes/i);

      t.clock.advance(15 * MINUTE - 1000);
      expect((await t.fail('auth.login', admin)).code).toBe('RATE_LIMITED');
      t.clock.advance(2000);
      expect((await t.ok('auth.login', admin)).user.username).toBe('admin');
    });

    test('after the lock ends, a single failure does not lock again', async () => {
      const t = await start();
      await setupAdmin(t);
      await failTimes(t, 5);
      t.clock.advance(15 * MINUTE + 1000);
      expect((await failTimes(t, 1))[0]!.code).toBe('UNAUTHENTICATED');
      expect((await t.ok('auth.login', admin)).user.username).toBe('admin');
    });

    test('the lock survives closing and reopening the database', async () => {
      const first = await start();
      await setupAdmin(first);
      await failTimes(first, 5);
      const { dir, clock } = first;
      await first.close();
      const reopened = (t = await startCore(transport, { dir, clock }));
      expect((await reopened.fail('auth.login', admin)).code).toBe('RATE_LIMITED');
      clock.advance(15 * MINUTE + 1000);
      expect((await reopened.ok('auth.login', admin)).user.username).toBe('admin');
    });

    test("failures for one username don't lock another; the name is matched ignoring case and spaces", async () => {
      const t = await start();
      const adminToken = await setupAdmin(t);
      await userWithRole(t, adminToken, 'manager', 'mia');
      await t.fail('auth.login', { username: 'ADMIN', password: 'wrong-guess-a' });
      await t.fail('auth.login', { username: ' Admin ', password: 'wrong-guess-b' });
      await failTimes(t, 3, 'admin');
      expect((await t.fail('auth.login', admin)).code).toBe('RATE_LIMITED');
      expect((await t.fail('auth.login', { username: 'Admin', password: admin.password })).code).toBe('RATE_LIMITED');

      expect((await t.ok('auth.login', { username: 'mia', password: 'manager-password-1' })).user.username).toBe('mia');
      // Unknown names are throttled too, without touching real ones.
      await failTimes(t, 5, 'ghost');
      expect((await t.fail('auth.login', { username: 'ghost', password: 'anything-at-all' })).code).toBe('RATE_LIMITED');
      expect((await t.ok('auth.login', { username: 'mia', password: 'manager-password-1' })).user.username).toBe('mia');
    });

    test('a successful sign-in clears the failures; failures spread over more than 15 minutes do not lock', async () => {
      const t = await start();
      await setupAdmin(t);
      await failTimes(t, 4);
      await t.ok('auth.login', admin);
      await failTimes(t, 4);
      await t.ok('auth.login', admin);

      await failTimes(t, 4);
      t.clock.advance(15 * MINUTE + 1000);
      await failTimes(t, 4);
      expect((await t.ok('auth.login', admin)).user.username).toBe('admin');
    });

    test('5 failures within any 15 minutes lock, even when they straddle the start of a new window', async () => {
      const t = await start();
      await setupAdmin(t);
      await failTimes(t, 1); // 09:00:00
      t.clock.advance(14 * MINUTE + 50_000);
      await failTimes(t, 3); // 09:14:50 — 4 failures within 15 minutes
      t.clock.advance(20_000);
      await failTimes(t, 2); // 09:15:10 — 3 + 2 = 5 failures since 09:00:10
      expect((await t.fail('auth.login', admin)).code).toBe('RATE_LIMITED');
    });

    test('parallel guesses cannot get around the limit: at most 5 are checked, the rest are RATE_LIMITED', async () => {
      const t = await start();
      await setupAdmin(t);
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => t.raw('auth.login', { username: 'admin', password: `parallel-guess-${i}` })),
      );
      const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
      expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(5);
      expect(codes.filter((c) => c !== 'UNAUTHENTICATED').every((c) => c === 'RATE_LIMITED')).toBe(true);
    });

    test('after a burst of parallel failures the username is locked', async () => {
      const t = await start();
      await setupAdmin(t);
      const results = await Promise.all(
        Array.from({ length: 9 }, (_, i) => t.raw('auth.login', { username: 'admin', password: `parallel-guess-${i}` })),
      );
      expect(results.every((r) => !r.ok)).toBe(true);
      expect((await t.fail('auth.login', admin)).code).toBe('RATE_LIMITED');
    });
  });

  describe('session expiry', () => {
    test('a session unused for more than 30 minutes ends', async () => {
      const t = await start();
      await setupAdmin(t);
      const a = (await t.ok('auth.login', admin)).token;
      const b = (await t.ok('auth.login', admin)).token;
      t.clock.advance(29 * MINUTE);
      expect((await t.ok('auth.me', {}, a)).username).toBe('admin'); // a is used, b is not
      t.clock.advance(MINUTE + 1000);
      const err = await t.fail('auth.me', {}, b);
      expect(err.code).toBe('UNAUTHENTICATED');
      expect(err.message).toMatch(/expired/i);
      expect(await t.ok('auth.status', {}, b)).toEqual({ needsSetup: false, user: null, registerId: null, language: 'en' });
      expect((await t.ok('auth.me', {}, a)).username).toBe('admin');
      t.clock.advance(31 * MINUTE);
      expect((await t.fail('auth.me', {}, a)).code).toBe('UNAUTHENTICATED');
    });

    test('a session used every 20 minutes stays alive, but never past 12 hours from sign-in', async () => {
      const t = await start();
      await setupAdmin(t);
      const signedInAt = t.clock();
      const { token } = await t.ok('auth.login', admin);
      for (let i = 1; i <= 35; i++) {
        t.clock.advance(20 * MINUTE);
        expect((await t.ok('auth.me', {}, token)).username).toBe('admin');
      }
      expect(t.clock() - signedInAt).toBe(11 * HOUR + 40 * MINUTE);
      t.clock.advance(19 * MINUTE);
      expect((await t.ok('auth.me', {}, token)).username).toBe('admin');
      t.clock.advance(MINUTE); // exactly 12 hours
      const err = await t.fail('auth.me', {}, token);
      expect(err.code).toBe('UNAUTHENTICATED');
      // A new sign-in starts a new 12 hours.
      const fresh = await t.ok('auth.login', admin);
      expect(fresh.expiresAt).toBe(new Date(t.clock() + 30 * MINUTE).toISOString());
      expect((await t.ok('auth.me', {}, fresh.token)).username).toBe('admin');
    });
  });

  describe('sign-out', () => {
    test('revokes only that token', async () => {
      const t = await start();
      const a = await setupAdmin(t);
      const b = (await t.ok('auth.login', admin)).token;
      expect(await t.ok('auth.logout', {}, a)).toEqual({});

      expect((await t.fail('auth.me', {}, a)).code).toBe('UNAUTHENTICATED');
      expect((await t.fail('auth.logout', {}, a)).code).toBe('UNAUTHENTICATED');
      expect(await t.ok('auth.status', {}, a)).toEqual({ needsSetup: false, user: null, registerId: null, language: 'en' });
      expect((await t.ok('auth.me', {}, b)).username).toBe('admin');
      const revoked = t.core.store.sqlite.prepare('SELECT revoked_at FROM sessions WHERE token_hash = ?').get(sha256(a)) as { revoked_at: string | null };
      expect(revoked.revoked_at).toBe(new Date(t.clock()).toISOString());
    });

    test.each(['admin', 'manager', 'cashier', 'support'] as const)('auth.me and auth.logout work for a %s and need a session', async (role) => {
      const t = await start();
      const adminToken = await setupAdmin(t);
      const token = role === 'admin' ? adminToken : await userWithRole(t, adminToken, role);
      expect(await t.ok('auth.me', {}, token)).toMatchObject({ role, active: true });
      expect(await t.ok('auth.logout', {}, token)).toEqual({});
      expect((await t.fail('auth.me', {}, token)).code).toBe('UNAUTHENTICATED');
      for (const m of ['auth.me', 'auth.logout'] as const) {
        expect((await t.fail(m, {})).code).toBe('UNAUTHENTICATED');
        expect((await t.fail(m, {}, 'garbage-token')).code).toBe('UNAUTHENTICATED');
      }
    });
  });

  describe('events', () => {
    test('setup, sign-in, failures, throttling and sign-out each append their event', async () => {
      const t = await start();
      let seq = lastSeq(t);
      const setup = await t.ok('auth.setup', adminInput);
      const adminId = setup.user.id;
      let rows = events(t, seq);
      expect(rows.map((r) => [r.type, r.actor, r.entity, r.entityId])).toEqual([
        ['user.created', adminId, 'user', adminId],
        ['auth.setup', adminId, 'user', adminId],
      ]);

      seq = lastSeq(t);
      const { token } = await t.ok('auth.login', admin);
      rows = events(t, seq);
      expect(rows.map((r) => [r.type, r.actor, r.entityId])).toEqual([['auth.login', adminId, adminId]]);

      seq = lastSeq(t);
      await t.fail('auth.login', { username: 'admin', password: 'wrong-guess-1' });
      await t.fail('auth.login', { username: 'nobody', password: 'wrong-guess-2' });
      rows = events(t, seq);
      expect(rows.map((r) => [r.type, r.actor, r.entity, r.entityId, JSON.parse(r.after!)])).toEqual([
        ['auth.login_failed', null, 'auth', 'admin', { username: 'admin', failures: 1 }],
        ['auth.login_failed', null, 'auth', 'nobody', { username: 'nobody', failures: 1 }],
      ]);

      for (let i = 0; i < 4; i++) await t.fail('auth.login', { username: 'nobody', password: 'wrong-guess-3' });
      seq = lastSeq(t);
      expect((await t.fail('auth.login', { username: 'nobody', password: 'wrong-guess-4' })).code).toBe('RATE_LIMITED');
      // Refused attempts are counted, not written each: one entry per lockout window, with the count.
      expect(events(t, seq)).toEqual([]);
      t.core.services.auth.flushThrottled(true);
      expect(events(t, seq).map((r) => [r.type, r.entityId, (JSON.parse(r.after!) as { attempts: number }).attempts])).toEqual([['auth.login_throttled', 'nobody', 1]]);

      seq = lastSeq(t);
      await t.ok('auth.logout', {}, token);
      expect(events(t, seq).map((r) => [r.type, r.actor, r.entityId])).toEqual([['auth.logout', adminId, adminId]]);

      // A call that changes nothing records nothing.
      seq = lastSeq(t);
      await t.ok('auth.me', {}, setup.token);
      await t.ok('auth.status', {});
      await t.fail('auth.setup', adminInput);
      expect(events(t, seq)).toEqual([]);

      // The rows form a hash chain from the genesis hash.
      const all = events(t);
      expect(all[0]!.prevHash).toBe('0'.repeat(64));
      for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
    });

    test('the event is written in the same transaction as the change: when it fails, nothing changes', async () => {
      const t = await start();

      let restore = failEvent(t, 'auth.setup');
      let err = await t.fail('auth.setup', adminInput);
      expect(err.code).toBe('INTERNAL');
      restore();
      expect(count(t, 'SELECT count(*) AS n FROM users')).toBe(0);
      expect(await t.ok('auth.status', {})).toEqual(freshStatus);

      const token = await setupAdmin(t);
      const sessions = count(t, 'SELECT count(*) AS n FROM sessions');
      restore = failEvent(t, 'auth.login');
      expect((await t.fail('auth.login', admin)).code).toBe('INTERNAL');
      restore();
      expect(count(t, 'SELECT count(*) AS n FROM sessions')).toBe(sessions);

      restore = failEvent(t, 'auth.login_failed');
      expect((await t.fail('auth.login', { username: 'admin', password: 'wrong-guess-1' })).code).toBe('INTERNAL');
      restore();
      expect(count(t, 'SELECT count(*) AS n FROM login_attempts')).toBe(0);

      restore = failEvent(t, 'auth.logout');
      err = await t.fail('auth.logout', {}, token);
      expect(err.code).toBe('INTERNAL');
      restore();
      expect((await t.ok('auth.me', {}, token)).username).toBe('admin');
    });
  });

  describe('secrets', () => {
    test('the database file and its WAL hold neither a password nor a session token', async () => {
      const t = await start();
      const passwords = [adminInput.password, 'manager-password-1', 'wrong-guess-password', 'brand-new-password-9'];
      const tokens: string[] = [];
      const errors: ErrorBody[] = [];
      tokens.push(await setupAdmin(t));
      tokens.push(await userWithRole(t, tokens[0]!, 'manager', 'mia'));
      tokens.push((await t.ok('auth.login', admin)).token);
      errors.push(await t.fail('auth.login', { username: 'admin', password: 'wrong-guess-password' }));
      errors.push(await t.fail('auth.login', { username: 'mia', password: 'wrong-guess-password' }));
      const mia = (await t.ok('users.list', {}, tokens[0]!)).items.find((u) => u.username === 'mia')!;
      await t.ok('users.setPassword', { id: mia.id, password: 'brand-new-password-9' }, tokens[0]!);
      tokens.push((await t.ok('auth.login', { username: 'mia', password: 'brand-new-password-9' })).token);
      errors.push(await t.fail('auth.login', { username: 'mia', password: 'manager-password-1' }));
      errors.push(await t.fail('users.create', { username: 'x', displayName: 'X', role: 'cashier', password: adminInput.password }, tokens[0]));
      errors.push(await t.fail('users.setPassword', { id: mia.id, password: 'short' }, tokens[0]));
      await t.ok('auth.logout', {}, tokens[2]!);

      const read = (name: string) => {
        const file = path.join(t.dir, name);
        return fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
      };
      const open = Buffer.concat([read('tessera.db'), read('tessera.db-wal')]);
      expect(read('tessera.db-wal').length).toBeGreaterThan(0);
      // The files are the right ones: what should be there is found.
      expect(open.includes(Buffer.from('mia'))).toBe(true);
      for (const token of tokens) expect(open.includes(Buffer.from(sha256(token)))).toBe(true);

      const secrets = [...passwords, ...tokens];
      for (const secret of secrets) expect(open.includes(Buffer.from(secret)), `a secret is in the database: ${secret.slice(0, 4)}…`).toBe(false);
      for (const body of errors) for (const p of passwords) expect(JSON.stringify(body)).not.toContain(p);
      for (const row of events(t)) for (const secret of secrets) expect(JSON.stringify(row)).not.toContain(secret);

      await t.close();
      const closed = read('tessera.db');
      for (const secret of secrets) expect(closed.includes(Buffer.from(secret))).toBe(false);
    });
  });
});
