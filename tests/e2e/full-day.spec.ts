/**
 * A whole day at Register 1, driven as a cashier does it (scanner, keyboard, the register menu):
 * the float counted, sales in cash with change, by card and split, a pay-out, a no-sale, a
 * manager switching in by PIN to cancel (refund) a paid sale from the queue, the X report with
 * blind count, the blind close short beyond the threshold with a manager's approval, and the
 * printed Z checked line by line and against `reports.z`. The API only arranges the store.
 * Screenshots: test-results/screens/full-day-*.png (1024×768).
 */
import type { Locator, Page } from '@playwright/test';
import { countPrints, expect, screen, test } from '../support/e2e';
import { cart, cartLine, cashier, catalogue, REGISTER_ID, scan, scanInput, seedStore } from '../support/e2e-sales';

const manager = { username: 'morgan', displayName: 'Morgan Manager', password: 'manager-pass-1', pin: '4321' };
const cashierPin = '2468';

const registerName = (page: Page) => page.getByTestId('register-name');
const lockScreen = (page: Page) => page.getByTestId('lock-screen');
const paidInFull = (page: Page) => page.getByRole('region', { name: 'Paid in full' });

async function registerMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'Register menu' }).click();
  await expect(page.getByRole('menu', { name: 'Register' })).toBeVisible();
  await page.getByRole('menuitem', { name: item }).click();
}

/** Lock, then sign in on the lock screen as someone else with their PIN (the terminal's quick switch). */
async function switchTo(page: Page, user: { username: string; displayName: string }, pin: string): Promise<void> {
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await lockScreen(page).getByRole('button', { name: 'Switch cashier' }).click();
  await lockScreen(page).getByLabel('Username').fill(user.username);
  await lockScreen(page).getByLabel('PIN', { exact: true }).fill(pin);
  await lockScreen(page).getByLabel('PIN', { exact: true }).press('Enter');
  await expect(lockScreen(page)).toBeHidden();
  await expect(page.getByTestId('current-user')).toHaveText(user.displayName);
}

/** The payment is made: the done panel, then Enter (New sale) back to an empty counter. */
async function nextSale(page: Page): Promise<void> {
  await expect(paidInFull(page).getByRole('button', { name: 'New sale' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(cart(page).getByTestId('cart-line')).toHaveCount(0);
  await expect(scanInput(page)).toBeFocused();
}

/** The printed Z's lines as the paper shows them. */
async function paperLines(paper: Locator): Promise<string[]> {
  return (await paper.locator('.receipt__line').allTextContents()).map((l) => l.replace(/\u00a0/g, ' ').trimEnd());
}

/** A label/value row of the paper: the label at the left, the value at the right edge. */
function row(lines: string[], label: string): string | undefined {
  return lines.find((l) => l.startsWith(`${label} `))?.slice(label.length).trim();
}

test.use({ viewport: { width: 1024, height: 768 } });

test('a full day at Register 1: float, cash/card/split sales, pay-out, no-sale, a refund, the blind X, a short blind close approved by a manager, the printed Z', async ({ page, server }) => {
  // The store: Register 1 not yet open, blind count, a cashier may be at most €5.00 out.
  const { token } = await seedStore(server, { open: false });
  await server.call('settings.update', { blindCount: true, varianceApprovalAbove: 500 }, token);
  const mgr = await server.call('users.create', { username: manager.username, displayName: manager.displayName, role: 'manager', password: manager.password }, token);
  await server.call('users.setPin', { userId: mgr.id, pin: manager.pin }, token);
  const casey = (await server.call('users.list', {}, token)).items.find((u) => u.username === cashier.username)!;
  await server.call('users.setPin', { userId: casey.id, pin: cashierPin }, token);

  // Morning: the cashier signs in; the terminal takes the only register, which is closed.
  await expect(async () => {
    await page.goto('/');
    await expect(page.getByLabel('Username')).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 40_000 });
  await page.getByLabel('Username').fill(cashier.username);
  await page.getByLabel('Password', { exact: true }).fill(cashier.password);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Open register' })).toBeVisible();
  await expect(registerName(page)).toContainText('R1');
  await expect(registerName(page)).toContainText('Closed');

  // The float, counted by denomination: 1 × €50 + 2 × €20 + 2 × €5 = €100.00.
  await page.getByLabel('Count by denomination').check();
  await page.getByLabel('€50.00', { exact: true }).fill('1');
  await page.getByLabel('€20.00', { exact: true }).fill('2');
  await page.getByLabel('€5.00', { exact: true }).fill('2');
  await expect(page.getByTestId('count-total')).toHaveText('€100.00');
  await expect(page.getByLabel('Opening float')).toHaveValue('100.00');
  await screen(page, 'full-day-open-register');
  await page.getByLabel('€5.00', { exact: true }).press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
  await expect(registerName(page)).toContainText('Open since');
  await expect(scanInput(page)).toBeFocused();

  // Sale 1, cash with change: a notebook, €12.56; €20.00 tendered, €7.44 back.
  await scan(page, catalogue.notebook.barcode);
  await expect(cart(page).getByTestId('cart-total')).toHaveText('€12.56');
  await page.keyboard.press('F9');
  await expect(page.getByRole('radio', { name: 'Cash' })).toBeFocused();
  await page.getByLabel('Cash tendered').fill('20');
  await expect(page.getByTestId('change-due')).toHaveText('€7.44');
  await page.getByLabel('Cash tendered').press('Enter');
  await expect(paidInFull(page).getByTestId('change-due')).toHaveText('€7.44');
  await nextSale(page);

  // Sale 2, card: a stapler, €17.40; key 2 picks Card, Enter pays with the terminal's reference.
  await scan(page, catalogue.stapler.barcode);
  await page.keyboard.press('F9');
  await expect(page.getByRole('radio', { name: 'Cash' })).toBeFocused();
  await page.keyboard.type('2', { delay: 90 });
  await expect(page.getByRole('radio', { name: 'Card' })).toBeChecked();
  const reference = page.getByLabel('Terminal reference (optional)');
  await reference.fill('T-0001');
  await expect(page.locator('.pay__submit')).toHaveText('Pay €17.40');
  await reference.press('Enter');
  await expect(paidInFull(page)).toContainText('No change due');
  await nextSale(page);

  // Sale 3, split: a notebook and coffee, €22.18: €12.18 by card, the €10.00 left in cash (€20.00 tendered).
  await scan(page, catalogue.notebook.barcode);
  await scan(page, catalogue.coffee.barcode);
  await expect(cart(page).getByTestId('cart-total')).toHaveText('€22.18');
  await page.keyboard.press('F9');
  await expect(page.getByRole('radio', { name: 'Cash' })).toBeFocused();
  await page.keyboard.type('2', { delay: 90 });
  await expect(page.getByRole('radio', { name: 'Card' })).toBeChecked();
  await page.getByLabel('Terminal reference (optional)').fill('T-0002');
  await page.getByLabel('Amount', { exact: true }).fill('12.18');
  await expect(page.locator('.pay__submit')).toHaveText('Add €12.18 · €10.00 left');
  await page.getByLabel('Amount', { exact: true }).press('Enter');
  await expect(page.getByRole('list', { name: 'Tenders' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByTestId('amount-due')).toHaveText('€10.00');
  await expect(page.getByRole('radio', { name: 'Card' })).toBeFocused();
  await page.keyboard.type('1', { delay: 90 });
  await expect(page.getByRole('radio', { name: 'Cash' })).toBeChecked();
  await page.getByLabel('Cash tendered').fill('20');
  await expect(page.locator('.pay__submit')).toHaveText('Pay €22.18');
  await screen(page, 'full-day-split-tenders');
  await page.getByLabel('Cash tendered').press('Enter');
  await expect(paidInFull(page)).toContainText('INV-000003');
  await expect(paidInFull(page).getByTestId('change-due')).toHaveText('€10.00');
  await screen(page, 'full-day-split-paid');
  await nextSale(page);

  // Sale 4, exact cash: a mug, €9.54 (the one refunded later).
  await scan(page, catalogue.mug.barcode);
  await expect(cartLine(page, 'Mug, white')).toBeVisible();
  await page.keyboard.press('F9');
  await expect(page.locator('.pay__submit')).toHaveText('Pay €9.54');
  await page.getByLabel('Cash tendered').press('Enter');
  await expect(paidInFull(page)).toContainText('No change due');
  await nextSale(page);

  // A pay-out with its reason, and a no-sale with its reason.
  await registerMenu(page, 'Pay out…');
  const payOut = page.getByRole('dialog', { name: 'Pay out' });
  await payOut.getByLabel('Amount').fill('5.00');
  await payOut.getByLabel('Reason').fill('Milk delivery');
  await payOut.getByLabel('Reason').press('Enter');
  await expect(page.getByText('Paid out: €5.00 (Milk delivery).')).toBeVisible();
  await registerMenu(page, 'No sale (open drawer)…');
  const noSale = page.getByRole('dialog', { name: 'No sale' });
  await noSale.getByLabel('Reason').fill('Change for a customer');
  await noSale.getByLabel('Reason').press('Enter');
  await expect(page.getByText('Drawer opened (Change for a customer).')).toBeVisible();

  // The customer brings the mug back: the manager switches in by PIN and cancels order 4 from the queue (refund in cash).
  await switchTo(page, manager, manager.pin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
  const mugOrder = page.getByRole('region', { name: 'Fulfilled', exact: true }).getByRole('article', { name: 'Order #4', exact: true });
  await expect(mugOrder).toContainText('€9.54');
  await mugOrder.focus();
  await page.keyboard.press('c');
  const cancel = page.getByRole('dialog', { name: 'Cancel and refund order 4' });
  await expect(cancel).toContainText('€9.54 will be refunded');
  await cancel.getByLabel('Reason').fill('Mug returned: chipped');
  await cancel.getByLabel('Reason').press('Enter');
  await expect(cancel).toBeHidden();
  await expect(mugOrder).toHaveCount(0);

  // Back to the cashier (PIN) and the counter.
  await switchTo(page, { username: cashier.username, displayName: cashier.displayName }, cashierPin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Counter' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
  // Ready for the next scan without a click (the cashier was on the counter already: the link leaves the focus in the scan box).
  await expect(scanInput(page)).toBeFocused();

  // The X report: blind count, so the cashier sees no expected figure; the rest adds up.
  await registerMenu(page, 'X report');
  const x = page.getByRole('dialog', { name: 'X report' });
  await expect(x.getByTestId('x-gross')).toHaveText('€61.68');
  await expect(x.getByTestId('x-expected')).toHaveCount(0);
  await expect(x).toContainText('Shown after the count at the close (blind count)');
  await expect(x).not.toContainText('€117.56');
  // The first row of that name: the Returns section, last, names its refunds per tender as the drawer does.
  const xRow = (label: string) => x.locator('.xr__row').filter({ has: page.getByText(label, { exact: true }) }).locator('dd').first();
  await expect(xRow('Opening float')).toHaveText('€100.00');
  await expect(xRow('Cash payments')).toHaveText('+ €32.10');
  await expect(xRow('Cash refunds')).toHaveText('− €9.54');
  await expect(xRow('Pay-outs (1)')).toHaveText('− €5.00');
  await expect(xRow('Sales')).toHaveText('4');
  await expect(xRow('Refunds')).toHaveText('1 · €9.54');
  await expect(xRow('Net sales')).toHaveText('€52.14');
  await expect(xRow('No-sale opens')).toHaveText('1');
  await expect(x.getByRole('row', { name: /^Cash/ }).getByRole('cell')).toHaveText(['3', '€32.10', '1 · €9.54']);
  await expect(x.getByRole('row', { name: /^Card/ }).getByRole('cell')).toHaveText(['2', '€29.58', '—']);
  await screen(page, 'full-day-x-report');
  await page.keyboard.press('Escape');
  await expect(x).toBeHidden();

  // The close, blind: €100 + €10 counted against €117.56 expected (€7.56 short, beyond €5.00).
  await registerMenu(page, 'Close register…');
  const close = page.getByRole('dialog', { name: /^Close Register 1/ });
  await expect(close.getByText('Count first: the expected cash shows once the count is in.')).toBeVisible();
  await expect(close.getByTestId('expected')).toHaveCount(0);
  await expect(close.getByRole('textbox', { name: '€500.00', exact: true })).toBeFocused();
  await close.getByRole('textbox', { name: '€100.00', exact: true }).fill('1');
  await close.getByRole('textbox', { name: '€10.00', exact: true }).fill('1');
  await expect(close.getByTestId('counted')).toHaveText('€110.00');
  await expect(close).not.toContainText('€117.56');
  await close.getByRole('textbox', { name: 'Note' }).fill('Short at the close');
  await screen(page, 'full-day-blind-count');
  await close.getByRole('textbox', { name: 'Note' }).press('Enter');

  // The core asks for a manager: the expected figure shows now, and the count is final.
  const approval = close.getByRole('group', { name: 'Manager approval' });
  await expect(approval).toBeVisible();
  await expect(close.getByTestId('expected')).toHaveText('€117.56');
  await expect(close.getByTestId('variance')).toHaveText('Short €7.56');
  await expect(approval).toContainText('Short €7.56 is more than the €5.00 a cashier may close with.');
  await expect(close.getByRole('textbox', { name: '€100.00', exact: true })).toBeDisabled();
  await expect(approval.getByLabel('Username')).toBeFocused();
  await approval.getByLabel('Username').fill(manager.username);
  await approval.getByLabel('PIN', { exact: true }).fill(manager.pin);
  await screen(page, 'full-day-approval');
  await approval.getByLabel('PIN', { exact: true }).press('Enter');

  // The printed Z.
  const closed = page.getByRole('dialog', { name: 'Register closed — Z-R1-000001' });
  await expect(closed).toBeVisible();
  await expect(closed.getByTestId('expected')).toHaveText('€117.56');
  await expect(closed.getByTestId('counted')).toHaveText('€110.00');
  await expect(closed.getByTestId('variance')).toHaveText('Short €7.56');
  // The note reads as text under its label, not as a figure.
  await expect(closed.getByTestId('closed-note')).toHaveText('Short at the close');
  await expect(closed.getByTestId('closed-note')).toHaveCSS('text-align', 'start');
  const paper = closed.getByTestId('z-report');
  await expect(paper).toContainText('GRAND TOTAL');
  const lines = await paperLines(paper);
  expect(lines.map((l) => l.trim())).toContain('Z-R1-000001');
  const printed = {
    float: row(lines, 'Opening float'),
    cashPayments: row(lines, 'Cash payments'),
    cashRefunds: row(lines, 'Cash refunds'),
    payOuts: row(lines, 'Pay-outs (1)'),
    expected: row(lines, 'Expected cash'),
    counted: row(lines, 'Counted'),
    variance: row(lines, 'Variance (short)'),
    cash: row(lines, 'Cash (3)'),
    cashRefundTender: row(lines, '  Refunds (1)'),
    card: row(lines, 'Card (2)'),
    sales: row(lines, 'Sales (4)'),
    refunds: row(lines, 'Refunds (1)'),
    noSales: row(lines, 'No-sale opens'),
    netSales: row(lines, 'Net sales'),
    grandTotal: row(lines, 'GRAND TOTAL'),
  };
  expect(printed).toEqual({
    float: '€100.00',
    cashPayments: '€32.10',
    cashRefunds: '-€9.54',
    payOuts: '-€5.00',
    expected: '€117.56',
    counted: '€110.00',
    variance: '-€7.56',
    cash: '€32.10',
    cashRefundTender: '-€9.54',
    card: '€29.58',
    sales: '€61.68',
    refunds: '-€9.54',
    noSales: '1',
    netSales: '€52.14',
    grandTotal: '€52.14',
  });
  expect([row(lines, 'Approved by'), row(lines, 'Closed by')]).toEqual([manager.displayName, cashier.displayName]);
  expect(lines).toContain('Note: Short at the close');
  await screen(page, 'full-day-z-printed');
  // The paper scrolls in the dialog: its end (sales, cashiers, grand total, chain head).
  await paper.locator('.receipt__line').last().scrollIntoViewIfNeeded();
  await screen(page, 'full-day-z-printed-end');
  const prints = await countPrints(page);
  await closed.getByRole('button', { name: 'Print' }).click();
  await expect.poll(prints).toBe(1);

  // reports.z agrees with the screen, and its figures add up from the day's payments.
  const session = (await server.call('cashSessions.list', { registerId: REGISTER_ID }, token)).items[0]!;
  expect([session.status, session.zNumber]).toEqual(['CLOSED', 'Z-R1-000001']);
  const z = await server.call('reports.z', { id: session.zReportId! }, token);
  const payments = (await server.call('payments.list', {}, token)).items;
  const sum = (kind: string, method: string) => payments.filter((p) => p.kind === kind && p.method === method).reduce((s, p) => s + p.amount, 0);
  expect(sum('payment', 'cash')).toBe(3210);
  expect(sum('refund', 'cash')).toBe(954);
  expect(z.number).toBe('Z-R1-000001');
  expect(z.openingFloat).toBe(10_000);
  expect(z.cash).toMatchObject({ payments: sum('payment', 'cash'), refunds: sum('refund', 'cash'), payOuts: { count: 1, amount: 500 } });
  expect(z.expectedCash).toBe(z.openingFloat + sum('payment', 'cash') - sum('refund', 'cash') - 500);
  expect(z.expectedCash).toBe(11_756);
  expect(z.countedCash).toBe(11_000);
  expect(z.variance).toBe(z.countedCash! - z.expectedCash!);
  expect(z.tenders.map((t) => [t.method, t.count, t.amount, t.refundCount, t.refunds])).toEqual([
    ['cash', 3, 3210, 1, 954],
    ['card', 2, sum('payment', 'card'), 0, 0],
  ]);
  expect([z.sales.count, z.sales.gross, z.refunds, z.netSales, z.noSales]).toEqual([4, 6168, { count: 1, amount: 954 }, 6168 - 954, 1]);
  expect(z.grandTotal).toBe(z.netSales);
  expect([z.approvedByName, z.closedByName, z.note]).toEqual([manager.displayName, cashier.displayName, 'Short at the close']);

  // Done: back to the counter, which asks to open the register again.
  await closed.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { name: 'Open register' })).toBeVisible();
});
