import type { Page } from '@playwright/test';
import { countPrints, expect, screen, test } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { createOrder, issueInvoice, nav, paidOrder, pay, setUpStore, signIn } from '../support/e2e-api';

async function openInvoices(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Invoices' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Invoices' })).toBeVisible();
}

const summary = (page: Page) => page.getByRole('region', { name: 'Summary' });

test('the invoice list filters by status, search and date, with a summary over the whole filter', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'manager']);
  const t = tokens.admin;
  // Five invoices: three paid (€12.00, €24.00, €36.00), one pending with €5.00 paid, one cancelled.
  for (const [i, name] of ['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson'].entries()) {
    await paidOrder(server, t, { customer: name, lines: [{ name: 'Beans', unitPrice: 1000, taxRateBp: 2000, quantity: i + 1 }] });
  }
  const pending = await issueInvoice(server, t, (await createOrder(server, t, { customer: 'Margaret Hamilton' })).id);
  await pay(server, t, pending, 'cash', 500);
  const cancelled = await createOrder(server, t, { customer: 'Hedy Lamarr' });
  await issueInvoice(server, t, cancelled.id);
  await server.call('orders.cancel', { id: cancelled.id, reason: 'Wrong size' }, t);

  await signIn(page, 'manager');
  await openInvoices(page);
  const table = page.getByRole('table', { name: 'Invoices' });
  await expect(table.getByRole('row')).toHaveCount(6);
  // The cancelled invoice is listed, but its money is apart from the total and the count.
  await expect(page.getByTestId('summary-count')).toHaveText('4');
  await expect(page.getByTestId('summary-total')).toHaveText('€84.00');
  await expect(page.getByTestId('summary-paid')).toHaveText('€77.00');
  await expect(summary(page).getByTestId('summary-cancelled')).toHaveText('Not in the total: 1 cancelled (€12.00)');
  await expect(table.getByRole('row', { name: /INV-000004/ })).toContainText('Pending');
  await expect(table.getByRole('row', { name: /INV-000004/ })).toContainText('€7.00');
  await screen(page, 'invoices-list');

  await page.getByLabel('Status').selectOption('PAID');
  await expect(page.getByTestId('summary-count')).toHaveText('3');
  await expect(page.getByTestId('summary-total')).toHaveText('€72.00');
  await expect(page.getByTestId('summary-paid')).toHaveText('€72.00');
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(page.getByTestId('summary-cancelled')).toHaveCount(0);
  await screen(page, 'invoices-list-paid');

  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Search invoices').fill('INV-000002');
  await expect(page.getByTestId('summary-count')).toHaveText('1');
  await expect(table.getByRole('row', { name: /INV-000002/ })).toContainText('Grace Hopper');
  await page.getByLabel('Search invoices').fill('Hedy');
  await expect(page.getByTestId('summary-count')).toHaveText('0');
  await expect(page.getByTestId('summary-total')).toHaveText('€0.00');
  await expect(page.getByTestId('summary-cancelled')).toHaveText('Not in the total: 1 cancelled (€12.00)');
  await expect(table.getByRole('row', { name: /INV-000005/ })).toContainText('Cancelled');

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('summary-count')).toHaveText('4');
  await page.getByLabel('To').fill('2000-01-01');
  await expect(page.getByTestId('summary-count')).toHaveText('0');
  await expect(page.getByText('No invoice matches these filters.')).toBeVisible();
  await expect(page.getByTestId('summary-total')).toHaveText('€0.00');
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // Live: a payment taken elsewhere updates the row and the summary.
  await pay(server, t, { ...pending, balance: 700 }, 'card');
  await expect(table.getByRole('row', { name: /INV-000004/ })).toContainText('Paid');
  await expect(page.getByTestId('summary-paid')).toHaveText('€84.00');
});

const rome = new Intl.DateTimeFormat('it-IT', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Rome' });
const romeDate = new Intl.DateTimeFormat('it-IT', { dateStyle: 'medium', timeZone: 'Europe/Rome' });

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('an it-IT store in Rome: its dates and money, the summary apart, Total/Paid/Balance in view', async ({ page, server }) => {
      const tokens = await setUpStore(server, ['admin', 'manager']);
      const t = tokens.admin;
      await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome', currency: 'EUR' }, t);
      const long = 'Bartolomeo Cristofori di Francesco da Padova, Laboratorio Strumenti Musicali';
      const paid = await paidOrder(server, t, { customer: long, lines: [{ name: 'Caffè', unitPrice: 1000, taxRateBp: 2200, quantity: 3 }] });
      const pending = await issueInvoice(server, t, (await createOrder(server, t, { customer: 'Grace Hopper' })).id);
      await pay(server, t, pending, 'cash', 500);
      const cancelled = await createOrder(server, t, { customer: 'Hedy Lamarr' });
      await issueInvoice(server, t, cancelled.id);
      await server.call('orders.cancel', { id: cancelled.id, reason: 'Sbagliato' }, t);

      await signIn(page, 'manager');
      await openInvoices(page);
      const table = page.getByRole('table', { name: 'Invoices' });
      await expect(table.getByRole('row')).toHaveCount(4);
      await expect(page.getByTestId('summary-count')).toHaveText('2');
      await expect(page.getByTestId('summary-total')).toHaveText('48,60\u00a0€');
      await expect(page.getByTestId('summary-paid')).toHaveText('41,60\u00a0€');
      await expect(page.getByTestId('summary-cancelled')).toHaveText('Not in the total: 1 cancelled (12,00\u00a0€)');

      // Total, Paid and Balance are whole inside the window and the table does not scroll sideways.
      for (const name of ['Total', 'Paid', 'Balance']) {
        const box = await table.getByRole('columnheader', { name, exact: true }).boundingBox();
        expect(box, name).not.toBeNull();
        expect(box!.x + box!.width, name).toBeLessThanOrEqual(viewport.width);
      }
      const row = table.getByRole('row', { name: /INV-000002/ });
      await expect(row).toContainText('7,00\u00a0€');
      const overflow = await table.locator('xpath=..').evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const first = table.getByRole('row', { name: /INV-000001/ });
      if (viewport.width >= 1280) {
        // Wide enough for the Issued column, in Rome's time and Italian: "6 dic 2026, 08:17".
        await expect(first).toContainText(rome.format(new Date(paid.invoice.issuedAt)));
      } else {
        // Issued gives way; its date rides under the invoice number with the order's.
        await expect(table.getByRole('columnheader', { name: 'Issued' })).toBeHidden();
        await expect(first).toContainText(`Order #1 · ${romeDate.format(new Date(paid.invoice.issuedAt))}`);
      }
      await screen(page, `invoices-it-${viewport.width}`);

      await table.getByRole('link', { name: 'INV-000001' }).click();
      await expect(page.getByRole('heading', { level: 1, name: /INV-000001/ })).toBeVisible();
      await expect(page.getByText(`Issued ${rome.format(new Date(paid.invoice.issuedAt))}`).first()).toBeVisible();
      await screen(page, `invoice-detail-it-${viewport.width}`);

      // The audit trail and the backups list speak the store's language and clock too.
      const backup = await server.call('system.backup', {}, t);
      await nav(page).getByRole('link', { name: 'Audit' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
      const trail = page.getByRole('table', { name: 'Audit trail' });
      const newest = (await server.call('audit.list', { limit: 1 }, t)).items[0]!;
      const romeTime = new Intl.DateTimeFormat('it-IT', { timeStyle: 'medium', timeZone: 'Europe/Rome' });
      await expect(trail.locator('time').first()).toHaveText(`${romeDate.format(new Date(newest.at))} ${romeTime.format(new Date(newest.at))}`);
      await screen(page, `audit-it-${viewport.width}`);
      await nav(page).getByRole('link', { name: 'Backups' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Backups' })).toBeVisible();
      await expect(page.getByRole('table', { name: 'Backups' })).toContainText(rome.format(new Date(backup.createdAt)));
      await screen(page, `backups-it-${viewport.width}`);

      // The order dialog and its history, from the orders queue.
      const order = await server.call('orders.get', { id: pending.orderId }, t);
      await nav(page).getByRole('link', { name: 'Orders' }).click();
      await page.getByRole('article', { name: 'Order #2', exact: true }).focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Order 2' });
      await expect(dialog).toContainText(`Received ${rome.format(new Date(order.createdAt))}`);
      await expect(dialog.getByRole('list', { name: 'Status history' })).toContainText(rome.format(new Date(order.createdAt)));
      await screen(page, `order-dialog-it-${viewport.width}`);
    });
  });
}

test('keyset paging loads more invoices', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin']);
  for (let i = 0; i < 53; i++) await issueInvoice(server, tokens.admin, (await createOrder(server, tokens.admin)).id);
  await signIn(page, 'admin');
  await openInvoices(page);
  const table = page.getByRole('table', { name: 'Invoices' });
  await expect(table.getByRole('row')).toHaveCount(51);
  await expect(page.getByText('Showing 50 of 53')).toBeVisible();
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(table.getByRole('row')).toHaveCount(54);
  await expect(table.getByRole('row', { name: /INV-000001/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
  await expect(page.getByTestId('summary-count')).toHaveText('53');
});

test('a manager cancels a paid order and sees the refunds and the history in the invoice', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'manager']);
  const order = await createOrder(server, tokens.admin, {
    customer: 'Rosalind Franklin',
    lines: [
      { name: 'Espresso machine', unitPrice: 24900, taxRateBp: 2000, quantity: 1 },
      { name: 'Coffee beans 1 kg', unitPrice: 1800, taxRateBp: 700, quantity: 2 },
    ],
  });
  const invoice = await issueInvoice(server, tokens.admin, order.id);
  // 298.80 + 38.52 = 337.32, paid 100.00 in cash and the rest by card.
  const afterCash = await pay(server, tokens.admin, invoice, 'cash', 10000);
  await pay(server, tokens.admin, afterCash, 'card');

  await signIn(page, 'manager');
  await openInvoices(page);
  await page.getByRole('link', { name: invoice.number }).click();
  await expect(page).toHaveURL(new RegExp(`#/invoices/${invoice.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: invoice.number })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Customer' })).toContainText('Rosalind Franklin');
  await expect(page.getByRole('region', { name: 'Seller' })).toBeVisible();
  const taxes = page.getByRole('table', { name: 'Tax by rate' });
  await expect(taxes.getByRole('row', { name: /20 %/ })).toContainText('€249.00');
  await expect(taxes.getByRole('row', { name: /20 %/ })).toContainText('€49.80');
  await expect(taxes.getByRole('row', { name: /7 %/ })).toContainText('€2.52');
  await expect(page.getByTestId('invoice-total')).toHaveText('€337.32');
  const payments = page.getByRole('table', { name: 'Payments and refunds' });
  await expect(payments.getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Invoice PDF' })).toBeVisible();

  await page.getByRole('button', { name: 'Cancel and refund' }).click();
  const dialog = page.getByRole('dialog', { name: `Cancel and refund order ${order.number}` });
  await expect(dialog).toContainText('€337.32 will be refunded');
  await dialog.getByRole('button', { name: 'Cancel and refund' }).click();
  await expect(dialog.getByLabel('Reason')).toHaveAccessibleDescription(/Enter the reason/);
  await dialog.getByLabel('Reason').fill('Machine arrived damaged');
  await screen(page, 'invoices-cancel-dialog');
  await dialog.getByRole('button', { name: 'Cancel and refund' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByText('Reason: Machine arrived damaged').first()).toBeVisible();
  await expect(payments.getByRole('row', { name: /Refund/ })).toHaveCount(2);
  await expect(payments.getByRole('row', { name: /Refund.*Cash/ })).toContainText('−€100.00');
  await expect(payments.getByRole('row', { name: /Refund.*Card/ })).toContainText('−€237.32');
  await expect(page.getByTestId('invoice-paid')).toHaveText('€0.00');
  await expect(page.getByRole('button', { name: 'Cancel and refund' })).toHaveCount(0);
  const history = page.getByRole('list', { name: 'Status history' });
  for (const step of ['Order received', 'Invoice issued', 'Payment received €100.00', 'Payment received €237.32', 'Invoice paid', 'Order cancelled', 'Refund €100.00', 'Refund €237.32', 'Invoice cancelled']) {
    await expect(history).toContainText(step);
  }
  await expect(history).toContainText('Morgan Manager');
  await screen(page, 'invoices-detail-refunds');

  const stored = await server.call('invoices.get', { id: invoice.id }, tokens.admin);
  expect(stored).toMatchObject({ status: 'CANCELLED', amountPaid: 0, cancelReason: 'Machine arrived damaged' });

  // Back to the list: it shows the cancellation. The navigation's Invoices link goes back too.
  await page.getByRole('link', { name: '← All invoices' }).click();
  await expect(page.getByRole('table', { name: 'Invoices' }).getByRole('row', { name: /INV-000001/ })).toContainText('Cancelled');
  await page.getByRole('link', { name: invoice.number }).click();
  await expect(nav(page).getByRole('link', { name: 'Invoices' })).toHaveAttribute('aria-current', 'page');
  await nav(page).getByRole('link', { name: 'Invoices' }).click();
  await expect(page).toHaveURL(/#\/invoices$/);
  await expect(page.getByRole('table', { name: 'Invoices' })).toBeVisible();
});

test('cashiers read invoices without payments; support reads without acting', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'cashier', 'support']);
  const { invoice } = await paidOrder(server, tokens.admin, { customer: 'Alan Turing' }, 'cash');
  const open = await issueInvoice(server, tokens.admin, (await createOrder(server, tokens.admin, { customer: 'Unpaid Ltd' })).id);

  await signIn(page, 'cashier');
  await openInvoices(page);
  await page.getByRole('link', { name: invoice.number }).click();
  await expect(page.getByRole('heading', { level: 1, name: invoice.number })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Status history' })).toContainText('Payment received €12.00');
  await expect(page.getByRole('table', { name: 'Payments and refunds' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Cancel/ })).toHaveCount(0);
  await screen(page, 'invoices-detail-cashier');
  // Reprint: the receipt page opens and prints.
  const prints = await countPrints(page);
  await page.getByRole('button', { name: 'Reprint receipt' }).click();
  const receipt = page.getByRole('dialog', { name: 'Receipt' });
  await expect(receipt.getByTestId('receipt')).toContainText(invoice.number);
  await expect(receipt.getByTestId('receipt')).toContainText(/TOTAL\s+€12\.00/);
  await expect.poll(prints).toBe(1);
  await screen(page, 'invoices-reprint');
  await receipt.getByRole('button', { name: 'Print' }).click();
  await expect.poll(prints).toBe(2);
  await page.keyboard.press('Escape');
  await expect(receipt).toBeHidden();
  // An unpaid invoice: the cashier may cancel it and take payment.
  await page.goto(`/#/invoices/${open.id}`);
  await expect(page.getByRole('heading', { level: 1, name: open.number })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel invoice' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Take payment' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'support');
  await openInvoices(page);
  await page.getByRole('link', { name: invoice.number }).click();
  await expect(page.getByRole('table', { name: 'Payments and refunds' }).getByRole('row', { name: /Payment/ })).toContainText('Cash');
  await expect(page.getByRole('button', { name: /Cancel|Take payment|Reprint/ })).toHaveCount(0);
});
