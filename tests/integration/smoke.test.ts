import { afterEach, expect, test } from 'vitest';
import { setupAdmin, startCore, type TestCore } from '../support/core';

let t: TestCore;
afterEach(() => t?.close());

test('smoke', async () => {
  t = await startCore('http');
  expect(await t.ok('auth.status', {})).toEqual({ needsSetup: true, user: null });
  const token = await setupAdmin(t);
  expect((await t.ok('auth.me', {}, token)).username).toBe('admin');
});
