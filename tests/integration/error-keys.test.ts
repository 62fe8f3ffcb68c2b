/**
 * Errors keep stable codes and parameters: every error the core sends for a rule or a bad input
 * carries the `errors` catalogue key and its values, and its `message` is the English of that
 * key (what the command line and the logs print). A client renders the key in its user's
 * language (tests/unit/renderer-error-language.test.ts).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { errorText, listText, type ErrorIssue, type ErrorList } from '../../shared/errors';
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

const issuesOf = (e: { details?: unknown }) => (e.details as { issues: ErrorIssue[] }).issues;

test('a wrong password: UNAUTHENTICATED with its key; the message is its English', async () => {
  const e = await t.fail('auth.login', { username: 'admin', password: 'not the password' });
  expect(e.code).toBe('UNAUTHENTICATED');
  expect(e.key).toBe('wrongCredentials');
  expect(e.message).toBe(errorText('wrongCredentials'));
});

test('a schema limit: VALIDATION naming the field, keyed, with the limit as a number', async () => {
  const e = await t.fail('users.create', { username: 'ab', displayName: 'Al', role: 'cashier', password: 'long enough pass' }, admin);
  expect(e.code).toBe('VALIDATION');
  const [issue] = issuesOf(e);
  expect(issue!.path).toEqual(['username']);
  expect(issue!.key).toBeDefined();
  expect(Object.values(issue!.params ?? {})).toContain(3);
  expect(issue!.message).toBe(errorText(issue!.key!, issue!.params));
  expect(e.message).toBe(`username: ${issue!.message}`);
});

test('a business rule naming a field: keyed, its values given, the same English as before', async () => {
  const e = await t.fail('orders.checkout', { lines: [{ name: 'Item', unitPrice: 1000, quantity: 1 }], tenders: [{ method: 'cash', amount: 1200, tendered: 1000 }], idempotencyKey: 'k-1' }, cashier);
  expect(e.code).toBe('VALIDATION');
  const [issue] = issuesOf(e);
  expect(issue!.path).toEqual(['tenders', 0, 'tendered']);
  expect(issue!.message).toBe('must be at least the amount');
  expect(issue!.key).toBeDefined();
  expect(errorText(issue!.key!, issue!.params)).toBe(issue!.message);
});

test('FORBIDDEN and NOT_FOUND are keyed too; details stay as they were', async () => {
  const forbidden = await t.fail('users.update', { displayName: 'Boss' }, cashier);
  expect([forbidden.code, typeof forbidden.key]).toEqual(['FORBIDDEN', 'string']);
  const missing = await t.fail('orders.get', { id: 'no-such-order' }, admin);
  expect([missing.code, typeof missing.key]).toEqual(['NOT_FOUND', 'string']);
  expect(missing.message).toBe(errorText(missing.key!, missing.params));
  // A discount beyond the cashier's limit: the reason clients act on is where it was.
  const approval = await t.fail('orders.checkout', { lines: [{ name: 'Item', unitPrice: 1000, quantity: 1, discount: { kind: 'percent', value: 50, reason: 'Damaged' } }], tenders: [{ method: 'card', amount: 500 }], idempotencyKey: 'k-2' }, cashier);
  expect(approval.code).toBe('FORBIDDEN');
  expect((approval.details as { reason: string }).reason).toBe('APPROVAL_REQUIRED');
  expect(typeof approval.key).toBe('string');
});

test('several reasons a manager must approve: one message, each reason keyed in details.lists, the English joined', async () => {
  const lines = [{ name: 'Mug', unitPrice: 1000, taxRateBp: 2000, quantity: 1, discount: { kind: 'percent', value: 30, reason: 'Damaged' } }];
  const e = await t.fail('orders.create', { lines, discount: { kind: 'percent', value: 30, reason: 'Friend' } }, cashier);
  expect(e).toMatchObject({ code: 'FORBIDDEN', key: 'managerMustApprove', details: { reason: 'APPROVAL_REQUIRED' } });
  const list = (e.details as { lists: { reasons: ErrorList } }).lists.reasons;
  expect(list.key).toBe('approvalNeed');
  expect(list.items.length).toBeGreaterThan(1);
  expect(list.items.map((i) => i.cause)).toContain('lineDiscount');
  expect(e.params).toEqual({ reasons: listText(list) });
  expect(e.message).toBe(errorText('managerMustApprove', { reasons: listText(list) }));
});
