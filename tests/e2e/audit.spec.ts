/**
 * Admin → Audit (filters, load more, Verify on an intact and on a tampered trail),
 * Admin → Backups (back up now, restore through the UI), and the damaged-database screen
 * of a server started on a damaged file (restore with a backup's admin).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Input, Method, Output } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { expect, screen, test, type TesseraServer } from '../support/e2e';
import { createOrder, nav, paidOrder, setUpStore, signIn, users } from '../support/e2e-api';
import { TEST_SETUP_CODE } from '../support/setup-code';

const root = path.resolve(import.meta.dirname, '..', '..');

async function openAdminPage(page: Page, label: string, heading: string): Promise<void> {
  await nav(page).getByRole('link', { name: label }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

/**
 * A trail of more than a page: twelve paid orders, one cancelled after its invoice, a settings
 * change. Then the admin on Admin → Audit; returns the cancelled order's id and the table.
 */
async function openTrail(page: Page, server: TesseraServer) {
  const tokens = await setUpStore(server);
  for (let i = 0; i < 12; i++) await paidOrder(server, tokens.cashier, { customer: `Customer ${i + 1}` });
  const cancelled = await createOrder(server, tokens.cashier, { customer: 'Changed their mind' });
  await server.call('invoices.generate', { orderId: cancelled.id }, tokens.cashier);
  await server.call('orders.cancel', { id: cancelled.id, reason: 'Customer changed their mind' }, tokens.manager);
  await server.call('settings.update', { storeName: 'Corner Shop' }, tokens.admin);

  await signIn(page, 'admin');
  await openAdminPage(page, 'Audit', 'Audit trail');
  await expect(page).toHaveURL(/#\/admin\/audit$/);
  const table = page.getByRole('table', { name: 'Audit trail' });
  await expect(table.getByRole('row')).toHaveCount(51); // header + a page of 50
  return { cancelledId: cancelled.id, table };
}

test('Admin → Audit: newest first with before → after, and Load more to the end', async ({ page, server }) => {
  const { table } = await openTrail(page, server);
  await expect(page.getByText(/^Showing 50 entries$/)).toBeVisible();

  // Newest first: the sign-in of this session, then the settings change with before → after.
  const settingsRow = table.getByRole('row').filter({ hasText: 'Settings changed' });
  await expect(settingsRow).toContainText('Store name: “My Store” → “Corner Shop”');
  await expect(settingsRow).toContainText(users.admin.displayName);

  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(page.getByText(/^Showing \d+ entries \(all\)$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
});

test('Admin → Audit: filters by event, by record and by dates', async ({ page, server }) => {
  const { cancelledId, table } = await openTrail(page, server);
  // Filter by event: the cancellation, with its reason.
  await page.getByLabel('Event').selectOption('order.cancelled');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('Order cancelled');
  await expect(table).toContainText('Status: PROCESSING → CANCELLED');
  await expect(table).toContainText('“Customer changed their mind”');
  await expect(table).toContainText(users.manager.displayName);
  // One record's history, from its id.
  await table.getByRole('button', { name: /…/ }).first().click();
  await expect(page.getByLabel('Record id')).toHaveValue(cancelledId);
  await expect(page.getByLabel('Event')).toHaveValue('');
  await expect(table.getByRole('row')).toHaveCount(4); // created, invoiced, cancelled
  await expect(page.getByText('Showing 3 entries (all that match)')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('From', { exact: true }).fill('2001-01-01');
  await page.getByLabel('To', { exact: true }).fill('2001-01-31');
  await expect(page.getByText('No entry matches these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(table.getByRole('row')).toHaveCount(51);
});

test('Admin → Audit: Verify on an intact trail, then on one changed behind the app’s back', async ({ page, server }) => {
  const { table } = await openTrail(page, server);
  await page.getByRole('button', { name: 'Verify chain' }).click();
  const result = page.getByTestId('verify-result');
  await expect(result).toContainText(/Chain intact: \d+ entries/);
  const entries = Number(/Chain intact: (\d+)/.exec((await result.textContent()) ?? '')?.[1]);
  expect(entries).toBeGreaterThan(60);
  await screen(page, 'audit-verified');

  // Someone changes a payment with the sqlite3 command line while the app runs.
  const db = path.join(server.dataDir, 'tessera.db');
  const k = Number(execFileSync('sqlite3', [db, "SELECT min(seq) FROM events WHERE type = 'payment.received';"], { encoding: 'utf8' }).trim());
  execFileSync('sqlite3', [db, `DROP TRIGGER events_no_update; UPDATE events SET after = json_set(after, '$.amount', 1) WHERE seq = ${k};`]);
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(result).toContainText(`Broken at entry #${k}`);
  await expect(result).toContainText(`Entry #${k} was changed after it was recorded.`);
  // The broken entry in its record's history.
  const paymentId = execFileSync('sqlite3', [db, `SELECT entity_id FROM events WHERE seq = ${k};`], { encoding: 'utf8' }).trim();
  await page.getByLabel('Record id').fill(paymentId);
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('row').nth(1)).toContainText(`#${k}`);
  await expect(table.getByRole('row').nth(1)).toContainText('Broken here');
  await expect(table.getByRole('row').nth(1)).toContainText('Amount: €0.01');
  await screen(page, 'audit-broken');
});

test('a cashier has no Audit or Backups screen', async ({ page, server }) => {
  await setUpStore(server, ['cashier']);
  await signIn(page, 'cashier');
  await expect(nav(page).getByRole('link', { name: 'Audit' })).toHaveCount(0);
  await expect(nav(page).getByRole('link', { name: 'Backups' })).toHaveCount(0);
  await page.goto('/#/admin/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toHaveCount(0);
});

test('Admin → Backups: back up now, then restore a backup through the UI', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['manager', 'cashier']);
  const before = await paidOrder(server, tokens.cashier, { customer: 'Before the backup' });

  await signIn(page, 'admin');
  await openAdminPage(page, 'Backups', 'Backups');
  await expect(page.getByText('No backups yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Back up now' }).click();
  // The banner names the file the app chose; no path reaches the page.
  const madeBanner = page.getByRole('status').filter({ hasText: 'Backup made' });
  await expect(madeBanner).toContainText(/tessera-\d{8}-\d{6}\.backup/);
  await expect(madeBanner).not.toContainText(server.dataDir);
  const table = page.getByRole('table', { name: 'Backups' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('Manual');
  const name = (await table.getByRole('row').nth(1).getByRole('rowheader').textContent())!.trim();
  expect(name).toMatch(/^tessera-\d{8}-\d{6}\.backup$/);
  await screen(page, 'backups');

  const after = await paidOrder(server, tokens.cashier, { customer: 'After the backup' });
  await page.getByRole('button', { name: `Restore ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
  await expect(dialog).toContainText('Sales and changes made after this backup will not be in the store.');
  await screen(page, 'backups-restore-confirm');
  await dialog.getByRole('button', { name: 'Restore backup' }).click();
  const done = page.getByTestId('restore-result');
  await expect(done).toContainText(`Restored ${name}`);
  await expect(done).toContainText('tessera.db.before-restore-');
  await screen(page, 'backups-restored');

  await done.getByRole('button', { name: 'Sign in again' }).click();
  await signIn(page, 'admin');
  const { token } = await server.call('auth.login', { username: users.admin.username, password: users.admin.password });
  expect((await server.call('orders.get', { id: before.order.id }, token)).status).toBe('FULFILLED');
  const lost = await fetch(`${server.baseURL}/rpc/orders.get`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ id: after.order.id }),
  });
  expect(lost.status).toBe(404);
  // The set-aside database is listed, to undo the restore.
  await openAdminPage(page, 'Backups', 'Backups');
  await expect(page.getByRole('table', { name: 'Backups' })).toContainText('Before a restore');
});

/** `tessera serve` on a data folder of our own (the fixture's server cannot be stopped and restarted). */
async function serve(dataDir: string): Promise<{ baseURL: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['bin/tessera.mjs', 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, TESSERA_LOG: 'error', TESSERA_SETUP_CODE: TEST_SETUP_CODE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseURL = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tessera serve did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Tessera is ready at (http:\/\/\S+?)\/? /.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`tessera serve exited (${code}):\n${output}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };
  return { baseURL, stop };
}

async function call<M extends Method>(baseURL: string, method: M, input: Input<M>, token?: string): Promise<Output<M>> {
  const res = await fetch(`${baseURL}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as Envelope<Output<M>>;
  if (!body.ok) throw new Error(`${method} failed: ${body.error.code} ${body.error.message}`);
  return body.value;
}

test('a damaged database: the app shows the damaged screen and restores a backup', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-e2e-damaged-'));
  try {
    // A store with a sale and a backup, then stopped.
    let app = await serve(dataDir);
    const { token } = await call(app.baseURL, 'auth.setup', { username: users.admin.username, displayName: users.admin.displayName, password: users.admin.password, setupCode: TEST_SETUP_CODE });
    const order = await call(app.baseURL, 'orders.create', { lines: [{ name: 'Kept in the backup', unitPrice: 500, quantity: 1 }] }, token);
    await call(app.baseURL, 'system.backup', {}, token);
    await call(app.baseURL, 'orders.create', { lines: [{ name: 'Only in the damaged file', unitPrice: 500, quantity: 1 }] }, token);
    await app.stop();

    // The disk damages the orders table.
    const db = path.join(dataDir, 'tessera.db');
    const rootPage = Number(execFileSync('sqlite3', [db, "SELECT rootpage FROM sqlite_master WHERE name = 'orders';"], { encoding: 'utf8' }).trim());
    const fd = fs.openSync(db, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, (rootPage - 1) * 4096);
    fs.closeSync(fd);
    // As after a crash: the killed process left its folder lock, so the next start checks the whole file.
    fs.writeFileSync(path.join(dataDir, 'tessera.lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: os.hostname(), purpose: 'Tessera', since: '2026-06-01T09:00:00.000Z' }));

    app = await serve(dataDir);
    try {
      expect(await (await fetch(`${app.baseURL}/health`)).json()).toMatchObject({ status: 'corrupt' });
      await page.goto(app.baseURL);
      await expect(page.getByRole('heading', { level: 1, name: 'The database is damaged' })).toBeVisible();
      await expect(page.getByRole('alert')).toContainText('writes nothing more to it');
      const list = page.getByRole('list', { name: 'Backups' });
      await expect(list.getByRole('listitem')).toHaveCount(1);
      // Names, times and sizes only: the damaged store's record of kinds is not trusted.
      await expect(list).toContainText(/tessera-\d{8}-\d{6}\.backup/);
      await screen(page, 'damaged-database');

      await list.getByRole('button', { name: /^Restore tessera-/ }).click();
      await page.getByLabel('Username').fill(users.admin.username);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Restore this backup' }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'Wrong username or password' })).toBeVisible();
      await screen(page, 'damaged-database-restore');
      await page.getByLabel('Password').fill(users.admin.password);
      await page.getByRole('button', { name: 'Restore this backup' }).click();
      await expect(page.getByText('The backup is restored.')).toBeVisible();
      await page.getByRole('button', { name: 'Continue to sign in' }).click();

      await page.getByLabel('Username').fill(users.admin.username);
      await page.getByLabel('Password', { exact: true }).fill(users.admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('current-user')).toHaveText(users.admin.displayName);
      const fresh = await call(app.baseURL, 'auth.login', { username: users.admin.username, password: users.admin.password });
      const orders = await call(app.baseURL, 'orders.list', {}, fresh.token);
      expect(orders.items.map((o) => o.id)).toEqual([order.id]);
      expect(fs.readdirSync(dataDir).some((f) => f.startsWith('tessera.db.before-restore-'))).toBe(true);
    } finally {
      await app.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
