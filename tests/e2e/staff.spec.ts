/**
 * Staff on a shared terminal, in Chromium against `tessera serve`: a PIN set in My account,
 * the Lock button and the idle lock over a cart that stays, unlocking by PIN, switching to
 * another cashier who then sells, a reload that keeps the session (locked or not), and
 * signing out with a cart that is held first.
 */
import type { Page } from '@playwright/test';
import { expect, screen, test } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { cart, catalogue, scan, seedStore, signInToCounter } from '../support/e2e-sales';

const robin = { username: 'robin', displayName: 'Robin Register', password: 'robin-pass-12', pin: '1357' };

const lockScreen = (page: Page) => page.getByTestId('lock-screen');
const lines = (page: Page) => cart(page).getByTestId('cart-line');

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('my PIN, Lock, unlock by PIN with the cart kept, switch cashier and charge as them, reload keeps the user', async ({ page, server }) => {
      const { token } = await seedStore(server);
      const other = await server.call('users.create', { username: robin.username, displayName: robin.displayName, password: robin.password, role: 'cashier' }, token);
      await server.call('users.setPin', { userId: other.id, pin: robin.pin }, token);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await scan(page, catalogue.coffee.barcode);
      await expect(lines(page)).toHaveCount(2);

      // My account: set my PIN.
      await page.getByRole('button', { name: 'My account' }).click();
      const account = page.getByRole('dialog', { name: 'My account' });
      await account.getByLabel('PIN', { exact: true }).fill('12');
      await account.getByLabel('PIN again').fill('12');
      await account.getByRole('button', { name: 'Set PIN' }).click();
      await expect(account.getByText('A PIN is 4 to 8 digits.')).toBeVisible();
      await account.getByLabel('PIN', { exact: true }).fill('2468');
      await account.getByLabel('PIN again').fill('2468');
      await screen(page, `staff-my-pin-${w}`);
      await account.getByRole('button', { name: 'Set PIN' }).click();
      await expect(account).toBeHidden();

      // Lock by button: the lock screen names who is signed in; the app is locked on the server too.
      await page.getByRole('button', { name: 'Lock', exact: true }).click();
      await expect(lockScreen(page)).toBeVisible();
      await expect(page.getByTestId('lock-user')).toHaveText('Casey Cashier');
      await expect(lockScreen(page).getByLabel('PIN', { exact: true })).toBeFocused();
      // Keys typed on the lock screen never reach the counter (digits and Enter are what a scanner sends).
      await page.keyboard.type(catalogue.pen.barcode);
      await page.keyboard.press('Enter');
      await expect(lockScreen(page).getByText('A PIN is 4 to 8 digits.')).toBeVisible();
      // A wrong PIN is answered on the lock screen; the terminal stays locked with the same user.
      await lockScreen(page).getByLabel('PIN', { exact: true }).fill('0000');
      await lockScreen(page).getByRole('button', { name: 'Unlock' }).click();
      await expect(lockScreen(page).getByText('Wrong username or PIN.')).toBeVisible();
      await expect(page.getByTestId('lock-user')).toHaveText('Casey Cashier');
      await screen(page, `staff-locked-${w}`);
      await lockScreen(page).getByLabel('PIN', { exact: true }).fill('2468');
      await lockScreen(page).getByRole('button', { name: 'Unlock' }).click();
      await expect(lockScreen(page)).toBeHidden();
      await expect(lines(page)).toHaveCount(2);
      await expect(page.getByTestId('current-user')).toHaveText('Casey Cashier');

      // Quick switch: Robin signs in with his PIN on the locked terminal and charges the same cart.
      await page.getByRole('button', { name: 'Lock', exact: true }).click();
      await lockScreen(page).getByRole('button', { name: 'Switch cashier' }).click();
      await lockScreen(page).getByLabel('Username').fill(robin.username);
      await lockScreen(page).getByLabel('PIN', { exact: true }).fill(robin.pin);
      await screen(page, `staff-switch-${w}`);
      await lockScreen(page).getByRole('button', { name: 'Sign in' }).click();
      await expect(lockScreen(page)).toBeHidden();
      await expect(page.getByTestId('current-user')).toHaveText(robin.displayName);
      await expect(lines(page)).toHaveCount(2);
      await page.keyboard.press('F9');
      await page.getByRole('button', { name: 'Pay €22.18' }).click();
      await expect(page.getByRole('region', { name: 'Paid in full' })).toBeVisible();
      const orders = (await server.call('orders.list', {}, token)).items;
      expect(orders).toHaveLength(1);
      expect(orders[0]!.createdBy).toBe(other.id);

      // A reload keeps Robin signed in; a reload of a locked terminal shows the lock screen.
      await page.reload();
      await expect(page.getByTestId('current-user')).toHaveText(robin.displayName);
      await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
      await page.getByRole('button', { name: 'Lock', exact: true }).click();
      await expect(lockScreen(page)).toBeVisible();
      await page.reload();
      await expect(lockScreen(page)).toBeVisible();
      await expect(page.getByTestId('lock-user')).toHaveText(robin.displayName);
      await lockScreen(page).getByLabel('PIN', { exact: true }).fill(robin.pin);
      await lockScreen(page).getByRole('button', { name: 'Unlock' }).click();
      await expect(lockScreen(page)).toBeHidden();
      await expect(page.getByTestId('current-user')).toHaveText(robin.displayName);
    });

    test('idle lock after the store setting (it-IT store); a user without a PIN unlocks with the password', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await server.call('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome', currency: 'EUR', lockAfterIdleMinutes: 2 }, token);
      await page.clock.install();
      await signInToCounter(page);
      await scan(page, catalogue.mug.barcode);
      await expect(lines(page)).toHaveCount(1);
      // A minute of idleness is not enough; two are.
      await page.clock.fastForward('01:00');
      await expect(lockScreen(page)).toBeHidden();
      await page.clock.fastForward('01:10');
      await expect(lockScreen(page)).toBeVisible();
      await expect(lockScreen(page).getByRole('radio', { name: 'With password' })).toBeChecked();
      await screen(page, `staff-idle-locked-it-${w}`);
      await lockScreen(page).getByLabel('Password', { exact: true }).fill('cashier-pass-1');
      await lockScreen(page).getByRole('button', { name: 'Unlock' }).click();
      await expect(lockScreen(page)).toBeHidden();
      await expect(lines(page)).toHaveCount(1);
      await screen(page, `staff-unlocked-it-${w}`);
    });

    test('signing out with a cart warns, holds it as an order and signs out; Admin → Users sets a PIN', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);
      await scan(page, catalogue.notebook.barcode);
      await scan(page, catalogue.tea.barcode);
      await page.getByRole('button', { name: 'Sign out' }).click();
      const dialog = page.getByRole('dialog', { name: 'Sign out?' });
      await expect(dialog.getByTestId('signout-warning')).toHaveText('The cart has 2 lines. Sign out and keep it as a held order?');
      await screen(page, `staff-signout-warning-${w}`);
      await dialog.getByRole('button', { name: 'Hold the cart and sign out' }).click();
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      const held = (await server.call('orders.list', {}, token)).items;
      expect(held).toHaveLength(1);
      expect(held[0]).toMatchObject({ status: 'RECEIVED' });
      expect(held[0]!.lines).toHaveLength(2);

      // The admin sets the cashier's PIN in Admin → Users; every action of a row is in view.
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('current-user')).toHaveText('Alex Admin');
      await page.goto('/#/admin/users');
      const row = page.getByRole('row').filter({ hasText: 'casey' });
      for (const name of ['Edit casey', 'Reset password of casey', 'Set PIN of casey']) {
        const button = row.getByRole('button', { name });
        await expect(button).toBeInViewport({ ratio: 1 });
      }
      await row.getByRole('button', { name: 'Set PIN of casey' }).click();
      const pinDialog = page.getByRole('dialog', { name: 'Set PIN of casey' });
      await pinDialog.getByLabel('PIN', { exact: true }).fill('4321');
      await pinDialog.getByLabel('PIN again').fill('4321');
      await pinDialog.getByRole('button', { name: 'Set PIN' }).click();
      await expect(pinDialog).toBeHidden();
      await expect(row.getByRole('button', { name: 'Remove PIN of casey' })).toBeInViewport({ ratio: 1 });
      // Runs in the page; the tests compile without the DOM's types.
      const pageWidth = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
      expect(pageWidth).toBeLessThanOrEqual(viewport.width);
      await screen(page, `staff-users-${w}`);
      page.once('dialog', (d) => void d.accept());
      await row.getByRole('button', { name: 'Remove PIN of casey' }).click();
      await expect(row.getByRole('button', { name: 'Set PIN of casey' })).toBeVisible();
    });
  });
}

test('a lock that does not reach the store still holds: a reload comes back locked and locks the session on the server', async ({ page, server }) => {
  await seedStore(server);
  await signInToCounter(page);
  await scan(page, catalogue.notebook.barcode);
  const token = (await page.evaluate('sessionStorage.getItem("tessera.session")')) as string | null;
  expect(token).not.toBeNull();

  // The store does not hear the lock: on screen it is locked all the same.
  await page.route('**/rpc/auth.lock', (route) => route.abort('connectionreset'));
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(lockScreen(page)).toBeVisible();
  expect((await server.call('auth.status', {}, token!)).locked ?? false).toBe(false);

  // A reload does not open it: the lock screen again, and the session is now locked on the server.
  await page.unroute('**/rpc/auth.lock');
  await page.reload();
  await expect(lockScreen(page)).toBeVisible();
  await expect(page.getByTestId('lock-user')).toHaveText('Casey Cashier');
  expect((await server.call('auth.status', {}, token!)).locked).toBe(true);
  const refused = await fetch(`${server.baseURL}/rpc/orders.list`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
  expect(refused.status).toBe(423);
  await expect(lines(page)).toHaveCount(1);
});
