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
  await expect(taxes.getByRole('row', { name: /20%/ })).toContainText('€249.00');
  await expect(taxes.getByRole('row', { name: /20%/ })).toContainText('€49.80');
  await expect(taxes.getByRole('row', { name: /7%/ })).toContainText('€2.52');
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

for (const viewport of COUNTER_SCREENS) {
  test(`an invoice with credit notes at ${viewport.width}×${viewport.height}: what was credited, its credit notes with PDF, receipt and detail, what is left to return; the credit notes list`, async ({ page, server }) => {
    await page.setViewportSize(viewport);
    const w = viewport.width;
    const tokens = await setUpStore(server, ['admin', 'manager', 'support']);
    const t = tokens.admin;
    const { invoice } = await paidOrder(server, t, {
      customer: 'Ada Lovelace',
      lines: [
        { name: 'Mug, white', unitPrice: 1000, taxRateBp: 2000, quantity: 3 },
        { name: 'Tea towel', unitPrice: 500, taxRateBp: 0, quantity: 2 },
        { name: 'Pen', unitPrice: 200, taxRateBp: 2000, quantity: 1 },
      ],
    });
    expect(invoice.total).toBe(4840);
    // One mug back to the card it was paid with; one tea towel as a voucher.
    const first = await server.call('returns.create', { invoiceId: invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'Damaged', restock: false }], idempotencyKey: 'cn-1' }, t);
    const second = await server.call('returns.create', { invoiceId: invoice.id, lines: [{ invoiceLineIndex: 1, quantity: 1, reason: 'Wrong colour', restock: true }], refunds: [{ method: 'voucher', amount: 500 }], idempotencyKey: 'cn-2' }, t);
    const voucherCode = second.creditNote.vouchers[0]!.code;

    await signIn(page, 'manager');
    await page.goto(`/#/invoices/${invoice.id}`);
    await expect(page.getByRole('heading', { level: 1, name: invoice.number })).toBeVisible();
    await expect(page.getByTestId('invoice-credited')).toHaveText('−€17.00');
    // Paid is what was kept: €48.40 taken, €17.00 given back.
    await expect(page.getByTestId('invoice-paid')).toHaveText('€31.40');
    const lines = page.getByRole('table', { name: 'Lines' });
    await expect(lines.getByRole('row', { name: /Mug, white/ })).toContainText('31');
    await expect(page.getByTestId('invoice-returnable')).toContainText('Left to return: 4 items on 3 lines.');
    const notes = page.getByRole('table', { name: 'Credit notes' });
    await expect(notes.getByRole('row')).toHaveCount(3);
    await expect(notes.getByRole('row', { name: /CN-000001/ })).toContainText('1 × Mug, white');
    await expect(notes.getByRole('row', { name: /CN-000002/ })).toContainText('€5.00');
    // Each refund names the credit note it pays back.
    const refunds = page.getByRole('table', { name: 'Payments and refunds' }).getByRole('row', { name: /Refund/ });
    await expect(refunds.filter({ hasText: 'CN-000001' })).toHaveCount(1);
    await expect(refunds.filter({ hasText: 'CN-000002' })).toHaveCount(1);
    await screen(page, `invoice-credit-notes-${w}`);

    // Its PDF opens in a tab; its receipt on the receipt page.
    const tab = page.waitForEvent('popup');
    await notes.getByRole('button', { name: 'CN-000001 PDF' }).click();
    await (await tab).close();
    const prints = await countPrints(page);
    await notes.getByRole('button', { name: 'CN-000002 receipt' }).click();
    const receipt = page.getByRole('dialog', { name: 'Receipt' });
    await expect(receipt.getByTestId('receipt')).toContainText('CN-000002');
    await expect(receipt.getByTestId('receipt')).toContainText(voucherCode);
    await receipt.getByRole('button', { name: 'Print' }).click();
    await expect.poll(prints).toBe(1);
    await page.keyboard.press('Escape');
    await expect(receipt).toBeHidden();

    // The detail: lines with their reason, the voucher it was refunded as.
    await notes.getByRole('button', { name: 'CN-000002', exact: true }).click();
    const detail = page.getByRole('dialog', { name: 'Credit note CN-000002' });
    await expect(detail.getByTestId('credit-note-total')).toHaveText('€5.00');
    await expect(detail.getByRole('table', { name: 'Lines returned' })).toContainText('Wrong colour · back on the shelf');
    await expect(detail.getByRole('table', { name: 'Refunds' })).toContainText(`Voucher ${voucherCode}`);
    await expect(detail.getByRole('table', { name: 'Vouchers issued' })).toContainText(voucherCode);
    await expect(detail.getByRole('link', { name: invoice.number })).toBeVisible();
    await screen(page, `credit-note-detail-${w}`);
    await page.keyboard.press('Escape');
    await expect(detail).toBeHidden();

    // Return items: the Returns screen for this sale.
    await page.getByRole('button', { name: 'Return items' }).click();
    await expect(page).toHaveURL(new RegExp(`#/returns/${invoice.id}$`));

    // The credit notes list: a summary over the filter, a search by number.
    await page.goto('/#/invoices/credit-notes');
    await expect(page.getByRole('heading', { level: 1, name: 'Credit notes' })).toBeVisible();
    await expect(page.getByTestId('cn-summary-count')).toHaveText('2');
    await expect(page.getByTestId('cn-summary-total')).toHaveText('€17.00');
    await expect(page.getByTestId('cn-summary-refunded')).toHaveText('€17.00');
    await expect(page.getByTestId('cn-summary-tax')).toHaveText('€2.00');
    const list = page.getByRole('table', { name: 'Credit notes' });
    await expect(list.getByRole('row', { name: /CN-000001/ })).toContainText(invoice.number);
    await screen(page, `credit-notes-list-${w}`);
    await page.getByLabel('Search credit notes').fill('CN-000002');
    await expect(page.getByTestId('cn-summary-count')).toHaveText('1');
    await expect(list.getByRole('row')).toHaveCount(2);
    expect(first.creditNote.number).toBe('CN-000001');

    // Support reads, takes nothing back.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, 'support');
    await page.goto(`/#/invoices/${invoice.id}`);
    await expect(page.getByRole('table', { name: 'Credit notes' }).getByRole('row')).toHaveCount(3);
    await expect(page.getByRole('button', { name: 'Return items' })).toHaveCount(0);
  });
}
