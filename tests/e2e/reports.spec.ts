/**
 * Reports: a day of sales through Register 1 seeded over the API (opened by the admin, sold
 * by a cashier whose session is bound to the register, closed short), then the manager's
 * screens: the Z list and one Z with its figures and PDF, the cash sessions, the dashboard's
 * charts and the day summary; at 1024×768, 1280×800 and in it-IT.
 */
import type { Page } from '@playwright/test';
import { nav, signIn, users } from '../support/e2e-api';
import { expect, screen, test, type TesseraServer } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';

const REGISTER = 'register-1';
let keys = 0;

/** One invoice issued and paid in full by `method`, by a session bound to Register 1. */
async function sale(server: TesseraServer, token: string, lines: { name: string; unitPrice: number; taxRateBp: number; quantity: number }[], method: 'cash' | 'card') {
  const order = await server.call('orders.create', { lines }, token);
  const invoice = await server.call('invoices.generate', { orderId: order.id }, token);
  await server.call('payments.pay', { invoiceId: invoice.id, method, amount: invoice.balance, idempotencyKey: `reports-${++keys}` }, token);
  return invoice;
}

interface Day {
  admin: string;
  /** Gross of the day's two sales. */
  gross: number;
  expected: number;
  counted: number;
}

/**
 * The store, its cashier and manager; Register 1 opened with a €100.00 float; a cash sale of
 * €12.00 and a card sale of €19.17; closed €1.00 short (under the approval threshold).
 */
async function seedDay(server: TesseraServer, close = true): Promise<Day> {
  const { token: admin } = await server.call('auth.setup', { username: users.admin.username, displayName: users.admin.displayName, password: users.admin.password });
  for (const role of ['cashier', 'manager', 'support'] as const) {
    const u = users[role];
    await server.call('users.create', { username: u.username, displayName: u.displayName, role: u.role, password: u.password }, admin);
  }
  const session = await server.call('cashSessions.open', { registerId: REGISTER, openingFloat: 10_000 }, admin);
  const { token: till } = await server.call('auth.login', { username: users.cashier.username, password: users.cashier.password, registerId: REGISTER });
  const a = await sale(server, till, [{ name: 'Espresso beans 1 kg', unitPrice: 1000, taxRateBp: 2000, quantity: 1 }], 'cash');
  const b = await sale(
    server,
    till,
    [
      { name: 'Green tea, 20 bags', unitPrice: 450, taxRateBp: 700, quantity: 2 },
      { name: 'Mug, white', unitPrice: 795, taxRateBp: 2000, quantity: 1 },
    ],
    'card',
  );
  const expected = 10_000 + a.total;
  const counted = expected - 100;
  if (close) await server.call('cashSessions.close', { sessionId: session.id, countedCash: counted, note: 'One euro missing' }, till);
  return { admin, gross: a.total + b.total, expected, counted };
}

async function openReports(page: Page, tab: 'Dashboard' | 'Cash sessions' | 'Z reports'): Promise<void> {
  await nav(page).getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: tab }).click();
  await expect(page.getByRole('heading', { level: 1, name: tab })).toBeVisible();
}

test('a closed day: the Z list, its Z report with figures and PDF, the session and its movements', async ({ page, server }) => {
  const day = await seedDay(server);
  expect(day.gross).toBe(1200 + 1917);
  await signIn(page, 'manager');
  await openReports(page, 'Z reports');

  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Z-R1-000001' }) });
  await expect(row).toContainText('€31.17');
  await expect(row).toContainText('−€1.00 short');

  for (const size of COUNTER_SCREENS) {
    await page.setViewportSize(size);
    await screen(page, `reports-z-list-${size.width}`);
  }

  await row.getByRole('link', { name: 'Z-R1-000001' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Z-R1-000001' })).toBeVisible();
  await expect(page.getByTestId('report-gross')).toHaveText('€31.17');
  await expect(page.getByTestId('report-sales-count')).toHaveText('2');
  await expect(page.getByTestId('report-expected')).toHaveText('€112.00');
  await expect(page.getByTestId('report-counted')).toHaveText('€111.00');
  await expect(page.getByTestId('report-variance')).toHaveText('−€1.00 short');
  await expect(page.getByTestId('report-grand-total')).toHaveText('€31.17');
  await expect(page.getByRole('table', { name: 'Tenders' })).toContainText('Card');
  await expect(page.getByRole('table', { name: 'Cashiers' })).toContainText(users.cashier.displayName);
  await expect(page.getByTestId('z-chain-head')).toHaveText(/^[0-9a-f]{64}$/);
  // The printout beside it is the till's (58/80 mm), for a reprint.
  await expect(page.getByTestId('z-report')).toContainText('Z-R1-000001');
  for (const size of COUNTER_SCREENS) {
    await page.setViewportSize(size);
    await screen(page, `reports-z-detail-${size.width}`);
  }

  // The PDF opens in a tab of its own (the browser host), as the invoice's does.
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'PDF', exact: true }).click();
  const tab = await popup;
  expect(tab.url()).toMatch(/^blob:/);
  await tab.close();

  // Its cash session: opened by the admin, closed by the cashier, the note, no movement.
  await page.getByRole('link', { name: 'its cash session' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Cash session of / })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Z report Z-R1-000001' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Cash movements' })).toContainText('No pay-in, pay-out, drop or no-sale');

  await openReports(page, 'Cash sessions');
  const session = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Z-R1-000001' }) });
  await expect(session).toContainText('€112.00');
  await expect(session).toContainText('€111.00');
  await expect(session).toContainText('−€1.00 short');
  for (const size of COUNTER_SCREENS) {
    await page.setViewportSize(size);
    await screen(page, `reports-sessions-${size.width}`);
  }
});

test('the dashboard draws today, the last 30 days, tenders and tax rates, and the day per register; in it-IT too', async ({ page, server }) => {
  const day = await seedDay(server);
  await signIn(page, 'admin');
  await openReports(page, 'Dashboard');

  await expect(page.getByTestId('dashboard-today-count')).toHaveText('2');
  await expect(page.getByTestId('dashboard-today-gross')).toHaveText('€31.17');
  for (const chart of ['chart-hours', 'chart-days', 'chart-tenders', 'chart-tax']) {
    await expect(page.locator(`canvas[data-testid="${chart}"]`)).toBeVisible();
  }
  // Chart.js drew on each canvas: it sized it to its box.
  const widths = await page.locator('canvas').evaluateAll((cs) => cs.map((c) => (c as unknown as { width: number }).width));
  expect(widths.every((w) => w > 100)).toBe(true);
  await expect(page.getByRole('table', { name: 'Top products' })).toContainText('Espresso beans 1 kg');

  const summary = page.getByRole('table', { name: 'Day summary per register' });
  await expect(summary.getByRole('row').filter({ hasText: 'R1 · Register 1' })).toContainText('€31.17');
  await expect(summary.getByRole('row').filter({ hasText: 'All registers' })).toContainText('€31.17');

  for (const size of COUNTER_SCREENS) {
    await page.setViewportSize(size);
    await screen(page, `reports-dashboard-${size.width}`);
  }

  // The store in it-IT: money, numbers and dates on the page and on the charts' axes follow it.
  await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome' }, day.admin);
  await page.reload();
  await expect(page.getByTestId('current-user')).toHaveText(users.admin.displayName);
  await openReports(page, 'Dashboard');
  await expect(page.getByTestId('dashboard-today-gross')).toHaveText('31,17 €');
  await expect(page.getByTestId('chart-hours')).toBeVisible();
  await page.setViewportSize(COUNTER_SCREENS[0]);
  await screen(page, 'reports-dashboard-it-IT-1024');
  await openReports(page, 'Z reports');
  await page.getByRole('link', { name: 'Z-R1-000001' }).click();
  await expect(page.getByTestId('report-variance')).toHaveText('−1,00 € short');
  await screen(page, 'reports-z-detail-it-IT-1024');
});

test('who sees what: cashiers have no dashboard, support reads reports but has no settings', async ({ page, server }) => {
  await seedDay(server);
  await signIn(page, 'support');
  await expect(nav(page).getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await expect(nav(page).getByRole('link', { name: 'Registers' })).toHaveCount(0);
  await openReports(page, 'Dashboard');
  await expect(page.getByTestId('chart-days')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'cashier');
  await nav(page).getByRole('link', { name: 'Reports' }).click();
  const tabs = page.getByRole('navigation', { name: 'Reports' });
  await expect(tabs.getByRole('link', { name: 'Z reports' })).toBeVisible();
  await expect(tabs.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
  // The dashboard's address sends a cashier to a tab they have.
  await page.goto('/#/reports/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Cash sessions' })).toBeVisible();
});
