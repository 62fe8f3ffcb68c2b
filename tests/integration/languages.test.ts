/**
 * Languages: the store's defaultLanguage (what sign-in speaks, and every user who has not
 * chosen) and documentLanguage (what documents are written in), and each user's own language,
 * set by the user themself with users.update { language }.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';

let t: TestCore;
let admin: string;
let cashier: string;

beforeAll(async () => {
  t = await startCore();
  admin = await setupAdmin(t);
  cashier = await userWithRole(t, admin, 'cashier');
});

afterAll(async () => {
  await t.close();
});

test('a new store speaks English on screen and on paper; sign-in is told the store language', async () => {
  const s = await t.ok('settings.get', {}, admin);
  expect([s.defaultLanguage, s.documentLanguage]).toEqual(['en', 'en']);
  expect((await t.ok('auth.status', {})).language).toBe('en');
  expect((await t.ok('auth.me', {}, cashier)).language).toBeNull();
});

test('the store language and the document language are separate settings; sign-in follows the default', async () => {
  const s = await t.ok('settings.update', { defaultLanguage: 'it', documentLanguage: 'de' }, admin);
  expect([s.defaultLanguage, s.documentLanguage, s.locale]).toEqual(['it', 'de', 'en-US']);
  expect((await t.ok('auth.status', {})).language).toBe('it');
  // Arabic screens ship; Arabic documents do not yet.
  expect((await t.ok('settings.update', { defaultLanguage: 'ar' }, admin)).defaultLanguage).toBe('ar');
  const refused = await t.fail('settings.update', { documentLanguage: 'ar' }, admin);
  expect(refused.code).toBe('VALIDATION');
  expect(refused.message).toContain('documentLanguage');
  for (const bad of ['xx', 'EN', '', 'en-US', 7, null]) {
    const e = await t.fail('settings.update', { defaultLanguage: bad }, admin);
    expect([e.code, e.message.split(':')[0]]).toEqual(['VALIDATION', 'defaultLanguage']);
  }
  expect((await t.ok('settings.get', {}, admin)).documentLanguage).toBe('de');
  await t.ok('settings.update', { defaultLanguage: 'en', documentLanguage: 'en' }, admin);
});

test('a cashier sets their own language (and back to the store’s with null); the audit trail records it', async () => {
  const me = await t.ok('users.update', { language: 'fr' }, cashier);
  expect(me.language).toBe('fr');
  expect((await t.ok('auth.me', {}, cashier)).language).toBe('fr');
  expect((await t.ok('auth.status', {}, cashier)).user?.language).toBe('fr');
  const { items } = await t.ok('audit.list', { entity: 'user', entityId: me.id }, admin);
  expect(items.some((e) => e.type === 'user.updated' && JSON.stringify(e.after).includes('"language":"fr"'))).toBe(true);
  expect((await t.ok('users.update', { id: me.id, language: null }, cashier)).language).toBeNull();
});

test('only an admin changes anything else, or anyone else’s language; nothing changes when refused', async () => {
  const me = await t.ok('auth.me', {}, cashier);
  const adminUser = await t.ok('auth.me', {}, admin);
  for (const input of [{ id: adminUser.id, language: 'de' }, { displayName: 'Boss' }, { role: 'admin' }, { language: 'it', active: true }]) {
    expect((await t.fail('users.update', input, cashier)).code).toBe('FORBIDDEN');
  }
  expect(await t.ok('auth.me', {}, cashier)).toEqual(me);
  expect((await t.ok('auth.me', {}, admin)).language).toBeNull();
  // An admin may set a user's language for them.
  expect((await t.ok('users.update', { id: me.id, language: 'es' }, admin)).language).toBe('es');
  expect((await t.fail('users.update', { language: 'klingon' }, cashier)).code).toBe('VALIDATION');
  expect((await t.fail('users.update', { language: 'es' })).code).toBe('UNAUTHENTICATED');
});
