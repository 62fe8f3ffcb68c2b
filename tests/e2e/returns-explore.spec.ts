import type { Page } from '@playwright/test';
import { countPrints, expect, screen, test, type TesseraServer } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { admin, catalogue, REGISTER_ID, scan, scannerBurst, seedStore, signInToCounter, type SalesStore } from '../support/e2e-sales';

/**
 * A new counter user with a scanner, keyboard first: the receipt's invoice number scanned at
 * Returns, a line back to cash with its receipt, PDF and the drawer's X report; a receipt-less
 * voucher scanned into the Voucher tender and split with card; a gift voucher sold with F8; the
 * mis-uses (too many back, letters, Escape, a reload mid-return, a cashier past the window); an
 * exchange in an Italian store's money.
 */

const manager = { username: 'morgan', displayName: 'Morgan Manager', password: 'manager-pass-1', pin: '4321' };

async function addManager(server: TesseraServer, token: string): Promise<void> {
  const user = await server.call('users.create', { username: manager.username, displayName: manager.displayName, role: 'manager', password: manager.password }, token);
  await server.call('users.setPin', { userId: user.id, pin: manager.pin }, token);
}

/** Scans the items at the counter and takes the exact amount in cash (F9, Enter); back at a new sale. The invoice. */
async function sellAtCounter(page: Page, server: TesseraServer, store: SalesStore, barcodes: string[]) {
  for (const code of barcodes) await scan(page, code);
  await page.keyboard.press('F9');
  await expect(page.getByRole('radio', { name: 'Cash' })).toBeFocused();
  await page.keyboard.press('Enter');
  const done = page.getByRole('region', { name: 'Paid in full' });
  await expect(done).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
  return (await server.call('invoices.list', {}, store.token)).items[0]!;
}

async function openReturns(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Returns' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Returns' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Find the sale' })).toBeFocused();
}

const line = (page: Page, name: string) => page.getByRole('list', { name: 'Lines of the sale' }).getByRole('listitem', { name, exact: true });
const stepper = (page: Page, name: string) => page.getByRole('textbox', { name: `Quantity to return of ${name}`, exact: true });

/** Whether an element's text shows whole: not cut off by its box. */
const unclipped = (page: Page, selector: string) => page.locator(selector).first().evaluate((e) => e.scrollWidth <= e.clientWidth);

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('the receipt scanned at Returns: one of three items back to cash, its receipt and PDF, the drawer short of it; the invoice header on one row', async ({ page, server }) => {
      const store = await seedStore(server);
      await signInToCounter(page);
      const invoice = await sellAtCounter(page, server, store, [catalogue.notebook.barcode, catalogue.pen.barcode, catalogue.mug.barcode]);
      expect(invoice.total).toBe(2437);
      await openReturns(page);
      await scannerBurst(page, invoice.number);
      await expect(page.getByRole('region', { name: `Sale ${invoice.number}` }).getByTestId('sale-total')).toHaveText('€24.37');
      // Focus never lost after the scan: on the first line's quantity, Tab goes down the lines.
      await expect(stepper(page, catalogue.notebook.name)).toBeFocused();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expect(stepper(page, catalogue.mug.name)).toBeFocused();
      await page.keyboard.press('+');
      await expect(line(page, catalogue.mug.name).getByTestId('line-credit')).toHaveText('−€9.54');
      await page.getByRole('radio', { name: /^Cash/ }).check();
      await screen(page, `explore-return-lines-${w}`);
      await page.getByRole('button', { name: 'Refund €9.54' }).click();

      const done = page.getByRole('region', { name: '€9.54 back to the customer' });
      await expect(done.getByTestId('credit-note-number')).toHaveText('CN-000001');
      await expect(done).toContainText(`corrects ${invoice.number}`);
      await expect(done.getByRole('list', { name: 'Refunds' })).toHaveText(/Cash €9\.54 — give to the customer/);
      await expect(done.getByRole('button', { name: 'New return' })).toBeFocused();
      await screen(page, `explore-return-done-${w}`);

      // P: the credit note's receipt, printed at once; Escape back with the focus where it was.
      const prints = await countPrints(page);
      await page.keyboard.press('p');
      const receipt = page.getByRole('dialog', { name: 'Receipt' });
      await expect(receipt.getByTestId('receipt')).toContainText('CREDIT NOTE CN-000001');
      await expect(receipt.getByTestId('receipt')).toContainText(`Corrects ${invoice.number}`);
      await expect.poll(prints).toBe(1);
      await screen(page, `explore-return-receipt-${w}`);
      await page.keyboard.press('Escape');
      await expect(receipt).toBeHidden();
      await expect(done.getByRole('button', { name: 'New return' })).toBeFocused();
      const tab = page.waitForEvent('popup');
      await done.getByRole('button', { name: 'Credit note PDF' }).click();
      await (await tab).close();

      // The drawer: €100 float + €24.37 taken − €9.54 given back.
      expect((await server.call('cashSessions.current', { registerId: REGISTER_ID }, store.token)).session?.expectedCash).toBe(11_483);
      await page.getByRole('link', { name: 'Counter' }).click();
      await page.getByRole('button', { name: 'Register menu' }).click();
      await page.getByRole('menuitem', { name: 'X report' }).click();
      const x = page.getByRole('dialog', { name: 'X report' });
      await expect(x).toContainText(/Cash refunds\s*− €9\.54/);
      await expect(x).toContainText(/Expected cash\s*€114\.83/);
      await screen(page, `explore-return-x-${w}`);
      await page.keyboard.press('Escape');
      await expect(x).toBeHidden();

      // A manager on the invoice: every action on one row, Cancel and refund included.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Username').fill(admin.username);
      await page.getByLabel('Password', { exact: true }).fill(admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
      await page.goto(`/#/invoices/${invoice.id}`);
      await expect(page.getByRole('heading', { level: 1, name: invoice.number })).toBeVisible();
      const cancel = page.getByRole('button', { name: 'Cancel and refund' });
      const pdf = page.getByRole('button', { name: 'Invoice PDF' });
      await expect(cancel).toBeVisible();
      const [a, b] = [await pdf.boundingBox(), await cancel.boundingBox()];
      expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
      await expect(page.getByRole('link', { name: '← All invoices' })).toBeVisible();
      await screen(page, `explore-invoice-manager-${w}`);
    });

    test('a voucher for a return without a receipt, scanned into the Voucher tender and split with card; a gift voucher sold with F8 and its receipt', async ({ page, server }) => {
      const store = await seedStore(server);
      await addManager(server, store.token);
      await signInToCounter(page);
      await sellAtCounter(page, server, store, [catalogue.mug.barcode]);
      await openReturns(page);
      await page.getByRole('tab', { name: 'Return', exact: true }).press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect(page.getByRole('tab', { name: 'No receipt' })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('combobox', { name: 'Scan or search what comes back' })).toBeFocused();
      await scannerBurst(page, catalogue.mug.barcode);
      const mug = page.getByRole('list', { name: 'Coming back' }).getByRole('listitem', { name: catalogue.mug.name });
      await expect(mug.getByTestId('receiptless-price')).toContainText('€9.54 each');
      await expect(page.getByRole('radio', { name: /^Voucher/ })).toBeChecked();
      const approval = page.getByRole('group', { name: 'Manager approval' });
      await approval.getByLabel('Manager username').fill(manager.username);
      await approval.getByLabel('Manager PIN').fill(manager.pin);
      await screen(page, `explore-receiptless-${w}`);
      await approval.getByLabel('Manager PIN').press('Enter');
      const done = page.getByRole('region', { name: 'Voucher for €9.54' });
      await expect(done).toContainText(`approved by ${manager.displayName}`);
      const code = (await done.getByTestId('voucher-code').textContent())!.trim();
      await screen(page, `explore-receiptless-done-${w}`);

      // The stapler (€17.40): key 4, the voucher scanned (its Enter waits for the voucher), the rest by card.
      await page.getByRole('link', { name: 'Counter' }).click();
      await scan(page, catalogue.stapler.barcode);
      await page.keyboard.press('F9');
      await page.keyboard.press('4');
      await expect(page.getByLabel('Voucher code')).toBeFocused();
      await scannerBurst(page, code);
      const tenders = page.getByRole('list', { name: 'Tenders' });
      await expect(tenders).toContainText('Voucher');
      await expect(tenders).toContainText('€9.54');
      await expect(page.getByTestId('amount-due')).toHaveText('€7.86');
      await screen(page, `explore-voucher-split-${w}`);
      await page.keyboard.press('2');
      await expect(page.getByRole('radio', { name: 'Card' })).toBeChecked();
      await page.keyboard.press('Enter');
      const paid = page.getByRole('region', { name: 'Paid in full' });
      await expect(paid).toBeVisible();
      await screen(page, `explore-voucher-paid-${w}`);
      expect(await server.call('vouchers.get', { code }, store.token)).toMatchObject({ amount: 954, balance: 0 });
      await page.keyboard.press('Enter');

      // F8: a €25 gift voucher paid in cash; its receipt prints the code and its barcode.
      await page.keyboard.press('F8');
      const dialog = page.getByRole('dialog', { name: 'Sell a gift voucher' });
      await expect(dialog.getByLabel('Voucher value')).toBeFocused();
      await page.keyboard.type('25');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('radio', { name: 'Cash' })).toBeFocused();
      await page.getByLabel('Cash tendered').fill('30');
      await page.getByLabel('Cash tendered').press('Enter');
      await expect(paid.getByTestId('change-due')).toHaveText('€5.00');
      const gift = (await paid.getByTestId('gift-voucher-code').textContent())!.trim();
      await screen(page, `explore-gift-done-${w}`);
      await countPrints(page);
      await page.keyboard.press('p');
      const receipt = page.getByRole('dialog', { name: 'Receipt' });
      await expect(receipt.getByTestId('receipt')).toContainText(gift);
      // The code's barcode right under it (the invoice's at the foot is another).
      await expect(receipt.locator('.receipt__line', { hasText: gift }).locator('xpath=following-sibling::*[1]')).toHaveClass('receipt__barcode');
      await screen(page, `explore-gift-receipt-${w}`);
      await page.keyboard.press('Escape');
      await expect(receipt).toBeHidden();
    });

    test('mis-use: too many back, letters, Escape and a reload mid-return store nothing; a cashier past the window needs a manager', async ({ page, server }) => {
      const store = await seedStore(server);
      await addManager(server, store.token);
      await signInToCounter(page);
      const invoice = await sellAtCounter(page, server, store, [catalogue.notebook.barcode, catalogue.pen.barcode]);
      await openReturns(page);
      await scannerBurst(page, invoice.number);
      const pen = stepper(page, catalogue.pen.name);
      // More than was sold is held at what is left; letters are no quantity.
      await pen.fill('5');
      await expect(pen).toHaveValue('1');
      await expect(page.getByTestId('refund-total')).toHaveText('€2.27');
      await pen.fill('abc');
      await expect(pen).toHaveValue('0');
      await expect(page.getByRole('button', { name: 'Return', exact: true })).toBeVisible();
      await pen.press('+');
      // Escape drops nothing chosen and issues nothing.
      await page.keyboard.press('Escape');
      await expect(pen).toHaveValue('1');
      await screen(page, `explore-misuse-${w}`);
      // A reload mid-return: nothing was issued; the sale found again starts afresh.
      await page.reload();
      await openReturns(page);
      await scannerBurst(page, invoice.number);
      await expect(stepper(page, catalogue.pen.name)).toHaveValue('0');
      expect((await server.call('creditNotes.list', {}, store.token)).items).toHaveLength(0);

      // Past the window (0 days): the cashier is told up front and asked for a manager.
      await server.call('settings.update', { returnWindowDays: 0 }, store.token);
      await page.getByRole('button', { name: 'Another sale' }).click();
      await scannerBurst(page, invoice.number);
      await expect(page.getByText('Outside the return window')).toBeVisible();
      const approval = page.getByRole('group', { name: 'Manager approval' });
      await expect(approval).toContainText('The store takes nothing back without a manager.');
      await stepper(page, catalogue.pen.name).press('+');
      await page.getByRole('button', { name: 'Refund €2.27' }).click();
      await expect(approval.getByLabel('Manager username')).toBeFocused();
      await expect(approval.getByLabel('Manager username')).toHaveAttribute('aria-invalid', 'true');
      await screen(page, `explore-misuse-window-${w}`);
      expect((await server.call('creditNotes.list', {}, store.token)).items).toHaveLength(0);
      await approval.getByLabel('Manager username').fill(manager.username);
      await approval.getByLabel('Manager PIN').fill(manager.pin);
      await approval.getByLabel('Manager PIN').press('Enter');
      await expect(page.getByRole('region', { name: '€2.27 back to the customer' })).toContainText(`approved by ${manager.displayName}`);
    });

    test('an Italian store: a size exchanged, the difference paid in cash typed "20,00", change in its money', async ({ page, server }) => {
      const store = await seedStore(server);
      await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome' }, store.token);
      await signInToCounter(page);
      // A blue pen (2,27 €) swapped for a stapler (17,40 €): 15,13 € to pay.
      const invoice = await sellAtCounter(page, server, store, [catalogue.pen.barcode, catalogue.mug.barcode]);
      await openReturns(page);
      await scannerBurst(page, invoice.number);
      await expect(page.getByRole('region', { name: `Sale ${invoice.number}` }).getByTestId('sale-total')).toHaveText('11,81 €');
      await page.getByRole('tab', { name: 'Exchange' }).click();
      await stepper(page, catalogue.pen.name).press('ArrowUp');
      await expect(line(page, catalogue.pen.name).getByTestId('line-credit')).toHaveText('−2,27 €');
      const out = page.getByRole('combobox', { name: 'Scan or search what goes out' });
      await out.focus();
      await scannerBurst(page, catalogue.stapler.barcode);
      await expect(page.getByRole('list', { name: 'Going out' }).getByRole('listitem', { name: catalogue.stapler.name })).toBeVisible();
      // Ready for the next scan; the name whole, the total on one line.
      await expect(out).toBeFocused();
      expect(await unclipped(page, '.returns-out__name')).toBe(true);
      const pays = page.locator('.returns-exchange .returns-summary__total dt');
      await expect(pays).toHaveText('Customer pays');
      expect((await pays.boundingBox())!.height).toBeLessThan(40);
      await expect(page.getByTestId('exchange-difference')).toHaveText('15,13 €');
      await page.getByLabel('Cash tendered').fill('20,00');
      await expect(page.getByTestId('change-due')).toHaveText('4,87 €');
      await screen(page, `explore-it-exchange-${w}`);
      await page.getByLabel('Cash tendered').press('Enter');
      const done = page.getByRole('region', { name: 'Exchange done' });
      await expect(done.getByTestId('change-due')).toHaveText('4,87 €');
      await expect(done).toContainText('2,27 € from what came back · 15,13 € paid');
      await screen(page, `explore-it-exchange-done-${w}`);
      const notes = await server.call('creditNotes.list', { invoiceId: invoice.id }, store.token);
      expect(notes.items[0]).toMatchObject({ kind: 'exchange', total: 227 });
    });
  });
}
