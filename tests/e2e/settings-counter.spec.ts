import type { Page } from '@playwright/test';
import { expect, screen, test } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';

const admin = { username: 'admin', displayName: 'Alex Admin', password: 'correct horse battery' };

async function signIn(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill(admin.username);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toHaveText(admin.displayName);
}

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    // Several saves and two screens on a shared machine.
    test.setTimeout(120_000);

    test('the counter limits: the default change shown as a placeholder, field errors, saved values the server enforces', async ({ page, server }) => {
      const { token } = await server.call('auth.setup', admin);
      await signIn(page);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      const maxChange = page.getByLabel('Most change in cash');
      const quantity = page.getByLabel('Ask to confirm quantities above');
      const idle = page.getByLabel('Lock after idle minutes');
      await expect(maxChange).toHaveValue('');
      await expect(maxChange).toHaveAttribute('placeholder', '500.00');
      await expect(quantity).toHaveValue('999');
      await expect(idle).toHaveValue('10');

      // Typing mistakes are named at their fields; nothing is sent.
      await maxChange.fill('abc');
      await quantity.fill('0');
      await idle.fill('-5');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect(page.getByText('Enter an amount above zero, or leave it empty for the default.')).toBeVisible();
      await expect(page.getByText('Enter a whole number from 1 to 100000.')).toBeVisible();
      await expect(page.getByText(/Enter whole minutes from 0 \(never\)/)).toBeVisible();
      await expect(maxChange).toHaveAttribute('aria-invalid', 'true');
      await screen(page, `settings-counter-errors-${viewport.width}`);
      expect((await server.call('settings.get', {}, token)).quantityConfirmAbove).toBe(999);

      await maxChange.fill('50');
      await quantity.fill('20');
      await idle.fill('0');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect(page.getByText('Settings saved.')).toBeVisible();
      expect(await server.call('settings.get', {}, token)).toMatchObject({ maxChange: 5000, quantityConfirmAbove: 20, lockAfterIdleMinutes: 0 });
      // Read back as the store's amount.
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Audit' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
      await nav.getByRole('link', { name: 'Settings' }).click();
      await expect(maxChange).toHaveValue('50.00');
      await expect(idle).toHaveValue('0');
      await maxChange.scrollIntoViewIfNeeded();
      await screen(page, `settings-counter-${viewport.width}`);

      // The server refuses change above the saved limit.
      const order = await server.call('orders.create', { lines: [{ name: 'Tea', unitPrice: 300, quantity: 1 }] }, token);
      const invoice = await server.call('invoices.generate', { orderId: order.id }, token);
      await expect(server.call('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 300, tendered: 5301, idempotencyKey: 'e2e-max-change' }, token)).rejects.toThrow(/tendered/);

      // Emptied: back to the currency's default (Enter submits; the earlier toast may still sit over the buttons).
      await maxChange.fill('');
      await maxChange.press('Enter');
      await expect.poll(async () => (await server.call('settings.get', {}, token)).maxChange).toBe(50_000);
      await expect(maxChange).toHaveValue('');
    });

    test('an Italian store: the default change in euros as the store writes money', async ({ page, server }) => {
      const { token } = await server.call('auth.setup', admin);
      await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome', currency: 'EUR' }, token);
      await signIn(page);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      const maxChange = page.getByLabel('Most change in cash');
      await expect(maxChange).toHaveValue('');
      await expect(maxChange).toHaveAccessibleDescription(/Empty: 500,00\s€/);
      await maxChange.scrollIntoViewIfNeeded();
      await screen(page, `settings-counter-it-${viewport.width}`);
    });
  });
}
