import type { Page } from '@playwright/test';
import { expect, screen, test } from '../support/e2e';
import { createOrder, issueInvoice, nav, paidOrder, pay, setUpStore, signIn } from '../support/e2e-api';

const column = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const card = (page: Page, n: number) => page.getByRole('article', { name: `Order #${n}`, exact: true });

async function openOrders(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Orders' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
}

test('a held order is invoiced and charged later from the queue', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'cashier']);
  // Held at the counter earlier: a RECEIVED order without invoice.
  await createOrder(server, tokens.cashier, { customer: 'Dana Buyer', note: 'Picks up at five' });

  await signIn(page, 'cashier');
  await openOrders(page);
  const held = column(page, 'Received').getByRole('article', { name: 'Order #1' });
  await expect(held).toContainText('Dana Buyer');
  await expect(held).toContainText('€12.00');
  await expect(held).toContainText(/now|\d+ min/);
  await screen(page, 'orders-queue');

  await held.getByRole('button', { name: 'Issue invoice for order 1' }).click();
  const processing = column(page, 'Processing').getByRole('article', { name: 'Order #1' });
  await expect(processing).toBeVisible();
  await expect(page.getByText('Invoice INV-000001 issued for order 1.')).toBeVisible();
  await expect(column(page, 'Received').getByRole('article')).toHaveCount(0);

  // Take payment opens the counter's payment screen for that invoice.
  await processing.getByRole('button', { name: 'Take payment for order 1' }).click();
  await expect(page).toHaveURL(/#\/counter$/);
  await page.getByLabel('Cash tendered').fill('20');
  await expect(page.getByTestId('change-due')).toHaveText('€8.00');
  await page.getByRole('button', { name: 'Pay €12.00' }).click();
  await expect(page.getByTestId('change-due')).toHaveText('€8.00');
  await screen(page, 'orders-take-payment-done');
  await page.getByRole('button', { name: 'Back to orders' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
  await expect(column(page, 'Fulfilled').getByRole('article', { name: 'Order #1' })).toBeVisible();
  const order = (await server.call('orders.list', {}, tokens.admin)).items[0]!;
  expect(order).toMatchObject({ status: 'FULFILLED', amountPaid: 1200 });
});

test('ship and deliver from the queue, by mouse and by keyboard', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'manager']);
  await paidOrder(server, tokens.admin, { customer: 'Priya Patel', lines: [{ name: 'Grinder', unitPrice: 8900, taxRateBp: 2000, quantity: 1 }] });
  await paidOrder(server, tokens.admin, { customer: 'Tomás Ortega' });
  await createOrder(server, tokens.admin, { customer: 'Held for later' });

  await signIn(page, 'manager');
  await openOrders(page);
  await expect(column(page, 'Fulfilled').getByRole('article')).toHaveCount(2);
  await expect(card(page, 1)).toContainText('Priya Patel');
  await expect(card(page, 1)).toContainText('€106.80');

  // Mouse: Ship moves the card to Shipped.
  await card(page, 1).getByRole('button', { name: 'Ship order 1' }).click();
  await expect(column(page, 'Shipped').getByRole('article', { name: 'Order #1' })).toBeVisible();
  expect((await server.call('orders.get', { id: (await server.call('orders.list', { query: '1' }, tokens.admin)).items[0]!.id }, tokens.admin)).status).toBe('SHIPPED');

  // Keyboard: arrows move between cards, S ships, D delivers; the focus follows the card.
  await card(page, 2).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(card(page, 3)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(card(page, 2)).toBeFocused();
  await page.keyboard.press('s');
  await expect(column(page, 'Shipped').getByRole('article', { name: 'Order #2' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(card(page, 1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(card(page, 2)).toBeFocused();
  await screen(page, 'orders-queue-shipped');
  await page.keyboard.press('d');
  await expect(card(page, 2)).toHaveCount(0);

  await card(page, 1).getByRole('button', { name: 'Deliver order 1' }).click();
  await expect(card(page, 1)).toHaveCount(0);
  await page.getByLabel('Show delivered and cancelled').check();
  await expect(column(page, 'Delivered').getByRole('article')).toHaveCount(2);
  await screen(page, 'orders-queue-all');
  // Delivered is final: no actions left.
  await expect(card(page, 1).getByRole('button')).toHaveCount(0);

  // Enter opens the order with its history.
  await card(page, 1).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Order 1' });
  await expect(dialog).toBeVisible();
  const history = dialog.getByRole('list', { name: 'Status history' });
  for (const step of ['Order received', 'Invoice issued', 'Payment received €106.80', 'Invoice paid', 'Order fulfilled', 'Order shipped', 'Order delivered']) {
    await expect(history).toContainText(step);
  }
  await screen(page, 'orders-detail');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('a cashier cancels an unpaid order with a reason; a paid one is refused plainly', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'cashier']);
  await createOrder(server, tokens.cashier, { customer: 'Walk-away customer' });
  const second = await createOrder(server, tokens.cashier, { customer: 'Pays meanwhile' });
  const invoice = await issueInvoice(server, tokens.cashier, second.id);

  await signIn(page, 'cashier');
  await openOrders(page);
  await card(page, 1).getByRole('button', { name: 'Cancel order 1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel order 1' });
  await expect(dialog.getByLabel('Reason')).toBeFocused();
  await dialog.getByRole('button', { name: 'Cancel order' }).click();
  await expect(dialog.getByLabel('Reason')).toHaveAccessibleDescription(/Enter the reason for cancelling/);
  await dialog.getByLabel('Reason').fill('Customer left without paying');
  await screen(page, 'orders-cancel-dialog');
  await dialog.getByRole('button', { name: 'Cancel order' }).click();
  await expect(dialog).toBeHidden();
  await expect(card(page, 1)).toHaveCount(0);
  await page.getByLabel('Show delivered and cancelled').check();
  await expect(column(page, 'Cancelled').getByRole('article', { name: 'Order #1' })).toBeVisible();

  // The second order is paid at another till while the cashier has the dialog open.
  await card(page, 2).getByRole('button', { name: 'Cancel order 2' }).click();
  const refused = page.getByRole('dialog', { name: 'Cancel order 2' });
  await refused.getByLabel('Reason').fill('Duplicate order');
  await pay(server, tokens.admin, invoice, 'cash');
  await refused.getByRole('button', { name: 'Cancel order' }).click();
  await expect(refused.getByRole('alert')).toContainText('only a manager or an admin can cancel it');
  await expect(refused.getByLabel('Reason')).toHaveValue('Duplicate order');
  await screen(page, 'orders-cancel-refused');
  await refused.getByRole('button', { name: 'Keep order' }).click();
  // Now paid: it sits in Fulfilled and a cashier is not offered Cancel.
  await expect(column(page, 'Fulfilled').getByRole('article', { name: 'Order #2' })).toBeVisible();
  await expect(card(page, 2).getByRole('button', { name: /Cancel/ })).toHaveCount(0);
});

test('the queue follows changes made elsewhere, and filters by search and date', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin']);
  await createOrder(server, tokens.admin, { customer: 'Ada Lovelace' });
  await signIn(page, 'admin');
  await openOrders(page);
  await expect(card(page, 1)).toBeVisible();

  // Live: orders made and invoiced at another till appear and move without a reload.
  const other = await createOrder(server, tokens.admin, { customer: 'Grace Hopper', lines: [{ name: 'Moka pot', unitPrice: 3500, quantity: 2 }] });
  await expect(column(page, 'Received').getByRole('article', { name: 'Order #2' })).toContainText('€70.00');
  await issueInvoice(server, tokens.admin, other.id);
  await expect(column(page, 'Processing').getByRole('article', { name: 'Order #2' })).toBeVisible();
  await expect(column(page, 'Received').getByRole('article')).toHaveCount(1);

  await page.getByLabel('Search orders').fill('moka');
  await expect(card(page, 1)).toHaveCount(0);
  await expect(card(page, 2)).toBeVisible();
  await screen(page, 'orders-search');
  await page.getByLabel('Search orders').fill('Ada');
  await expect(card(page, 1)).toBeVisible();
  await expect(card(page, 2)).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(card(page, 2)).toBeVisible();

  await page.getByLabel('From').fill('2099-01-01');
  await expect(page.getByText('None match')).toHaveCount(4);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('article')).toHaveCount(2);
});

test('load more pages a long column', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin']);
  for (let i = 0; i < 23; i++) await createOrder(server, tokens.admin, { customer: `Customer ${i + 1}` });
  await signIn(page, 'admin');
  await openOrders(page);
  const received = column(page, 'Received');
  await expect(received.getByRole('article')).toHaveCount(20);
  await expect(card(page, 23)).toBeVisible();
  await received.getByRole('button', { name: 'Load more received orders' }).click();
  await expect(received.getByRole('article')).toHaveCount(23);
  await expect(card(page, 1)).toBeVisible();
  await expect(received.getByRole('button', { name: /Load more/ })).toHaveCount(0);
});
