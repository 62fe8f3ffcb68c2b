/**
 * The counter's till: which register a terminal is (bound at its first sign-in, a chooser when
 * there are several), opening it with a float counted by denomination, the register menu's
 * cash movements and X report, and a register closed from elsewhere while a sale is on the
 * counter. Screenshots: test-results/screens/register-*.png.
 */
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, screen, test, type TesseraServer } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { admin, cart, cartLine, cashier, catalogue, REGISTER_ID, scan, scanInput, scannerBurst, seedStore, signInToCounter, type SalesStore } from '../support/e2e-sales';

async function signInAs(page: Page, user: { username: string; password: string }): Promise<void> {
  await expect(async () => {
    await page.goto('/');
    await expect(page.getByLabel('Username')).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 40_000 });
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const registerName = (page: Page) => page.getByTestId('register-name');
const openHeading = (page: Page) => page.getByRole('heading', { name: 'Open register' });
const chooser = (page: Page) => page.getByTestId('register-chooser');
const menuItem = (page: Page, name: string) => page.getByRole('menuitem', { name });

async function openMenu(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Register menu' }).click();
  await expect(page.getByRole('menu', { name: 'Register' })).toBeVisible();
}

/** A cash sale of one notebook (12.56) made through Register 1 behind the UI's back. */
async function cashSale(server: TesseraServer, store: SalesStore): Promise<void> {
  const { token } = await server.call('auth.login', { username: cashier.username, password: cashier.password, registerId: REGISTER_ID });
  await server.call('orders.checkout', { lines: [{ productId: store.products.notebook.id, quantity: 1 }], tenders: [{ method: 'cash', amount: 1256 }], idempotencyKey: `reg-${Date.now()}` }, token);
}

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('the first sign-in with one register binds it; a scan while closed says so; the float is counted by denomination', async ({ page, server }) => {
      const store = await seedStore(server, { open: false });
      await signInAs(page, cashier);
      await expect(openHeading(page)).toBeVisible();
      await expect(registerName(page)).toContainText('R1');
      await expect(registerName(page)).toContainText('Closed');
      expect(await page.evaluate("localStorage.getItem('tessera.register')")).toBe(REGISTER_ID);

      // A scan here sells nothing and types nothing into the float: it says why.
      await scannerBurst(page, catalogue.notebook.barcode);
      await expect(page.getByRole('status').filter({ hasText: `Scanned ${catalogue.notebook.barcode}` })).toContainText('open the register first');
      await expect(page.getByLabel('Opening float')).toHaveValue('');

      await page.getByLabel('Count by denomination').check();
      await page.getByLabel('€50.00', { exact: true }).fill('2');
      await page.getByLabel('€10.00', { exact: true }).fill('3');
      await page.getByLabel('€0.50', { exact: true }).fill('4');
      await expect(page.getByTestId('count-total')).toHaveText('€132.00');
      await expect(page.getByLabel('Opening float')).toHaveValue('132.00');
      await screen(page, `register-open-${w}`);
      // The whole count (15 euro notes and coins) and its button fit the window, the scan's notice dismissed.
      await page.getByRole('button', { name: 'Dismiss message' }).click();
      const button = (await page.getByRole('button', { name: 'Open register' }).boundingBox())!;
      expect(button.y + button.height).toBeLessThanOrEqual(viewport.height);
      await screen(page, `register-open-count-${w}`);
      await page.getByLabel('€0.50', { exact: true }).focus();
      await page.getByLabel('€0.50', { exact: true }).press('Enter');

      await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
      await expect(scanInput(page)).toBeFocused();
      await expect(registerName(page)).toContainText('Open since');
      const { session } = await server.call('cashSessions.current', { registerId: REGISTER_ID }, store.token);
      expect(session?.openingFloat).toBe(13_200);
      expect(session?.openingCount).toEqual([
        { denomination: 5000, quantity: 2 },
        { denomination: 1000, quantity: 3 },
        { denomination: 50, quantity: 4 },
      ]);
    });

    test('with two registers a seller chooses the till, which the terminal remembers; an admin may add one there', async ({ page, server }) => {
      const store = await seedStore(server);
      const r2 = await server.call('registers.create', { code: 'R2', name: 'Front desk' }, store.token);
      await signInAs(page, cashier);
      await expect(chooser(page).getByRole('heading', { name: 'Which till is this terminal?' })).toBeVisible();
      // A cashier has neither the back office nor a new register.
      await expect(chooser(page).getByRole('button', { name: 'No register (back office)' })).toHaveCount(0);
      await expect(chooser(page).getByRole('form', { name: 'New register' })).toHaveCount(0);
      await screen(page, `register-chooser-${w}`);
      await chooser(page).getByRole('button', { name: 'R2 Front desk' }).click();
      await expect(chooser(page)).toBeHidden();
      await expect(registerName(page)).toContainText('R2');
      await expect(openHeading(page)).toBeVisible();

      // Signed in again: the terminal is R2 without asking.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await signInAs(page, cashier);
      await expect(registerName(page)).toContainText('R2');
      await expect(chooser(page)).toHaveCount(0);

      // R2 taken out of use: the terminal forgets it and asks again; the admin adds R3 there.
      await server.call('registers.update', { id: r2.id, active: false }, store.token);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await server.call('registers.create', { code: 'R4', name: 'Back room' }, store.token);
      await signInAs(page, admin);
      await expect(chooser(page)).toBeVisible();
      await expect(chooser(page).getByRole('button', { name: /R2/ })).toHaveCount(0);
      await expect(chooser(page).getByRole('button', { name: 'No register (back office)' })).toBeVisible();
      await screen(page, `register-chooser-admin-${w}`);
      await chooser(page).getByLabel('Code').fill('r3');
      await chooser(page).getByLabel('Name').fill('Terrace');
      await chooser(page).getByLabel('Name').press('Enter');
      await expect(chooser(page)).toBeHidden();
      await expect(registerName(page)).toContainText('R3');
      await expect(registerName(page)).toContainText('Terrace');

      // Change register… from the menu: back office.
      await openMenu(page);
      await menuItem(page, 'Change register…').click();
      await chooser(page).getByRole('button', { name: 'No register (back office)' }).click();
      await expect(registerName(page)).toHaveText('No register');
    });

    test('pay-in, pay-out, drop and no-sale each take a reason; the X report expects float + cash sales + pay-ins − pay-outs − drops', async ({ page, server }) => {
      const store = await seedStore(server);
      await cashSale(server, store);
      await signInAs(page, cashier);
      await expect(scanInput(page)).toBeFocused();

      await openMenu(page);
      await screen(page, `register-menu-${w}`);
      // Keyboard: Escape closes the menu and gives the focus back to its button.
      await page.keyboard.press('Escape');
      await expect(page.getByRole('menu')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Register menu' })).toBeFocused();

      const moves = [
        { item: 'Pay in…', title: 'Pay in', amount: '20.00', reason: 'Change from the bank', toast: 'Paid in: €20.00 (Change from the bank).' },
        { item: 'Pay out…', title: 'Pay out', amount: '5.00', reason: 'Milk delivery', toast: 'Paid out: €5.00 (Milk delivery).' },
        { item: 'Drop to safe…', title: 'Drop to safe', amount: '50.00', reason: 'Midday drop', toast: 'Dropped to the safe: €50.00 (Midday drop).' },
        { item: 'No sale (open drawer)…', title: 'No sale', amount: null, reason: 'Change for a customer', toast: 'Drawer opened (Change for a customer).' },
      ];
      for (const m of moves) {
        await openMenu(page);
        await menuItem(page, m.item).click();
        const dialog = page.getByRole('dialog', { name: m.title });
        await expect(dialog).toBeVisible();
        // The reason is required, for a no-sale too.
        if (m.amount) await dialog.getByLabel('Amount').fill(m.amount);
        await dialog.getByLabel('Reason').press('Enter');
        await expect(dialog.getByText('Enter the reason.')).toBeVisible();
        await dialog.getByLabel('Reason').fill(m.reason);
        await screen(page, `register-${m.title.toLowerCase().replace(/ /g, '-')}-${w}`);
        await dialog.getByLabel('Reason').press('Enter');
        await expect(dialog).toBeHidden();
        await expect(page.getByText(m.toast)).toBeVisible();
      }
      const { session } = await server.call('cashSessions.current', { registerId: REGISTER_ID }, store.token);
      const { items } = await server.call('cashSessions.movements', { sessionId: session!.id }, store.token);
      expect(items.map((i) => [i.kind, i.amount, i.reason])).toEqual([
        ['payIn', 2000, 'Change from the bank'],
        ['payOut', 500, 'Milk delivery'],
        ['drop', 5000, 'Midday drop'],
        ['noSale', 0, 'Change for a customer'],
      ]);

      // An Escape closes a move dialog without recording anything.
      await openMenu(page);
      await menuItem(page, 'Pay out…').click();
      await page.getByRole('dialog', { name: 'Pay out' }).getByLabel('Amount').fill('1');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);

      await openMenu(page);
      await menuItem(page, 'X report').click();
      const x = page.getByRole('dialog', { name: 'X report' });
      // 100.00 + 12.56 + 20.00 − 5.00 − 50.00
      await expect(x.getByTestId('x-expected')).toHaveText('€77.56');
      await expect(x.getByTestId('x-gross')).toHaveText('€12.56');
      // When the figures were read, with the day (a session may run past midnight).
      await expect(x).toContainText(/figures at [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2}\s[AP]M/);
      await expect(x.getByText('Cash payments', { exact: true })).toBeVisible();
      await expect(x.getByRole('row', { name: /Cash/ })).toContainText('€12.56');
      await screen(page, `register-x-${w}`);
      await page.keyboard.press('Escape');
      await expect(x).toBeHidden();
    });
    test('a session open since an earlier day: the warning sits in the register bar, the counter and the done panel still fit', async ({ page, server }) => {
      await seedStore(server);
      // The host's clock cannot be moved: the session is made a day older in the data instead.
      const db = new Database(path.join(server.dataDir, 'tessera.db'));
      try {
        db.prepare("UPDATE cash_sessions SET opened_at = ? WHERE register_id = ? AND status = 'OPEN'").run(new Date(Date.now() - 30 * 3_600_000).toISOString(), REGISTER_ID);
      } finally {
        db.close();
      }
      await signInToCounter(page);
      const warning = page.getByTestId('stale-session');
      await expect(warning).toHaveAttribute('role', 'status');
      await expect(warning).toContainText('has been open since');
      await expect(warning).toHaveAttribute('title', /^Register R1 has been open since .+: close it to start today's Z\.$/);
      // The day it opened is in view, not cut by the header's width.
      const day = /open since (.+): close/.exec((await warning.getAttribute('title'))!)![1]!;
      const since = page.getByTestId('stale-since');
      await expect(since).toHaveText(`Open since ${day}:`);
      expect(await since.evaluate((el) => el.closest('.regbar__warning-text')!.scrollHeight - el.closest('.regbar__warning-text')!.clientHeight)).toBeLessThanOrEqual(0);
      const inView = async (what: string, box: { y: number; height: number } | null) => {
        expect(box, what).not.toBeNull();
        expect(box!.y + box!.height, `${what} in the window`).toBeLessThanOrEqual(viewport.height);
      };
      // The page does not scroll: the register's name and menu stay in the header's one row.
      expect(await page.evaluate('document.documentElement.scrollHeight')).toBeLessThanOrEqual(viewport.height);
      const title = (await page.getByRole('heading', { level: 1, name: 'Counter' }).boundingBox())!;
      const menu = (await page.getByRole('button', { name: 'Register menu' }).boundingBox())!;
      expect(menu.y).toBeLessThan(title.y + title.height);
      await inView('register name', await registerName(page).boundingBox());
      await screen(page, `register-stale-${w}`);

      await scan(page, catalogue.notebook.barcode);
      await page.keyboard.press('F9');
      await page.getByLabel('Cash tendered').fill('20');
      await page.getByRole('button', { name: 'Pay €12.56' }).click();
      const done = page.getByRole('region', { name: 'Paid in full' });
      await expect(done).toBeVisible();
      for (const name of [/New sale/, /Print receipt/, /Invoice PDF/]) await inView(String(name), await done.getByRole('button', { name }).boundingBox());
      expect(await page.evaluate('document.documentElement.scrollHeight')).toBeLessThanOrEqual(viewport.height);
      await screen(page, `register-stale-done-${w}`);
    });
  });
}

test('a register closed from elsewhere takes the counter to Open register with the cart kept', async ({ page, server }) => {
  const store = await seedStore(server);
  await signInAs(page, cashier);
  await expect(scanInput(page)).toBeFocused();
  await scan(page, catalogue.notebook.barcode);
  await expect(cartLine(page, 'Notebook A5')).toBeVisible();

  const { session } = await server.call('cashSessions.current', { registerId: REGISTER_ID }, store.token);
  await server.call('cashSessions.close', { sessionId: session!.id, countedCash: 10_000 }, store.token);

  await expect(openHeading(page)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Register R1 was closed' })).toContainText('the sale in progress is kept');
  await page.getByLabel('Opening float').fill('80');
  await page.getByLabel('Opening float').press('Enter');
  await expect(cartLine(page, 'Notebook A5')).toBeVisible();
  await expect(cart(page)).toContainText('€12.56');
});

test('a sale refused for no open cash session (closed while paying) comes back to Open register, cart kept', async ({ page, server }) => {
  const store = await seedStore(server);
  await signInAs(page, cashier);
  await expect(scanInput(page)).toBeFocused();
  await scan(page, catalogue.pen.barcode);
  await page.getByRole('button', { name: /Charge/ }).click();
  const { session } = await server.call('cashSessions.current', { registerId: REGISTER_ID }, store.token);
  await server.call('cashSessions.close', { sessionId: session!.id, countedCash: 10_000 }, store.token);
  await expect(openHeading(page)).toBeVisible();
  await page.getByLabel('Opening float').fill('50');
  await page.getByLabel('Opening float').press('Enter');
  await expect(cartLine(page, 'Ballpoint pen, blue')).toBeVisible();
});
