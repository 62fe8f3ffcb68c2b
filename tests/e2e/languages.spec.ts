/**
 * Every shipped language on a counter's screen (1024×768): a store set to it signs in, sells,
 * takes payment, lists invoices and edits settings in that language, with no clipped label and
 * nothing scrolling sideways; Arabic mirrors (dir="rtl", the navigation on the right).
 * The words are read from the catalogues, so the test checks the screens speak the language,
 * not a copy of its words. Screenshots: test-results/screens/lang-<language>-<screen>.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import IntlMessageFormat from 'intl-messageformat';
import type { Language } from '../../shared/i18n/languages';
import { expect, screen, test, type TesseraServer } from '../support/e2e';
import { CLIPPED, MISFITS } from '../support/fit';
import { admin, cashier, catalogue, seedStore } from '../support/e2e-sales';
import { pdfText } from '../support/pdfText';

const catalogues = path.join(import.meta.dirname, '..', '..', 'shared', 'i18n', 'catalogues');

/** A message as `language` says it (placeholders filled). */
function w(language: Language, id: string, values?: Record<string, string | number>): string {
  const [area, ...rest] = id.split('.');
  const messages = JSON.parse(fs.readFileSync(path.join(catalogues, language, `${area}.json`), 'utf8')) as Record<string, string>;
  const text = messages[rest.join('.')];
  if (text === undefined) throw new Error(`no message ${id} in ${language}`);
  return String(new IntlMessageFormat(text, language).format(values));
}

const locales: Record<Exclude<Language, 'en'>, string> = { it: 'it-IT', fr: 'fr-FR', de: 'de-DE', es: 'es-ES', pt: 'pt-PT', ar: 'ar-AE' };

async function fits(page: Page, language: Language, shot: string): Promise<void> {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await page.evaluate('document.fonts.ready');
  expect.soft(await page.evaluate<string[]>(MISFITS), `${language} ${shot}: fits`).toEqual([]);
  expect.soft(await page.evaluate<string[]>(CLIPPED), `${language} ${shot}: no clipped label`).toEqual([]);
  await screen(page, `lang-${language}-${shot}`);
}

async function signInAs(page: Page, language: Language, user: { username: string; password: string }): Promise<void> {
  await expect(async () => {
    await page.goto('/');
    await expect(page.getByRole('button', { name: w(language, 'session.signIn') })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 40_000 });
  await page.getByLabel(w(language, 'session.username')).fill(user.username);
  await page.getByLabel(w(language, 'session.password'), { exact: true }).fill(user.password);
  await page.getByRole('button', { name: w(language, 'session.signIn') }).click();
}

async function storeIn(server: TesseraServer, language: Exclude<Language, 'en'>): Promise<string> {
  const { token } = await seedStore(server);
  await server.call('settings.update', { defaultLanguage: language, documentLanguage: language === 'ar' ? 'en' : language, locale: locales[language] }, token);
  // Something to list on the Invoices screen.
  await server.call('orders.checkout', { lines: [{ productId: (await server.call('products.findByCode', { code: catalogue.mug.barcode }, token)).id, quantity: 2 }], tenders: [{ method: 'card', amount: 1908 }], idempotencyKey: 'lang-seed' }, token);
  return token;
}

test.use({ viewport: { width: 1024, height: 768 } });

for (const language of Object.keys(locales) as Exclude<Language, 'en'>[]) {
  test(`${language}: sign-in, counter, payment, invoices and settings speak it and fit at 1024×768`, async ({ page, server }) => {
    test.setTimeout(180_000);
    await storeIn(server, language);

    // Sign-in speaks the store's language before anyone signs in.
    await signInAs(page, language, cashier);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expect(page.locator('html')).toHaveAttribute('dir', language === 'ar' ? 'rtl' : 'ltr');
    await expect(page.getByRole('heading', { level: 1, name: w(language, 'counter.counterTitle') })).toBeVisible();
    const scanBox = page.getByRole('combobox', { name: w(language, 'counter.scanOrSearch') });
    await expect(scanBox).toBeFocused();
    await scanBox.fill(catalogue.notebook.barcode);
    await scanBox.press('Enter');
    await scanBox.fill(catalogue.coffee.barcode);
    await scanBox.press('Enter');
    await expect(page.getByRole('region', { name: w(language, 'counter.currentSale') }).getByTestId('cart-line')).toHaveCount(2);
    if (language === 'ar') {
      // Mirrored: the navigation sits on the right, the cart's start on the right of its box.
      const navBox = await page.getByRole('navigation', { name: w(language, 'shell.navMain') }).boundingBox();
      expect(navBox!.x).toBeGreaterThan(512);
    }
    await fits(page, language, 'counter');

    await page.keyboard.press('F9');
    await expect(page.getByRole('heading', { level: 1, name: w(language, 'payment.title') })).toBeVisible();
    await fits(page, language, 'payment');
    await page.keyboard.press('Escape');

    await page.getByRole('navigation', { name: w(language, 'shell.navMain') }).getByRole('link', { name: w(language, 'shell.navInvoices') }).click();
    await expect(page.getByRole('heading', { level: 1, name: w(language, 'invoices.invoices') })).toBeVisible();
    await expect(page.getByRole('table').first().getByRole('row')).not.toHaveCount(1);
    await fits(page, language, 'invoices');

    // Settings, as the admin, in a tab of its own.
    const adminPage = await page.context().newPage();
    await signInAs(adminPage, language, admin);
    await adminPage.getByRole('navigation', { name: w(language, 'shell.navMain') }).getByRole('link', { name: w(language, 'shell.navSettings') }).click();
    await expect(adminPage.getByRole('heading', { level: 1, name: w(language, 'settings.title') })).toBeVisible();
    await fits(adminPage, language, 'settings');
  });
}

/** Every other screen an admin reaches from the navigation, with rows in its tables. */
const ADMIN_SCREENS: [link: string, heading: string][] = [
  ['shell.navOrders', 'orders.orders'],
  ['shell.navInvoices', 'invoices.invoices'],
  ['invoices.creditNotes', 'invoices.creditNotes'],
  ['invoices.vouchers', 'invoices.vouchers'],
  ['shell.navReturns', 'returns.title'],
  ['shell.navReports', 'reports.dashboard'],
  ['reports.cashSessions', 'reports.cashSessions'],
  ['reports.zReports', 'reports.zReports'],
  ['shell.navExports', 'exports.title'],
  ['shell.navUsers', 'users.title'],
  ['shell.navProducts', 'products.title'],
  ['shell.navTaxes', 'settings.taxesTitle'],
  ['shell.navRegisters', 'settings.registersTitle'],
  ['shell.navAudit', 'audit.title'],
  ['shell.navBackups', 'backup.title'],
  ['shell.navHeadOffice', 'headOffice.title'],
  ['shell.navAbout', 'shell.navAbout'],
];

for (const language of Object.keys(locales) as Exclude<Language, 'en'>[]) {
  test(`${language}: every admin screen, an order card and an invoice fit at 1024×768 with no clipped label`, async ({ page, server }) => {
    test.setTimeout(240_000);
    const token = await storeIn(server, language);
    const mug = (await server.call('products.findByCode', { code: catalogue.mug.barcode }, token)).id;
    // A held order (its card offers to invoice it), one invoiced and partly paid, a backup.
    await server.call('orders.create', { customer: { name: 'Hedy Lamarr' }, lines: [{ productId: mug, quantity: 1 }] }, token);
    const invoiced = await server.call('orders.create', { customer: { name: 'Katherine Johnson' }, lines: [{ productId: mug, quantity: 3 }] }, token);
    const invoice = await server.call('invoices.generate', { orderId: invoiced.id }, token);
    await server.call('payments.pay', { invoiceId: invoice.id, method: 'card', amount: 500, idempotencyKey: 'lang-part' }, token);
    await server.call('system.backup', {}, token);

    await signInAs(page, language, admin);
    const nav = page.getByRole('navigation');
    for (const [link, heading] of ADMIN_SCREENS) {
      // The main navigation's and a tab strip's link can share a name (Invoices): the first.
      await nav.getByRole('link', { name: w(language, link), exact: true }).first().click();
      await expect(page.getByRole('heading', { level: 1, name: w(language, heading) })).toBeVisible();
      await fits(page, language, link.split('.')[1]!.replace(/^nav/, '').toLowerCase());
    }
    await page.goto(`/#/invoices/${invoice.id}`);
    await expect(page.getByRole('heading', { level: 1, name: invoice.number })).toBeVisible();
    await fits(page, language, 'invoice');
    const paid = (await server.call('invoices.list', { status: ['PAID'] }, token)).items[0]!;
    await page.goto(`/#/returns/${paid.id}`);
    await expect(page.getByRole('heading', { level: 1, name: w(language, 'returns.title') })).toBeVisible();
    await expect(page.getByText(paid.number).first()).toBeVisible();
    await fits(page, language, 'return');
  });
}

test('an Italian store: a French-speaking cashier sees French, the receipt and the invoice PDF are Italian, the sign-in error Italian', async ({ page, server }) => {
  test.setTimeout(120_000);
  const token = await storeIn(server, 'it');
  const casey = (await server.call('users.list', {}, token)).items.find((u) => u.username === cashier.username)!;
  await server.call('users.update', { id: casey.id, language: 'fr' }, token);

  // Before sign-in: Italian, the store's; a wrong password answered in Italian too.
  await page.goto('/');
  await page.getByLabel(w('it', 'session.username')).fill(cashier.username);
  await page.getByLabel(w('it', 'session.password'), { exact: true }).fill('not the password');
  await page.getByRole('button', { name: w('it', 'session.signIn') }).click();
  const refusal = page.getByRole('alert');
  await expect(refusal).toBeVisible();
  await expect(refusal).not.toContainText('Wrong');
  await screen(page, 'lang-it-sign-in-error');

  // Casey speaks French.
  await signInAs(page, 'it', cashier);
  await expect(page.getByRole('heading', { level: 1, name: w('fr', 'counter.counterTitle') })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await screen(page, 'lang-fr-cashier-in-it-store');

  // What Casey sells is documented in Italian, whoever prints it.
  const casToken = (await server.call('auth.login', { username: cashier.username, password: cashier.password })).token;
  const sale = await server.call('orders.checkout', { lines: [{ name: 'Quaderno', unitPrice: 1000, quantity: 1 }], tenders: [{ method: 'cash', amount: 1000, tendered: 2000 }], idempotencyKey: 'fr-cashier' }, casToken);
  const receipt = await server.call('receipts.layout', { invoiceId: sale.invoice.id }, casToken);
  const receiptText = receipt.lines.map((l) => l.text).join('\n');
  expect(receiptText).toContain('10,00');
  expect(receiptText).toContain(w('it', 'documents.totalCaps'));
  const text = pdfText((await server.call('invoices.pdf', { id: sale.invoice.id }, casToken)).contentBase64);
  expect(text).toContain(w('it', 'documents.invoiceCaps'));
  expect(text).toContain('10,00');
});
