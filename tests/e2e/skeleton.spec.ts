import type { Page } from '@playwright/test';
import { expect, screen, test, type TesseraServer } from '../support/e2e';

const admin = { username: 'admin', displayName: 'Alex Admin', password: 'correct horse battery' };

async function setUpAdmin(server: TesseraServer): Promise<string> {
  const session = await server.call('auth.setup', admin);
  return session.token;
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** The setup form filled in for `admin`, with `setupCode` and `confirm` as given. */
async function fillSetup(page: Page, setupCode: string, confirm: string): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Set up Tessera' })).toBeVisible();
  await page.getByLabel('Setup code').fill(setupCode);
  await page.getByLabel('Username').fill(admin.username);
  await page.getByLabel('Display name').fill(admin.displayName);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Confirm password').fill(confirm);
}

test('setup says when the passwords do not match, and keeps what was typed', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Set up Tessera' })).toBeVisible();
  await screen(page, 'setup');
  await fillSetup(page, 'WRONG-CODE-1234', 'something else');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByLabel('Confirm password')).toHaveAccessibleDescription('The passwords do not match.');
  await expect(page.getByLabel('Display name')).toHaveValue(admin.displayName);
  await screen(page, 'setup-mismatch');
});

test('setup in the browser refuses a wrong setup code', async ({ page, server }) => {
  // In the browser the store is claimed with the code `tessera serve` printed.
  await fillSetup(page, 'WRONG-CODE-1234', admin.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByLabel('Setup code')).toHaveAccessibleDescription(/does not match the code/);
  await expect(page.getByRole('heading', { name: 'Set up Tessera' })).toBeVisible();
  expect((await server.call('auth.status', {})).needsSetup).toBe(true);
});

test('first-run setup creates the admin and lands in the shell', async ({ page, server }) => {
  await fillSetup(page, server.setupCode, admin.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
  await expect(page).toHaveURL(/#\/counter$/);
  await expect(page.getByTestId('current-user')).toHaveText(admin.displayName);
  await expect(page.getByTestId('current-role')).toHaveText('Administrator');
  for (const name of ['Counter', 'Orders', 'Invoices', 'Exports', 'Users']) {
    await expect(nav(page).getByRole('link', { name })).toBeVisible();
  }
  await screen(page, 'shell-counter');
});

test('the shell’s links open their screens and mark the current one', async ({ page, server }) => {
  await setUpAdmin(server);
  await page.goto('/');
  await signIn(page, admin.username, admin.password);
  await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
  for (const [name, route] of [
    ['Orders', 'orders'],
    ['Invoices', 'invoices'],
    ['Exports', 'exports'],
  ] as const) {
    await nav(page).getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(nav(page).getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
    await screen(page, `shell-${route}`);
  }
});

test('signing out and in again', async ({ page, server }) => {
  await setUpAdmin(server);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await screen(page, 'sign-in');

  const events = page.waitForRequest((r) => new URL(r.url()).pathname === '/events');
  await signIn(page, admin.username, admin.password);
  await expect(page.getByTestId('current-user')).toHaveText(admin.displayName);
  // Push events stream once signed in, the token in the Authorization header (never in the address); it is kept for this tab only.
  const stream = await events;
  expect(new URL(stream.url()).search).toBe('');
  expect(await stream.headerValue('authorization')).toMatch(/^Bearer \S+$/);
  // The terminal keeps only which register it is (no secret) beyond this tab.
  // (A string expression: the test files are type-checked without the DOM library.)
  await expect.poll(() => page.evaluate('[Object.keys(localStorage), Object.keys(sessionStorage), document.cookie]')).toEqual([['tessera.register'], ['tessera.session'], '']);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'You have signed out.' })).toBeVisible();
  await screen(page, 'signed-out');
  expect(await page.evaluate('sessionStorage.length')).toBe(0);

  await signIn(page, admin.username, admin.password);
  await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
});

test('a wrong password says so and keeps the username', async ({ page, server }) => {
  await setUpAdmin(server);
  await page.goto('/');
  await signIn(page, admin.username, 'not the password');
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  await expect(page.getByLabel('Username')).toHaveValue(admin.username);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await screen(page, 'sign-in-wrong-password');
});

test('too many failed sign-ins are refused with the server’s message', async ({ page, server }) => {
  await setUpAdmin(server);
  await page.goto('/');
  for (let i = 0; i < 5; i++) {
    await signIn(page, admin.username, `wrong ${i}`);
    await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  }
  await signIn(page, admin.username, admin.password);
  await expect(page.getByRole('alert')).toContainText('Too many failed sign-ins');
  await screen(page, 'sign-in-rate-limited');
});

test('an admin creates a cashier: errors next to their fields, nothing typed lost', async ({ page, server }) => {
  await setUpAdmin(server);
  await page.goto('/');
  await signIn(page, admin.username, admin.password);
  await nav(page).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /admin/ })).toBeVisible();
  await screen(page, 'users');

  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Username')).toBeFocused();
  await screen(page, 'users-create-dialog');

  // Errors from the contract land next to the field that caused them; nothing typed is lost.
  await dialog.getByLabel('Username').fill('admin');
  await dialog.getByLabel('Display name').fill('Casey Cashier');
  await dialog.getByLabel('Role').selectOption('cashier');
  await dialog.getByLabel('Password').fill('short');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog.getByLabel('Password')).toHaveAccessibleDescription(/at least 8 characters/i);
  await expect(dialog.getByLabel('Display name')).toHaveValue('Casey Cashier');
  await screen(page, 'users-create-validation');

  await dialog.getByLabel('Password').fill('cashier-pass-1');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog.getByLabel('Username')).toHaveAccessibleDescription(/Username is taken/);
  await expect(dialog.getByLabel('Password')).toHaveValue('cashier-pass-1');
  await screen(page, 'users-create-conflict');

  await dialog.getByLabel('Username').fill('casey');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: /casey/ });
  await expect(row).toContainText('Casey Cashier');
  await expect(row).toContainText('Cashier');
  await expect(row).toContainText('Active');
  await screen(page, 'users-created');

  // The new cashier signs in; the admin's notices are not carried over.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'casey', 'cashier-pass-1');
  await expect(page.getByTestId('current-user')).toHaveText('Casey Cashier');
  await expect(page.getByText('User casey created.')).toHaveCount(0);
});

test('a cashier signs in without Admin, and typing its address does not open it', async ({ page, server }) => {
  const token = await setUpAdmin(server);
  await server.call('users.create', { username: 'casey', displayName: 'Casey Cashier', role: 'cashier', password: 'cashier-pass-1' }, token);
  await page.goto('/');
  await signIn(page, 'casey', 'cashier-pass-1');
  await expect(page.getByTestId('current-user')).toHaveText('Casey Cashier');
  await expect(page.getByTestId('current-role')).toHaveText('Cashier');
  await expect(nav(page).getByRole('link', { name: 'Counter' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(nav(page).getByText('Admin')).toHaveCount(0);
  await screen(page, 'cashier-shell');

  // Typing the address does not open the screen either.
  await page.goto('/#/admin/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
});

test('editing a user, resetting a password, and Escape closing a dialog', async ({ page, server }) => {
  const token = await setUpAdmin(server);
  await server.call('users.create', { username: 'morgan', displayName: 'Morgan', role: 'cashier', password: 'morgan-pass-1' }, token);
  await page.goto('/');
  await signIn(page, admin.username, admin.password);
  await nav(page).getByRole('link', { name: 'Users' }).click();

  await page.getByRole('button', { name: 'Edit morgan' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit morgan' });
  await page.keyboard.press('Escape');
  await expect(edit).toBeHidden();
  await expect(page.getByRole('button', { name: 'Edit morgan' })).toBeFocused();

  await page.getByRole('button', { name: 'Edit morgan' }).click();
  await edit.getByLabel('Display name').fill('Morgan Manager');
  await edit.getByLabel('Role').selectOption('manager');
  await screen(page, 'users-edit-dialog');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole('row', { name: /morgan/ })).toContainText('Manager');

  // The last admin cannot deactivate themself: the message sits next to the checkbox.
  await page.getByRole('button', { name: 'Edit admin' }).click();
  const self = page.getByRole('dialog', { name: 'Edit admin' });
  await self.getByLabel('Active').uncheck();
  await self.getByRole('button', { name: 'Save changes' }).click();
  await expect(self.getByLabel('Active')).toHaveAccessibleDescription(/deactivate yourself/);
  await self.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Reset password of morgan' }).click();
  const reset = page.getByRole('dialog', { name: 'Reset password of morgan' });
  await reset.getByLabel('New password', { exact: true }).fill('new-morgan-pass');
  await reset.getByLabel('Confirm new password').fill('new-morgan-pass');
  await screen(page, 'users-reset-password-dialog');
  await reset.getByRole('button', { name: 'Reset password' }).click();
  await expect(reset).toBeHidden();

  // The manager sees the list read-only.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'morgan', 'new-morgan-pass');
  await nav(page).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('row', { name: /admin/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New user' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Edit/ })).toHaveCount(0);
  await screen(page, 'manager-users');
});

test('support sees neither Counter nor Admin', async ({ page, server }) => {
  const token = await setUpAdmin(server);
  await server.call('users.create', { username: 'sam', displayName: 'Sam Support', role: 'support', password: 'support-pass-1' }, token);
  await page.goto('/');
  await signIn(page, 'sam', 'support-pass-1');
  await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Counter' })).toHaveCount(0);
  await expect(nav(page).getByRole('link', { name: 'Users' })).toHaveCount(0);
  await screen(page, 'support-shell');
});

test('a session ended by an admin drops back to sign-in with a message', async ({ page, server }) => {
  const token = await setUpAdmin(server);
  const casey = await server.call('users.create', { username: 'casey', displayName: 'Casey', role: 'cashier', password: 'cashier-pass-1' }, token);
  await page.goto('/');
  await signIn(page, 'casey', 'cashier-pass-1');
  await expect(page.getByTestId('current-user')).toHaveText('Casey');

  await server.call('users.update', { id: casey.id, active: false }, token);
  // The app hears of it at its next call: a click, or the counter's own reads (its register's session), whichever comes first.
  const signInHeading = page.getByRole('heading', { name: 'Sign in' });
  await Promise.race([nav(page).getByRole('link', { name: 'Orders' }).click().catch(() => {}), signInHeading.waitFor()]);
  await expect(signInHeading).toBeVisible();
  await expect(page.getByText(/Your session has ended/)).toBeVisible();
  await screen(page, 'session-ended');
});

test('inside Electron the client talks through window.tessera, not fetch', async ({ page, server }) => {
  // A stand-in for the preload bridge that forwards to the HTTP host and records each call.
  // It plays the desktop host, which asks no setup code: it sends the HTTP host's itself.
  await page.addInitScript((setupCode: string) => {
    const calls: string[] = [];
    Object.assign(globalThis, {
      bridgeCalls: calls,
      tessera: {
        async invoke(method: string, input: unknown, token?: string) {
          calls.push(method);
          const body = method === 'auth.setup' ? { ...(input as object), setupCode } : (input ?? {});
          const res = await fetch(`/rpc/${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify(body),
          });
          const answer = (await res.json()) as { ok: boolean; value?: Record<string, unknown> };
          if (method === 'auth.status' && answer.value) delete answer.value.needsSetupCode;
          return answer;
        },
        on: () => () => {},
      },
    });
  }, server.setupCode);
  await page.goto('/');
  await page.getByLabel('Username').fill(admin.username);
  await page.getByLabel('Display name').fill(admin.displayName);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Confirm password').fill(admin.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByTestId('current-user')).toHaveText(admin.displayName);
  await nav(page).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('row', { name: /admin/ })).toBeVisible();
  const calls = await page.evaluate(() => (globalThis as unknown as { bridgeCalls: string[] }).bridgeCalls);
  expect(calls).toEqual(expect.arrayContaining(['auth.status', 'auth.setup', 'users.list']));
});
