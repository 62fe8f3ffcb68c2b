/**
 * PINs and the terminal lock, as attacks on a real store (real SQLite file, in-process and
 * over the HTTP host): PIN guessing is throttled and locks the name like passwords; a
 * cashier cannot set someone else's PIN; a locked session reads and sells nothing; a PIN
 * sign-in answers the same for every kind of wrong; no PIN or PIN hash leaves the users row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { contract, isMethod } from '../../shared/contract';
import { count, eventsSince, lastSeq, openSalesStore, transports, unique, widgetLine, type SalesStore } from '../support/sales';

const MINUTE = 60_000;
const PIN = '90817263';

describe.each(transports)('PINs and lock over %s', (transport) => {
  let s: SalesStore;
  afterEach(async () => {
    await s?.close();
  });
  const open = async () => (s = await openSalesStore(transport));
  const userId = (username: string) => (s.t.core.store.sqlite.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: string }).id;
  const pinHash = (username: string) => (s.t.core.store.sqlite.prepare('SELECT pin_hash AS h FROM users WHERE username = ?').get(username) as { h: string | null }).h;

  describe('users.setPin', () => {
    test('anyone signed in sets and removes their own PIN; it is stored as an argon2id hash', async () => {
      await open();
      const seq = lastSeq(s);
      expect(await s.t.ok('users.setPin', { pin: PIN }, s.cashier)).toMatchObject({ username: 'cashier1', hasPin: true });
      expect(pinHash('cashier1')).toMatch(/^\$argon2id\$/);
      expect(eventsSince(s, seq).map((e) => [e.type, e.entityId, e.actor])).toEqual([['user.pin_set', s.userId.cashier, s.userId.cashier]]);
      expect(await s.t.ok('users.setPin', { pin: null }, s.cashier)).toMatchObject({ hasPin: false });
      expect(pinHash('cashier1')).toBeNull();
      expect(eventsSince(s, seq).map((e) => e.type)).toEqual(['user.pin_set', 'user.pin_removed']);
    });

    test('a cashier (or manager) cannot set or remove someone else\'s PIN: FORBIDDEN, nothing stored', async () => {
      await open();
      const seq = lastSeq(s);
      for (const [token, target] of [
        [s.cashier, s.userId.admin],
        [s.cashier, s.userId.manager],
        [s.manager, s.userId.cashier],
        [s.support, s.userId.cashier],
      ] as const) {
        expect((await s.t.fail('users.setPin', { userId: target, pin: '1234' }, token)).code).toBe('FORBIDDEN');
        expect((await s.t.fail('users.setPin', { userId: target, pin: null }, token)).code).toBe('FORBIDDEN');
      }
      expect(count(s, 'SELECT count(*) AS n FROM users WHERE pin_hash IS NOT NULL')).toBe(0);
      expect(lastSeq(s)).toBe(seq);
    });

    test('an admin sets and removes anyone\'s PIN; the user can then sign in with it', async () => {
      await open();
      expect(await s.t.ok('users.setPin', { userId: s.userId.cashier, pin: '4321' }, s.admin)).toMatchObject({ id: s.userId.cashier, hasPin: true });
      const session = await s.t.ok('auth.pinLogin', { username: 'cashier1', pin: '4321' });
      expect(session.user.id).toBe(s.userId.cashier);
      await s.t.ok('users.setPin', { userId: s.userId.cashier, pin: null }, s.admin);
      expect((await s.t.fail('auth.pinLogin', { username: 'cashier1', pin: '4321' })).code).toBe('UNAUTHENTICATED');
    });

    test('bad PINs are VALIDATION naming pin; an unknown user is NOT_FOUND', async () => {
      await open();
      for (const pin of ['123', '123456789', '12a4', ' 1234', '']) {
        const err = await s.t.fail('users.setPin', { pin }, s.cashier);
        expect(err.code).toBe('VALIDATION');
        expect(JSON.stringify(err.details)).toContain('"pin"');
      }
      expect((await s.t.fail('users.setPin', { userId: '00000000-0000-4000-8000-000000000000', pin: '1234' }, s.admin)).code).toBe('NOT_FOUND');
    });

    test('a deactivated user\'s PIN never signs in, even after reactivation (deactivation removes it)', async () => {
      await open();
      await s.t.ok('users.setPin', { pin: '5555' }, s.cashier);
      await s.t.ok('users.update', { id: s.userId.cashier, active: false }, s.admin);
      expect(pinHash('cashier1')).toBeNull();
      await s.t.ok('users.update', { id: s.userId.cashier, active: true }, s.admin);
      expect((await s.t.fail('auth.pinLogin', { username: 'cashier1', pin: '5555' })).code).toBe('UNAUTHENTICATED');
    });
  });

  describe('auth.pinLogin', () => {
    test('no PIN, unknown user, inactive user and wrong PIN get the very same answer', async () => {
      await open();
      await s.t.ok('users.setPin', { pin: '2468' }, s.cashier);
      await s.t.ok('users.setPin', { userId: s.userId.support, pin: '1357' }, s.admin);
      await s.t.ok('users.update', { id: s.userId.support, active: false }, s.admin);
      // The support user is inactive; a PIN set on them anyway (by hand in the file) must not help.
      s.t.core.store.sqlite.prepare('UPDATE users SET pin_hash = (SELECT pin_hash FROM users WHERE username = ?) WHERE username = ?').run('cashier1', 'support1');
      const answers = [
        await s.t.fail('auth.pinLogin', { username: 'manager1', pin: '2468' }), // no PIN
        await s.t.fail('auth.pinLogin', { username: 'nobody', pin: '2468' }), // unknown
        await s.t.fail('auth.pinLogin', { username: 'support1', pin: '2468' }), // inactive
        await s.t.fail('auth.pinLogin', { username: 'cashier1', pin: '8642' }), // wrong PIN
      ];
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0]).toEqual({ code: 'UNAUTHENTICATED', message: 'Wrong username or PIN.', key: 'wrongPin' });
    });

    test('a right PIN starts a new session (audited as auth.pin_login)', async () => {
      await open();
      await s.t.ok('users.setPin', { pin: '2468' }, s.cashier);
      const seq = lastSeq(s);
      const session = await s.t.ok('auth.pinLogin', { username: ' Cashier1 ', pin: '2468', registerId: 'register-1' });
      expect(session.token).not.toBe(s.cashier);
      expect(session.registerId).toBe('register-1');
      expect(await s.t.fail('auth.pinLogin', { username: 'cashier1', pin: '2468', registerId: 'no-such-register' })).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: ['registerId'] }] } });
      expect((await s.t.ok('auth.me', {}, session.token)).id).toBe(s.userId.cashier);
      expect(eventsSince(s, seq).map((e) => e.type)).toEqual(['auth.pin_login']);
    });

    test('PIN guessing is throttled like passwords: 5 wrong PINs lock the name, for PIN and password alike, each failure audited', async () => {
      await open();
      await s.t.ok('users.setPin', { pin: '2468' }, s.cashier);
      const seq = lastSeq(s);
      for (let i = 0; i < 5; i++) expect((await s.t.fail('auth.pinLogin', { username: 'cashier1', pin: `000${i}` })).code).toBe('UNAUTHENTICATED');
      expect(eventsSince(s, seq).filter((e) => e.type === 'auth.login_failed' && e.entityId === 'cashier1')).toHaveLength(5);
      expect((await s.t.fail('auth.pinLogin', { username: 'cashier1', pin: '2468' })).code).toBe('RATE_LIMITED');
      expect((await s.t.fail('auth.login', { username: 'cashier1', password: 'cashier-password-1' })).code).toBe('RATE_LIMITED');
      s.t.clock.advance(15 * MINUTE + 1);
      await s.t.ok('auth.pinLogin', { username: 'cashier1', pin: '2468' });
    });

    test('wrong passwords count towards the PIN lock too (one throttle per name)', async () => {
      await open();
      await s.t.ok('users.setPin', { pin: '2468' }, s.cashier);
      for (let i = 0; i < 3; i++) await s.t.fail('auth.login', { username: 'cashier1', password: `wrong-password-${i}` });
      for (let i = 0; i < 2; i++) await s.t.fail('auth.pinLogin', { username: 'cashier1', pin: `111${i}` });
      expect((await s.t.fail('auth.pinLogin', { username: 'cashier1', pin: '2468' })).code).toBe('RATE_LIMITED');
    });

    test('parallel PIN guesses cannot get around the limit', async () => {
      await open();
      await s.t.ok('users.setPin', { pin: '2468' }, s.cashier);
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => s.t.raw('auth.pinLogin', { username: 'cashier1', pin: String(1000 + i) })));
      expect(results.every((r) => !r.ok)).toBe(true);
      const failures = count(s, "SELECT count(*) AS n FROM events WHERE type = 'auth.login_failed' AND entity_id = 'cashier1'");
      expect(failures).toBeLessThanOrEqual(5);
      expect((await s.t.fail('auth.pinLogin', { username: 'cashier1', pin: '2468' })).code).toBe('RATE_LIMITED');
    });
  });

  describe('auth.lock', () => {
    const sell = (token: string) =>
      s.t.raw('orders.checkout', { lines: [widgetLine], tenders: [{ method: 'cash', amount: 1200 }], idempotencyKey: unique('lock') }, token);

    test('a locked token cannot read orders or sell: LOCKED, nothing stored; status says locked with the user', async () => {
      await open();
      expect(await s.t.ok('auth.lock', {}, s.cashier)).toEqual({});
      const before = count(s, 'SELECT count(*) AS n FROM orders');
      for (const [method, input] of [
        ['orders.list', {}],
        ['auth.me', {}],
        ['products.list', {}],
        ['users.setPin', { pin: '1234' }],
        ['auth.lock', {}],
      ] as const) {
        const r = await s.t.raw(method, input, s.cashier);
        expect(r.ok ? 'ok' : r.error.code, method).toBe('LOCKED');
      }
      const sale = await sell(s.cashier);
      expect(sale.ok ? 'ok' : sale.error.code).toBe('LOCKED');
      expect(count(s, 'SELECT count(*) AS n FROM orders')).toBe(before);
      const status = await s.t.ok('auth.status', {}, s.cashier);
      expect(status).toMatchObject({ needsSetup: false, locked: true, user: { id: s.userId.cashier } });
      // Other sessions are untouched.
      expect((await sell(s.manager)).ok).toBe(true);
    });

    test('every signed-in method refuses a locked session (LOCKED, or VALIDATION before it for an input that is not even valid)', async () => {
      await open();
      await s.t.ok('auth.lock', {}, s.admin);
      for (const method of Object.keys(contract)) {
        if (!isMethod(method) || contract[method].access === 'public' || method === 'auth.logout') continue;
        const r = await s.t.raw(method, {}, s.admin);
        expect(r.ok ? 'ok' : r.error.code, method).toMatch(/^(LOCKED|VALIDATION)$/);
      }
    });

    test('the locked user unlocks with their PIN: a new session, the locked one ends', async () => {
      await open();
      await s.t.ok('users.setPin', { pin: '2468' }, s.cashier);
      await s.t.ok('auth.lock', {}, s.cashier);
      const session = await s.t.ok('auth.pinLogin', { username: 'cashier1', pin: '2468' }, s.cashier);
      expect((await s.t.ok('auth.me', {}, session.token)).id).toBe(s.userId.cashier);
      expect((await s.t.fail('auth.me', {}, s.cashier)).code).toBe('UNAUTHENTICATED');
      expect(await s.t.ok('auth.status', {}, s.cashier)).toMatchObject({ user: null });
    });

    test('a wrong PIN leaves the locked session locked; sign-out still works', async () => {
      await open();
      await s.t.ok('users.setPin', { pin: '2468' }, s.cashier);
      await s.t.ok('auth.lock', {}, s.cashier);
      expect((await s.t.fail('auth.pinLogin', { username: 'cashier1', pin: '0000' }, s.cashier)).code).toBe('UNAUTHENTICATED');
      expect((await s.t.fail('orders.list', {}, s.cashier)).code).toBe('LOCKED');
      await s.t.ok('auth.logout', {}, s.cashier);
      expect((await s.t.fail('orders.list', {}, s.cashier)).code).toBe('UNAUTHENTICATED');
    });

    test('quick switch: another cashier signs in with their PIN on the locked terminal and the sale is theirs', async () => {
      await open();
      await s.t.ok('users.setPin', { userId: s.userId.manager, pin: '7777' }, s.admin);
      await s.t.ok('auth.lock', {}, s.cashier);
      const other = await s.t.ok('auth.pinLogin', { username: 'manager1', pin: '7777' }, s.cashier);
      const sale = await sell(other.token);
      if (!sale.ok) throw new Error(sale.error.message);
      expect((sale.value as { order: { createdBy: string } }).order.createdBy).toBe(s.userId.manager);
      expect((await s.t.fail('auth.me', {}, s.cashier)).code).toBe('UNAUTHENTICATED');
    });

    test('a password sign-in also opens a locked terminal (for a user without a PIN)', async () => {
      await open();
      await s.t.ok('auth.lock', {}, s.cashier);
      const session = await s.t.ok('auth.login', { username: 'cashier1', password: 'cashier-password-1' }, s.cashier);
      expect((await s.t.ok('auth.me', {}, session.token)).id).toBe(s.userId.cashier);
      // The locked session it was sent with ends; an unlocked one sent with a sign-in is left alone.
      expect((await s.t.fail('auth.me', {}, s.cashier)).code).toBe('UNAUTHENTICATED');
      await s.t.ok('auth.login', { username: 'cashier1', password: 'cashier-password-1' }, s.manager);
      expect((await s.t.ok('auth.me', {}, s.manager)).id).toBe(s.userId.manager);
    });
  });

  test('no PIN and no PIN hash in audit events, users.list, auth answers or logs', async () => {
    await open();
    await s.t.ok('users.setPin', { pin: PIN }, s.cashier);
    await s.t.ok('users.setPin', { userId: s.userId.manager, pin: PIN }, s.admin);
    await s.t.fail('auth.pinLogin', { username: 'cashier1', pin: '00000000' });
    const session = await s.t.ok('auth.pinLogin', { username: 'cashier1', pin: PIN });
    await s.t.ok('users.setPin', { userId: s.userId.manager, pin: null }, s.admin);
    const hash = pinHash('cashier1');
    expect(hash).toMatch(/^\$argon2id\$/);
    const listed = JSON.stringify(await s.t.ok('users.list', {}, s.admin));
    const allEvents = JSON.stringify(s.t.core.store.sqlite.prepare('SELECT * FROM events').all());
    const logsDir = path.join(s.t.dir, 'logs');
    const logs = fs.existsSync(logsDir) ? fs.readdirSync(logsDir).map((n) => fs.readFileSync(path.join(logsDir, n), 'utf8')).join('\n') : '';
    for (const text of [listed, allEvents, logs, JSON.stringify(session)]) {
      expect(text).not.toContain(PIN);
      expect(text).not.toContain(hash!);
      expect(text).not.toContain('argon2');
      expect(text.toLowerCase()).not.toContain('pinhash');
      expect(text.toLowerCase()).not.toContain('pin_hash');
    }
    expect(userId('cashier1')).toBe(s.userId.cashier);
  });
});
