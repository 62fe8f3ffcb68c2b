import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, screen, test } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { createOrder, nav, paidOrder, setUpStore, signIn, users } from '../support/e2e-api';

async function openExports(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Exports' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Exports' })).toBeVisible();
}

test('support exports orders to CSV and downloads the file from the browser host', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'support']);
  for (const [i, customer] of ['Zoë — 東京 €', 'Ann "The Hammer" O\'Neil', '=HYPERLINK("x")'].entries()) {
    await paidOrder(server, tokens.admin, { customer, lines: [{ name: 'Beans', unitPrice: 1000, taxRateBp: 2000, quantity: i + 1 }] });
  }
  await createOrder(server, tokens.admin, { customer: 'Held order', note: 'two\nlines' });

  await signIn(page, 'support');
  await openExports(page);
  const form = page.getByRole('form', { name: 'New export' });
  await expect(form.getByRole('radio', { name: /Orders/ })).toBeChecked();
  await expect(form.getByRole('radio', { name: /CSV/ })).toBeChecked();
  await form.getByRole('button', { name: 'Export orders' }).click();

  const result = page.getByRole('region', { name: 'Finished export' });
  await expect(result).toContainText('Export finished');
  await expect(result).toContainText('4 orders');
  // The file's name only: where it lies on the Tessera computer is not the browser's business.
  await expect(page.getByTestId('export-file')).toHaveText(/^orders-\d{8}-\d{6}\.csv$/);
  await expect(result).not.toContainText(server.dataDir);
  const link = result.getByRole('link', { name: /^Download orders-\d{8}-\d{6}\.csv$/ });
  await expect(link).toBeVisible();
  await screen(page, 'exports');

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^orders-\d{8}-\d{6}\.csv$/);
  const text = fs.readFileSync(await download.path(), 'utf8');
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^number,id,status,createdAt,/);
  expect(text).toContain('Zoë — 東京 €');
  expect(text).toContain('"Ann ""The Hammer"" O\'Neil"');
  expect(text).toContain('"\'=HYPERLINK(""x"")"');
  expect(text).toContain('"two\nlines"');

  // The export and the download are in the audit trail, by the support user.
  const exported = await server.call('audit.list', { type: 'export.created' }, tokens.admin);
  expect(exported.items.map((e) => e.actor?.username)).toEqual(['sam']);
  const downloaded = await server.call('audit.list', { type: 'export.downloaded', entityId: exported.items[0]!.entityId! }, tokens.admin);
  expect(downloaded.items.length).toBeGreaterThanOrEqual(1);
  expect(downloaded.items[0]!.actor?.username).toBe('sam');
});

test('filters and formats: paid invoices to Excel; the form follows the kind', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'manager']);
  await paidOrder(server, tokens.admin, { customer: 'Ada Lovelace' });
  await paidOrder(server, tokens.admin, { customer: 'Grace Hopper' });
  const pending = await createOrder(server, tokens.admin);
  await server.call('invoices.generate', { orderId: pending.id }, tokens.admin);

  await signIn(page, 'manager');
  await openExports(page);
  const form = page.getByRole('form', { name: 'New export' });
  await form.getByRole('radio', { name: /Invoices/ }).check();
  await expect(form.getByLabel('Rows')).toHaveCount(0);
  await form.getByLabel('Status').selectOption('PAID');
  await form.getByRole('radio', { name: /Excel/ }).check();
  await expect(form.getByLabel(/byte-order mark/)).toHaveCount(0);
  await form.getByRole('button', { name: 'Export invoices' }).click();
  const result = page.getByRole('region', { name: 'Finished export' });
  await expect(result).toContainText('2 invoices');
  await expect(result.getByRole('link', { name: /^Download invoices-\d{8}-\d{6}\.xlsx$/ })).toBeVisible();

  await result.getByRole('button', { name: 'New export' }).click();
  await form.getByRole('radio', { name: /Payments/ }).check();
  await expect(form.getByLabel('Status')).toHaveCount(0);
  await form.getByLabel('Payment method').selectOption('card');
  await form.getByRole('button', { name: 'Export payments' }).click();
  await expect(page.getByRole('region', { name: 'Finished export' })).toContainText('2 payments');
  await screen(page, 'exports-payments');
});

test('Z reports: Export… on the Z list takes its register filter to the Exports screen; the CSV has the sealed figures', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'support']);
  // A cash sale through Register 1 (opened by setUpStore), closed even; Register 2 opened and closed with no sale.
  const { token: till } = await server.call('auth.login', { username: users.admin.username, password: users.admin.password, registerId: 'register-1' });
  const { invoice } = await paidOrder(server, till, { customer: 'Ada', lines: [{ name: 'Beans', unitPrice: 1000, taxRateBp: 2000, quantity: 2 }] }, 'cash');
  const close = async (sessionId: string) => {
    const { expectedCash } = await server.call('cashSessions.get', { id: sessionId }, tokens.admin);
    await server.call('cashSessions.close', { sessionId, countedCash: expectedCash! }, tokens.admin);
  };
  const { session } = await server.call('cashSessions.current', { registerId: 'register-1' }, tokens.admin);
  await close(session!.id);
  const terrace = await server.call('registers.create', { code: 'R2', name: 'Terrace' }, tokens.admin);
  await close((await server.call('cashSessions.open', { registerId: terrace.id, openingFloat: 5_000 }, tokens.admin)).id);

  await signIn(page, 'support');
  await nav(page).getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Z reports' }).click();
  await page.getByLabel('Register', { exact: true }).selectOption({ label: 'R1 · Register 1' });
  await expect(page.getByRole('link', { name: 'Z-R2-000001' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Export…' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Exports' })).toBeVisible();
  const form = page.getByRole('form', { name: 'New export' });
  await expect(form.getByRole('radio', { name: /Z reports/ })).toBeChecked();
  await expect(form.getByLabel('Register', { exact: true })).toHaveValue('register-1');
  await expect(form.getByLabel('Status')).toHaveCount(0);
  await form.getByRole('button', { name: 'Export Z reports' }).click();
  const result = page.getByRole('region', { name: 'Finished export' });
  await expect(result).toContainText('1 Z report ·');
  const link = result.getByRole('link', { name: /^Download z-reports-\d{8}-\d{6}\.csv$/ });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const [header, ...rows] = fs.readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n').map((l) => l.split(','));
  const row = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
  expect(rows).toHaveLength(1);
  expect(row).toMatchObject({ number: 'Z-R1-000001', registerCode: 'R1', salesCount: '1', gross: '24.00', cash: '24.00', openingFloat: '100.00', expectedCash: '124.00', variance: '0.00' });
  expect(invoice.total).toBe(2400);

  // Every register: the form as the Z list left it, the register set back to all.
  await result.getByRole('button', { name: 'New export' }).click();
  await form.getByLabel('Register', { exact: true }).selectOption({ label: 'All registers' });
  await form.getByRole('button', { name: 'Export Z reports' }).click();
  await expect(result).toContainText('2 Z reports');
  for (const size of COUNTER_SCREENS) {
    await page.setViewportSize(size);
    await screen(page, `exports-z-${size.width}`);
  }
});

test('a cashier has no Exports screen', async ({ page, server }) => {
  await setUpStore(server, ['admin', 'cashier']);
  await signIn(page, 'cashier');
  await expect(nav(page).getByRole('link', { name: 'Counter' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Exports' })).toHaveCount(0);
});

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('an it-IT store: the lines export counts lines; the payments file sums to the net taken', async ({ page, server }) => {
      const tokens = await setUpStore(server, ['admin', 'support']);
      const t = tokens.admin;
      await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome', currency: 'EUR' }, t);
      // Two orders of three lines in all; the second paid and then cancelled (refunded).
      const line = (name: string, quantity: number) => ({ name, unitPrice: 1000, taxRateBp: 2000, quantity });
      await paidOrder(server, t, { customer: 'Ada', lines: [line('Caffè', 1), line('Tè', 2)] });
      const refunded = await paidOrder(server, t, { customer: 'Bea', lines: [line('Cacao', 1)] }, 'cash');
      await server.call('orders.cancel', { id: refunded.order.id, reason: 'Reso' }, t);

      await signIn(page, 'support');
      await openExports(page);
      const form = page.getByRole('form', { name: 'New export' });
      await form.getByLabel('Rows').selectOption('line');
      await form.getByRole('button', { name: 'Export order lines' }).click();
      const result = page.getByRole('region', { name: 'Finished export' });
      await expect(result).toContainText('3 order lines');
      await expect(result).not.toContainText('orders ·');
      await screen(page, `exports-lines-${viewport.width}`);

      await result.getByRole('button', { name: 'New export' }).click();
      await form.getByRole('radio', { name: /Payments/ }).check();
      await form.getByRole('button', { name: 'Export payments' }).click();
      await expect(result).toContainText('3 payments');
      const link = result.getByRole('link', { name: /^Download payments-/ });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const [header, ...rows] = fs.readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n').map((l) => l.split(','));
      const amount = header!.indexOf('amount');
      const kind = header!.indexOf('kind');
      expect(rows.map((r) => [r[kind], r[amount]]).sort()).toEqual([
        ['payment', '12.00'],
        ['payment', '36.00'],
        ['refund', '-12.00'],
      ]);
      // The column sums to what was taken net: 48.00 − 12.00.
      expect(rows.reduce((sum, r) => sum + Math.round(Number(r[amount]) * 100), 0)).toBe(3600);
      await screen(page, `exports-payments-${viewport.width}`);
    });
  });
}
