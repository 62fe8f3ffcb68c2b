import { expect, screen, test } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { scan, seedStore, signInToCounter } from '../support/e2e-sales';

/** Cash rounding at the payment step: cash due rounded to the store's increment, card and other exact. */

const chocolates = { sku: 'CHOC-BOX', barcode: '7610000000016', name: 'Chocolate box', unitPrice: 1559, taxRateBp: 0, category: 'Grocery' };

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('CHF 15.59 is CHF 15.60 in cash and CHF 15.59 by card; a split pays card exact and the cash rest rounded, the invoice PAID with its rounding', async ({ page, server }) => {
      const { token } = await seedStore(server);
      // The currency is still free: no order yet.
      await server.call('settings.update', { currency: 'CHF', cashRounding: 5 }, token);
      await server.call('products.create', chocolates, token);
      await signInToCounter(page);
      await scan(page, chocolates.barcode);
      await page.keyboard.press('F9');

      const due = page.getByTestId('amount-due');
      const amount = page.getByLabel('Amount', { exact: true });
      const pay = page.locator('.pay__submit');
      await expect(due).toHaveText('CHF 15.60');
      await expect(page.getByTestId('cash-rounding')).toHaveText('· CHF 15.59 rounded to CHF 15.60 for cash');
      await expect(amount).toHaveValue('15.60');
      await expect(pay).toHaveText('Pay CHF 15.60');
      await screen(page, `cash-rounding-due-${w}`);

      // Card takes the exact amount.
      await page.getByRole('radio', { name: 'Card' }).click();
      await expect(due).toHaveText('CHF 15.59');
      await expect(amount).toHaveValue('15.59');
      await expect(page.getByTestId('cash-rounding')).toHaveCount(0);

      // CHF 5.00 by card, the rest in cash: CHF 10.59 rounds to CHF 10.60.
      await amount.fill('5');
      await expect(pay).toHaveText('Add CHF 5.00 · CHF 10.59 left');
      await amount.press('Enter');
      await expect(amount).toHaveValue('10.59');
      await page.getByRole('radio', { name: 'Cash' }).click();
      await expect(amount).toHaveValue('10.60');
      await expect(due).toHaveText('CHF 10.60');
      await page.getByLabel('Cash tendered').fill('20');
      await expect(page.getByTestId('change-due')).toHaveText('CHF 9.40');
      await expect(pay).toHaveText('Pay CHF 15.60');
      await screen(page, `cash-rounding-split-${w}`);
      await pay.click();

      const done = page.getByRole('region', { name: 'Paid in full' });
      await expect(done).toBeVisible();
      await expect(done.getByTestId('change-due')).toHaveText('CHF 9.40');
      await expect(done.getByTestId('cash-rounding')).toHaveText('Cash rounding -CHF 0.01 · paid CHF 15.60');
      await screen(page, `cash-rounding-done-${w}`);

      const invoice = (await server.call('invoices.list', {}, token)).items[0]!;
      expect([invoice.status, invoice.total, invoice.amountPaid, invoice.cashRounding]).toEqual(['PAID', 1559, 1560, -1]);
      const payments = (await server.call('payments.list', { invoiceId: invoice.id }, token)).items;
      expect(payments.map((p) => [p.method, p.amount, p.rounding]).sort()).toEqual([
        ['card', 500, 0],
        ['cash', 1060, -1],
      ]);
    });
  });
}
