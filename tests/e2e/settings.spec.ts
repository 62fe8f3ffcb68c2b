import path from 'node:path';
import type { Page } from '@playwright/test';
import { logoPng } from '../support/images';
import { expect, screen, test, type TesseraServer } from '../support/e2e';

const admin = { username: 'admin', displayName: 'Alex Admin', password: 'correct horse battery' };

async function signIn(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill(admin.username);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toHaveText(admin.displayName);
}

/** The receipt page covers the window: a screenshot of the window, not of the page behind it. */
async function windowShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(import.meta.dirname, '..', '..', 'test-results', 'screens', `${name}.png`), animations: 'disabled' });
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByLabel('Store name')).toBeVisible();
}

/** A paid invoice with a few lines, for the receipt. */
async function sale(server: TesseraServer, token: string, key = 'e2e-1') {
  const order = await server.call(
    'orders.create',
    {
      lines: [
        { name: 'Espresso beans, Ethiopia 1 kg', unitPrice: 1250, taxRateBp: 2000, quantity: 2 },
        { name: 'Café crème', unitPrice: 180, taxRateBp: 550, quantity: 3 },
        { name: 'Gift card', unitPrice: 1000, taxRateBp: 0, quantity: 1 },
      ],
      customer: { name: 'Zoë Müller' },
    },
    token,
  );
  const invoice = await server.call('invoices.generate', { orderId: order.id }, token);
  await server.call('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: invoice.total, tendered: 5000, idempotencyKey: key }, token);
  return invoice;
}

test('an admin saves the store settings, sees them, and prints a receipt', async ({ page, server }) => {
  const { token } = await server.call('auth.setup', admin);
  await sale(server, token);
  await signIn(page);
  await openSettings(page);

  // The currency is fixed: a sale exists.
  await expect(page.getByLabel('Currency')).toBeDisabled();
  await expect(page.getByLabel('Currency')).toHaveAccessibleDescription(/Sales are recorded in EUR/);
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();

  // A file that is not an image is refused next to the logo field, before anything is sent.
  await page.getByTestId('logo-input').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('just some text\n') });
  await expect(page.getByText('The logo must be a PNG or JPEG image.')).toBeVisible();

  // The server is the authority: a blank store name comes back as an error under its field.
  await page.getByLabel('Store name').fill('   ');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByLabel('Store name')).toHaveAccessibleDescription(/Store name must not be empty/);

  await page.getByLabel('Store name').fill('Café Flore');
  await page.getByLabel('Phone').fill('+33 1 45 48 55 26');
  await page.getByLabel('Address').fill('172 Boulevard Saint-Germain\n75006 Paris');
  await page.getByLabel('Tax ID').fill('FR12345678901');
  await page.getByLabel('Number and date format').selectOption('fr-FR');
  await page.getByLabel('Time zone').selectOption('Europe/Paris');
  await page.getByLabel('Invoice paper size').selectOption('Letter');
  await page.getByLabel('Receipt width').selectOption('58');
  await page.getByLabel('Invoice footer').fill('Merci de votre visite !');
  await page.getByTestId('logo-input').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng() });
  await expect(page.getByTestId('logo-preview')).toBeVisible();
  await expect(page.getByText('The logo must be a PNG or JPEG image.')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();

  // Saved in the store, and shown again after signing in afresh.
  const saved = await server.call('settings.get', {}, token);
  expect(saved).toMatchObject({
    storeName: 'Café Flore',
    address: '172 Boulevard Saint-Germain\n75006 Paris',
    locale: 'fr-FR',
    timeZone: 'Europe/Paris',
    paperSize: 'Letter',
    receiptWidth: 58,
    invoiceFooter: 'Merci de votre visite !',
    logo: { contentType: 'image/png', width: 240, height: 80 },
  });
  // The first invoice keeps the details it was issued with; a new sale carries the new ones.
  await sale(server, token, 'e2e-2');
  // A reload keeps this tab's session: the admin is still signed in.
  await page.reload();
  await expect(page.getByTestId('current-user')).toHaveText(admin.displayName);
  await openSettings(page);
  await expect(page.getByLabel('Store name')).toHaveValue('Café Flore');
  await expect(page.getByLabel('Address')).toHaveValue('172 Boulevard Saint-Germain\n75006 Paris');
  await expect(page.getByLabel('Receipt width')).toHaveValue('58');
  await expect(page.getByLabel('Number and date format')).toHaveValue('fr-FR');
  await expect(page.getByTestId('logo-preview')).toBeVisible();
  await screen(page, 'settings');

  // The receipt page: the store's width (58 mm), then 80 mm; printing shows only the paper.
  await page.getByRole('button', { name: 'Preview last receipt' }).click();
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toBeVisible();
  await expect(receipt).toContainText('Café Flore');
  await expect(receipt).toContainText(/TOTAL\s+45,70\s€/);
  await expect(receipt).toContainText(/Change\s+4,30\s€/);
  await expect(page.getByRole('button', { name: '58 mm' })).toHaveAttribute('aria-pressed', 'true');
  await windowShot(page, 'receipt-58');
  await page.getByRole('button', { name: '80 mm' }).click();
  await expect(page.getByRole('button', { name: '80 mm' })).toHaveAttribute('aria-pressed', 'true');
  await expect(receipt).toHaveClass(/receipt--80/);
  await windowShot(page, 'receipt-80');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await windowShot(page, 'receipt-print');
  await page.emulateMedia({ media: 'screen' });
  await page.keyboard.press('Escape');
  await expect(receipt).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});

test('the invoice PDF downloads from the settings preview', async ({ page, server }) => {
  const { token } = await server.call('auth.setup', admin);
  const invoice = await sale(server, token);
  await signIn(page);
  await openSettings(page);
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Preview last invoice PDF' }).click();
  const tab = await popup;
  expect(tab.url()).toMatch(/^blob:/);
  await tab.close();
  expect(invoice.number).toBe('INV-000001');
});

test('an admin sets cash rounding, the approval threshold and blind count, and adds a register with a network printer', async ({ page, server }) => {
  const { token } = await server.call('auth.setup', admin);
  await signIn(page);
  await openSettings(page);

  const rounding = page.getByLabel('Round cash to');
  await expect(rounding).toHaveValue('');
  // One cent is no rounding step: refused by the field, nothing sent.
  await rounding.fill('0.01');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(rounding).toHaveAccessibleDescription(/Enter an increment from €0.02/);
  await rounding.fill('0.05');
  await page.getByLabel('Manager approval when over or short by more than').fill('20');
  await page.getByLabel('Cashiers count blind').check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  expect(await server.call('settings.get', {}, token)).toMatchObject({ cashRounding: 5, varianceApprovalAbove: 2000, blindCount: true });
  await page.reload();
  await openSettings(page);
  await expect(page.getByLabel('Round cash to')).toHaveValue('0.05');
  await expect(page.getByLabel('Cashiers count blind')).toBeChecked();
  // Empty again: no rounding.
  await page.getByLabel('Round cash to').fill('');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' }).last()).toBeVisible();
  await expect.poll(async () => (await server.call('settings.get', {}, token)).cashRounding).toBeNull();

  // Admin → Registers: Register 1 is there; R2 is added with its receipt printer.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Registers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Registers' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Registers' });
  await expect(table).toContainText('Register 1');
  await page.getByRole('button', { name: 'New register' }).click();
  const dialog = page.getByRole('dialog', { name: 'New register' });
  await dialog.getByLabel('Code').fill('r2');
  await dialog.getByLabel('Name').fill('Back counter');
  await dialog.getByLabel('Printer host').fill('127.0.0.1');
  await dialog.getByLabel('Printer port').fill('70000');
  await dialog.getByRole('button', { name: 'Create register' }).click();
  await expect(dialog.getByLabel('Printer port')).toHaveAccessibleDescription(/Enter a port from 1 to 65535/);
  await dialog.getByLabel('Printer port').fill('9101');
  await dialog.getByRole('button', { name: 'Create register' }).click();
  await expect(dialog).toBeHidden();
  const r2 = table.getByRole('row').filter({ hasText: 'Back counter' });
  await expect(r2).toContainText('R2');
  await expect(r2).toContainText('127.0.0.1:9101');
  await screen(page, 'settings-registers');

  // Renamed and taken out of use; its printer removed.
  await r2.getByRole('button', { name: 'Edit register R2' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit register R2' });
  await edit.getByLabel('Name').fill('Back counter (old)');
  await edit.getByLabel('Printer host').fill('');
  await edit.getByLabel('Active').uncheck();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(table.getByRole('row').filter({ hasText: 'Back counter (old)' })).toContainText('Inactive');
  const { items } = await server.call('registers.list', { includeInactive: true }, token);
  expect(items.find((r) => r.code === 'R2')).toMatchObject({ name: 'Back counter (old)', active: false, printer: null });
});

for (const viewport of [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
] as const) {
  test(`an admin sets the returns and vouchers rules at ${viewport.width}×${viewport.height}: the days, refused when not whole, and the reasons one a line`, async ({ page, server }) => {
    await page.setViewportSize(viewport);
    const { token } = await server.call('auth.setup', admin);
    await signIn(page);
    await openSettings(page);
    const section = page.getByRole('region', { name: 'Returns and vouchers' });
    const window = section.getByLabel('Days to return with a receipt');
    await expect(window).toHaveValue('30');
    await expect(section.getByLabel('Days of prices for returns without a receipt')).toHaveValue('90');
    await expect(section.getByLabel('Days a voucher can be spent')).toHaveValue('365');

    // Not a whole number of days: refused at the field, nothing sent.
    await window.fill('14.5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(window).toHaveAccessibleDescription(/Enter whole days from 0/);
    expect((await server.call('settings.get', {}, token)).returnWindowDays).toBe(30);

    await window.fill('14');
    await section.getByLabel('Days a voucher can be spent').fill('730');
    const reasons = section.getByLabel('Return reasons');
    await reasons.fill('Damaged\n\n  Wrong size  \ndamaged\nChanged mind');
    await section.scrollIntoViewIfNeeded();
    await screen(page, `settings-returns-${viewport.width}`);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Settings saved.')).toBeVisible();
    const saved = await server.call('settings.get', {}, token);
    expect(saved).toMatchObject({ returnWindowDays: 14, voucherValidityDays: 730, receiptlessPriceWindowDays: 90, returnReasons: ['Damaged', 'Wrong size', 'Changed mind'] });
    // The form shows what was saved: the reasons as stored, nothing left to save.
    await expect(reasons).toHaveValue('Damaged\nWrong size\nChanged mind');
    await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  });
}
