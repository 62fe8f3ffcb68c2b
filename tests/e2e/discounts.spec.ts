import type { Page } from '@playwright/test';
import { expect, screen, test, type TesseraServer } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { cart, cartLine, catalogue, scan, scanInput, seedStore, signInToCounter } from '../support/e2e-sales';

/** The counter's discounts, typed prices, a manager's approval and a tax-inclusive store. */
const manager = { username: 'morgan', displayName: 'Morgan Manager', password: 'manager-pass-1', pin: '4321' };

async function addManager(server: TesseraServer, token: string): Promise<void> {
  const user = await server.call('users.create', { username: manager.username, displayName: manager.displayName, role: 'manager', password: manager.password }, token);
  await server.call('users.setPin', { userId: user.id, pin: manager.pin }, token);
}

/** Gives the cart a 30 % order discount (F7), beyond a cashier's 10 %. */
async function orderDiscount30(page: Page): Promise<void> {
  await page.keyboard.press('F7');
  const dialog = page.getByRole('dialog', { name: 'Order discount' });
  await page.keyboard.type('30');
  await dialog.getByLabel('Reason').fill('Friends and family');
  await page.keyboard.press('Enter');
  await expect(cart(page).getByTestId('order-discount')).toContainText('−€5.84');
}

/** Pays the whole total in cash, exact. */
async function payExact(page: Page, total: string): Promise<void> {
  await page.getByRole('button', { name: `Pay ${total}` }).click();
  await expect(page.getByRole('region', { name: 'Paid in full' })).toBeVisible();
}

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('a cashier gives a 10 % line discount alone, by keyboard: the line, the totals and the sale show it', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await page.keyboard.press('F6');
      const dialog = page.getByRole('dialog', { name: 'Discount on Notebook A5' });
      await expect(dialog.getByLabel('Discount (%)')).toBeFocused();
      await page.keyboard.type('10');
      await dialog.getByLabel('Reason').fill('Damaged box');
      await expect(dialog.getByTestId('discount-preview')).toHaveText('Takes off €1.05');
      await screen(page, `discount-line-dialog-${w}`);
      await page.keyboard.press('Enter');
      await expect(dialog).toBeHidden();
      await expect(scanInput(page)).toBeFocused();

      // 10.47 − 1.05 = 9.42 net, 20 % tax 1.88: 11.30.
      const line = cartLine(page, 'Notebook A5');
      await expect(line.getByTestId('line-discount')).toContainText('−10 % Damaged box');
      await expect(line.getByTestId('line-discount')).toContainText('−€1.05');
      await expect(line.getByTestId('line-total')).toHaveText('€9.42');
      await expect(cart(page).getByTestId('cart-discounts')).toHaveText('−€1.05');
      await expect(cart(page).getByTestId('cart-total')).toHaveText('€11.30');
      await screen(page, `discount-line-cart-${w}`);

      // The cart with its discount survives a reload.
      await page.reload();
      await expect(cartLine(page, 'Notebook A5').getByTestId('line-discount')).toContainText('−10 % Damaged box');
      await expect(cart(page).getByTestId('cart-total')).toHaveText('€11.30');

      await page.keyboard.press('F9');
      await expect(page.getByRole('heading', { level: 1, name: 'Payment' })).toBeVisible();
      await expect(page.getByRole('group', { name: 'Manager approval' })).toHaveCount(0);
      await payExact(page, '€11.30');
      await expect(page.getByTestId('done-discounts')).toHaveText('Discounts −€1.05');

      const order = (await server.call('orders.list', {}, token)).items[0]!;
      expect([order.total, order.discountTotal, order.approvedBy, order.lines[0]?.discount]).toEqual([1130, 105, null, { kind: 'percent', value: 10, reason: 'Damaged box' }]);
    });

    test('a 30 % order discount is refused until a manager’s PIN approves it; the sale records the manager', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await addManager(server, token);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await scan(page, catalogue.coffee.barcode);
      await page.keyboard.press('F7');
      const dialog = page.getByRole('dialog', { name: 'Order discount' });
      await page.keyboard.type('30');
      await dialog.getByLabel('Reason').fill('Friends and family');
      await expect(dialog.getByTestId('discount-preview')).toHaveText('Takes off €5.84 · more than 10 %: a manager approves at payment or hold');
      await page.keyboard.press('Enter');
      await expect(cart(page).getByTestId('order-discount')).toContainText('Order discount −30 % Friends and family');
      await expect(cart(page).getByTestId('order-discount')).toContainText('−€5.84');
      await expect(cart(page).getByTestId('cart-total')).toHaveText('€15.53');
      await screen(page, `discount-order-cart-${w}`);

      await page.keyboard.press('F9');
      const approval = page.getByRole('group', { name: 'Manager approval' });
      await expect(approval).toContainText('30 % order discount is more than 10 %.');
      // Without the manager nothing is sent: the field says so and has the focus.
      await page.getByRole('button', { name: 'Pay €15.53' }).click();
      await expect(approval.getByLabel('Manager username')).toBeFocused();
      await expect(approval.getByLabel('Manager username')).toHaveAccessibleDescription(/Type the approving manager's username/);
      await approval.getByLabel('Manager username').fill(manager.username);
      await approval.getByLabel('Manager PIN').fill('9999');
      await page.getByRole('button', { name: 'Pay €15.53' }).click();
      await expect(approval.getByLabel('Manager PIN')).toBeFocused();
      await expect(approval.getByLabel('Manager PIN')).toHaveAccessibleDescription(/Wrong username or PIN/);
      await screen(page, `discount-order-approval-${w}`);
      expect((await server.call('orders.list', {}, token)).items).toHaveLength(0);

      await approval.getByLabel('Manager PIN').fill(manager.pin);
      await payExact(page, '€15.53');
      await expect(page.getByTestId('done-discounts')).toHaveText('Discounts −€5.84 · approved by Morgan Manager');
      await screen(page, `discount-order-done-${w}`);
      const order = (await server.call('orders.list', {}, token)).items[0]!;
      expect([order.total, order.discountTotal, order.approvedBy?.name, order.discount?.value]).toEqual([1553, 584, manager.displayName, 30]);
    });
  });
}

test.describe('at 1024×768', () => {
  test.use({ viewport: COUNTER_SCREENS[0] });

  test('an open-price item in an it-IT store asks its price at the scan, "12,50" typed; it is not charged without one', async ({ page, server }) => {
    const { token } = await seedStore(server);
    await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome' }, token);
    await server.call('products.create', { sku: 'FLOWERS', barcode: '2000000000015', name: 'Flowers, bunch', unitPrice: 0, taxRateBp: 1000, openPrice: true }, token);
    await signInToCounter(page);
    await scan(page, '2000000000015');
    const dialog = page.getByRole('dialog', { name: 'Price of Flowers, bunch' });
    await expect(dialog.getByLabel('Price per unit (before tax)')).toBeFocused();
    // Put off: the line waits for its price, and Charge says so.
    await page.keyboard.press('Escape');
    const line = cartLine(page, 'Flowers, bunch');
    await expect(line).toContainText('Price to type');
    await page.keyboard.press('F9');
    await expect(line).toContainText('Type its price (F4)');
    await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();

    await page.keyboard.press('F4');
    await expect(dialog.getByLabel('Price per unit (before tax)')).toBeFocused();
    await page.keyboard.type('12,50');
    await screen(page, 'discount-open-price-it-1024');
    await page.keyboard.press('Enter');
    await expect(line).toContainText('12,50 € each');
    // 12,50 + 10 % = 13,75.
    await expect(cart(page).getByTestId('cart-total')).toHaveText('13,75 €');
    await page.keyboard.press('F9');
    await payExact(page, '13,75 €');
    const order = (await server.call('orders.list', {}, token)).items[0]!;
    expect([order.lines[0]?.unitPrice, order.lines[0]?.listPrice, order.total]).toEqual([1250, null, 1375]);
  });

  test('a tax-inclusive store shows shelf prices at the counter; the receipt gives the tax of each rate inside them', async ({ page, server }) => {
    const { token } = await seedStore(server);
    await server.call('settings.update', { pricesIncludeTax: true }, token);
    await signInToCounter(page);
    // The notebook's 10.47 is what the customer pays.
    await expect(page.getByRole('group', { name: 'All products' }).getByRole('button', { name: 'Notebook A5, €10.47' })).toBeVisible();
    await scan(page, catalogue.notebook.barcode);
    await scan(page, catalogue.coffee.barcode);
    await expect(cartLine(page, 'Notebook A5')).toContainText('€10.47 each');
    await expect(cartLine(page, 'Notebook A5')).toContainText('incl. 20% tax');
    await expect(cartLine(page, 'Notebook A5').getByTestId('line-total')).toHaveText('€10.47');
    // Tax inside: 10.47 × 20/120 = 1.75, 8.99 × 7/107 = 0.59.
    await expect(cart(page).getByTestId('cart-tax')).toHaveText('€2.34');
    await expect(cart(page).getByTestId('cart-total')).toHaveText('€19.46');
    await screen(page, 'discount-gross-cart-1024');
    await page.keyboard.press('F9');
    await payExact(page, '€19.46');
    await page.getByRole('button', { name: /Print receipt/ }).click();
    const receipt = page.getByRole('dialog', { name: 'Receipt' }).getByTestId('receipt');
    await expect(receipt).toContainText(/TOTAL\s+€19\.46/);
    await expect(receipt).toContainText('1.75');
    await expect(receipt).toContainText('0.59');
    await screen(page, 'discount-gross-receipt-1024');
    const order = (await server.call('orders.list', {}, token)).items[0]!;
    expect([order.priceBasis, order.tax, order.total]).toEqual(['gross', 234, 1946]);
  });

  test('a cashier holds a cart with a 30 % order discount: a manager approves the hold; reopened unchanged it is charged without asking again', async ({ page, server }) => {
    const { token } = await seedStore(server);
    await addManager(server, token);
    await signInToCounter(page);
    await scan(page, catalogue.notebook.barcode);
    await scan(page, catalogue.coffee.barcode);
    await orderDiscount30(page);

    // Hold asks the manager first, says why, the focus on the username; Escape keeps the cart as it is.
    await page.getByRole('button', { name: 'Hold' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hold with a manager’s approval' });
    const approval = dialog.getByRole('group', { name: 'Manager approval' });
    await expect(approval).toContainText('30 % order discount is more than 10 %.');
    await expect(approval.getByLabel('Manager username')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(cart(page).getByTestId('cart-total')).toHaveText('€15.53');
    expect((await server.call('orders.list', {}, token)).items).toHaveLength(0);

    // A wrong PIN is said on its field; nothing is held, the cart is kept.
    await page.getByRole('button', { name: 'Hold' }).click();
    await expect(approval.getByLabel('Manager username')).toBeFocused();
    await page.keyboard.type(manager.username);
    await approval.getByLabel('Manager PIN').fill('9999');
    await page.keyboard.press('Enter');
    await expect(approval.getByLabel('Manager PIN')).toBeFocused();
    await expect(approval.getByLabel('Manager PIN')).toHaveAccessibleDescription(/Wrong username or PIN/);
    await screen(page, 'discount-hold-approval-1024');
    expect((await server.call('orders.list', {}, token)).items).toHaveLength(0);
    await expect(cartLine(page, 'Notebook A5')).toBeVisible();

    await approval.getByLabel('Manager PIN').fill(manager.pin);
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(cart(page).getByText('Order #1 held.')).toBeVisible();
    await expect(cart(page).getByTestId('cart-count')).toHaveText('Empty');
    await expect(scanInput(page)).toBeFocused();
    const held = (await server.call('orders.list', {}, token)).items[0]!;
    expect([held.status, held.total, held.discountTotal, held.discount?.value, held.approvedBy?.name]).toEqual(['RECEIVED', 1553, 584, 30, manager.displayName]);

    // In Orders with its discount.
    await page.goto('/#/orders');
    const card = page.getByRole('article', { name: `Order #${held.number}` });
    await expect(card).toContainText('€15.53');
    await card.click({ position: { x: 8, y: 8 } });
    const detail = page.getByRole('dialog', { name: `Order ${held.number}` });
    await expect(detail.getByTestId('order-discount-total')).toHaveText('−€5.84');
    await screen(page, 'discount-hold-orders-1024');

    // Reopened and charged unchanged: the manager's approval stands, none is asked.
    await detail.getByRole('button', { name: 'Open in counter' }).click();
    await expect(cart(page).getByTestId('order-discount')).toContainText('Order discount −30 % Friends and family');
    await expect(cart(page).getByTestId('cart-total')).toHaveText('€15.53');
    await page.keyboard.press('F9');
    await expect(page.getByRole('heading', { level: 1, name: 'Payment' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Manager approval' })).toHaveCount(0);
    await screen(page, 'discount-hold-reopened-pay-1024');
    await payExact(page, '€15.53');
    const sold = await server.call('orders.get', { id: held.id }, token);
    expect([sold.status, sold.total, sold.approvedBy?.name]).toEqual(['FULFILLED', 1553, manager.displayName]);
  });

  test('signing out with a cart a manager must approve keeps the cart and says why', async ({ page, server }) => {
    const { token } = await seedStore(server);
    await signInToCounter(page);
    await scan(page, catalogue.notebook.barcode);
    await scan(page, catalogue.coffee.barcode);
    await orderDiscount30(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out?' });
    await dialog.getByRole('button', { name: 'Hold the cart and sign out' }).click();
    await expect(dialog).toContainText('A manager must approve this cart’s discounts or typed prices before it can be held.');
    await screen(page, 'discount-signout-approval-1024');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(cart(page).getByTestId('order-discount')).toContainText('−30 %');
    await expect(cart(page)).toContainText('hold it there with a manager’s approval');
    expect((await server.call('orders.list', {}, token)).items).toHaveLength(0);
  });
});
