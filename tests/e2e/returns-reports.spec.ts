/**
 * Returns in the books on screen: a day at Register 1 with a return to cash and one to a
 * voucher that is then spent (seeded over the API), read in the X report dialog, the Z
 * report's page, the day summary and the Exports screen's credit notes; at 1024×768.
 * Screenshots: test-results/screens/returns-*.png.
 */
import type { Page } from '@playwright/test';
import { expect, screen, test, type TesseraServer } from '../support/e2e';
import { admin, cashier, REGISTER_ID, seedStore, signInToCounter, type SalesStore } from '../support/e2e-sales';

let keys = 0;

interface Day {
  till: string;
  sessionId: string;
  /** The two credit notes' totals. */
  credited: number;
  cashRefund: number;
  voucher: number;
}

/**
 * Sold through Register 1: a notebook and a pen in cash, the pen brought back for cash; a mug
 * in cash, brought back for a voucher, which then pays for green tea.
 */
async function seedDay(server: TesseraServer, store: SalesStore): Promise<Day> {
  const { token: till } = await server.call('auth.login', { username: cashier.username, password: cashier.password, registerId: REGISTER_ID });
  const checkout = async (lines: { productId: string; quantity: number }[], tender: (total: number) => { method: 'cash' | 'voucher'; amount: number; code?: string }) => {
    const order = await server.call('orders.create', { lines }, till);
    return server.call('orders.checkout', { heldOrderId: order.id, tenders: [tender(order.total)], idempotencyKey: `ret-e2e-${++keys}` }, till);
  };
  const p = store.products;
  const first = await checkout([{ productId: p.notebook.id, quantity: 1 }, { productId: p.pen.id, quantity: 1 }], (total) => ({ method: 'cash', amount: total }));
  const pen = await server.call('returns.create', { invoiceId: first.invoice.id, lines: [{ invoiceLineIndex: 1, quantity: 1, reason: 'Does not write' }], idempotencyKey: `ret-e2e-${++keys}` }, till);
  const second = await checkout([{ productId: p.mug.id, quantity: 1 }], (total) => ({ method: 'cash', amount: total }));
  const mug = await server.call(
    'returns.create',
    { invoiceId: second.invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'Unwanted gift' }], refunds: [{ method: 'voucher', amount: second.invoice.total }], idempotencyKey: `ret-e2e-${++keys}` },
    till,
  );
  const code = mug.creditNote.vouchers[0]!.code;
  await checkout([{ productId: p.tea.id, quantity: 1 }], (total) => ({ method: 'voucher', code, amount: total }));
  const current = await server.call('cashSessions.current', { registerId: REGISTER_ID }, till);
  return { till, sessionId: current.session!.id, credited: pen.creditNote.total + mug.creditNote.total, cashRefund: pen.creditNote.total, voucher: mug.creditNote.total };
}

const euros = (minor: number) => `€${(minor / 100).toFixed(2)}`;

async function signInBackOffice(page: Page): Promise<void> {
  await expect(async () => {
    await page.goto('/');
    await expect(page.getByLabel('Username')).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 40_000 });
  await page.getByLabel('Username').fill(admin.username);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toHaveText(admin.displayName);
}

test.use({ viewport: { width: 1024, height: 768 } });

test('the X report, the Z report and the day summary show what went back; the Exports screen writes credit notes by kind', async ({ page, server }) => {
  const store = await seedStore(server);
  const day = await seedDay(server, store);

  // The cashier's X report at the counter: a Returns block.
  await signInToCounter(page);
  await page.getByRole('button', { name: 'Register menu' }).click();
  await page.getByRole('menuitem', { name: 'X report' }).click();
  const x = page.getByRole('dialog', { name: 'X report' });
  await expect(x.getByTestId('x-credit-notes')).toHaveText(`2 · -${euros(day.credited)}`);
  const returns = x.getByRole('region', { name: 'Returns' });
  await expect(returns).toContainText('Cash refunds');
  await expect(returns).toContainText(`1 · -${euros(day.cashRefund)}`);
  await expect(returns).toContainText('Vouchers issued');
  await expect(returns).toContainText(`1 · ${euros(day.voucher)}`);
  await x.getByRole('heading', { name: 'Returns' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/returns-x-1024.png', animations: 'disabled' });
  await page.keyboard.press('Escape');

  // Closed even; the Z report's page.
  const { expectedCash } = await server.call('cashSessions.get', { id: day.sessionId }, day.till);
  await server.call('cashSessions.close', { sessionId: day.sessionId, countedCash: expectedCash! }, day.till);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInBackOffice(page);
  await page.goto('/#/reports/z');
  await page.getByRole('link', { name: 'Z-R1-000001' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Z-R1-000001' })).toBeVisible();
  const card = page.getByRole('region', { name: 'Returns' });
  await expect(card.getByTestId('report-credit-notes')).toHaveText(`2 · -${euros(day.credited)}`);
  await expect(card.getByTestId('report-refunds-cash')).toHaveText(`1 · -${euros(day.cashRefund)}`);
  await expect(card.getByTestId('report-refunds-voucher')).toHaveText(`1 · -${euros(day.voucher)}`);
  await expect(card.getByTestId('report-vouchers-issued')).toHaveText(`1 · ${euros(day.voucher)}`);
  await expect(page.getByRole('table', { name: 'Credit notes by tax rate' })).toContainText('20%');
  // The printout beside it has the block too.
  await expect(page.getByTestId('z-report')).toContainText('RETURNS');
  await screen(page, 'returns-z-detail-1024');

  // The day summary.
  await page.goto('/#/reports/dashboard');
  const summary = page.getByRole('table', { name: 'Day summary per register' });
  await expect(summary.getByRole('row').filter({ hasText: 'All registers' })).toContainText(`-${euros(day.credited)}`);
  const dayReturns = page.locator('.reports__day').getByRole('region', { name: 'Returns' });
  await expect(dayReturns.getByTestId('report-vouchers-redeemed')).toContainText('1 · ');
  await dayReturns.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/returns-day-1024.png', animations: 'disabled' });

  // Exports: credit notes of one kind.
  await page.goto('/#/exports');
  const form = page.getByRole('form', { name: 'New export' });
  await form.getByRole('radio', { name: /Credit notes/ }).check();
  await form.getByLabel('Kind').selectOption('return');
  await screen(page, 'returns-exports-1024');
  await form.getByRole('button', { name: 'Export credit note lines' }).click();
  await expect(page.getByTestId('export-result')).toContainText('2 credit note lines');
  await expect(page.getByTestId('export-file')).toHaveText(/^credit-notes-\d{8}-\d{6}\.csv$/);
});
