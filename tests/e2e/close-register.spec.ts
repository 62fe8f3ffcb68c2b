import type { Page } from '@playwright/test';
import { countPrints, expect, screen, test, type TesseraServer } from '../support/e2e';
import { COUNTER_SCREENS } from '../support/screens';
import { catalogue, scan, seedStore, signInToCounter } from '../support/e2e-sales';

/** Closing the till at the counter: count, expected and over/short, a manager's approval, the printed Z. */

const manager = { username: 'morgan', displayName: 'Morgan Manager', password: 'manager-pass-1', pin: '4321' };

/** A manager who can approve at the till with a PIN. */
async function addManager(server: TesseraServer, token: string): Promise<void> {
  const user = await server.call('users.create', { username: manager.username, displayName: manager.displayName, role: 'manager', password: manager.password }, token);
  await server.call('users.setPin', { userId: user.id, pin: manager.pin }, token);
}

/** One notebook (€12.56) sold for cash at the counter: the drawer then holds the €100.00 float + €12.56. */
async function sellNotebookForCash(page: Page): Promise<void> {
  await scan(page, catalogue.notebook.barcode);
  await page.keyboard.press('F9');
  await expect(page.locator('.pay__submit')).toHaveText('Pay €12.56');
  await page.locator('.pay__submit').click();
  const done = page.getByRole('region', { name: 'Paid in full' });
  await expect(done).toBeVisible();
  await done.getByRole('button', { name: 'New sale' }).click();
}

async function openClose(page: Page) {
  await page.getByRole('button', { name: 'Register menu' }).click();
  await page.getByRole('menuitem', { name: 'Close register…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Close Register 1/ });
  await expect(dialog).toBeVisible();
  return dialog;
}

const count = (page: Page, denomination: string) => page.getByRole('textbox', { name: denomination, exact: true });

/** Runs in the page: the count's line totals that cross its fieldset's border. */
const LINES_OUTSIDE = `(() => {
  const out = [];
  for (const fieldset of document.querySelectorAll('fieldset.denoms')) {
    const box = fieldset.getBoundingClientRect();
    for (const line of fieldset.querySelectorAll('.denoms__line')) {
      const r = line.getBoundingClientRect();
      if (r.width > 0 && (r.left < box.left || r.right > box.right)) out.push(line.textContent);
    }
  }
  return out;
})()`;

for (const viewport of COUNTER_SCREENS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });
    const w = viewport.width;

    test('a shortage beyond the threshold needs a manager: a wrong PIN is refused at the field, the right one closes on Z-R1-000001', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await server.call('settings.update', { varianceApprovalAbove: 500, blindCount: false }, token);
      await addManager(server, token);
      await signInToCounter(page);
      await sellNotebookForCash(page);
      const open = (await server.call('cashSessions.current', { registerId: 'register-1' }, token)).session!;

      const dialog = await openClose(page);
      await expect(dialog.getByTestId('expected')).toHaveText('€112.56');
      // The count starts on the largest note.
      await expect(count(page, '€500.00')).toBeFocused();
      await count(page, '€100.00').fill('1');
      await count(page, '€5.00').fill('1');
      await count(page, '€2.00').fill('2');
      await expect(dialog.getByTestId('count-total')).toHaveText('€109.00');
      await expect(dialog.getByTestId('counted')).toHaveText('€109.00');
      await expect(dialog.getByTestId('variance')).toHaveText('Short €3.56');
      // Within €5.00: no approval asked.
      await expect(dialog.getByRole('group', { name: 'Manager approval' })).toHaveCount(0);
      await screen(page, `close-count-${w}`);
      expect(await page.evaluate<string[]>(LINES_OUTSIDE)).toEqual([]);
      // Large line totals stay inside the count too (under their row when it is too narrow).
      await count(page, '€500.00').fill('2');
      await count(page, '€10.00').fill('1000');
      await expect(dialog.getByText('€10,000.00', { exact: true })).toBeVisible();
      expect(await page.evaluate<string[]>(LINES_OUTSIDE)).toEqual([]);
      await screen(page, `close-count-large-${w}`);
      await count(page, '€500.00').fill('');
      await count(page, '€10.00').fill('');
      await expect(dialog.getByTestId('count-total')).toHaveText('€109.00');

      await count(page, '€2.00').fill('');
      await expect(dialog.getByTestId('variance')).toHaveText('Short €7.56');
      const approval = dialog.getByRole('group', { name: 'Manager approval' });
      await expect(approval).toBeVisible();
      await expect(approval).toContainText('Short €7.56 is more than the €5.00 a cashier may close with.');
      await dialog.getByRole('textbox', { name: 'Note' }).fill('Two coins missing');
      await approval.getByLabel('Username').fill(manager.username);
      await approval.getByLabel('PIN', { exact: true }).fill('9999');
      await approval.getByLabel('PIN', { exact: true }).press('Enter');
      await expect(approval.getByLabel('PIN', { exact: true })).toHaveAccessibleDescription(/^Wrong username or PIN\./);
      await expect(approval.getByLabel('PIN', { exact: true })).toBeFocused();
      expect((await server.call('cashSessions.current', { registerId: 'register-1' }, token)).session?.status).toBe('OPEN');
      await screen(page, `close-approval-${w}`);

      await approval.getByLabel('PIN', { exact: true }).fill(manager.pin);
      await approval.getByLabel('PIN', { exact: true }).press('Enter');
      const closed = page.getByRole('dialog', { name: 'Register closed — Z-R1-000001' });
      await expect(closed).toBeVisible();
      // Done is where Enter lands.
      await expect(closed.getByRole('button', { name: 'Done' })).toBeFocused();
      await expect(closed.getByTestId('expected')).toHaveText('€112.56');
      await expect(closed.getByTestId('counted')).toHaveText('€105.00');
      await expect(closed.getByTestId('variance')).toHaveText('Short €7.56');
      const paper = closed.getByTestId('z-report');
      await expect(paper).toContainText('Z-R1-000001');
      await expect(paper).toContainText('-€7.56');
      await expect(paper).toContainText('Two coins missing');
      await expect(paper).toContainText(manager.displayName);
      await screen(page, `close-z-printout-${w}`);

      // Print goes through the browser's print dialog here (no printer on this host); PDF opens in a tab.
      const prints = await countPrints(page);
      await closed.getByRole('button', { name: 'Print' }).click();
      await expect.poll(prints).toBe(1);
      const tab = page.waitForEvent('popup');
      await closed.getByRole('button', { name: 'PDF' }).click();
      await (await tab).close();

      const session = await server.call('cashSessions.get', { id: open.id }, token);
      expect([session.status, session.expectedCash, session.countedCash, session.variance, session.zNumber]).toEqual(['CLOSED', 11_256, 10_500, -756, 'Z-R1-000001']);
      expect(session.approvedBy).not.toBeNull();

      // Escape is Done once closed: back to the counter, which asks to open the register again.
      await page.keyboard.press('Escape');
      await expect(closed).toHaveCount(0);
      await expect(page.getByRole('button', { name: /Open register/ })).toBeVisible();
    });

    test('blind count: a cashier sees the expected cash only once the count is in, and then cannot recount', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await server.call('settings.update', { varianceApprovalAbove: 500, blindCount: true }, token);
      await addManager(server, token);
      await signInToCounter(page);
      await sellNotebookForCash(page);

      const dialog = await openClose(page);
      await expect(dialog.getByText('Count first: the expected cash shows once the count is in.')).toBeVisible();
      await expect(dialog.getByTestId('expected')).toHaveCount(0);
      await expect(dialog).not.toContainText('€112.56');
      await dialog.getByRole('radio', { name: 'Total only' }).check();
      await dialog.getByLabel('Cash counted').fill('100');
      await screen(page, `close-blind-count-${w}`);
      await dialog.getByLabel('Cash counted').press('Enter');

      // The core asks for an approval: the expected figure shows now, and the count is final.
      const approval = dialog.getByRole('group', { name: 'Manager approval' });
      await expect(approval).toBeVisible();
      await expect(dialog.getByTestId('expected')).toHaveText('€112.56');
      await expect(dialog.getByTestId('variance')).toHaveText('Short €12.56');
      await expect(dialog.getByLabel('Cash counted')).toBeDisabled();
      await expect(approval.getByLabel('Username')).toBeFocused();
      await screen(page, `close-blind-reveal-${w}`);

      await approval.getByLabel('Username').fill(manager.username);
      await approval.getByRole('radio', { name: 'With password' }).check();
      await approval.getByLabel('Password', { exact: true }).fill(manager.password);
      await approval.getByLabel('Password', { exact: true }).press('Enter');
      const closed = page.getByRole('dialog', { name: 'Register closed — Z-R1-000001' });
      await expect(closed).toBeVisible();
      await expect(closed.getByTestId('variance')).toHaveText('Short €12.56');
      await expect(closed.getByTestId('z-report')).toContainText('Z-R1-000001');
      await closed.getByRole('button', { name: 'Done' }).click();
      await expect(closed).toHaveCount(0);
    });

    test('Escape leaves the close without closing anything', async ({ page, server }) => {
      const { token } = await seedStore(server);
      await signInToCounter(page);
      const dialog = await openClose(page);
      await count(page, '€50.00').fill('2');
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      expect((await server.call('cashSessions.current', { registerId: 'register-1' }, token)).session?.status).toBe('OPEN');
    });
  });
}
