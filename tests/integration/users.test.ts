/**
 * users.* through the dispatcher on a real SQLite file: the role matrix, create / update /
 * setPassword and their rules, session revocation, input validation, and the audit events.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Role, User } from '../../shared/contract';
import type { ErrorBody } from '../../shared/errors';
import { adminInput, setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';

const admin = { username: adminInput.username, password: adminInput.password };

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

function userRow(t: TestCore, username: string) {
  return t.core.store.sqlite.prepare('SELECT * FROM users WHERE username = ?').get(username) as
    | { id: string; display_name: string; role: string; active: number; password_hash: string }
    | undefined;
}

function liveSessions(t: TestCore, userId: string): number {
  return (
    t.core.store.sqlite.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL').get(userId) as { n: number }
  ).n;
}

function issuePaths(err: ErrorBody): unknown[] {
  return ((err.details as { issues?: { path: unknown[] }[] } | undefined)?.issues ?? []).map((i) => i.path);
}

/** Makes the next event of `type` fail inside its transaction (a temporary trigger on this connection). */
function failEvent(t: TestCore, type: string): () => void {
  t.core.store.sqlite.exec(
    `CREATE TEMP TRIGGER fail_event BEFORE INSERT ON main.events WHEN NEW.type = '${type}'
     BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
  );
  return () => t.core.store.sqlite.exec('DROP TRIGGER temp.fail_event');
}

/** The user as users.list gives it, without the list's lock column (what users.update answers). */
async function byName(t: TestCore, token: string, username: string): Promise<User> {
  const listed = (await t.ok('users.list', {}, token)).items.find((u) => u.username === username);
  if (!listed) throw new Error(`no user ${username}`);
  const { lockedUntil, ...user } = listed;
  expect(lockedUntil).toBeNull();
  return user;
}

describe.each(['in-process', 'http'] as const)('users over %s', (transport) => {
  describe('role matrix', () => {
    let t: TestCore;
    const tokens: Record<Role, string> = { admin: '', manager: '', cashier: '', support: '' };
    let target: User;
    const targetPassword = 'target-password-1';

    beforeAll(async () => {
      t = await startCore(transport);
      tokens.admin = await setupAdmin(t);
      for (const role of ['manager', 'cashier', 'support'] as const) tokens[role] = await userWithRole(t, tokens.admin, role);
      target = await t.ok('users.create', { username: 'target', displayName: 'Target', role: 'cashier', password: targetPassword }, tokens.admin);
    });
    afterAll(() => t.close());

    const allowed: Record<Role | 'none', string[]> = {
      admin: ['users.list', 'users.create', 'users.update', 'users.setPassword'],
      manager: ['users.list'],
      cashier: [],
      support: [],
      none: [],
    };
    const cases = (['admin', 'manager', 'cashier', 'support', 'none'] as const).flatMap((who) =>
      (['users.list', 'users.create', 'users.update', 'users.setPassword'] as const).map((m) => [who, m] as const),
    );

    test.each(cases)('%s calling %s', async (who, method) => {
      const token = who === 'none' ? undefined : tokens[who];
      const expected = allowed[who].includes(method) ? 'ok' : who === 'none' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
      const seq = lastSeq(t);
      const hashBefore = userRow(t, 'target')!.password_hash;
      const newPassword = `reset-by-${who}-1`;
      const inputs = {
        'users.list': {},
        'users.create': { username: `made-by-${who}`, displayName: `Made by ${who}`, role: 'cashier', password: 'made-password-1' },
        'users.update': { id: target.id, displayName: `Renamed by ${who}` },
        'users.setPassword': { id: target.id, password: newPassword },
      } as const;
      const r = await t.raw(method, inputs[method], token);

      if (expected === 'ok') {
        expect(r.ok, JSON.stringify(r)).toBe(true);
        if (!r.ok) return;
        switch (method) {
          case 'users.list': {
            const names = (r.value as { items: User[] }).items.map((u) => u.username);
            expect(names).toEqual(expect.arrayContaining(['admin', 'manager1', 'cashier1', 'support1', 'target']));
            expect(names).toEqual([...names].sort());
            break;
          }
          case 'users.create':
            expect(r.value).toMatchObject({ username: `made-by-${who}`, role: 'cashier', active: true });
            expect(userRow(t, `made-by-${who}`)).toBeDefined();
            break;
          case 'users.update':
            expect(r.value).toMatchObject({ id: target.id, displayName: `Renamed by ${who}`, role: 'cashier' });
            expect(userRow(t, 'target')!.display_name).toBe(`Renamed by ${who}`);
            break;
          case 'users.setPassword':
            expect(r.value).toEqual({});
            expect(userRow(t, 'target')!.password_hash).not.toBe(hashBefore);
            expect((await t.ok('auth.login', { username: 'target', password: newPassword })).user.id).toBe(target.id);
            break;
        }
        const types = events(t, seq).map((e) => e.type);
        if (method === 'users.list') expect(types).toEqual([]);
        else expect(types[0]).toBe({ 'users.create': 'user.created', 'users.update': 'user.updated', 'users.setPassword': 'user.password_reset' }[method]);
      } else {
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error.code).toBe(expected);
        // Nothing happened.
        expect(events(t, seq)).toEqual([]);
        expect(userRow(t, `made-by-${who}`)).toBeUndefined();
        expect(userRow(t, 'target')!.display_name).not.toBe(`Renamed by ${who}`);
        expect(userRow(t, 'target')!.password_hash).toBe(hashBefore);
      }
    });

    test('a garbage or revoked token is UNAUTHENTICATED on every users.* method', async () => {
      const revoked = (await t.ok('auth.login', admin)).token;
      await t.ok('auth.logout', {}, revoked);
      for (const method of ['users.list', 'users.create', 'users.update', 'users.setPassword'] as const) {
        const input = method === 'users.list' ? {} : method === 'users.update' ? { id: target.id } : method === 'users.create'
          ? { username: 'ghost', displayName: 'Ghost', role: 'admin', password: 'ghost-password' }
          : { id: target.id, password: 'ghost-password' };
        for (const token of ['garbage', revoked, `${tokens.admin}x`]) expect((await t.fail(method, input, token)).code).toBe('UNAUTHENTICATED');
      }
      expect(userRow(t, 'ghost')).toBeUndefined();
    });
  });

  describe('rules', () => {
    let t: TestCore | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });
    const start = async () => {
      t = await startCore(transport);
      return { t, adminToken: await setupAdmin(t) };
    };

    test('users.create stores the lower-cased name; a duplicate, also differing only in case, is CONFLICT', async () => {
      const { t, adminToken } = await start();
      const created = await t.ok('users.create', { username: '  Mixed.Case_User-1 ', displayName: 'Mixed', role: 'support', password: 'mixed-password' }, adminToken);
      expect(created).toMatchObject({ username: 'mixed.case_user-1', displayName: 'Mixed', role: 'support', active: true });
      expect(created.createdAt).toBe(new Date(t.clock()).toISOString());
      expect((await t.ok('auth.login', { username: 'mixed.case_user-1', password: 'mixed-password' })).user.id).toBe(created.id);

      for (const username of ['mixed.case_user-1', 'MIXED.CASE_USER-1', 'Admin']) {
        const seq = lastSeq(t);
        const err = await t.fail('users.create', { username, displayName: 'Dup', role: 'cashier', password: 'dup-password' }, adminToken);
        expect(err.code).toBe('CONFLICT');
        expect(issuePaths(err)).toContainEqual(['username']);
        expect(events(t, seq)).toEqual([]);
      }
      expect((await t.ok('users.list', {}, adminToken)).items).toHaveLength(2);
      // The first user still signs in with their own password.
      expect((await t.ok('auth.login', { username: 'mixed.case_user-1', password: 'mixed-password' })).user.displayName).toBe('Mixed');
    });

    test('users.create accepts the boundaries and rejects just past them', async () => {
      const { t, adminToken } = await start();
      const base = { displayName: 'B', role: 'cashier' as const };
      expect((await t.ok('users.create', { ...base, username: 'abc', password: '12345678' }, adminToken)).username).toBe('abc');
      expect((await t.ok('users.create', { ...base, username: 'z'.repeat(64), password: 'q'.repeat(256) }, adminToken)).username).toBe('z'.repeat(64));
      const bad: [Record<string, unknown>, string][] = [
        [{ username: 'ab', password: '12345678' }, 'username'],
        [{ username: 'y'.repeat(65), password: '12345678' }, 'username'],
        [{ username: 'abcd', password: '1234567' }, 'password'],
        [{ username: 'abcd', password: 'q'.repeat(257) }, 'password'],
        [{ username: 'abcd', password: '12345678', displayName: 'd'.repeat(101) }, 'displayName'],
      ];
      for (const [patch, field] of bad) {
        const err = await t.fail('users.create', { ...base, ...patch }, adminToken);
        expect(err.code).toBe('VALIDATION');
        expect(issuePaths(err)).toEqual([[field]]);
      }
      expect(userRow(t, 'abcd')).toBeUndefined();
    });

    test('validation errors name the field: wrong enum, wrong types, missing and unknown keys', async () => {
      const { t, adminToken } = await start();
      const good = { username: 'valid', displayName: 'Valid', role: 'cashier', password: 'valid-password' };
      const cases: [string, unknown, string[]][] = [
        ['users.create', { ...good, role: 'boss' }, ['role']],
        ['users.create', { ...good, role: 'Admin' }, ['role']],
        ['users.create', { ...good, username: 123 }, ['username']],
        ['users.create', { ...good, password: 12345678 }, ['password']],
        ['users.create', { ...good, displayName: null }, ['displayName']],
        ['users.create', { username: 'valid', displayName: 'Valid', password: 'valid-password' }, ['role']],
        ['users.update', { id: 'x', active: 'yes' }, ['active']],
        ['users.update', { id: 'x', role: 'owner' }, ['role']],
        ['users.update', { id: 42 }, ['id']],
        ['users.update', { id: '', displayName: 'Empty id' }, ['id']],
        ['users.setPassword', { id: 'x', password: ['a-password'] }, ['password']],
        ['users.setPassword', { id: '', password: 'a-password' }, ['id']],
      ];
      for (const [method, input, path] of cases) {
        const err = await t.fail(method as 'users.create', input, adminToken);
        expect(err.code, `${method} ${JSON.stringify(input)}`).toBe('VALIDATION');
        expect(issuePaths(err), `${method} ${JSON.stringify(input)}`).toContainEqual(path);
        expect(err.message).toContain(path[0]);
      }
      // Unknown keys (strict): the message names the key.
      for (const [method, input, key] of [
        ['users.create', { ...good, isAdmin: true }, 'isAdmin'],
        ['users.update', { id: 'x', username: 'renamed' }, 'username'],
        ['users.setPassword', { id: 'x', password: 'a-password', notify: true }, 'notify'],
        ['users.list', { limit: 10 }, 'limit'],
      ] as const) {
        const err = await t.fail(method, input, adminToken);
        expect(err.code).toBe('VALIDATION');
        expect(err.message).toContain(key);
      }
      // Not an object at all.
      for (const input of ['users', 42, [], true]) expect((await t.fail('users.create', input, adminToken)).code).toBe('VALIDATION');
      expect(userRow(t, 'valid')).toBeUndefined();
      expect((await t.ok('users.list', {}, adminToken)).items).toHaveLength(1);
    });

    test('users.update renames, changes the role, deactivates and reactivates', async () => {
      const { t, adminToken } = await start();
      const managerToken = await userWithRole(t, adminToken, 'manager', 'mia');
      const mia = await byName(t, adminToken, 'mia');

      const renamed = await t.ok('users.update', { id: mia.id, displayName: '  Mia Manager ' }, adminToken);
      expect(renamed).toEqual({ ...mia, displayName: 'Mia Manager' });
      // A rename keeps the session.
      expect((await t.ok('auth.me', {}, managerToken)).displayName).toBe('Mia Manager');

      const demoted = await t.ok('users.update', { id: mia.id, role: 'cashier' }, adminToken);
      expect(demoted).toMatchObject({ role: 'cashier', displayName: 'Mia Manager', active: true });
      // New rights need a new sign-in: the old session ends.
      expect((await t.fail('auth.me', {}, managerToken)).code).toBe('UNAUTHENTICATED');
      const cashierToken = (await t.ok('auth.login', { username: 'mia', password: 'manager-password-1' })).token;
      expect((await t.fail('users.list', {}, cashierToken)).code).toBe('FORBIDDEN');

      const off = await t.ok('users.update', { id: mia.id, active: false }, adminToken);
      expect(off.active).toBe(false);
      expect((await byName(t, adminToken, 'mia')).active).toBe(false);
      expect((await t.fail('auth.me', {}, cashierToken)).code).toBe('UNAUTHENTICATED');
      expect(liveSessions(t, mia.id)).toBe(0);
      expect((await t.fail('auth.login', { username: 'mia', password: 'manager-password-1' })).code).toBe('UNAUTHENTICATED');

      const on = await t.ok('users.update', { id: mia.id, active: true }, adminToken);
      expect(on).toMatchObject({ active: true, role: 'cashier', displayName: 'Mia Manager' });
      const again = (await t.ok('auth.login', { username: 'mia', password: 'manager-password-1' })).token;
      expect((await t.ok('auth.me', {}, again)).active).toBe(true);
      // Sessions ended by deactivation stay ended.
      expect((await t.fail('auth.me', {}, cashierToken)).code).toBe('UNAUTHENTICATED');

      expect((await t.fail('users.update', { id: 'no-such-user', displayName: 'X' }, adminToken)).code).toBe('NOT_FOUND');
    });

    test('an admin cannot deactivate themself; the last active admin cannot be demoted', async () => {
      const { t, adminToken } = await start();
      const me = (await t.ok('auth.me', {}, adminToken));
      const seq = lastSeq(t);

      let err = await t.fail('users.update', { id: me.id, active: false }, adminToken);
      expect(err.code).toBe('VALIDATION');
      expect(issuePaths(err)).toEqual([['active']]);
      err = await t.fail('users.update', { id: me.id, role: 'manager' }, adminToken);
      expect(err.code).toBe('VALIDATION');
      expect(issuePaths(err)).toEqual([['role']]);
      err = await t.fail('users.update', { id: me.id, role: 'support', displayName: 'Renamed' }, adminToken);
      expect(issuePaths(err)).toEqual([['role']]);
      expect(events(t, seq)).toEqual([]);
      expect(await t.ok('auth.me', {}, adminToken)).toEqual(me);

      // With a second admin, one may be demoted; then the other is the last one.
      const secondToken = await userWithRole(t, adminToken, 'admin', 'bea');
      const bea = await byName(t, adminToken, 'bea');
      const demotedMe = await t.ok('users.update', { id: me.id, role: 'manager' }, secondToken);
      expect(demotedMe.role).toBe('manager');
      expect((await t.fail('auth.me', {}, adminToken)).code).toBe('UNAUTHENTICATED');
      err = await t.fail('users.update', { id: bea.id, role: 'cashier' }, secondToken);
      expect(err.code).toBe('VALIDATION');
      expect(issuePaths(err)).toEqual([['role']]);
      err = await t.fail('users.update', { id: bea.id, active: false }, secondToken);
      expect(issuePaths(err)).toEqual([['active']]);
      expect((await t.ok('auth.me', {}, secondToken)).role).toBe('admin');

      // Two active admins: one may deactivate the other.
      await t.ok('users.update', { id: me.id, role: 'admin' }, secondToken);
      const off = await t.ok('users.update', { id: me.id, active: false }, secondToken);
      expect(off).toMatchObject({ role: 'admin', active: false });
      // An inactive admin does not count: bea is the last active admin again.
      err = await t.fail('users.update', { id: bea.id, role: 'manager' }, secondToken);
      expect(issuePaths(err)).toEqual([['role']]);
    });

    test('users.setPassword ends the target\'s sessions; the new password works and the old does not', async () => {
      const { t, adminToken } = await start();
      const first = await userWithRole(t, adminToken, 'cashier', 'cal');
      const second = (await t.ok('auth.login', { username: 'cal', password: 'cashier-password-1' })).token;
      const cal = await byName(t, adminToken, 'cal');
      expect(liveSessions(t, cal.id)).toBe(2);

      expect(await t.ok('users.setPassword', { id: cal.id, password: 'fresh-password-2' }, adminToken)).toEqual({});
      for (const token of [first, second]) expect((await t.fail('auth.me', {}, token)).code).toBe('UNAUTHENTICATED');
      expect(liveSessions(t, cal.id)).toBe(0);
      expect((await t.fail('auth.login', { username: 'cal', password: 'cashier-password-1' })).code).toBe('UNAUTHENTICATED');
      expect((await t.ok('auth.login', { username: 'cal', password: 'fresh-password-2' })).user.id).toBe(cal.id);
      // The admin's own session is untouched.
      expect((await t.ok('auth.me', {}, adminToken)).username).toBe('admin');

      // Resetting one's own password keeps the session that did it, and ends the others.
      const other = (await t.ok('auth.login', admin)).token;
      const me = await t.ok('auth.me', {}, adminToken);
      await t.ok('users.setPassword', { id: me.id, password: 'admin-new-password' }, adminToken);
      expect((await t.ok('auth.me', {}, adminToken)).id).toBe(me.id);
      expect((await t.fail('auth.me', {}, other)).code).toBe('UNAUTHENTICATED');
      expect((await t.ok('auth.login', { username: 'admin', password: 'admin-new-password' })).user.id).toBe(me.id);

      expect((await t.fail('users.setPassword', { id: 'no-such-user', password: 'whatever-1' }, adminToken)).code).toBe('NOT_FOUND');
    });

    test('deactivating a user ends all their sessions at once', async () => {
      const { t, adminToken } = await start();
      const a = await userWithRole(t, adminToken, 'support', 'sam');
      const b = (await t.ok('auth.login', { username: 'sam', password: 'support-password-1' })).token;
      const sam = await byName(t, adminToken, 'sam');
      await t.ok('users.update', { id: sam.id, active: false }, adminToken);
      for (const token of [a, b]) {
        expect((await t.fail('auth.me', {}, token)).code).toBe('UNAUTHENTICATED');
        expect(await t.ok('auth.status', {}, token)).toEqual({ needsSetup: false, user: null, registerId: null, language: 'en' });
      }
      expect(liveSessions(t, sam.id)).toBe(0);
    });

    test('a session of a user marked inactive in the database stops working at once', async () => {
      const { t, adminToken } = await start();
      const token = await userWithRole(t, adminToken, 'support', 'sam');
      expect((await t.ok('auth.me', {}, token)).username).toBe('sam');
      t.core.store.sqlite.prepare("UPDATE users SET active = 0 WHERE username = 'sam'").run();
      expect((await t.fail('auth.me', {}, token)).code).toBe('UNAUTHENTICATED');
    });
  });

  describe('events', () => {
    let t: TestCore | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
      vi.restoreAllMocks();
    });

    test('create, update and password reset each append one event, by the acting admin', async () => {
      t = await startCore(transport);
      const adminToken = await setupAdmin(t);
      const me = await t.ok('auth.me', {}, adminToken);

      let seq = lastSeq(t);
      const created = await t.ok('users.create', { username: 'eve', displayName: 'Eve', role: 'cashier', password: 'eve-password-1' }, adminToken);
      let rows = events(t, seq);
      expect(rows.map((r) => [r.type, r.actor, r.entity, r.entityId, r.before])).toEqual([['user.created', me.id, 'user', created.id, null]]);
      // A creation records the fields that hold a value.
      expect(JSON.parse(rows[0]!.after!)).toEqual(Object.fromEntries(Object.entries(created).filter(([, v]) => v !== null)));

      seq = lastSeq(t);
      await t.ok('users.update', { id: created.id, displayName: 'Eve E.', role: 'support' }, adminToken);
      rows = events(t, seq);
      expect(rows.map((r) => [r.type, r.actor, r.entityId])).toEqual([['user.updated', me.id, created.id]]);
      // An edit records the fields that changed, each side's value.
      expect(JSON.parse(rows[0]!.before!)).toEqual({ displayName: 'Eve', role: 'cashier' });
      expect(JSON.parse(rows[0]!.after!)).toEqual({ displayName: 'Eve E.', role: 'support' });

      seq = lastSeq(t);
      await t.ok('users.setPassword', { id: created.id, password: 'eve-password-2' }, adminToken);
      rows = events(t, seq);
      expect(rows.map((r) => [r.type, r.actor, r.entityId, r.before, r.after])).toEqual([['user.password_reset', me.id, created.id, null, null]]);

      // Reads record nothing; refused calls record nothing.
      seq = lastSeq(t);
      await t.ok('users.list', {}, adminToken);
      await t.fail('users.update', { id: me.id, active: false }, adminToken);
      await t.fail('users.create', { username: 'eve', displayName: 'Eve', role: 'cashier', password: 'eve-password-3' }, adminToken);
      expect(events(t, seq)).toEqual([]);

      const text = JSON.stringify(events(t));
      for (const p of [adminInput.password, 'eve-password-1', 'eve-password-2', 'eve-password-3']) expect(text).not.toContain(p);
      expect(text).not.toMatch(/argon2|password_?hash/i);
    });

    test('the event is written in the same transaction as the change: when it fails, nothing changes', async () => {
      t = await startCore(transport);
      const adminToken = await setupAdmin(t);
      const calToken = await userWithRole(t, adminToken, 'cashier', 'cal');
      const cal = await byName(t, adminToken, 'cal');

      let restore = failEvent(t, 'user.created');
      expect((await t.fail('users.create', { username: 'eve', displayName: 'Eve', role: 'cashier', password: 'eve-password-1' }, adminToken)).code).toBe('INTERNAL');
      restore();
      expect(userRow(t, 'eve')).toBeUndefined();

      restore = failEvent(t, 'user.updated');
      expect((await t.fail('users.update', { id: cal.id, displayName: 'Changed', active: false }, adminToken)).code).toBe('INTERNAL');
      restore();
      expect(userRow(t, 'cal')).toMatchObject({ display_name: 'cashier user', active: 1 });
      expect((await t.ok('auth.me', {}, calToken)).active).toBe(true);

      const hash = userRow(t, 'cal')!.password_hash;
      restore = failEvent(t, 'user.password_reset');
      expect((await t.fail('users.setPassword', { id: cal.id, password: 'never-set-password' }, adminToken)).code).toBe('INTERNAL');
      restore();
      expect(userRow(t, 'cal')!.password_hash).toBe(hash);
      expect((await t.ok('auth.me', {}, calToken)).username).toBe('cal');
      expect((await t.fail('auth.login', { username: 'cal', password: 'never-set-password' })).code).toBe('UNAUTHENTICATED');
      expect((await t.ok('auth.login', { username: 'cal', password: 'cashier-password-1' })).user.id).toBe(cal.id);
    });

    test('no log line and no error carries a password, even when a call fails inside', async () => {
      const lines: string[] = [];
      const previous = process.env.TESSERA_LOG;
      process.env.TESSERA_LOG = 'info';
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
      const passwords = [adminInput.password, 'log-password-1', 'log-password-2', 'log-password-3', 'log-wrong-guess'];
      const errors: ErrorBody[] = [];
      try {
        t = await startCore(transport);
        const adminToken = await setupAdmin(t);
        await t.ok('users.create', { username: 'lou', displayName: 'Lou', role: 'cashier', password: 'log-password-1' }, adminToken);
        const lou = await byName(t, adminToken, 'lou');
        errors.push(await t.fail('auth.login', { username: 'lou', password: 'log-wrong-guess' }));
        errors.push(await t.fail('users.create', { username: 'lou', displayName: 'Lou', role: 'cashier', password: 'log-password-2' }, adminToken));
        errors.push(await t.fail('users.create', { username: 'lo', displayName: 'Lou', role: 'boss', password: 'log-password-2' }, adminToken));
        let restore = failEvent(t, 'user.password_reset');
        errors.push(await t.fail('users.setPassword', { id: lou.id, password: 'log-password-3' }, adminToken));
        restore();
        restore = failEvent(t, 'auth.login');
        errors.push(await t.fail('auth.login', { username: 'lou', password: 'log-password-1' }));
        restore();
      } finally {
        process.env.TESSERA_LOG = previous;
      }
      // The two internal errors were logged with their errorId...
      const internal = errors.filter((e) => e.code === 'INTERNAL');
      expect(internal).toHaveLength(2);
      const logged = lines.join('');
      for (const e of internal) expect(logged).toContain(e.errorId!);
      // ...and nothing anywhere carries a password.
      for (const p of passwords) {
        expect(logged).not.toContain(p);
        for (const e of errors) expect(JSON.stringify(e)).not.toContain(p);
      }
    });
  });
});
