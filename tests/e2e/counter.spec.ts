import { expect, screen, test } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { cart, cartLine, catalogue, quantity, scan, scanInput, seedStore, signInToCounter } from '../support/e2e-sales';

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('the same barcode scanned twice, the second before the first is answered, makes one line of 2', async ({ page, server }) => {
      await seedStore(server);
      await signInToCounter(page);
      await expect(cart(page)).toContainText('Scan a barcode, search, or tap a product');
      await expect(page.getByRole('group', { name: 'All products' }).getByRole('button')).toHaveCount(9);
      await screen(page, `counter-empty-${w}`);

      const input = scanInput(page);
      await input.fill(catalogue.notebook.barcode);
      await input.press('Enter');
      await input.fill(catalogue.notebook.barcode);
      await input.press('Enter');
      await expect(quantity(page, 'Notebook A5')).toHaveValue('2');
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(1);
      await expect(input).toHaveValue('');
      await expect(input).toBeFocused();
    });

    test('an unknown code says so next to the input, which keeps the focus with the code selected', async ({ page, server }) => {
      await seedStore(server);
      await signInToCounter(page);
      const input = scanInput(page);
      await scan(page, '9999999999999');
      await expect(page.getByRole('alert')).toContainText('not found');
      await expect(input).toBeFocused();
      await expect(input).toHaveValue('9999999999999');
      // (A string expression: the test files are type-checked without the DOM library.)
      await expect.poll(() => page.evaluate('[document.activeElement.selectionStart, document.activeElement.selectionEnd]')).toEqual([0, 13]);
      await screen(page, `counter-not-found-${w}`);
      // The next scan simply replaces the selected code.
      await input.pressSequentially(catalogue.pen.sku);
      await expect(input).toHaveValue(catalogue.pen.sku);
      await input.press('Escape');
      await expect(input).toHaveValue('');
      await expect(page.getByRole('alert')).toHaveCount(0);
    });

    test('an archived product is found but cannot be sold', async ({ page, server }) => {
      await seedStore(server);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(1);
      await scan(page, catalogue.calendar.barcode);
      await expect(page.getByRole('alert')).toHaveText(/Wall calendar 2025 is archived and can’t be sold/);
      await expect(scanInput(page)).toBeFocused();
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(1);
    });

    test('a result highlighted while the answer for the last letters is on its way stays highlighted when it comes', async ({ page, server }) => {
      await seedStore(server);
      await signInToCounter(page);
      const input = scanInput(page);
      await input.pressSequentially('ballp');
      const results = page.getByRole('listbox', { name: 'Search results' });
      await expect(results.getByRole('option')).toHaveCount(2);
      // The answer for "ballpoint" is held back until the cashier has moved to a result.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/rpc/products.list', async (route) => {
        await held;
        await route.continue();
      });
      const asked = page.waitForRequest('**/rpc/products.list');
      await input.pressSequentially('oint');
      await input.press('ArrowDown');
      await input.press('ArrowDown');
      const red = results.getByRole('option', { name: /Ballpoint pen, red/ });
      await expect(red).toHaveAttribute('aria-selected', 'true');
      await asked;
      const answered = page.waitForResponse('**/rpc/products.list');
      release();
      await answered;
      await expect(red).toHaveAttribute('aria-selected', 'true');
      await input.press('Enter');
      await expect(cartLine(page, 'Ballpoint pen, red')).toBeVisible();
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    });

    test('search as you type: arrow keys and Enter add a result, Escape clears', async ({ page, server }) => {
      await seedStore(server);
      await signInToCounter(page);
      const input = scanInput(page);
      await input.pressSequentially('ballpoint');
      const results = page.getByRole('listbox', { name: 'Search results' });
      await expect(results.getByRole('option')).toHaveCount(2);
      await expect(results.getByRole('option').first()).toContainText('Ballpoint pen, blue');
      await input.press('ArrowDown');
      await input.press('ArrowDown');
      await expect(results.getByRole('option', { name: /Ballpoint pen, red/ })).toHaveAttribute('aria-selected', 'true');
      await screen(page, `counter-search-${w}`);
      await input.press('Enter');
      await expect(cartLine(page, 'Ballpoint pen, red')).toBeVisible();
      await expect(results.getByRole('option')).toHaveCount(0);
      await expect(input).toHaveValue('');

      // Escape clears the search.
      await input.pressSequentially('tea');
      await expect(results.getByRole('option')).toHaveCount(1);
      await input.press('Escape');
      await expect(input).toHaveValue('');
      await expect(results.getByRole('option')).toHaveCount(0);
    });

    test('the grid by category and the quantity buttons; per-line tax in the totals; removing a line', async ({ page, server }) => {
      await seedStore(server);
      await signInToCounter(page);
      const input = scanInput(page);
      await scan(page, catalogue.notebook.barcode);
      await scan(page, catalogue.notebook.barcode);
      await expect(quantity(page, 'Notebook A5')).toHaveValue('2');
      await scan(page, catalogue.penRed.barcode);
      await expect(cartLine(page, 'Ballpoint pen, red')).toBeVisible();

      // The grid by category, for touch; the focus goes back to the scan input.
      await page.getByRole('group', { name: 'Categories' }).getByRole('button', { name: 'Grocery' }).click();
      const grocery = page.getByRole('group', { name: 'Grocery products' });
      await expect(grocery.getByRole('button')).toHaveCount(3);
      await expect(grocery.getByRole('button', { name: /Notebook A5/ })).toHaveCount(0);
      await grocery.getByRole('button', { name: 'Espresso beans 250 g, €8.99' }).click();
      await expect(input).toBeFocused();
      await cartLine(page, 'Espresso beans 250 g').getByRole('button', { name: 'Increase quantity of Espresso beans 250 g' }).click();
      await expect(quantity(page, 'Espresso beans 250 g')).toHaveValue('2');
      await expect(input).toBeFocused();

      // 2 × 10.47 (20 %) + 1.89 (20 %) + 2 × 8.99 (7 %): per-line tax, rounded half away from zero.
      await expect(cart(page).getByTestId('cart-subtotal')).toHaveText('€40.81');
      await expect(cart(page).getByTestId('cart-tax')).toHaveText('€5.83');
      await expect(cart(page).getByTestId('cart-total')).toHaveText('€46.64');
      await expect(page.getByRole('button', { name: 'Charge', exact: true })).toBeEnabled();
      await screen(page, `counter-cart-${w}`);

      // Remove a line; the cart follows.
      await cartLine(page, 'Ballpoint pen, red').getByRole('button', { name: 'Remove Ballpoint pen, red' }).click();
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(2);
      await expect(cart(page).getByTestId('cart-total')).toHaveText('€44.37');
    });

    test('a refused sale shows the error at its line and keeps the cart; Hold makes a RECEIVED order', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await scan(page, catalogue.pen.barcode);
      await scan(page, catalogue.coffee.sku);
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(3);

      await page.getByRole('button', { name: 'Customer and note' }).click();
      await page.getByLabel('Customer name').fill('Dana Buyer');
      await page.getByLabel('Email', { exact: true }).fill('not an email');
      await page.getByLabel('Note', { exact: true }).fill('Gift wrap, please');

      // The server refuses the quantity and the email on Pay: back in the cart, each message sits
      // next to its cause, nothing is lost and nothing is stored.
      const penQuantity = quantity(page, 'Ballpoint pen, blue');
      await penQuantity.fill('100001');
      await page.getByRole('button', { name: 'Charge', exact: true }).click();
      await page.getByRole('dialog', { name: 'Sell 100,001 × Ballpoint pen, blue?' }).getByRole('button', { name: 'Sell 100,001' }).click();
      await page.getByRole('button', { name: 'Charge', exact: true }).click();
      await page.getByRole('button', { name: /^Pay €/ }).click();
      await expect(penQuantity).toHaveAccessibleDescription('Quantity can be at most 100,000.');
      await expect(page.getByLabel('Email', { exact: true })).toHaveAccessibleDescription(/valid email address/);
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(3);
      await expect(penQuantity).toHaveValue('100001');
      await expect(page.getByLabel('Customer name')).toHaveValue('Dana Buyer');
      await expect(page.getByLabel('Note', { exact: true })).toHaveValue('Gift wrap, please');
      await expect(penQuantity).toBeFocused();
      await screen(page, `counter-validation-${w}`);
      expect((await server.call('orders.list', {}, token)).items).toHaveLength(0);

      // Fixed, and held: a RECEIVED order in the queue, and an empty cart.
      await penQuantity.fill('3');
      await expect(penQuantity).not.toHaveAttribute('aria-invalid');
      await page.getByLabel('Email', { exact: true }).fill('dana@example.com');

      // The first Hold reaches the server but its answer is lost: the cart stays, and holding
      // again returns that same order (the cart's client request id), not a second one.
      let lost = false;
      await page.route('**/rpc/orders.create', async (route) => {
        if (lost) return route.continue();
        lost = true;
        await route.fetch();
        await route.abort('connectionreset');
      });
      await page.getByRole('button', { name: 'Hold' }).click();
      await expect(cart(page).getByRole('alert')).toContainText("Can't reach the store");
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(3);
      await page.getByRole('button', { name: 'Hold' }).click();
      await expect(page.getByText('Order #1 held')).toBeVisible();
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(0);
      await expect(cart(page).getByTestId('cart-total')).toHaveText('€0.00');
      await expect(scanInput(page)).toBeFocused();
      await screen(page, `counter-held-${w}`);

      const { items } = await server.call('orders.list', {}, token);
      expect(items).toHaveLength(1);
      const order = items[0]!;
      expect(order.status).toBe('RECEIVED');
      expect(order.invoiceId).toBeNull();
      expect(order.lines.map((l) => [l.sku, l.quantity])).toEqual([
        ['NB-A5', 1],
        ['PEN-BLUE', 3],
        ['COF-250', 1],
      ]);
      expect(order.customer).toEqual({ name: 'Dana Buyer', email: 'dana@example.com' });
      expect(order.note).toBe('Gift wrap, please');
    });
  });
}

test('arriving at the Counter by its link puts the focus in the scan box, so the next scan sells', async ({ page, server }) => {
  await seedStore(server);
  await signInToCounter(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Orders', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
  await nav.getByRole('link', { name: 'Counter', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
  await expect(scanInput(page)).toBeFocused();
  // The keyboard (a scanner) goes straight to the scan box.
  await page.keyboard.type(catalogue.notebook.barcode);
  await page.keyboard.press('Enter');
  await expect(cartLine(page, 'Notebook A5')).toBeVisible();

  // The link clicked while the counter is shown already: the focus does not stay on the link.
  await nav.getByRole('link', { name: 'Counter', exact: true }).click();
  await expect(scanInput(page)).toBeFocused();
});
