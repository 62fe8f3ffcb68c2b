import { expect, screen, test } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { cart, catalogue, scan, seedStore, signInToCounter } from '../support/e2e-sales';

/** The cart's payment step: the Pay button shows what will be charged, or is off with the reason at the field. */
for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('an amount that is not one turns Pay off with the reason at the field, never "Pay €0.00"', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await scan(page, catalogue.coffee.barcode);
      await expect(cart(page).getByTestId('cart-total')).toHaveText('€22.18');
      await page.keyboard.press('F9');
      const amount = page.getByLabel('Amount', { exact: true });
      const pay = page.locator('.pay__submit');
      await expect(pay).toHaveText('Pay €22.18');

      await amount.fill('');
      await expect(amount).toHaveAccessibleDescription(/^Type the amount, like 12\.50\./);
      await expect(pay).toBeDisabled();
      await expect(pay).toHaveText('Pay');
      await amount.fill('twelve');
      await expect(amount).toHaveAccessibleDescription(/^Type the amount, like 12\.50\./);
      await expect(pay).toHaveText('Pay');
      await amount.fill('0');
      await expect(amount).toHaveAccessibleDescription(/^The amount must be more than zero\./);
      await expect(pay).toBeDisabled();
      await screen(page, `checkout-amount-invalid-${w}`);

      // Card above what is left: flagged as typed, Pay off.
      await page.getByRole('radio', { name: 'Card' }).click();
      await amount.fill('100');
      await expect(amount).toHaveAccessibleDescription(/^More than the €22\.18 left to pay\./);
      await expect(pay).toBeDisabled();
      await expect(pay).toHaveText('Pay');
      await amount.press('Enter');
      expect((await server.call('orders.list', {}, token)).items).toHaveLength(0);

      // With a tender collected, an empty draft never offers to pay the collected part alone.
      await page.getByRole('radio', { name: 'Cash' }).click();
      await amount.fill('10');
      await expect(pay).toHaveText('Add €10.00 · €12.18 left');
      await amount.press('Enter');
      await expect(page.getByRole('list', { name: 'Tenders' }).getByRole('listitem')).toHaveCount(1);
      await expect(amount).toHaveValue('12.18');
      await expect(pay).toHaveText('Pay €22.18');
      await amount.fill('');
      await expect(pay).toBeDisabled();
      await expect(pay).toHaveText('Pay');
      await screen(page, `checkout-amount-empty-split-${w}`);
      await amount.fill('12.18');
      await expect(pay).toBeEnabled();
      await pay.click();
      await expect(page.getByRole('region', { name: 'Paid in full' })).toBeVisible();
      const order = (await server.call('orders.list', {}, token)).items[0]!;
      expect([order.status, order.amountPaid]).toEqual(['FULFILLED', 2218]);
    });

    test('the change limit counts the change of every cash tender, at the field', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await server.call('settings.update', { maxChange: 1000 }, token);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await scan(page, catalogue.coffee.barcode);
      await page.keyboard.press('F9');
      const amount = page.getByLabel('Amount', { exact: true });
      const tendered = page.getByLabel('Cash tendered');
      const pay = page.locator('.pay__submit');

      // One tender alone: 11.00 of change is flagged as typed.
      await tendered.fill('33.18');
      await expect(tendered).toHaveAccessibleDescription(/^Change of €11\.00 is more than the store gives \(€10\.00\)\. Check the cash received\./);

      // 10.00 with 16.00 tendered (6.00 change), then 12.18 with 18.18 (6.00 more): 12.00 in all.
      await amount.fill('10');
      await tendered.fill('16');
      await tendered.press('Enter');
      await expect(page.getByRole('list', { name: 'Tenders' })).toContainText('change €6.00');
      await expect(amount).toHaveValue('12.18');
      await tendered.fill('18.18');
      await expect(tendered).toHaveAccessibleDescription(/^Change of €12\.00 \(€6\.00 here, €6\.00 on the tenders above\) is more than the store gives \(€10\.00\)\. Check the cash received\./);
      await screen(page, `checkout-change-limit-${w}`);
      await tendered.press('Enter');
      await expect(tendered).toHaveAccessibleDescription(/^Change of €12\.00/);
      expect((await server.call('orders.list', {}, token)).items).toHaveLength(0);

      // 4.00 here: 10.00 in all, within the limit.
      await tendered.fill('16.18');
      await expect(tendered).not.toHaveAccessibleDescription(/Change of/);
      await expect(pay).toHaveText('Pay €22.18');
      await pay.click();
      const done = page.getByRole('region', { name: 'Paid in full' });
      await expect(done).toBeVisible();
      await expect(done.getByTestId('change-due')).toHaveText('€10.00');
    });

    test('an it-IT store: examples, amounts and Pay in its format', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome', currency: 'EUR' }, token);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await scan(page, catalogue.coffee.barcode);
      await page.keyboard.press('F9');
      const amount = page.getByLabel('Amount', { exact: true });
      const tendered = page.getByLabel('Cash tendered');
      const pay = page.locator('.pay__submit');
      await expect(amount).toHaveValue('22,18');
      await expect(pay).toHaveText('Pay 22,18 €');
      await amount.fill('dodici');
      await expect(amount).toHaveAccessibleDescription(/^Type the amount, like 12,50\./);
      await expect(pay).toBeDisabled();
      await expect(pay).toHaveText('Pay');
      await amount.fill('22,18');
      await tendered.fill('venti');
      await tendered.press('Enter');
      await expect(tendered).toHaveAccessibleDescription(/^Type the cash received, like 20,00\./);
      await screen(page, `checkout-amount-it-${w}`);
      await page.getByRole('radio', { name: 'Card' }).click();
      await amount.fill('30');
      await expect(amount).toHaveAccessibleDescription(/^More than the 22,18\s€ left to pay\./);
      await expect(pay).toHaveText('Pay');
      await amount.fill('22,18');
      await pay.click();
      await expect(page.getByRole('region', { name: 'Paid in full' })).toBeVisible();
      const payments = await server.call('payments.list', {}, token);
      expect(payments.items.map((p) => [p.method, p.amount])).toEqual([['card', 2218]]);
    });
  });
}
