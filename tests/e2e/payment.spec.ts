import { countPrints, expect, screen, test } from '../support/e2e';
import { cart, catalogue, scan, scanInput, seedStore, signInToCounter } from '../support/e2e-sales';

test('a cash sale: 12.56 due, 20.00 tendered, 7.44 change, then a new sale', async ({ page, server }) => {
  const { token } = await seedStore(server);
  await signInToCounter(page);
  await scan(page, catalogue.notebook.barcode);
  await expect(cart(page).getByTestId('cart-total')).toHaveText('€12.56');

  // F9 charges: the order, its invoice, and the payment screen.
  await page.keyboard.press('F9');
  await expect(page.getByRole('heading', { level: 1, name: 'Take payment' })).toBeVisible();
  await expect(page.getByTestId('amount-due')).toHaveText('€12.56');
  await expect(page.getByRole('radio', { name: 'Cash' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Cash' })).toBeFocused();

  // Quick amounts: exact, and the next round values above the balance.
  const quick = page.getByRole('group', { name: 'Quick amounts' });
  await expect(quick.getByRole('button')).toHaveText(['Exact', '€13.00', '€15.00', '€20.00', '€50.00']);

  // Key 1 is cash and moves to the tendered field.
  await page.keyboard.press('1');
  const tendered = page.getByLabel('Cash tendered');
  await expect(tendered).toBeFocused();
  await tendered.fill('5');
  await tendered.press('Enter');
  await expect(tendered).toHaveAccessibleDescription(/Cash tendered is less than the amount to pay \(€12\.56\)/);
  await tendered.fill('20');
  await expect(page.getByTestId('change-due')).toHaveText('€7.44');
  await screen(page, 'payment-cash');

  // The payment is taken but its answer is lost: paying again with the same input reuses
  // the attempt's idempotency key, so the money is taken once.
  let lost = false;
  await page.route('**/rpc/payments.pay', async (route) => {
    if (lost) return route.continue();
    lost = true;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await tendered.press('Enter');
  await expect(page.getByRole('alert')).toContainText('will not take the money twice');
  await expect(tendered).toHaveValue('20');
  await expect(page.getByRole('button', { name: 'Pay €12.56' })).toBeFocused();
  await page.keyboard.press('Enter');
  const done = page.getByRole('region', { name: 'Paid in full' });
  await expect(done).toBeVisible();
  await expect(done.getByTestId('change-due')).toHaveText('€7.44');
  await expect(done.getByRole('button', { name: 'New sale' })).toBeFocused();
  await screen(page, 'payment-done');

  // The receipt (printable page, printed through the dialog: the browser host has no printer) and the invoice PDF.
  const prints = await countPrints(page);
  await page.keyboard.press('p');
  const receipt = page.getByRole('dialog', { name: 'Receipt' });
  await expect(receipt.getByTestId('receipt')).toContainText('INV-000001');
  await expect.poll(prints).toBe(1);
  await receipt.getByRole('button', { name: 'Back' }).click();
  await expect(receipt).toBeHidden();
  await expect(done.getByRole('button', { name: 'New sale' })).toBeFocused();
  const pdf = page.waitForEvent('popup');
  await done.getByRole('button', { name: 'Invoice PDF' }).click();
  await (await pdf).close();
  await done.getByRole('button', { name: 'New sale' }).focus();

  const { items } = await server.call('orders.list', {}, token);
  expect(items.map((o) => [o.number, o.status, o.total, o.amountPaid])).toEqual([[1, 'FULFILLED', 1256, 1256]]);
  const invoice = await server.call('invoices.getByOrder', { orderId: items[0]!.id }, token);
  expect([invoice.status, invoice.balance]).toEqual(['PAID', 0]);
  const payments = await server.call('payments.list', { invoiceId: invoice.id }, token);
  expect(payments.items.map((p) => [p.method, p.amount, p.tendered, p.change])).toEqual([['cash', 1256, 2000, 744]]);

  // Enter: a new, empty sale with the focus in the scan input.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
  await expect(cart(page).getByTestId('cart-line')).toHaveCount(0);
  await expect(scanInput(page)).toBeFocused();
});

test('a split sale: part in cash, the rest by card, with the balance left in between', async ({ page, server }) => {
  const { token } = await seedStore(server);
  await signInToCounter(page);
  await scan(page, catalogue.notebook.barcode);
  await scan(page, catalogue.coffee.barcode);
  // 10.47 + 2.09 tax, 8.99 + 0.63 tax.
  await expect(cart(page).getByTestId('cart-total')).toHaveText('€22.18');
  await scanInput(page).press('Control+Enter');
  await expect(page.getByTestId('amount-due')).toHaveText('€22.18');

  // More than the balance is refused next to the amount.
  const amount = page.getByLabel('Amount to pay');
  await amount.fill('30');
  await page.getByRole('button', { name: /^Pay €/ }).click();
  await expect(amount).toHaveAccessibleDescription(/^Amount is more than the balance of €22\.18\./);

  // 10.00 in cash (exact: nothing typed as tendered).
  await amount.fill('10.00');
  await expect(amount).toHaveAccessibleDescription(/€12\.18 will be left to pay/);
  await page.getByRole('button', { name: 'Pay €10.00' }).click();
  const payments = page.getByRole('list', { name: 'Payments taken' });
  await expect(payments.getByRole('listitem')).toHaveCount(1);
  await expect(payments).toContainText('Cash');
  await expect(payments).toContainText('€10.00');
  await expect(page.getByTestId('balance-left')).toContainText('€12.18');
  await expect(page.getByTestId('amount-due')).toHaveText('€12.18');
  await expect(amount).toHaveValue('12.18');
  await expect(page.getByRole('radio', { name: 'Cash' })).toBeFocused();

  // Key 2: card, with the terminal's reference.
  await page.keyboard.press('2');
  await expect(page.getByRole('radio', { name: 'Card' })).toBeChecked();
  const reference = page.getByLabel('Terminal reference (optional)');
  await expect(reference).toBeFocused();
  await reference.fill('T-4471');
  await screen(page, 'payment-split');
  await reference.press('Enter');

  const done = page.getByRole('region', { name: 'Paid in full' });
  await expect(done).toBeVisible();
  await expect(done).toContainText('No change due');
  await expect(done.getByRole('list', { name: 'Payments taken' }).getByRole('listitem')).toHaveCount(2);
  await screen(page, 'payment-split-done');

  const order = (await server.call('orders.list', {}, token)).items[0]!;
  expect([order.status, order.amountPaid]).toEqual(['FULFILLED', 2218]);
  const taken = await server.call('payments.list', { orderId: order.id }, token);
  expect(taken.items.map((p) => [p.method, p.amount, p.reference]).reverse()).toEqual([
    ['cash', 1000, null],
    ['card', 1218, 'T-4471'],
  ]);

  await done.getByRole('button', { name: 'New sale' }).click();
  await expect(scanInput(page)).toBeFocused();
});
