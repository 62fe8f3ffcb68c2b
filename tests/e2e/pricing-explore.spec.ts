import type { Page } from '@playwright/test';
import { expect, screen, test, type TesseraServer } from '../support/e2e';
import { pdfText } from '../support/pdfText';
import { cart, cartLine, catalogue, scanInput, scannerBurst, seedStore, signInToCounter } from '../support/e2e-sales';

const total = (page: Page) => cart(page).getByTestId('cart-total');

/**
 * A new shop's staff using discounts, typed prices and tax-inclusive prices for the first time,
 * keyboard first with a scanner: an Italian store with shelf prices including tax, then an
 * English tax-exclusive one; the mis-uses a counter meets.
 */

const manager = { username: 'morgan', displayName: 'Morgan Manager', password: 'manager-pass-1', pin: '4321' };

async function addManager(server: TesseraServer, token: string): Promise<void> {
  const user = await server.call('users.create', { username: manager.username, displayName: manager.displayName, role: 'manager', password: manager.password }, token);
  await server.call('users.setPin', { userId: user.id, pin: manager.pin }, token);
}

const dialog = (page: Page, name: string) => page.getByRole('dialog', { name });

test('an it-IT shop with shelf prices including tax: line, order and typed prices by keyboard, a manager’s PIN, change, receipt, PDF, a return of its share, the X report', async ({ page, server }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1024, height: 768 });
  const store = await seedStore(server);
  await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome', currency: 'EUR', pricesIncludeTax: true }, store.token);
  await addManager(server, store.token);
  await server.call('products.create', { sku: 'FIORI', barcode: '2000000000015', name: 'Mazzo di fiori', unitPrice: 0, taxRateBp: 1000, openPrice: true }, store.token);
  await signInToCounter(page);

  await scannerBurst(page, catalogue.notebook.barcode);
  await expect(cartLine(page, 'Notebook A5')).toBeVisible();
  await page.keyboard.press('F6');
  const d = dialog(page, 'Discount on Notebook A5');
  await expect(d).toBeVisible();
  await expect(d.getByLabel('Discount (%)')).toBeFocused();
  await page.keyboard.type('abc');
  await page.keyboard.press('Enter');
  await expect(d.getByLabel('Discount (%)')).toHaveAccessibleDescription(/Type a percentage, more than 0 and at most 100/);
  await expect(d.getByLabel('Reason')).toHaveAccessibleDescription(/Say why/);
  await screen(page, 'h9-letters-1024');
  await d.getByLabel('Discount (%)').fill('150');
  await page.keyboard.press('Enter');
  await expect(d.getByLabel('Discount (%)')).toHaveAccessibleDescription(/at most 100/);
  await screen(page, 'h9-150-1024');
  await d.getByLabel('Discount (%)').fill('12,5');
  await d.getByLabel('Reason').fill('Scatola rovinata');
  await screen(page, 'h9-12-5-1024');
  await expect(d.getByTestId('discount-preview')).toContainText('Takes off 1,31 €');
  await page.keyboard.press('Enter');
  await expect(d).toBeHidden();
  // 12,5 % of 10,47 € is 1,31 €: the shelf price is what the customer pays.
  await expect(cartLine(page, 'Notebook A5').getByTestId('line-discount')).toContainText('−12,5 % Scatola rovinata');
  await expect(total(page)).toHaveText('9,16 €');
  await screen(page, 'h9-12-5-cart-1024');
  // Again F6: change to amount 1,50
  await page.keyboard.press('F6');
  await expect(d).toBeVisible();
  // What is typed replaces the discount given (not "12,515").
  await page.keyboard.type('15');
  await expect(d.getByLabel('Discount (%)')).toHaveValue('15');
  await screen(page, 'h9-f6-again-1024');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('1,50');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowRight');
  await expect(d.getByRole('radio', { name: 'Amount' })).toBeChecked();
  await screen(page, 'h9-amount-1024');
  await page.keyboard.press('Enter');
  await expect(d).toBeHidden();
  await expect(cartLine(page, 'Notebook A5').getByTestId('line-total')).toHaveText('8,97 €');
  await screen(page, 'h9-amount-cart-1024');
  // A discount bigger than the line
  await page.keyboard.press('F6');
  await page.keyboard.type('50');
  await page.keyboard.press('Enter');
  await expect(d.getByLabel('Discount (EUR)')).toHaveAccessibleDescription('That is more than the line.');
  await screen(page, 'h9-bigger-1024');
  await page.keyboard.press('Escape');
  await expect(d).toBeHidden();
  await expect(scanInput(page)).toBeFocused();
  await expect(total(page)).toHaveText('8,97 €');

  // Open price
  await scannerBurst(page, '2000000000015');
  const p = dialog(page, 'Price of Mazzo di fiori');
  await expect(p).toBeVisible();
  await page.keyboard.type('-5');
  await page.keyboard.press('Enter');
  await expect(p.getByLabel(/Price per unit/)).toHaveAccessibleDescription(/Type the price per unit, like 12,50/);
  await screen(page, 'h9-negative-price-1024');
  await p.getByLabel(/Price per unit/).fill('12,50');
  await page.keyboard.press('Enter');
  await expect(p).toBeHidden();
  await expect(cartLine(page, 'Mazzo di fiori')).toContainText('12,50 € each');

  // F4 override on coffee
  await scannerBurst(page, catalogue.coffee.barcode);
  await page.keyboard.press('F4');
  const o = dialog(page, 'Change the price of Espresso beans 250 g');
  await expect(o).toBeVisible();
  await page.keyboard.type('7,00');
  await expect(o.getByTestId('price-preview')).toContainText('a manager approves at payment or hold');
  await page.keyboard.press('Enter');
  await expect(o.getByLabel('Reason')).toHaveAccessibleDescription('Say why the price is changed.');
  await screen(page, 'h9-override-noreason-1024');
  await o.getByLabel('Reason').fill('Prezzo concorrente');
  await page.keyboard.press('Enter');
  await expect(o).toBeHidden();

  // F7 30 %
  await page.keyboard.press('F7');
  const od = dialog(page, 'Order discount');
  await page.keyboard.type('30');
  await od.getByLabel('Reason').fill('Amici');
  await screen(page, 'h9-order30-1024');
  await page.keyboard.press('Enter');
  // 8,97 + 12,50 + 7,00 = 28,47; 30 % is 8,54: 19,93, of which 2,17 tax.
  await expect(cart(page).getByTestId('order-discount')).toContainText('−8,54 €');
  await expect(total(page)).toHaveText('19,93 €');
  await expect(cart(page).getByTestId('cart-tax')).toHaveText('2,17 €');
  // Every product tile shows its whole name and price, however many rows the catalogue needs.
  const tiles = page.getByRole('group', { name: 'All products' }).getByRole('button');
  expect(await tiles.evaluateAll((all) => all.filter((t) => t.scrollHeight > t.clientHeight + 1).map((t) => t.textContent))).toEqual([]);
  await screen(page, 'h9-cart-full-1024');

  // A reload mid-sale keeps the discounts and typed prices.
  await page.reload();
  await expect(cartLine(page, 'Notebook A5').getByTestId('line-discount')).toContainText('−1,50 € Scatola rovinata');
  await expect(cart(page).getByTestId('order-discount')).toContainText('−30 % Amici');
  await expect(total(page)).toHaveText('19,93 €');
  await screen(page, 'h9-reloaded-1024');

  await page.keyboard.press('F9');
  const approval = page.getByRole('group', { name: 'Manager approval' });
  await expect(approval).toContainText('30 % order discount is more than 10 %.');
  const side = page.getByRole('complementary', { name: 'Sale' });
  // The manager sees the typed price, and the tax named as included.
  await expect(side.getByTestId('pay-line-override')).toHaveText('7,00 € each, was 8,99 € · Prezzo concorrente');
  await expect(side).toContainText('Tax included');
  await expect(side).not.toContainText('Subtotal');
  await screen(page, 'h9-pay-approval-1024');
  await page.getByLabel('Cash tendered').fill('50');
  await approval.getByLabel('Manager username').fill(manager.username);
  await approval.getByLabel('Manager PIN').fill('0000');
  await page.keyboard.press('Enter');
  await expect(approval.getByLabel('Manager PIN')).toHaveAccessibleDescription(/Wrong username or PIN/);
  expect((await server.call('orders.list', {}, store.token)).items).toHaveLength(0);
  await screen(page, 'h9-wrong-pin-1024');
  await approval.getByLabel('Manager PIN').fill(manager.pin);
  await screen(page, 'h9-right-pin-1024');
  await page.keyboard.press('Enter');
  await screen(page, 'h9-after-enter-1024');
  const done = page.getByRole('region', { name: 'Paid in full' });
  await expect(done.getByTestId('change-due')).toHaveText('30,07 €');
  await expect(page.getByTestId('done-discounts')).toHaveText('Discounts −10,04 € · approved by Morgan Manager');
  await screen(page, 'h9-done-1024');
  await page.keyboard.press('p');
  const receipt = page.getByRole('dialog', { name: 'Receipt' }).getByTestId('receipt');
  for (const expected of [/1 x 10,47\s€\s+10,47\s€/, /Order discount 30%\s+\(Amici\)\s+-8,54\s€/, /TOTAL\s+19,93\s€/, /Incl\. tax 20%: 1,05\s€ on net 5,23\s€/, /Incl\. tax 7%: 0,32\s€ on net 4,58\s€/, /Approved by\s+Morgan Manager/]) {
    await expect(receipt).toContainText(expected);
  }
  await screen(page, 'h9-receipt-1024');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
  const invoice = (await server.call('invoices.list', {}, store.token)).items[0]!;
  expect([invoice.priceBasis, invoice.total, invoice.tax, invoice.discountTotal, invoice.approvedByName]).toEqual(['gross', 1993, 217, 1004, manager.displayName]);
  const pdf = pdfText((await server.call('invoices.pdf', { id: invoice.id }, store.token)).contentBase64);
  for (const expected of ['Prices include tax', 'Notebook A5 1 10,47 € -1,50 € 20% 8,97 €', 'Price changed from 8,99 €: Prezzo concorrente', 'Total 19,93 €', 'Incl. tax 2,17 €', '20% 5,23 € 1,05 €']) {
    expect(pdf, expected).toContain(expected);
  }
  await page.goto(`/#/invoices/${invoice.id}`);
  await expect(page.getByRole('heading', { level: 1, name: invoice.number })).toBeVisible();
  // Every line's total in view at 1024 px, not cut off by the discount and price columns.
  const lines = page.getByRole('table', { name: 'Lines' });
  await expect(lines.getByRole('row', { name: /Notebook A5/ })).toContainText('6,28 €');
  expect(await lines.evaluate((t) => t.scrollWidth <= (t.parentElement?.clientWidth ?? 0) + 1)).toBe(true);
  await screen(page, 'h9-invoice-1024');

  await page.getByRole('link', { name: 'Returns' }).click();
  await expect(page.getByRole('textbox', { name: 'Find the sale' })).toBeFocused();
  await scannerBurst(page, invoice.number);
  await expect(page.getByRole('region', { name: `Sale ${invoice.number}` })).toBeVisible();
  await page.getByRole('textbox', { name: 'Quantity to return of Notebook A5', exact: true }).press('+');
  // The notebook's share: 10,47 − 1,50 − its 2,69 of the order discount.
  await expect(page.getByRole('button', { name: 'Refund 6,28 €' })).toBeVisible();
  await screen(page, 'h9-return-1024');
  await page.getByRole('radio', { name: /^Cash/ }).check();
  await page.getByRole('button', { name: 'Refund 6,28 €' }).click();
  await expect(page.getByRole('region', { name: '6,28 € back to the customer' })).toBeVisible();
  await screen(page, 'h9-return-done-1024');
  const cn = (await server.call('creditNotes.list', {}, store.token)).items[0]!;
  expect([cn.total, cn.tax, cn.discountTotal, cn.priceBasis]).toEqual([628, 105, 419, 'gross']);

  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByRole('button', { name: 'Register menu' }).click();
  await page.getByRole('menuitem', { name: 'X report' }).click();
  const x = page.getByRole('dialog', { name: 'X report' });
  await expect(x).toContainText(/Expected cash\s*113,65\s€/);
  await x.getByTestId('x-discounts').scrollIntoViewIfNeeded();
  await expect(x.getByRole('region', { name: 'Discounts' })).toContainText('Amici');
  await expect(x.getByTestId('x-discounts')).toContainText('-10,04');
  await screen(page, 'h9-x-1024');
});

test('an English tax-exclusive shop: keys on an empty cart, a discount typed over and removed, an approval dropped when the cart changes under it, a hold asking the manager', async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const store = await seedStore(server);
  await addManager(server, store.token);
  await signInToCounter(page);
  // Nothing to discount or price yet: the keys open nothing.
  for (const key of ['F7', 'F6', 'F4']) await page.keyboard.press(key);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(scanInput(page)).toBeFocused();

  await scannerBurst(page, catalogue.stapler.barcode);
  await scannerBurst(page, catalogue.stapler.barcode);
  await expect(cart(page).getByTestId('cart-count')).toHaveText('2 items');
  await page.keyboard.press('F6');
  const d = dialog(page, 'Discount on Stapler');
  await page.keyboard.type('10');
  // Tab passes by Percent/Amount on the way to the reason.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(d.getByLabel('Reason')).toBeFocused();
  await page.keyboard.type('Loyal');
  await page.keyboard.press('Enter');
  await expect(d).toBeHidden();
  await expect(total(page)).toHaveText('€31.32');

  // A second discount on the line replaces the first: typed over, not added to it.
  await page.keyboard.press('F6');
  await page.keyboard.type('5');
  await expect(d.getByTestId('discount-preview')).toHaveText('Takes off €1.45');
  await screen(page, 'h9e-second-discount-1280');
  await page.keyboard.press('Enter');
  await expect(cartLine(page, 'Stapler').getByTestId('line-discount')).toContainText('−5 % Loyal');
  await expect(cartLine(page, 'Stapler').getByTestId('line-discount')).toContainText('−€1.45');

  // Changed mind: the discount removed, the price whole again.
  await page.keyboard.press('F6');
  await d.getByRole('button', { name: 'Remove discount' }).click();
  await expect(cartLine(page, 'Stapler').getByTestId('line-discount')).toHaveCount(0);
  await expect(total(page)).toHaveText('€34.80');

  // The manager types the PIN for a 30 % discount; the cashier goes back and makes it 90 %: asked again.
  await page.keyboard.press('F7');
  await page.keyboard.type('30');
  await dialog(page, 'Order discount').getByLabel('Reason').fill('Promo');
  await page.keyboard.press('Enter');
  await page.keyboard.press('F9');
  const approval = page.getByRole('group', { name: 'Manager approval' });
  await expect(approval).toContainText('30 % order discount is more than 10 %.');
  await approval.getByLabel('Manager username').fill(manager.username);
  await approval.getByLabel('Manager PIN').fill(manager.pin);
  await page.getByRole('button', { name: 'Edit sale' }).click();
  await page.keyboard.press('F7');
  await page.keyboard.type('90');
  await page.keyboard.press('Enter');
  await expect(total(page)).toHaveText('€3.48');
  await page.keyboard.press('F9');
  await expect(approval).toContainText('90 % order discount is more than 10 %.');
  await expect(approval.getByLabel('Manager username')).toHaveValue('');
  await expect(approval.getByLabel('Manager PIN')).toHaveValue('');
  await screen(page, 'h9e-pay-after-edit-1280');
  // The order discount's amount stays whole on its line.
  const row = page.getByRole('complementary', { name: 'Sale' }).getByText('−€26.10');
  expect(await row.evaluate((e) => {
    const text = e.ownerDocument.createRange();
    text.selectNodeContents(e);
    return new Set([...text.getClientRects()].map((r) => Math.round(r.top))).size;
  })).toBe(1);

  // Hold asks the manager too; Escape keeps the cart, which a reload keeps as well.
  await page.getByRole('button', { name: 'Edit sale' }).click();
  await page.getByRole('button', { name: 'Hold' }).click();
  const hold = dialog(page, 'Hold with a manager’s approval');
  await expect(hold.getByRole('group', { name: 'Manager approval' })).toContainText('90 % order discount is more than 10 %.');
  await screen(page, 'h9e-hold-1280');
  await page.keyboard.press('Escape');
  await expect(hold).toBeHidden();
  await page.reload();
  await expect(cart(page).getByTestId('order-discount')).toContainText('−90 % Promo');
  await expect(total(page)).toHaveText('€3.48');
  expect((await server.call('orders.list', {}, store.token)).items).toHaveLength(0);
});
