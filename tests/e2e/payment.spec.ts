import type { Page } from '@playwright/test';
import { countPrints, expect, screen, test, type TesseraServer } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { cart, catalogue, scan, scanInput, scannerBurst, seedStore, signInToCounter } from '../support/e2e-sales';

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('a cash sale: 12.56 due, 20.00 tendered, 7.44 change; a lost answer paid again takes the money once; then a new sale', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await expect(cart(page).getByTestId('cart-total')).toHaveText('€12.56');

      // F9 opens the cart's payment step: nothing is stored yet.
      await page.keyboard.press('F9');
      await expect(page.getByRole('heading', { level: 1, name: 'Payment' })).toBeVisible();
      await expect(page.getByTestId('amount-due')).toHaveText('€12.56');
      await expect(page.getByRole('radio', { name: 'Cash' })).toBeChecked();
      await expect(page.getByRole('radio', { name: 'Cash' })).toBeFocused();

      // Quick amounts: the next round values above what is due.
      const quick = page.getByRole('group', { name: 'Quick amounts' });
      await expect(quick.getByRole('button')).toHaveText(['€13.00', '€15.00', '€20.00', '€50.00']);

      const tendered = page.getByLabel('Cash tendered');
      await tendered.fill('5');
      await tendered.press('Enter');
      await expect(tendered).toHaveAccessibleDescription(/Less than the amount \(€12\.56\)/);
      await tendered.fill('20');
      await expect(page.getByTestId('change-due')).toHaveText('€7.44');
      await screen(page, `payment-cash-${w}`);
      expect((await server.call('orders.list', {}, token)).items).toHaveLength(0);

      // The sale is made but its answer is lost: paying again with the same input reuses the
      // checkout's idempotency key, so there is one sale and one payment.
      let lost = false;
      await page.route('**/rpc/orders.checkout', async (route) => {
        if (lost) return route.continue();
        lost = true;
        await route.fetch();
        await route.abort('connectionreset');
      });
      await tendered.press('Enter');
      await expect(page.getByRole('alert').filter({ hasText: 'will not charge twice' })).toBeVisible();
      // The tender sent is kept on screen, ready to be paid again.
      await expect(page.getByRole('list', { name: 'Tenders' })).toContainText('tendered €20.00 · change €7.44');
      await page.getByRole('button', { name: 'Pay €12.56' }).click();
      const done = page.getByRole('region', { name: 'Paid in full' });
      await expect(done).toBeVisible();
      await expect(done.getByTestId('change-due')).toHaveText('€7.44');
      await expect(done.getByRole('button', { name: 'New sale' })).toBeFocused();
      await screen(page, `payment-done-${w}`);

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

      const { items } = await server.call('orders.list', {}, token);
      expect(items.map((o) => [o.number, o.status, o.total, o.amountPaid])).toEqual([[1, 'FULFILLED', 1256, 1256]]);
      const invoice = await server.call('invoices.getByOrder', { orderId: items[0]!.id }, token);
      expect([invoice.number, invoice.status, invoice.balance]).toEqual(['INV-000001', 'PAID', 0]);
      const payments = await server.call('payments.list', { invoiceId: invoice.id }, token);
      expect(payments.items.map((p) => [p.method, p.amount, p.tendered, p.change])).toEqual([['cash', 1256, 2000, 744]]);

      // Enter: a new, empty sale with the focus in the scan input.
      await done.getByRole('button', { name: 'New sale' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
      await expect(cart(page).getByTestId('cart-line')).toHaveCount(0);
      await expect(scanInput(page)).toBeFocused();
    });

    test('paid in part at the counter, the rest later from the queue on the invoice payment screen (split, scan-proof)', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await scan(page, catalogue.coffee.barcode);
      // 10.47 + 2.09 tax, 8.99 + 0.63 tax.
      await expect(cart(page).getByTestId('cart-total')).toHaveText('€22.18');
      await scanInput(page).press('Control+Enter');
      await expect(page.getByTestId('amount-due')).toHaveText('€22.18');

      // 10.00 now, the rest later: the invoice stays open and the order waits in the queue.
      await page.getByLabel('Amount', { exact: true }).fill('10.00');
      await page.getByRole('checkbox', { name: /Pay the rest later \(€12\.18\)/ }).check();
      await page.getByRole('button', { name: 'Pay €10.00' }).click();
      await expect(page.getByRole('region', { name: '€12.18 left to pay' })).toBeVisible();
      const order = (await server.call('orders.list', {}, token)).items[0]!;
      expect([order.status, order.amountPaid]).toEqual(['PROCESSING', 1000]);

      // The queue: Take payment opens the payment screen of that invoice (payments.pay, one tender at a time).
      await page.goto('/#/orders');
      await page.getByRole('button', { name: 'Take payment for order 1' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Take payment' })).toBeVisible();
      await expect(page.getByTestId('amount-due')).toHaveText('€12.18');
      const amount = page.getByLabel('Amount to pay');
      await expect(amount).toHaveValue('12.18');

      // A scan here never becomes money either.
      const tendered = page.getByLabel('Cash tendered');
      await tendered.focus();
      await scannerBurst(page, catalogue.mug.barcode, { stallAfter: 4, whileStalled: () => expect(tendered).toHaveValue('4006') });
      await expect(page.getByRole('status').filter({ hasText: 'Scanned: Mug, white. Nothing was typed into the payment.' })).toBeVisible();
      await expect(tendered).toHaveValue('');
      await screen(page, `payment-invoice-scanned-${w}`);

      // More than the balance is flagged at the amount as it is typed; Pay shows no figure it would not charge.
      await amount.fill('30');
      await expect(amount).toHaveAccessibleDescription(/^Amount is more than the balance of €12\.18\./);
      await expect(page.getByRole('button', { name: /^Pay(?! later)/ })).toBeDisabled();
      await expect(page.getByRole('button', { name: /^Pay(?! later)/ })).toHaveText('Pay');

      // 5.00 in cash (exact: nothing typed as tendered), then the rest by card (key 2) with the terminal's reference.
      await amount.fill('5.00');
      await expect(amount).toHaveAccessibleDescription(/€7\.18 will be left to pay/);
      await page.getByRole('button', { name: 'Pay €5.00' }).click();
      await expect(page.getByTestId('balance-left')).toContainText('€7.18');
      await expect(amount).toHaveValue('7.18');
      await expect(page.getByRole('radio', { name: 'Cash' })).toBeFocused();
      await page.keyboard.type('2', { delay: 90 });
      await expect(page.getByRole('radio', { name: 'Card' })).toBeChecked();
      const reference = page.getByLabel('Terminal reference (optional)');
      await expect(reference).toBeFocused();
      await reference.fill('T-4471');
      await screen(page, `payment-invoice-split-${w}`);
      await reference.press('Enter');

      const done = page.getByRole('region', { name: 'Paid in full' });
      await expect(done).toBeVisible();
      await expect(done).toContainText('No change due');
      await screen(page, `payment-invoice-done-${w}`);
      await done.getByRole('button', { name: 'Back to orders' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();

      const paid = await server.call('orders.get', { id: order.id }, token);
      expect([paid.status, paid.amountPaid]).toEqual(['FULFILLED', 2218]);
      const taken = await server.call('payments.list', { orderId: order.id }, token);
      expect(taken.items.map((p) => [p.method, p.amount, p.reference]).sort()).toEqual([
        ['card', 718, 'T-4471'],
        ['cash', 1000, null],
        ['cash', 500, null],
      ]);
    });

    test('the invoice payment screen: card above the balance is flagged as typed and Pay never shows it; Pay always shows what is charged', async ({ page, server }) => {
      const { token } = await partlyPaidSale(server);
      await signInToCounter(page);
      await openQueuePayment(page);
      await expect(page.getByTestId('amount-due')).toHaveText('€12.18');
      const amount = page.getByLabel('Amount to pay');
      const pay = page.getByRole('button', { name: /^Pay(?! later)/ });
      await expect(pay).toHaveText('Pay €12.18');

      // Card, 100.00 on a 12.18 balance: the field names the balance at once; Pay is off and shows no figure.
      await page.getByRole('radio', { name: 'Card' }).click();
      await amount.fill('100');
      await expect(amount).toHaveAccessibleDescription(/^Amount is more than the balance of €12\.18\. Card can take at most that\./);
      await expect(pay).toBeDisabled();
      await expect(pay).toHaveText('Pay');
      await expect(page.getByRole('button', { name: 'Pay €100.00' })).toHaveCount(0);
      await screen(page, `payment-invoice-card-over-${w}`);
      await amount.press('Enter');
      expect((await server.call('payments.list', {}, token)).items).toHaveLength(1);

      // Empty or not an amount: the reason at the field, Pay off.
      await amount.fill('');
      await expect(amount).toHaveAccessibleDescription(/^Type the amount to pay, like 12\.50\./);
      await expect(pay).toBeDisabled();
      await amount.fill('0');
      await expect(amount).toHaveAccessibleDescription(/^The amount to pay must be more than zero\./);
      await expect(pay).toBeDisabled();

      // A part of it: Pay shows that part, and that part is what is charged.
      await amount.fill('5');
      await expect(pay).toBeEnabled();
      await expect(pay).toHaveText('Pay €5.00');
      await pay.click();
      await expect(page.getByTestId('amount-due')).toHaveText('€7.18');
      await expect(pay).toHaveText('Pay €7.18');
      await page.getByRole('radio', { name: 'Card' }).click();
      await pay.click();
      await expect(page.getByRole('region', { name: 'Paid in full' })).toBeVisible();
      const taken = await server.call('payments.list', {}, token);
      expect(taken.items.map((p) => [p.method, p.amount]).sort()).toEqual([
        ['card', 500],
        ['card', 718],
        ['cash', 1000],
      ]);
    });

    test('the invoice payment screen in an it-IT store: amounts and their examples use the comma', async ({ page, server }) => {
      const { token } = await partlyPaidSale(server);
      await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome', currency: 'EUR' }, token);
      await signInToCounter(page);
      await openQueuePayment(page);
      await expect(page.getByTestId('amount-due')).toHaveText('12,18 €');
      const amount = page.getByLabel('Amount to pay');
      await expect(amount).toHaveValue('12,18');
      await amount.fill('12.x');
      await expect(amount).toHaveAccessibleDescription(/^Type the amount to pay, like 12,50\./);
      await amount.fill('10,5');
      await expect(page.getByRole('button', { name: /^Pay(?! later)/ })).toHaveText('Pay 10,50 €');
      await expect(amount).toHaveAccessibleDescription(/1,68\s€ will be left to pay/);
      const tendered = page.getByLabel('Cash tendered');
      await expect(tendered).toHaveAttribute('placeholder', '10,50');
      await tendered.fill('venti');
      await tendered.press('Enter');
      await expect(tendered).toHaveAccessibleDescription(/^Type the cash received, like 20,00\./);
      await screen(page, `payment-invoice-it-${w}`);
      await tendered.fill('20');
      await expect(page.getByTestId('change-due')).toHaveText('9,50 €');
      await page.getByRole('button', { name: 'Pay 10,50 €' }).click();
      await expect(page.getByTestId('amount-due')).toHaveText('1,68 €');
      await expect(amount).toHaveValue('1,68');
      const taken = await server.call('payments.list', {}, token);
      expect(taken.items.map((p) => [p.amount, p.tendered, p.change]).sort()).toEqual([
        [1000, 1000, 0],
        [1050, 2000, 950],
      ]);
    });
  });
}

/** A notebook and coffee (22.18), 10.00 paid in cash at the counter: 12.18 left on the invoice. */
async function partlyPaidSale(server: TesseraServer) {
  const store = await seedStore(server);
  const { products, token } = store;
  await server.call(
    'orders.checkout',
    {
      lines: [
        { productId: products.notebook.id, quantity: 1 },
        { productId: products.coffee.id, quantity: 1 },
      ],
      tenders: [{ method: 'cash', amount: 1000 }],
      idempotencyKey: 'partly-paid-1',
    },
    token,
  );
  return store;
}

async function openQueuePayment(page: Page) {
  await page.goto('/#/orders');
  await page.getByRole('button', { name: 'Take payment for order 1' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Take payment' })).toBeVisible();
}

for (const viewport of COUNTER_SCREENS) {
  test(`a voucher on the invoice payment screen at ${viewport.width}×${viewport.height}: an unknown code told at the field, the amount what it can take, a voucher spent elsewhere seen at once`, async ({ page, server }) => {
    await page.setViewportSize(viewport);
    const { token, products } = await partlyPaidSale(server);
    const sell = (amount: number, key: string) => server.call('vouchers.sell', { amount, tenders: [{ method: 'card', amount }], idempotencyKey: key }, token);
    const ten = (await sell(1000, 'gift-10')).voucher.code;
    const five = (await sell(500, 'gift-5')).voucher.code;
    await signInToCounter(page);
    await openQueuePayment(page);
    await expect(page.getByTestId('amount-due')).toHaveText('€12.18');
    const pay = page.getByRole('button', { name: /^Pay(?! later)/ });

    // Key 4: Voucher, the focus in its code.
    await page.keyboard.press('4');
    await expect(page.getByRole('radio', { name: 'Voucher' })).toBeChecked();
    const code = page.getByLabel('Voucher code');
    await expect(code).toBeFocused();
    await code.fill('ZZZZ-ZZZZ-ZZZZ');
    await expect(code).toHaveAccessibleDescription(/No voucher has this code/);
    await expect(pay).toBeDisabled();

    // €10.00 on it, €12.18 due: it takes €10.00.
    await code.fill(ten);
    await expect(page.getByTestId('voucher-status')).toContainText('€10.00 left of €10.00');
    await expect(page.getByLabel('Amount to pay')).toHaveValue('10.00');
    await screen(page, `payment-invoice-voucher-${viewport.width}`);
    await pay.click();
    await expect(page.getByTestId('amount-due')).toHaveText('€2.18');
    expect((await server.call('vouchers.get', { code: ten }, token)).balance).toBe(0);

    // The €5.00 voucher, found, then spent at another till: the field says so at once and Pay is off.
    await page.getByRole('radio', { name: 'Voucher' }).click();
    await code.fill(five);
    await expect(page.getByLabel('Amount to pay')).toHaveValue('2.18');
    await server.call('orders.checkout', { lines: [{ productId: products.stapler.id, quantity: 1 }], tenders: [{ method: 'voucher', amount: 500, code: five }, { method: 'cash', amount: 1240 }], idempotencyKey: 'elsewhere' }, token);
    await expect(code).toHaveAccessibleDescription(/Nothing is left on this voucher/);
    await expect(pay).toBeDisabled();

    await page.getByRole('radio', { name: 'Cash' }).click();
    await pay.click();
    await expect(page.getByRole('region', { name: 'Paid in full' })).toBeVisible();
  });
}
