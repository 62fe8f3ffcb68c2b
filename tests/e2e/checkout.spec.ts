import { expect, screen, test } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { cart, cartLine, catalogue, quantity, scan, scanInput, scannerBurst, seedStore, signInToCounter } from '../support/e2e-sales';

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('Charge opens the payment step with nothing stored; Escape, Back and Edit sale keep every line; a split is one checkout', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);
      // Three product columns beside the cart.
      const tiles = page.getByRole('group', { name: 'All products' }).getByRole('button');
      const tops = await Promise.all([0, 1, 2].map(async (i) => Math.round((await tiles.nth(i).boundingBox())?.y ?? -i)));
      expect(new Set(tops).size).toBe(1);
      await scan(page, catalogue.notebook.barcode);
      await scan(page, catalogue.coffee.barcode);
      await expect(cart(page).getByTestId('cart-total')).toHaveText('€22.18');

      await page.keyboard.press('F9');
      await expect(page.getByRole('heading', { level: 1, name: 'Payment' })).toBeVisible();
      await expect(page.getByTestId('amount-due')).toHaveText('€22.18');
      await expect(page.getByRole('button', { name: 'Pay €22.18' })).toBeVisible();
      expect((await server.call('orders.list', {}, token)).items).toHaveLength(0);
      await screen(page, `checkout-pay-${w}`);

      await page.keyboard.press('Escape');
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(2);
      await page.keyboard.press('F9');
      await page.goBack();
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(2);
      await expect(page).toHaveURL(/#\/counter/);
      await page.keyboard.press('F9');
      await page.getByRole('button', { name: 'Edit sale' }).click();
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(2);
      expect((await server.call('orders.list', {}, token)).items).toHaveLength(0);

      // Split: 10.00 cash (20.00 tendered), the rest by card.
      await page.keyboard.press('F9');
      await page.getByLabel('Amount', { exact: true }).fill('10.00');
      await page.getByLabel('Cash tendered').fill('20');
      await expect(page.getByRole('button', { name: 'Add €10.00 · €12.18 left' })).toBeVisible();
      await page.getByLabel('Cash tendered').press('Enter');
      await expect(page.getByRole('list', { name: 'Tenders' }).getByRole('listitem')).toHaveCount(1);
      await expect(page.getByTestId('amount-due')).toHaveText('€12.18');
      // The whole card is the radio's: a click on it (where its icon is drawn) picks it.
      await page.getByRole('radio', { name: 'Card' }).click();
      await expect(page.getByRole('radio', { name: 'Card' })).toBeChecked();
      // A card never takes more than what is left.
      const amount = page.getByLabel('Amount', { exact: true });
      await expect(amount).toHaveValue('12.18');
      await amount.fill('50');
      await expect(amount).toHaveAccessibleDescription(/More than the €12\.18 left to pay/);
      await amount.fill('12.18');
      await page.getByLabel('Terminal reference (optional)').fill('T-1');
      await screen(page, `checkout-split-${w}`);
      await page.getByRole('button', { name: 'Pay €22.18' }).click();

      const done = page.getByRole('region', { name: 'Paid in full' });
      await expect(done).toBeVisible();
      await expect(done).toContainText('INV-000001');
      await expect(done.getByTestId('change-due')).toHaveText('€10.00');
      // A split sale's done panel keeps its buttons whole in the window, none wider than its text.
      for (const name of [/New sale/, /Print receipt/, /Invoice PDF/]) {
        const button = done.getByRole('button', { name });
        const box = (await button.boundingBox())!;
        expect(box.y + box.height, String(name)).toBeLessThanOrEqual(viewport.height);
        expect(await button.evaluate((b) => b.scrollWidth - b.clientWidth), String(name)).toBeLessThanOrEqual(0);
      }
      await screen(page, `checkout-done-${w}`);
      const order = (await server.call('orders.list', {}, token)).items[0]!;
      expect([order.status, order.amountPaid]).toEqual(['FULFILLED', 2218]);
      const payments = await server.call('payments.list', { orderId: order.id }, token);
      expect(payments.items.map((p) => [p.method, p.amount]).sort()).toEqual([
        ['card', 1218],
        ['cash', 1000],
      ]);

      // The next scan starts the next sale, whatever was clicked last.
      await page.getByRole('heading', { level: 1, name: 'Counter' }).click();
      await scannerBurst(page, catalogue.mug.barcode);
      await expect(cartLine(page, 'Mug, white')).toBeVisible();
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(1);
    });

    test('a scanner burst on the payment step never becomes money or a method, even when the page falls behind; typing still works', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await page.keyboard.press('F9');
      const tendered = page.getByLabel('Cash tendered');
      await tendered.focus();
      await scannerBurst(page, catalogue.mug.barcode);
      await expect(page.getByRole('status').filter({ hasText: 'Scanned: Mug, white — back to the cart to add it?' })).toBeVisible();
      await expect(tendered).toHaveValue('');
      expect((await server.call('orders.list', {}, token)).items).toHaveLength(0);
      await screen(page, `checkout-scanned-${w}`);
      await page.getByRole('button', { name: 'Dismiss' }).click();

      // The page falls behind: the first four keys were typed before the rest arrived; the scan takes them back out.
      await tendered.focus();
      await scannerBurst(page, catalogue.pen.barcode, { stallAfter: 4, whileStalled: () => expect(tendered).toHaveValue('5012') });
      await expect(page.getByRole('status').filter({ hasText: 'Scanned: Ballpoint pen, blue' })).toBeVisible();
      await expect(tendered).toHaveValue('');

      // A burst that starts with a method key (3 = Other) on the method radios presses nothing, stalled or not.
      await page.getByRole('radio', { name: 'Cash' }).focus();
      await scannerBurst(page, '3000000000017');
      await expect(page.getByRole('status').filter({ hasText: 'Scanned 3000000000017: not a product of this store' })).toBeVisible();
      await expect(page.getByRole('radio', { name: 'Cash' })).toBeChecked();
      await page.getByRole('radio', { name: 'Cash' }).focus();
      await scannerBurst(page, '3000000000017', { stallAfter: 1, whileStalled: () => expect(page.getByRole('radio', { name: 'Other' })).toBeChecked() });
      await expect(page.getByRole('radio', { name: 'Cash' })).toBeChecked();
      expect((await server.call('orders.list', {}, token)).items).toHaveLength(0);

      // A person (Playwright's keyboard, 90 ms a key): key 2 picks Card, typing 20 in Cash tendered shows the change.
      await page.getByRole('radio', { name: 'Cash' }).focus();
      await page.keyboard.type('2', { delay: 90 });
      await expect(page.getByRole('radio', { name: 'Card' })).toBeChecked();
      await page.getByRole('radio', { name: 'Cash' }).click();
      await expect(page.getByRole('radio', { name: 'Cash' })).toBeChecked();
      await tendered.focus();
      await page.keyboard.type('20.00', { delay: 90 });
      await expect(tendered).toHaveValue('20.00');
      await expect(page.getByTestId('change-due')).toHaveText('€7.44');

      // Back to the cart and add the scanned mug; the 20.00 typed is not part of any scan.
      await scannerBurst(page, catalogue.mug.barcode);
      await expect(tendered).toHaveValue('20.00');
      await page.getByRole('button', { name: 'Back to the cart and add it' }).click();
      await expect(cartLine(page, 'Mug, white')).toBeVisible();
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(2);
    });

    test('quantities are checked at the field; a large one is confirmed; the cart survives a reload; voids are recorded', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);
      await scan(page, catalogue.mug.barcode);
      await scan(page, catalogue.pen.barcode);
      const mug = quantity(page, 'Mug, white');
      await mug.fill('0');
      await expect(mug).toHaveAccessibleDescription(/can’t be 0/);
      await expect(cart(page).getByTestId('totals-note')).toBeVisible();
      await mug.fill('-2');
      await expect(mug).toHaveAccessibleDescription(/can’t be negative/);
      await screen(page, `checkout-quantity-${w}`);
      await mug.fill('99999');
      await mug.press('Enter');
      const ask = page.getByRole('dialog', { name: 'Sell 99,999 × Mug, white?' });
      await expect(ask).toBeVisible();
      await screen(page, `checkout-quantity-confirm-${w}`);
      await ask.getByRole('button', { name: 'Change the quantity' }).click();
      await expect(mug).toHaveValue('1');

      // Customer and note open usably.
      await page.getByRole('button', { name: 'Customer and note' }).click();
      await expect(page.getByLabel('Note', { exact: true })).toBeVisible();
      const box = await page.getByLabel('Customer name').boundingBox();
      expect(box?.height ?? 0).toBeGreaterThan(20);
      await screen(page, `checkout-customer-${w}`);

      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: /Counter|Sign in/ })).toBeVisible();
      if (await page.getByLabel('Username').isVisible()) await signInToCounter(page);
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(2);

      await cartLine(page, 'Ballpoint pen, blue').getByRole('button', { name: 'Remove Ballpoint pen, blue' }).click();
      await expect.poll(async () => (await server.call('audit.list', {}, token)).items.some((e) => JSON.stringify(e).includes('void'))).toBe(true);
    });

    test('a held order opens in the counter from its card or its dialog and is charged; it-IT amounts read and show 21,35', async ({ page, server }) => {
      const { token, products } = await seedStore(server);
      await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome', currency: 'EUR' }, token);
      const held = await server.call('orders.create', { lines: [{ productId: products.mug.id, quantity: 2 }], clientRequestId: 'held-1' }, token);
      await signInToCounter(page);
      await page.goto(`/#/orders`);
      const heldCard = page.getByRole('article', { name: `Order #${held.number}` });
      await expect(heldCard.getByRole('button', { name: `Open order ${held.number} in counter` })).toBeVisible();
      await screen(page, `checkout-queue-held-${w}`);
      // From the card: into the cart, then held again with a pen added (the same order, not a new one).
      await heldCard.getByRole('button', { name: `Open order ${held.number} in counter` }).click();
      await expect(quantity(page, 'Mug, white')).toHaveValue('2');
      await scan(page, catalogue.pen.barcode);
      await page.getByRole('button', { name: 'Hold' }).click();
      await expect(page.getByText(`Order #${held.number} held.`)).toBeVisible();
      expect((await server.call('orders.list', {}, token)).items).toHaveLength(1);

      // From the dialog: back into the cart and charged.
      await page.goto(`/#/orders`);
      // A click on the card (not on its buttons) opens its dialog.
      await heldCard.click({ position: { x: 8, y: 8 } });
      await page.getByRole('dialog').getByRole('button', { name: 'Open in counter' }).click();
      await expect(quantity(page, 'Ballpoint pen, blue')).toHaveValue('1');
      await page.keyboard.press('F9');
      // 2 × 7.95 + 20 % = 19.08; a pen 1.89 + 20 % = 2.27.
      await expect(page.getByRole('button', { name: 'Pay 21,35 €' })).toBeVisible();
      const amount = page.getByLabel('Amount', { exact: true });
      await expect(amount).toHaveValue('21,35');
      const tendered = page.getByLabel('Cash tendered');
      await expect(tendered).toHaveAttribute('placeholder', '21,35');
      await tendered.fill('50,00');
      await expect(page.getByTestId('change-due')).toHaveText('28,65 €');
      await amount.fill('10,5');
      await expect(page.getByRole('button', { name: 'Add 10,50 € · 10,85 € left' })).toBeVisible();
      await amount.fill('21,35');
      await screen(page, `checkout-it-${w}`);
      await page.getByRole('button', { name: 'Pay 21,35 €' }).click();
      const done = page.getByRole('region', { name: 'Paid in full' });
      await expect(done).toBeVisible();
      await expect(done.getByTestId('change-due')).toHaveText('28,65 €');
      const order = await server.call('orders.get', { id: held.id }, token);
      expect([order.status, order.lines.length]).toEqual(['FULFILLED', 2]);
      const payments = await server.call('payments.list', { orderId: held.id }, token);
      expect(payments.items.map((p) => [p.amount, p.tendered, p.change])).toEqual([[2135, 5000, 2865]]);
      await expect(scanInput(page)).toBeVisible();
    });

    test('a held order changed elsewhere is never charged as it was: the cart takes it back with a plain message; an emptied customer and note are cleared', async ({ page, server }) => {
      const { token, products } = await seedStore(server);
      const held = await server.call('orders.create', { lines: [{ productId: products.mug.id, quantity: 2 }], customer: { name: 'Ada Lovelace' }, note: 'gift wrap', clientRequestId: 'held-changed' }, token);
      await signInToCounter(page);
      await page.goto('/#/orders');
      await page.getByRole('article', { name: `Order #${held.number}` }).getByRole('button', { name: `Open order ${held.number} in counter` }).click();
      await expect(quantity(page, 'Mug, white')).toHaveValue('2');

      // Another terminal makes it three mugs while this cart is taking its payment, unchanged.
      await page.keyboard.press('F9');
      await expect(page.getByRole('button', { name: 'Pay €19.08' })).toBeVisible();
      await server.call('orders.update', { id: held.id, version: held.version, lines: [{ productId: products.mug.id, quantity: 3 }] }, token);
      await page.getByRole('button', { name: 'Pay €19.08' }).click();
      await expect(cart(page).getByText(`Order #${held.number} was changed elsewhere; nothing was charged. Check it as it is now, then charge again.`)).toBeVisible();
      await expect(quantity(page, 'Mug, white')).toHaveValue('3');
      await expect(cart(page).getByTestId('cart-total')).toHaveText('€28.62');
      await screen(page, `checkout-held-changed-${w}`);
      const untouched = await server.call('orders.get', { id: held.id }, token);
      expect([untouched.status, untouched.invoiceId, untouched.amountPaid]).toEqual(['RECEIVED', null, 0]);
      expect((await server.call('invoices.list', {}, token)).items).toHaveLength(0);

      // The customer and note emptied in the cart are cleared on the order charged.
      await page.getByRole('button', { name: 'Customer and note' }).click();
      await page.getByLabel('Customer name').fill('');
      await page.getByLabel('Note', { exact: true }).fill('');
      await page.keyboard.press('F9');
      await page.getByRole('button', { name: 'Pay €28.62' }).click();
      await expect(page.getByRole('region', { name: 'Paid in full' })).toBeVisible();
      const sold = await server.call('orders.get', { id: held.id }, token);
      expect([sold.status, sold.total, sold.customer, sold.note]).toEqual(['FULFILLED', 2862, null, null]);
    });

    test('a held order with a line typed in by hand is not opened in the counter: it says so, nothing of it is dropped', async ({ page, server }) => {
      const { token, products } = await seedStore(server);
      const typed = await server.call('orders.create', { lines: [{ productId: products.pen.id, quantity: 1 }, { name: 'Gift wrapping', unitPrice: 300, quantity: 1 }], clientRequestId: 'typed-in' }, token);
      await signInToCounter(page);
      await page.goto('/#/orders');
      await page.getByRole('article', { name: `Order #${typed.number}` }).getByRole('button', { name: `Open order ${typed.number} in counter` }).click();
      await expect(page.getByText(`Order #${typed.number} has lines typed in by hand`)).toBeVisible();
      await screen(page, `checkout-held-typed-${w}`);
      await page.goto('/#/counter');
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(0);
      expect((await server.call('orders.get', { id: typed.id }, token)).lines).toHaveLength(2);
    });

    test('a typed quantity decrease is recorded as a line void when the field is left or Enter is pressed; an increase records nothing', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);
      await scan(page, catalogue.mug.barcode);
      const mug = quantity(page, 'Mug, white');
      const voids = async () =>
        (await server.call('audit.list', { type: 'counter.line_voided' }, token)).items.map((e) => {
          const after = e.after as { sku: string; quantity: number; cashier: string };
          return [after.sku, after.quantity, after.cashier];
        });

      await mug.fill('5');
      await mug.press('Enter');
      await expect(scanInput(page)).toBeFocused();
      await mug.fill('2');
      await mug.press('Enter');
      await expect.poll(voids).toEqual([['MUG-WHITE', 3, 'casey']]);

      // Typed up again, then down below it and left by clicking elsewhere: only the decrease from the settled 4.
      await mug.fill('4');
      await mug.press('Tab');
      await mug.fill('3');
      await page.getByRole('heading', { level: 1, name: 'Counter' }).click();
      await expect.poll(voids).toEqual([
        ['MUG-WHITE', 1, 'casey'],
        ['MUG-WHITE', 3, 'casey'],
      ]);
      // Typed down and charged straight away (F9 from the field): recorded too.
      await mug.fill('1');
      await page.keyboard.press('F9');
      await expect(page.getByRole('heading', { level: 1, name: 'Payment' })).toBeVisible();
      await expect.poll(async () => (await voids()).length).toBe(3);
      expect((await voids())[0]).toEqual(['MUG-WHITE', 2, 'casey']);
    });

    test('a Pay whose answer is lost, then a reload: Pay again finds the sale made, never a second one', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await page.keyboard.press('F9');
      await page.getByRole('radio', { name: 'Card' }).click();
      // The call reaches the store and is made there; its answer never comes back.
      let reached = 0;
      await page.route('**/rpc/orders.checkout', async (route) => {
        reached += 1;
        await route.fetch();
        await route.abort('connectionreset');
      });
      await page.getByRole('button', { name: 'Pay €12.56' }).click();
      await expect(page.getByText(/Can.t reach the store/).first()).toBeVisible();
      expect(reached).toBe(1);
      expect((await server.call('orders.list', {}, token)).items).toHaveLength(1);
      await page.unroute('**/rpc/orders.checkout');

      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: /Counter|Sign in/ })).toBeVisible();
      if (await page.getByLabel('Username').isVisible()) await signInToCounter(page);
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(1);
      // Paid again another way (cash, 20 tendered): the store made the card sale, and that is the sale shown.
      await page.keyboard.press('F9');
      await page.getByLabel('Cash tendered').fill('20');
      await page.getByRole('button', { name: 'Pay €12.56' }).click();
      const done = page.getByRole('region', { name: 'Paid in full' });
      await expect(done).toBeVisible();
      await expect(done).toContainText('INV-000001');
      await screen(page, `checkout-lost-answer-${w}`);
      const orders = (await server.call('orders.list', {}, token)).items;
      expect(orders.map((o) => [o.status, o.total])).toEqual([['FULFILLED', 1256]]);
      expect((await server.call('invoices.list', {}, token)).items).toHaveLength(1);
      expect((await server.call('payments.list', { orderId: orders[0]!.id }, token)).items.map((p) => p.method)).toEqual(['card']);
      // The cart is empty after a reload now: the sale is done.
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: /Counter|Sign in/ })).toBeVisible();
      if (await page.getByLabel('Username').isVisible()) await signInToCounter(page);
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(0);
    });
  });
}
