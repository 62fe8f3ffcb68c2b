import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, screen, test } from '../support/e2e';
import { nav, setUpStore, signIn, users } from '../support/e2e-api';

const SCREENS = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
] as const;

/** One part of a page at test-results/screens/<name>.png, to look at closely. */
async function part(locator: Locator, name: string): Promise<void> {
  await locator.screenshot({ path: path.join(import.meta.dirname, '..', '..', 'test-results', 'screens', `${name}.png`), animations: 'disabled' });
}

async function open(page: Page, link: string): Promise<void> {
  await nav(page).getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: link })).toBeVisible();
}

for (const viewport of SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('an it-IT admin sets tax-inclusive prices, adds Reduced 5,5 %, schedules a rate, gives it to a product; a discounted sale locks the basis and shows on its invoice', async ({ page, server }) => {
      // Five screens and a sale: longer than one screen's test.
      test.setTimeout(180_000);
      const tokens = await setUpStore(server, ['admin', 'manager', 'cashier']);
      await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome', currency: 'EUR' }, tokens.admin);
      const standard = await server.call('taxClasses.create', { name: 'Standard', rateBp: 2000 }, tokens.admin);

      await signIn(page, 'admin');

      // Pricing: a fresh store may still choose tax-inclusive prices.
      await open(page, 'Settings');
      const includes = page.getByLabel('Prices include tax');
      await expect(includes).toBeEnabled();
      await includes.check();
      await page.getByLabel('Round tax').selectOption('rate');
      await expect(page.getByLabel('Round tax')).toHaveAccessibleDescription(/rounded once on the invoice's total/);
      await page.getByLabel('Largest discount a cashier gives alone (%)').fill('abc');
      await page.getByLabel('Discount reasons').fill('Damaged box\nLoyalty\ndamaged box');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect(page.getByLabel('Largest discount a cashier gives alone (%)')).toHaveAccessibleDescription(/whole percent from 0/);
      await page.getByLabel('Largest discount a cashier gives alone (%)').fill('15');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect(page.getByText('Settings saved.')).toBeVisible();
      expect(await server.call('settings.get', {}, tokens.admin)).toMatchObject({ pricesIncludeTax: true, taxRounding: 'rate', discountReasons: ['Damaged box', 'Loyalty'], cashierMaxDiscountPercent: 15 });
      await screen(page, `tax-settings-pricing-${w}`);
      const pricing = page.getByRole('region', { name: 'Pricing and discounts' });

      // Taxes: a new class, its rate typed the Italian way.
      await open(page, 'Taxes');
      const table = page.getByRole('table', { name: 'Tax classes' });
      await expect(table.getByRole('row', { name: /Standard/ })).toContainText('20%');
      await page.getByRole('button', { name: 'New tax class' }).click();
      const create = page.getByRole('dialog', { name: 'New tax class' });
      await create.getByLabel('Name').fill('Reduced');
      await create.getByLabel('Rate (%)').fill('5,555');
      await create.getByRole('button', { name: 'Add tax class' }).click();
      await expect(create.getByLabel('Rate (%)')).toHaveAccessibleDescription(/at most 2 decimals, such as 5,5\./);
      await create.getByLabel('Rate (%)').fill('5,5');
      await create.getByRole('button', { name: 'Add tax class' }).click();
      await expect(create).toBeHidden();
      await expect(table.getByRole('row', { name: /Reduced/ })).toContainText('5,5%');

      // A rate change from a day: not before today; from next New Year's Day it shows ahead.
      const year = new Date().getFullYear() + 1;
      await page.getByRole('button', { name: 'Change the rate of Standard' }).click();
      const rate = page.getByRole('dialog', { name: 'Change the rate of Standard' });
      await rate.getByLabel('New rate (%)').fill('22');
      await rate.getByLabel('From').fill('2020-01-01');
      await rate.getByRole('button', { name: 'Set rate' }).click();
      await expect(rate.getByLabel('From')).toHaveAccessibleDescription(/or later: what was sold before keeps its rate/);
      await rate.getByLabel('From').fill(`${year}-01-01`);
      await expect(rate.getByLabel('From')).toHaveAccessibleDescription(`From 1 gen ${year}, in the store's time zone.`);
      await rate.getByRole('button', { name: 'Set rate' }).click();
      await expect(rate).toBeHidden();
      const standardRow = table.getByRole('row', { name: /Standard/ });
      await expect(standardRow).toContainText(`20% → 22% from 1 gen ${year}`);
      expect((await server.call('taxClasses.list', {}, tokens.admin)).items.find((c) => c.id === standard.id)?.rates).toEqual([
        { rateBp: 2000, effectiveFrom: '1970-01-01' },
        { rateBp: 2200, effectiveFrom: `${year}-01-01` },
      ]);
      await screen(page, `tax-classes-${w}`);

      // Products: the class by name, the price says it includes tax, a cost above the price warns.
      await open(page, 'Products');
      await page.getByRole('button', { name: 'New product' }).click();
      const product = page.getByRole('dialog', { name: 'New product' });
      await product.getByLabel('Name').fill('Olive oil 1 l');
      await product.getByLabel('SKU').fill('OIL-1');
      await product.getByLabel('Tax class').selectOption({ label: 'Reduced · 5,5%' });
      await product.getByLabel('Price incl. tax (EUR)').fill('3,50');
      await product.getByLabel('Cost excl. tax (EUR)').fill('3,40');
      // 3,50 with 5,5 % inside is 3,32 net: below a cost of 3,40.
      await expect(product.getByText('The price is below cost.')).toBeVisible();
      await expect(product.getByText(/3,32\s€ net of tax is less than the cost of 3,40\s€/)).toBeVisible();
      await screen(page, `tax-product-below-cost-${w}`);
      await product.getByLabel('Cost excl. tax (EUR)').fill('2,10');
      await expect(product.getByText('The price is below cost.')).toHaveCount(0);
      await product.getByRole('button', { name: 'Create product' }).click();
      await expect(product).toBeHidden();
      const oilRow = page.getByRole('table', { name: 'Products' }).getByRole('row', { name: /Olive oil/ });
      await expect(oilRow).toContainText('5,5%Reduced');
      await expect(oilRow).toContainText('3,50 €');
      await expect(page.getByText('prices including tax')).toBeVisible();
      const oil = await server.call('products.findByCode', { code: 'OIL-1' }, tokens.admin);
      expect(oil).toMatchObject({ unitPrice: 350, cost: 210, taxRateBp: 550, openPrice: false });
      await screen(page, `tax-products-${w}`);
      await open(page, 'Taxes');
      await expect(table.getByRole('row', { name: /Reduced/ })).toContainText('1 product');
      await screen(page, `tax-classes-in-use-${w}`);

      // A cashier's sale with a price typed well under the list price (beyond 15 %), a line and an order discount, approved by the manager.
      const sale = await server.call(
        'orders.create',
        {
          lines: [
            { productId: oil.id, quantity: 2, unitPrice: 250, priceReason: 'Damaged box' },
            { name: 'Gift wrap', unitPrice: 500, taxClassId: standard.id, quantity: 1, discount: { kind: 'percent', value: 10, reason: 'Loyalty' } },
          ],
          discount: { kind: 'amount', value: 100, reason: 'Loyalty' },
          approval: { username: users.manager.username, password: users.manager.password },
        },
        tokens.cashier,
      );
      expect(sale.approvedBy?.name).toBe(users.manager.displayName);
      const invoice = await server.call('invoices.generate', { orderId: sale.id }, tokens.cashier);
      await server.call('payments.pay', { invoiceId: invoice.id, method: 'card', amount: invoice.balance, idempotencyKey: `tax-e2e-${w}` }, tokens.cashier);

      // Once a sale exists the basis is fixed, and the screen says why.
      await open(page, 'Settings');
      await expect(page.getByLabel('Prices include tax')).toBeDisabled();
      await expect(page.getByLabel('Prices include tax')).toHaveAccessibleDescription(/Sales are recorded with prices including tax, so this can no longer change/);
      await screen(page, `tax-settings-locked-${w}`);
      await part(pricing, `tax-settings-locked-part-${w}`);

      // The invoice of the discounted sale.
      await page.goto(`/#/invoices/${invoice.id}`);
      await expect(page.getByRole('heading', { level: 1, name: invoice.number })).toBeVisible();
      await expect(page.getByTestId('pricing-notes')).toContainText('Prices include tax');
      await expect(page.getByTestId('pricing-notes')).toContainText('Order discount 1,00 € (Loyalty)');
      await expect(page.getByTestId('approved-by')).toHaveText(`Approved by ${users.manager.displayName}`);
      const lines = page.getByRole('table', { name: 'Lines' });
      const oilLine = lines.getByRole('row', { name: /Olive oil/ });
      await expect(oilLine.getByLabel('List price 3,50 €')).toBeVisible();
      await expect(oilLine).toContainText('Damaged box');
      const wrapLine = lines.getByRole('row', { name: /Gift wrap/ });
      await expect(wrapLine).toContainText('10% · −0,50 €');
      await expect(wrapLine).toContainText('Loyalty');
      // 10 % of 5,00 and the order's 1,00 (0,53 and 0,47 of it on the lines); 2 × 2,50 + 4,50 − 1,00 paid.
      await expect(page.getByTestId('discount-total')).toHaveText('−1,50 €');
      await expect(oilLine).toContainText('Order −0,53 €');
      await expect(wrapLine).toContainText('Order −0,47 €');
      await expect(page.getByTestId('invoice-total')).toHaveText('8,50 €');
      await screen(page, `tax-invoice-discounts-${w}`);

      // Nothing overflows the window sideways.
      const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(viewport.width);
    });
  });
}

test('a manager has the Taxes screen but not the store settings', async ({ page, server }) => {
  await setUpStore(server, ['admin', 'manager']);
  await signIn(page, 'manager');
  await expect(nav(page).getByRole('link', { name: 'Taxes', exact: true })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Settings', exact: true })).toHaveCount(0);
  await open(page, 'Taxes');
  await page.getByRole('button', { name: 'New tax class' }).click();
  const create = page.getByRole('dialog', { name: 'New tax class' });
  await create.getByLabel('Name').fill('Zero rated');
  await create.getByLabel('Rate (%)').fill('0');
  await create.getByRole('button', { name: 'Add tax class' }).click();
  await expect(create).toBeHidden();
  // Archived: kept by its products, offered to no new one, and back with Include archived.
  await page.getByRole('button', { name: 'Edit Zero rated' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Zero rated' });
  await edit.getByLabel('Archived').check();
  await expect(edit.getByLabel('Archived')).toHaveAccessibleDescription('No new product can take it.');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByText('Zero rated archived: no new product can take it.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Tax classes' }).getByRole('row', { name: /Zero rated/ })).toHaveCount(0);
  await page.getByLabel('Include archived').check();
  await expect(page.getByRole('table', { name: 'Tax classes' }).getByRole('row', { name: /Zero rated/ })).toContainText('Archived');
});
