/**
 * Errors speak the user's language: an ApiError built from the core's envelope reads its
 * catalogue message (key + params) in the current language; without a key it keeps the core's
 * words. Switching the language re-reads new errors in the new one.
 */
import { afterEach, expect, test } from 'vitest';
import '../../renderer/src/i18n/browser';
import { ApiError } from '../../renderer/src/api';
import { setLanguage, t } from '../../renderer/src/i18n';
import { errorIssue, errorText, listText } from '../../shared/errors';

afterEach(async () => {
  await setLanguage('en');
});

const wrong = { code: 'UNAUTHENTICATED' as const, message: errorText('wrongCredentials'), key: 'wrongCredentials' as const };

test('a keyed error is English in English, Italian in Italian, French in French; the core’s English stays at hand', async () => {
  expect(new ApiError('auth.login', wrong).message).toBe('Wrong username or password.');
  await setLanguage('it');
  const it = new ApiError('auth.login', wrong);
  expect(it.message).toBe(t('errors.wrongCredentials'));
  expect(it.message).not.toBe(wrong.message);
  expect(it.serverMessage).toBe(wrong.message);
  await setLanguage('fr');
  expect(new ApiError('auth.login', wrong).message).not.toBe(it.message);
});

test('a validation issue is translated with its values; an unknown key or none keeps the core’s words', async () => {
  await setLanguage('de');
  const issue = errorIssue(['tooManyWrongPasswords'], 'tooManyWrongPasswords', { username: 'casey', minutes: 5 });
  const e = new ApiError('auth.login', { code: 'VALIDATION', message: `x: ${issue.message}`, details: { issues: [issue] } });
  expect(e.issues[0]!.message).toContain('casey');
  expect(e.issues[0]!.message).toContain('5');
  expect(e.issues[0]!.message).not.toBe(issue.message);
  const plain = new ApiError('x.y', { code: 'CONFLICT', message: 'Some words from an older core.' });
  expect(plain.message).toBe('Some words from an older core.');
  const unknown = new ApiError('x.y', { code: 'CONFLICT', message: 'Newer words.', key: 'notAKeyWeKnow' as never });
  expect(unknown.message).toBe('Newer words.');
});

test('status codes in an error are said by their names in the user’s language; an invoice’s by the invoice’s', async () => {
  await setLanguage('it');
  const order = new ApiError('orders.update', { code: 'INVALID_TRANSITION', message: errorText('orderNotChangeable', { number: 12, status: 'PROCESSING' }), key: 'orderNotChangeable', params: { number: 12, status: 'PROCESSING' } });
  expect(order.message).toContain(t('orders.statusProcessing'));
  expect(order.message).not.toMatch(/PROCESSING|RECEIVED/);
  const params = { number: 'INV-000003', status: 'PAID', statusCode: 'PAID' };
  const invoice = new ApiError('payments.pay', { code: 'INVALID_TRANSITION', message: errorText('invoiceNotPayable', params), key: 'invoiceNotPayable', params });
  expect(invoice.message).toContain(t('invoices.statusPaid'));
  expect(invoice.message).not.toContain('PAID');
  // The select still reads the code: "nothing is left to pay", not "it cannot be paid".
  expect(invoice.message).toBe(t('errors.invoiceNotPayable', { number: 'INV-000003', status: t('invoices.statusPaid'), statusCode: 'PAID' }));
});

test('several reasons a manager must approve are each said in the user’s language', async () => {
  const items = [
    { cause: 'lineDiscount', name: 'Mug', max: 10 },
    { cause: 'orderDiscount', name: '', max: 10 },
  ];
  const reasons = { key: 'approvalNeed' as const, items };
  const body = { code: 'FORBIDDEN' as const, message: errorText('managerMustApprove', { reasons: listText(reasons) }), key: 'managerMustApprove' as const, params: { reasons: listText(reasons) }, details: { reason: 'APPROVAL_REQUIRED', lists: { reasons } } };
  expect(new ApiError('orders.checkout', body).message).toBe(body.message);
  await setLanguage('de');
  const de = new ApiError('orders.checkout', body).message;
  expect(de).toBe(t('errors.managerMustApprove', { reasons: `${t('errors.approvalNeed', items[0])}; ${t('errors.approvalNeed', items[1])}` }));
  expect(de).not.toContain('discount');
  expect(de).toContain('Mug');
});

test('a wrong type is said in words: “a number”, not the schema’s type name', async () => {
  await setLanguage('it');
  const issue = errorIssue(['quantity'], 'invalidType', { expected: 'number', received: 'string' });
  const e = new ApiError('orders.create', { code: 'VALIDATION', message: `quantity: ${issue.message}`, details: { issues: [issue] } });
  expect(e.issues[0]!.message).toBe('Dato non valido: atteso un numero, ricevuto un testo');
});
