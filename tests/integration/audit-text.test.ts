import { afterEach, expect, test } from 'vitest';
import { setupAdmin, startCore, type TestCore } from '../support/core';

let t: TestCore;
afterEach(() => t?.close());

test('an event holding a lone surrogate (a failed sign-in as "a\\ud800b") keeps the audit chain intact', async () => {
  t = await startCore('in-process');
  const admin = await setupAdmin(t);
  expect((await t.fail('auth.login', { username: 'a\ud800b', password: 'whatever-1' })).code).toBe('UNAUTHENTICATED');
  expect(await t.ok('audit.verify', {}, admin)).toMatchObject({ ok: true, firstBadEntry: null });
});
