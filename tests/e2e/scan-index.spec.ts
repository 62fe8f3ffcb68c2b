/**
 * Scans answered by the counter's code index (no round trip), with the server as the
 * authority: a price changed elsewhere shows in the cart, an archived product is refused, an
 * unknown code is not found, and a pointer resting over the search results never chooses
 * what a scan adds.
 */
import type { Page } from '@playwright/test';
import { expect, screen, test } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { cart, cartLine, catalogue, quantity, scan, scanInput, seedStore, signInToCounter } from '../support/e2e-sales';

const indexReady = (page: Page) => expect(scanInput(page)).toHaveAttribute('data-code-index', 'ready', { timeout: 20_000 });

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('a scan shows its line while the server is still to answer; a price changed elsewhere shows in the cart', async ({ page, server }) => {
      const { token, products } = await seedStore(server);
      await signInToCounter(page);
      await indexReady(page);

      // The server's findByCode answers are held back: the line shows anyway, from the index.
      const held: (() => void)[] = [];
      await page.route('**/rpc/products.findByCode', (route) => held.push(() => void route.continue()));
      await scan(page, catalogue.notebook.barcode);
      await expect(cartLine(page, 'Notebook A5')).toContainText('10.47');
      await scan(page, catalogue.pen.sku);
      await expect(cartLine(page, 'Ballpoint pen, blue')).toBeVisible();
      await expect.poll(() => held.length).toBe(2);
      for (const release of held) release();
      await page.unroute('**/rpc/products.findByCode');

      // Another terminal changes the notebook's price: the cart line follows.
      await server.call('products.update', { id: products.notebook.id, unitPrice: 1199 }, token);
      await expect(cartLine(page, 'Notebook A5')).toContainText('11.99');
      await scan(page, catalogue.notebook.barcode);
      await expect(quantity(page, 'Notebook A5')).toHaveValue('2');
      await expect(cartLine(page, 'Notebook A5').getByTestId('line-total')).toContainText('23.98');
      await expect(scanInput(page)).toBeFocused();
      await screen(page, `scan-index-price-${viewport.width}`);
    });

    test('archived elsewhere: the next scan is refused; an unknown code is not found', async ({ page, server }) => {
      const { token, products } = await seedStore(server);
      await signInToCounter(page);
      await indexReady(page);
      await scan(page, catalogue.mug.barcode);
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(1);

      // Archived (and repriced, which the open cart shows once the change reached this window).
      await server.call('products.update', { id: products.mug.id, archived: true, unitPrice: 800 }, token);
      await expect(cartLine(page, 'Mug, white')).toContainText('8.00');
      await scan(page, catalogue.mug.barcode);
      await expect(page.getByRole('alert')).toHaveText(/Mug, white is archived and can’t be sold/);
      await expect(quantity(page, 'Mug, white')).toHaveValue('1');
      // Archived before the window loaded the catalogue: refused too.
      await scan(page, catalogue.calendar.barcode);
      await expect(page.getByRole('alert')).toHaveText(/Wall calendar 2025 is archived and can’t be sold/);
      await scan(page, '9999999999999');
      await expect(page.getByRole('alert')).toContainText('not found');
      await expect(scanInput(page)).toHaveValue('9999999999999');
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(1);
      await screen(page, `scan-index-refused-${viewport.width}`);
    });

    test('a pointer resting where the search results open does not choose what a scan adds', async ({ page, server }) => {
      await seedStore(server);
      await signInToCounter(page);
      await indexReady(page);
      const input = scanInput(page);
      const results = page.getByRole('listbox', { name: 'Search results' });

      // Where the first result shows: the pointer is left there.
      await input.pressSequentially('5012345678');
      await expect(results.getByRole('option')).toHaveCount(5);
      const box = await results.getByRole('option').first().boundingBox();
      if (!box) throw new Error('no first result');
      await input.press('Escape');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

      // A slow scanner: the results open under the resting pointer before the last digits and Enter.
      await input.pressSequentially('5012345678');
      await expect(results.getByRole('option')).toHaveCount(5);
      await expect(results.getByRole('option', { selected: true })).toHaveCount(0);
      await page.keyboard.type('900');
      await page.keyboard.press('Enter');
      await expect(cartLine(page, 'Notebook A5')).toBeVisible();
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(1);
      await screen(page, `scan-index-pointer-${viewport.width}`);
    });
  });
}
