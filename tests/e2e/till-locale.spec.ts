import { expect, screen, test } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { catalogue, scan, seedStore, signInToCounter } from '../support/e2e-sales';

/** The till in an it-IT store: money and dates on the register bar, the X report, the close and the Z follow the store's locale. */

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('an Italian store: X report, close and Z in its money and dates', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome', varianceApprovalAbove: 1000 }, token);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await page.keyboard.press('F9');
      await expect(page.locator('.pay__submit')).toHaveText('Pay 12,56 €');
      await page.locator('.pay__submit').click();
      const done = page.getByRole('region', { name: 'Paid in full' });
      await expect(done).toBeVisible();
      await done.getByRole('button', { name: 'New sale' }).click();

      await page.getByRole('button', { name: 'Register menu' }).click();
      await screen(page, `till-it-menu-${w}`);
      await page.getByRole('menuitem', { name: 'X report' }).click();
      const x = page.getByRole('dialog', { name: 'X report' });
      await expect(x.getByText('112,56 €').first()).toBeVisible();
      await screen(page, `till-it-x-${w}`);
      await x.getByRole('button', { name: 'Close', exact: true }).last().click();

      await page.getByRole('button', { name: 'Register menu' }).click();
      await page.getByRole('menuitem', { name: 'Close register…' }).click();
      const close = page.getByRole('dialog', { name: /^Close Register 1/ });
      await close.getByRole('radio', { name: 'Total only' }).check();
      await close.getByLabel('Cash counted').fill('110,00');
      await expect(close.getByTestId('variance')).toContainText('2,56 €');
      await screen(page, `till-it-close-${w}`);
      await close.getByRole('button', { name: 'Close with 110,00 €' }).click();
      await expect(page.getByRole('heading', { name: /Z-R1-000001/ })).toBeVisible();
      await expect(page.getByTestId('z-report')).toContainText('-2,56 €');
      await screen(page, `till-it-z-${w}`);
    });
  });
}
