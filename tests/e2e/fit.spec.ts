/**
 * Every screen on a counter's screen (1024×768) and a laptop's (1280×800): nothing scrolls
 * sideways, no table clips a column, every row's actions and every dialog's buttons are in
 * view, the counter's Charge and Hold are never covered, and loading a screen logs no console
 * error and fails no request (the favicon included). Screenshots: test-results/screens/fit-<screen>-<width>.png.
 */
import type { Locator, Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { expect, screen, test, type TesseraServer } from '../support/e2e';
import { MISFITS } from '../support/fit';
import { COUNTER_SCREENS } from '../support/screens';
import { createOrder, issueInvoice, nav, pay, paidOrder, setUpStore, signIn, type Tokens } from '../support/e2e-api';
import { catalogue, scan, scanInput } from '../support/e2e-sales';

const viewports = COUNTER_SCREENS;

const builtPage = path.join(import.meta.dirname, '..', '..', 'out', 'renderer', 'index.html');
const builtAt = () => fs.statSync(builtPage).mtimeMs;

/**
 * Console errors, uncaught exceptions, failed and refused requests since the last take().
 * Left out: the push stream's own reconnects, and code chunks missing because another test
 * run rebuilt out/ under this one (the chunk names change with every build).
 */
function watch(page: Page): { take(): string[] } {
  const problems: string[] = [];
  const started = builtAt();
  const take = () => {
    const all = problems.splice(0);
    if (builtAt() === started || !all.some((p) => p.includes('/assets/'))) return all;
    const missing = all.filter((p) => p.startsWith('404 ') && p.includes('/assets/')).length;
    let skip = missing;
    return all.filter((p) => {
      if (p.includes('/assets/')) return false;
      if (skip > 0 && p.endsWith('status of 404 (Not Found)')) {
        skip--;
        return false;
      }
      return true;
    });
  };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // The stream reconnects by itself; Chromium logs each drop as an error about its address.
    if (m.location().url.endsWith('/events')) return;
    problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Leaving the page ends its push-event stream, and the code it was preloading for later
    // screens (the browser aborts those requests; nothing failed on the host's side).
    if (r.url().endsWith('/events')) return;
    if (r.url().includes('/assets/') && r.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  return { take };
}

/** Checks the screen as it is now, saves its picture, and reports (softly) what went wrong while it loaded. */
async function look(page: Page, problems: { take(): string[] }, shot: string, width: number, inView: Locator[] = []): Promise<void> {
  // Settled: nothing loading, fonts in.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await page.evaluate('document.fonts.ready');
  expect.soft(await page.evaluate<string[]>(MISFITS), `${shot} at ${width}: fits`).toEqual([]);
  const viewport = page.viewportSize()!;
  for (const item of inView) {
    const box = await item.boundingBox();
    const where = box ? `${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)}` : 'not shown';
    const inside = box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 1 && box.y + box.height <= viewport.height + 1;
    expect.soft(inside, `${shot} at ${width}: ${item.toString()} in view (${where})`).toBe(true);
  }
  expect.soft(problems.take(), `${shot} at ${width}: console errors and failed requests`).toEqual([]);
  await screen(page, `fit-${shot}-${width}`);
}

async function open(page: Page, link: string, heading: string): Promise<void> {
  await nav(page).getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

/** A store with a catalogue of long names, held, invoiced, paid, delivered and cancelled orders, a backup. */
async function seed(server: TesseraServer): Promise<Tokens> {
  const tokens = await setUpStore(server);
  for (const p of Object.values(catalogue)) await server.call('products.create', { ...p, name: p.name.length < 20 ? `${p.name}, everyday size` : p.name }, tokens.admin);
  const lines = [
    { name: 'Espresso beans 1 kg, single origin, medium roast', unitPrice: 2390, taxRateBp: 700, quantity: 2 },
    { name: 'Stoneware mug', unitPrice: 1250, taxRateBp: 2000, quantity: 1 },
  ];
  await createOrder(server, tokens.cashier, { customer: 'Ada Lovelace-Byron', lines, note: 'Collect after five' });
  await createOrder(server, tokens.cashier, { customer: 'Grace Hopper' });
  const invoiced = await createOrder(server, tokens.cashier, { customer: 'Hedy Lamarr', lines });
  await issueInvoice(server, tokens.cashier, invoiced.id);
  const partly = await createOrder(server, tokens.cashier, { customer: 'Katherine Johnson', lines });
  await pay(server, tokens.cashier, await issueInvoice(server, tokens.cashier, partly.id), 'cash', 1000);
  for (const customer of ['Alan Turing', 'Margaret Hamilton', 'Barbara Liskov']) await paidOrder(server, tokens.cashier, { customer, lines });
  const shipped = await paidOrder(server, tokens.cashier, { customer: 'Radia Perlman', lines });
  await server.call('orders.transition', { id: shipped.order.id, to: 'SHIPPED' }, tokens.cashier);
  for (const customer of ['Frances Allen', 'Jean Bartik']) {
    const { order } = await paidOrder(server, tokens.cashier, { customer, lines });
    await server.call('orders.transition', { id: order.id, to: 'SHIPPED' }, tokens.cashier);
    await server.call('orders.transition', { id: order.id, to: 'DELIVERED' }, tokens.cashier);
  }
  const cancelled = await paidOrder(server, tokens.cashier, { customer: 'Annie Easley', lines });
  await server.call('orders.cancel', { id: cancelled.order.id, reason: 'Customer changed their mind' }, tokens.manager);
  await server.call('system.backup', {}, tokens.admin);
  return tokens;
}

for (const { width, height } of viewports) {
  test.describe(`at ${width}×${height}`, () => {
    test.use({ viewport: { width, height } });

    test('setup, sign-in, products, orders, settings, audit, backups, exports and about fit', async ({ page, server }) => {
      test.setTimeout(300_000);
      const problems = watch(page);
      await page.goto('/');
      await expect(page.locator('form button[type=submit]')).toBeVisible();
      await look(page, problems, 'setup', width);

      await seed(server);
      await page.goto('/');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await look(page, problems, 'sign-in', width);
      // The icon the page names and the one browsers ask for by themselves.
      for (const icon of ['/favicon.svg', '/favicon.ico']) expect.soft((await page.request.get(icon)).status(), icon).toBe(200);

      await signIn(page, 'admin');
      problems.take();

      await open(page, 'Products', 'Products');
      const products = page.getByRole('table', { name: 'Products' });
      await expect(products.getByRole('row')).toHaveCount(11);
      await look(page, problems, 'products', width, [products.getByRole('button', { name: /^Archive / }).first(), products.getByRole('button', { name: /^Edit / }).first()]);

      // Validation errors under every field: the dialog's body scrolls, Create stays in view.
      await page.getByRole('button', { name: 'New product' }).click();
      const dialog = page.getByRole('dialog', { name: 'New product' });
      await dialog.getByRole('button', { name: 'Create product' }).click();
      await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
      const create = dialog.getByRole('button', { name: 'Create product' });
      await look(page, problems, 'product-dialog', width, [create, dialog.getByRole('button', { name: 'Cancel' })]);
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      await open(page, 'Orders', 'Orders');
      await expect(page.getByRole('region', { name: /Received/ }).getByRole('listitem')).toHaveCount(2);
      await look(page, problems, 'orders', width);
      await page.getByLabel('Show delivered and cancelled').check();
      const delivered = page.getByRole('region', { name: /Delivered/ });
      const cancelled = page.getByRole('region', { name: /Cancelled/ });
      await expect(delivered.getByRole('listitem')).toHaveCount(2);
      // Where the user looks after ticking the box: in the first screenful, no scrolling.
      await look(page, problems, 'orders-closed', width, [delivered.getByRole('heading', { name: 'Delivered' }), cancelled.getByRole('heading', { name: 'Cancelled' }), delivered.getByRole('listitem').first()]);
      await page.getByLabel('Show delivered and cancelled').uncheck();

      await open(page, 'Settings', 'Settings');
      await look(page, problems, 'settings', width);
      await open(page, 'Audit', 'Audit');
      await expect(page.getByRole('table').first().getByRole('row').nth(1)).toBeVisible();
      await look(page, problems, 'audit', width);
      await open(page, 'Backups', 'Backups');
      await look(page, problems, 'backups', width);
      await open(page, 'Exports', 'Exports');
      await look(page, problems, 'exports', width);
      await open(page, 'About', 'About');
      await look(page, problems, 'about', width);
    });

    test('the counter fits, with a cart, and toasts never cover Charge or Hold', async ({ page, server }) => {
      test.setTimeout(180_000);
      const problems = watch(page);
      await seed(server);
      await signIn(page, 'cashier');
      await look(page, problems, 'counter-empty', width);
      for (const p of [catalogue.notebook, catalogue.pen, catalogue.coffee, catalogue.mug, catalogue.paper]) await scan(page, p.barcode);
      const charge = page.getByRole('button', { name: /^Charge/ });
      const hold = page.getByRole('button', { name: 'Hold' });
      await expect(charge).toBeEnabled();
      // At 1024 the grid shows at least three products side by side.
      const tiles = page.getByRole('group', { name: 'All products' }).getByRole('button');
      const tops = await tiles.evaluateAll((els) => els.slice(0, 3).map((e) => Math.round((e as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top)));
      expect.soft(new Set(tops).size, `counter at ${width}: first three products on one row (${tops.join(', ')})`).toBe(1);
      await look(page, problems, 'counter', width, [charge, hold, scanInput(page)]);

      await page.getByRole('button', { name: 'Customer and note' }).click();
      await look(page, problems, 'counter-customer', width, [charge, hold]);

      // Toasts (three at most) sit clear of Charge and Hold: the region's place, with the most it holds.
      await page.evaluate(`(() => {
        const region = document.querySelector('.toasts');
        for (const text of ['Order #12 is waiting for payment in Orders.', 'Receipt sent to the printer.', 'The invoice PDF could not be made.']) {
          const t = document.createElement('div');
          t.className = 'toast toast--info';
          t.innerHTML = '<span class="toast__message"></span><button type="button" class="toast__dismiss">×</button>';
          t.firstChild.textContent = text;
          region.appendChild(t);
        }
      })()`);
      const toasts = (await page.locator('.toasts').boundingBox())!;
      for (const button of [charge, hold]) {
        const b = (await button.boundingBox())!;
        const overlaps = toasts.x < b.x + b.width && b.x < toasts.x + toasts.width && toasts.y < b.y + b.height && b.y < toasts.y + toasts.height;
        expect.soft(overlaps, `counter at ${width}: the toasts cover ${await button.textContent()}`).toBe(false);
      }
      await screen(page, `fit-counter-toast-${width}`);
    });

    test('invoices and an invoice fit', async ({ page, server }) => {
      test.setTimeout(180_000);
      const problems = watch(page);
      await seed(server);
      await signIn(page, 'manager');
      problems.take();
      await open(page, 'Invoices', 'Invoices');
      const table = page.getByRole('table', { name: 'Invoices' });
      await expect(table.getByRole('row', { name: /INV-000001/ })).toBeVisible();
      await look(page, problems, 'invoices', width);
      await table.getByRole('link', { name: 'INV-000002' }).click();
      await expect(page.getByRole('heading', { level: 1, name: /INV-000002/ })).toBeVisible();
      await look(page, problems, 'invoice', width);
    });

    test('users fit, every row keeps its actions', async ({ page, server }) => {
      test.setTimeout(180_000);
      const problems = watch(page);
      await seed(server);
      await signIn(page, 'admin');
      problems.take();
      await open(page, 'Users', 'Users');
      const table = page.getByRole('table', { name: 'Users' });
      await expect(table.getByRole('row')).toHaveCount(5);
      await look(page, problems, 'users', width, [table.getByRole('button', { name: /^Reset password/ }).first(), table.getByRole('button', { name: /^Edit/ }).first()]);
    });
  });
}

const UNREACHABLE = "Can't reach the store. Check that it is running and the network; your cart is kept.";

/** The store stops answering: every call and the push stream get no answer at all. */
async function goOffline(page: Page): Promise<void> {
  await page.route('**/rpc/**', (route) => route.abort('connectionrefused'));
  await page.route('**/events', (route) => route.abort('connectionrefused'));
}

async function goOnline(page: Page): Promise<void> {
  await page.unrouteAll({ behavior: 'ignoreErrors' });
}

for (const { width, height } of viewports) {
  test.describe(`offline at ${width}×${height}`, () => {
    test.use({ viewport: { width, height } });

    test('the store stops answering mid-sale: a plain message with Retry, the cart kept, back to work once it answers', async ({ page, server }) => {
      test.setTimeout(180_000);
      const { token } = await server.call('auth.setup', { username: 'admin', displayName: 'Alex Admin', password: 'correct horse battery' });
      await server.call('users.create', { username: 'casey', displayName: 'Casey Cashier', password: 'cashier-pass-1', role: 'cashier' }, token);
      for (const p of [catalogue.notebook, catalogue.pen]) await server.call('products.create', p, token);
      await server.call('cashSessions.open', { registerId: 'register-1', openingFloat: 10_000 }, token);
      await signIn(page, 'cashier');
      await scan(page, catalogue.notebook.barcode);
      await scan(page, catalogue.pen.barcode);
      const lines = page.getByRole('region', { name: 'Current sale' }).getByTestId('cart-line');
      await expect(lines).toHaveCount(2);

      await goOffline(page);
      await page.getByRole('button', { name: 'Hold' }).click();
      const banner = page.getByRole('alert').filter({ hasText: UNREACHABLE, has: page.getByRole('button', { name: 'Retry' }) });
      await expect(banner).toBeVisible();
      await expect(page.getByText('Failed to fetch')).toHaveCount(0);
      await expect(lines).toHaveCount(2);
      // Retry while the store is still away: the message stays, nothing is lost.
      await banner.getByRole('button', { name: 'Retry' }).click();
      await expect(banner.getByRole('button', { name: 'Retry' })).toBeEnabled();
      await expect(banner).toBeVisible();
      await expect(lines).toHaveCount(2);
      await expect(page.getByRole('button', { name: /^Charge/ })).toBeInViewport({ ratio: 1 });
      await screen(page, `fit-offline-counter-${width}`);

      await goOnline(page);
      await banner.getByRole('button', { name: 'Retry' }).click();
      await expect(banner).toBeHidden();
      await expect(lines).toHaveCount(2);
      await page.getByRole('button', { name: 'Hold' }).click();
      await expect(lines).toHaveCount(0);
      const held = await server.call('orders.list', { status: ['RECEIVED'] }, token);
      expect(held.items).toHaveLength(1);
      expect(held.items[0]!.lines).toHaveLength(2);
    });

    test('the start and sign-in screens say the store cannot be reached, and carry on once it answers', async ({ page, server }) => {
      test.setTimeout(180_000);
      await server.call('auth.setup', { username: 'admin', displayName: 'Alex Admin', password: 'correct horse battery' });
      await goOffline(page);
      await page.goto('/');
      await expect(page.getByRole('heading', { name: "Can't reach the store" })).toBeVisible();
      await expect(page.getByText('Failed to fetch')).toHaveCount(0);
      await screen(page, `fit-offline-start-${width}`);
      await goOnline(page);
      await page.getByRole('button', { name: 'Retry' }).click();
      await expect(page.getByLabel('Username')).toBeVisible();

      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
      await goOffline(page);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByText(UNREACHABLE).first()).toBeVisible();
      await expect(page.getByText('Failed to fetch')).toHaveCount(0);
      await screen(page, `fit-offline-sign-in-${width}`);
      await goOnline(page);
      await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('current-user')).toHaveText('Alex Admin');
    });
  });
}
