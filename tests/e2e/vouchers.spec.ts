import { expect, screen, test } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { cart, catalogue, scan, seedStore, signInToCounter } from '../support/e2e-sales';

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('a gift voucher sold by keyboard, spent as a tender never over its balance, and looked up with its ledger', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);

      // F8: the voucher's value, then the payment step (cash focused), cash tendered with change.
      await page.keyboard.press('F8');
      const dialog = page.getByRole('dialog', { name: 'Sell a gift voucher' });
      await expect(dialog.getByLabel('Voucher value')).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(dialog.getByLabel('Voucher value')).toHaveAccessibleDescription(/Type the voucher's value, like 25\.00/);
      await page.keyboard.type('25');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: 'Gift voucher' })).toBeVisible();
      await expect(page.getByTestId('amount-due')).toHaveText('€25.00');
      await expect(page.getByRole('radio', { name: 'Cash' })).toBeFocused();
      // A gift voucher is not bought with a voucher.
      await expect(page.getByRole('radio', { name: 'Voucher' })).toHaveCount(0);
      await page.getByLabel('Cash tendered').fill('30');
      await screen(page, `voucher-gift-pay-${w}`);
      await page.getByLabel('Cash tendered').press('Enter');
      const done = page.getByRole('region', { name: 'Paid in full' });
      await expect(done.getByTestId('change-due')).toHaveText('€5.00');
      const code = (await done.getByTestId('gift-voucher-code').textContent())!;
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      await expect(done.getByTestId('gift-voucher')).toContainText('€25.00 · valid until');
      await screen(page, `voucher-gift-done-${w}`);
      const sold = await server.call('vouchers.get', { code }, token);
      expect(sold).toMatchObject({ kind: 'gift', amount: 2500, balance: 2500 });
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();

      // Spent at checkout: key 4 chooses Voucher and puts the focus in its code; typed in lower case with spaces.
      await scan(page, catalogue.notebook.barcode);
      await expect(cart(page).getByTestId('cart-total')).toHaveText('€12.56');
      await page.keyboard.press('F9');
      await expect(page.getByRole('radio', { name: 'Cash' })).toBeFocused();
      await page.keyboard.press('4');
      await expect(page.getByRole('radio', { name: 'Voucher' })).toBeChecked();
      const codeField = page.getByLabel('Voucher code');
      await expect(codeField).toBeFocused();
      await page.keyboard.type(code.toLowerCase().replace(/-/g, ' '));
      await expect(page.getByTestId('voucher-status')).toContainText('€25.00 left of €25.00 · valid until');
      // The amount is what is left to pay (less than the voucher).
      await expect(page.getByLabel('Amount', { exact: true })).toHaveValue('12.56');
      await screen(page, `voucher-tender-${w}`);
      await codeField.press('Enter');
      await expect(page.getByRole('region', { name: 'Paid in full' })).toContainText(`code ${code}`);
      expect((await server.call('vouchers.get', { code }, token)).balance).toBe(2500 - 1256);
      await page.keyboard.press('Enter');

      // The next sale costs more than is left: the amount defaults to the balance, never over it.
      await scan(page, catalogue.stapler.barcode);
      await page.keyboard.press('F9');
      await page.keyboard.press('4');
      await expect(page.getByLabel('Voucher code')).toBeFocused();
      await page.keyboard.type(code);
      const amount = page.getByLabel('Amount', { exact: true });
      await expect(amount).toHaveValue('12.44');
      await amount.fill('17.40');
      await expect(amount).toHaveAccessibleDescription(/More than the €12\.44 left on the voucher/);
      await expect(page.getByRole('button', { name: /^Pay/ })).toBeDisabled();
      await amount.fill('12.44');
      await page.getByRole('button', { name: 'Add €12.44 · €4.96 left' }).click();
      await expect(page.getByRole('list', { name: 'Tenders' })).toContainText(`Voucher`);
      await expect(page.getByRole('radio', { name: 'Cash' })).toBeChecked();
      await page.getByRole('button', { name: 'Pay €17.40' }).click();
      await expect(page.getByRole('region', { name: 'Paid in full' })).toBeVisible();
      expect((await server.call('vouchers.get', { code }, token)).balance).toBe(0);

      // Looked up: spent, with its ledger (issued, spent twice).
      await page.goto('/#/invoices/vouchers');
      await page.getByLabel('Voucher code').fill(code);
      await page.getByRole('button', { name: 'Look up' }).click();
      const found = page.getByTestId('voucher');
      await expect(found.getByTestId('voucher-balance')).toHaveText('€0.00');
      await expect(found).toContainText('Spent');
      await expect(found.getByRole('table', { name: 'Ledger' }).getByRole('row')).toHaveCount(4);
      await screen(page, `voucher-lookup-${w}`);
    });
  });
}
