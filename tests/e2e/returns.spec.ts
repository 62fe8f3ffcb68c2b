import type { Page } from '@playwright/test';
import { expect, screen, test, type TesseraServer } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { cashier, catalogue, REGISTER_ID, scan, seedStore, signInToCounter, type CatalogueKey, type SalesStore } from '../support/e2e-sales';

/** The Returns screen: a line of a sale back to cash, an exchange with more to pay, a return without a receipt a manager approves, a voucher issued and spent. */

const manager = { username: 'morgan', displayName: 'Morgan Manager', password: 'manager-pass-1', pin: '4321' };

async function addManager(server: TesseraServer, token: string): Promise<void> {
  const user = await server.call('users.create', { username: manager.username, displayName: manager.displayName, role: 'manager', password: manager.password }, token);
  await server.call('users.setPin', { userId: user.id, pin: manager.pin }, token);
}

/** A sale made behind the UI's back (the back office, bound to no register), paid in full by card: its invoice. */
async function sell(server: TesseraServer, store: SalesStore, keys: CatalogueKey[], method: 'card' | 'cash' = 'card') {
  const order = await server.call('orders.create', { lines: keys.map((k) => ({ productId: store.products[k].id, quantity: 1 })) }, store.token);
  const invoice = await server.call('invoices.generate', { orderId: order.id }, store.token);
  await server.call('payments.pay', { invoiceId: invoice.id, method, amount: invoice.total, idempotencyKey: `sale-${invoice.id}` }, store.token);
  return invoice;
}

async function openReturns(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Returns' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Returns' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Find the sale' })).toBeFocused();
}

/** Types the number read off the receipt, as a scanner would: the text and Enter. */
async function findSale(page: Page, text: string): Promise<void> {
  const find = page.getByRole('textbox', { name: 'Find the sale' });
  await find.fill(text);
  await find.press('Enter');
}

const line = (page: Page, name: string) => page.getByRole('list', { name: 'Lines of the sale' }).getByRole('listitem', { name, exact: true });
const stepper = (page: Page, name: string) => page.getByRole('textbox', { name: `Quantity to return of ${name}`, exact: true });

async function expectedCash(server: TesseraServer, token: string): Promise<number | null> {
  return (await server.call('cashSessions.current', { registerId: REGISTER_ID }, token)).session?.expectedCash ?? null;
}

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('one of three lines comes back to cash: the credit estimated as the core credits it, the cash out of the drawer, the credit note shown', async ({ page, server }) => {
      const store = await seedStore(server);
      const invoice = await sell(server, store, ['notebook', 'pen', 'mug']);
      expect(invoice.total).toBe(2437);
      const drawer = await expectedCash(server, store.token);
      await signInToCounter(page);
      await openReturns(page);
      await screen(page, `returns-find-${w}`);

      // Digits alone are the invoice number.
      await findSale(page, '1');
      await expect(page).toHaveURL(new RegExp(`#/returns/${invoice.id}$`));
      await expect(page.getByRole('region', { name: `Sale ${invoice.number}` }).getByTestId('sale-total')).toHaveText('€24.37');
      await expect(line(page, catalogue.mug.name).getByTestId('line-counts')).toHaveText('Sold 1 · returned 0 · 1 returnable');
      // Keyboard first: the first line takes the focus; Tab moves on down the lines.
      await expect(stepper(page, catalogue.notebook.name)).toBeFocused();
      await stepper(page, catalogue.mug.name).press('+');
      await expect(stepper(page, catalogue.mug.name)).toHaveValue('1');
      await expect(line(page, catalogue.mug.name).getByTestId('line-credit')).toHaveText('−€9.54');
      await expect(page.getByTestId('refund-total')).toHaveText('€9.54');
      await page.getByRole('radio', { name: /^Cash/ }).check();
      await screen(page, `returns-lines-${w}`);
      await page.getByRole('button', { name: 'Refund €9.54' }).click();

      const done = page.getByRole('region', { name: '€9.54 back to the customer' });
      await expect(done).toBeVisible();
      await expect(done.getByTestId('credit-note-number')).toHaveText('CN-000001');
      await expect(done.getByRole('list', { name: 'Refunds' })).toHaveText(/Cash €9\.54 — give to the customer/);
      await expect(done.getByRole('button', { name: 'New return' })).toBeFocused();
      await screen(page, `returns-done-${w}`);
      // The cash left the register's drawer; the invoice shows what was credited.
      expect(await expectedCash(server, store.token)).toBe((drawer ?? 0) - 954);
      const after = await server.call('invoices.get', { id: invoice.id }, store.token);
      expect(after).toMatchObject({ status: 'PAID', credited: 954 });

      // The same line cannot come back twice: nothing is left of it.
      await page.keyboard.press('Enter');
      await findSale(page, invoice.number);
      await expect(line(page, catalogue.mug.name).getByTestId('line-counts')).toHaveText('Sold 1 · returned 1 · nothing left to return');
      await expect(stepper(page, catalogue.mug.name)).toHaveCount(0);
      await expect(page.getByRole('region', { name: `Sale ${invoice.number}` }).getByTestId('sale-credited')).toHaveText('€9.54');
    });

    test('an exchange for something dearer: the credit against the new sale, the difference paid in cash with change, both documents linked', async ({ page, server }) => {
      const store = await seedStore(server);
      // A pen (€2.27) swapped for a stapler (€17.40): €15.13 to pay.
      const invoice = await sell(server, store, ['pen']);
      await signInToCounter(page);
      await openReturns(page);
      await findSale(page, invoice.number);
      await page.getByRole('tab', { name: 'Exchange' }).click();
      await stepper(page, catalogue.pen.name).press('ArrowUp');
      const out = page.getByRole('combobox', { name: 'Scan or search what goes out' });
      await out.fill(catalogue.stapler.barcode);
      await out.press('Enter');
      await expect(page.getByRole('list', { name: 'Going out' }).getByRole('listitem', { name: catalogue.stapler.name })).toBeVisible();
      await expect(page.getByTestId('exchange-credit')).toHaveText('€2.27');
      await expect(page.getByTestId('exchange-sale')).toHaveText('€17.40');
      await expect(page.getByTestId('exchange-difference')).toHaveText('€15.13');
      await page.getByLabel('Cash tendered').fill('20');
      await expect(page.getByTestId('change-due')).toHaveText('€4.87');
      await screen(page, `returns-exchange-${w}`);
      await page.getByRole('button', { name: 'Exchange · take €15.13' }).click();

      const done = page.getByRole('region', { name: 'Exchange done' });
      await expect(done).toBeVisible();
      await expect(done.getByTestId('credit-note-number')).toHaveText('CN-000001');
      await expect(done.getByTestId('exchange-invoice')).toHaveText('INV-000002');
      await expect(done.getByTestId('change-due')).toHaveText('€4.87');
      // The pen's credit paid part of the stapler: nothing to hand back for it.
      await expect(done).toContainText('€2.27 from what came back · €15.13 paid');
      await expect(done.getByRole('list', { name: 'Refunds' })).toHaveCount(0);
      await screen(page, `returns-exchange-done-${w}`);
      const notes = await server.call('creditNotes.list', { invoiceId: invoice.id }, store.token);
      expect(notes.items[0]).toMatchObject({ kind: 'exchange', total: 227 });
      const swapped = await server.call('invoices.get', { id: notes.items[0]!.exchangeInvoiceId! }, store.token);
      expect(swapped).toMatchObject({ number: 'INV-000002', status: 'PAID', total: 1740 });
    });

    test('without a receipt a cashier needs a manager: a wrong PIN is refused at its field, the right one issues a voucher at the lowest recent price', async ({ page, server }) => {
      const store = await seedStore(server);
      await addManager(server, store.token);
      // Sold once at today's price (€9.54): the lowest in the window.
      await sell(server, store, ['mug']);
      await signInToCounter(page);
      await openReturns(page);
      await page.getByRole('tab', { name: 'No receipt' }).click();
      const picker = page.getByRole('combobox', { name: 'Scan or search what comes back' });
      await expect(picker).toBeFocused();
      await picker.fill(catalogue.mug.barcode);
      await picker.press('Enter');
      const mug = page.getByRole('list', { name: 'Coming back' }).getByRole('listitem', { name: catalogue.mug.name });
      await expect(mug.getByTestId('receiptless-price')).toContainText('€9.54 each · lowest in 90 days');
      await expect(page.getByTestId('refund-total')).toHaveText('€9.54');
      await expect(page.getByRole('radio', { name: /^Voucher/ })).toBeChecked();
      const approval = page.getByRole('group', { name: 'Manager approval' });
      await expect(approval).toBeVisible();
      await approval.getByLabel('Manager username').fill(manager.username);
      await approval.getByLabel('Manager PIN').fill('0000');
      await page.getByRole('button', { name: 'Voucher for €9.54' }).click();
      await expect(approval.getByLabel('Manager PIN')).toHaveAccessibleDescription('Wrong username or PIN.');
      await expect(approval.getByLabel('Manager PIN')).toBeFocused();
      await screen(page, `returns-receiptless-${w}`);
      await approval.getByLabel('Manager PIN').fill(manager.pin);
      await approval.getByLabel('Manager PIN').press('Enter');

      const done = page.getByRole('region', { name: 'Voucher for €9.54' });
      await expect(done).toBeVisible();
      await expect(done).toContainText(`approved by ${manager.displayName}`);
      const code = (await done.getByTestId('voucher-code').textContent())!.trim();
      await screen(page, `returns-receiptless-done-${w}`);
      const voucher = await server.call('vouchers.get', { code }, store.token);
      expect(voucher).toMatchObject({ amount: 954, balance: 954, kind: 'refund', usable: true });
      const note = await server.call('creditNotes.get', { id: voucher.creditNoteId! }, store.token);
      expect(note).toMatchObject({ kind: 'receiptless', invoiceId: null, approvedByName: manager.displayName });
    });

    test('a refund as a voucher, then the voucher spent on the next sale', async ({ page, server }) => {
      const store = await seedStore(server);
      const invoice = await sell(server, store, ['notebook', 'coffee']);
      await signInToCounter(page);
      await openReturns(page);
      await findSale(page, invoice.number);
      await stepper(page, catalogue.notebook.name).press('+');
      await page.getByRole('radio', { name: /^Voucher/ }).check();
      await page.getByRole('button', { name: 'Refund €12.56' }).click();
      const done = page.getByRole('region', { name: 'Voucher for €12.56' });
      await expect(done.getByTestId('voucher')).toContainText('Store credit voucher · €12.56');
      const code = (await done.getByTestId('voucher-code').textContent())!.trim();
      expect(code).not.toBe('');
      await screen(page, `returns-voucher-${w}`);

      // Spent at the counter on a pen (€2.27): €10.29 is left on it.
      await page.getByRole('link', { name: 'Counter' }).click();
      await scan(page, catalogue.pen.barcode);
      await page.keyboard.press('F9');
      await page.getByRole('radio', { name: 'Voucher' }).click();
      await page.getByLabel('Voucher code').fill(code);
      await expect(page.getByTestId('voucher-status')).toContainText('€12.56 left of €12.56');
      await expect(page.getByLabel('Amount', { exact: true })).toHaveValue('2.27');
      await page.locator('.pay__submit').click();
      await expect(page.getByRole('region', { name: 'Paid in full' })).toBeVisible();
      expect(await server.call('vouchers.get', { code }, store.token)).toMatchObject({ amount: 1256, balance: 1029 });
    });
  });
}

test.describe('at 1024×768, the register closed', () => {
  test.use({ viewport: COUNTER_SCREENS[0] });

  test('with the register closed the screen says so up front, a cash refund is refused with the way to open it, nothing is stored', async ({ page, server }) => {
    const store = await seedStore(server, { open: false });
    const invoice = await sell(server, store, ['mug']);
    await page.goto('/');
    await page.getByLabel('Username').fill(cashier.username);
    await page.getByLabel('Password', { exact: true }).fill(cashier.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
    await openReturns(page);
    await expect(page.getByRole('status').filter({ hasText: 'The register is not open.' })).toBeVisible();
    await findSale(page, invoice.number);
    await stepper(page, catalogue.mug.name).press('+');
    await page.getByRole('radio', { name: /^Cash/ }).check();
    await page.getByRole('button', { name: 'Refund €9.54' }).click();
    const refusal = page.getByRole('form', { name: 'Refund' }).getByRole('status').filter({ hasText: 'The register is not open.' });
    await expect(refusal).toBeVisible();
    await screen(page, 'returns-register-closed-1024');
    expect((await server.call('creditNotes.list', {}, store.token)).items).toHaveLength(0);
    await refusal.getByRole('link', { name: 'Open the register at the Counter' }).click();
    await expect(page.getByRole('heading', { name: 'Open register' })).toBeVisible();
  });
});
