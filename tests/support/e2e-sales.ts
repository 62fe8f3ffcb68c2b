/**
 * Fixtures for the counter and payment end-to-end tests: a store with an admin and a
 * cashier and a small catalogue, seeded through the HTTP API (the contract the UI speaks),
 * and signing in through the UI.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Input, Product } from '../../shared/contract';
import type { TesseraServer } from './e2e';

export const admin = { username: 'admin', displayName: 'Alex Admin', password: 'correct horse battery' };
export const cashier = { username: 'casey', displayName: 'Casey Cashier', password: 'cashier-pass-1' };

/** The catalogue. A notebook costs 10.47 + 20 % tax (2.09) = 12.56. */
export const catalogue = {
  notebook: { sku: 'NB-A5', barcode: '5012345678900', name: 'Notebook A5', unitPrice: 1047, taxRateBp: 2000, category: 'Stationery' },
  pen: { sku: 'PEN-BLUE', barcode: '5012345678917', name: 'Ballpoint pen, blue', unitPrice: 189, taxRateBp: 2000, category: 'Stationery' },
  penRed: { sku: 'PEN-RED', barcode: '5012345678924', name: 'Ballpoint pen, red', unitPrice: 189, taxRateBp: 2000, category: 'Stationery' },
  stapler: { sku: 'STAPLER', barcode: '5012345678931', name: 'Stapler', unitPrice: 1450, taxRateBp: 2000, category: 'Stationery' },
  paper: { sku: 'PAPER-A4', barcode: '5012345678948', name: 'Copy paper A4, 500 sheets', unitPrice: 649, taxRateBp: 2000, category: 'Stationery' },
  coffee: { sku: 'COF-250', barcode: '4006381333931', name: 'Espresso beans 250 g', unitPrice: 899, taxRateBp: 700, category: 'Grocery' },
  tea: { sku: 'TEA-GREEN', barcode: '4006381333948', name: 'Green tea, 20 bags', unitPrice: 450, taxRateBp: 700, category: 'Grocery' },
  oatMilk: { sku: 'OAT-1L', barcode: '4006381333955', name: 'Oat milk 1 l', unitPrice: 229, taxRateBp: 700, category: 'Grocery' },
  mug: { sku: 'MUG-WHITE', barcode: '4006381333962', name: 'Mug, white', unitPrice: 795, taxRateBp: 2000, category: 'Home' },
  calendar: { sku: 'CAL-2025', barcode: '5000000000001', name: 'Wall calendar 2025', unitPrice: 999, taxRateBp: 2000, category: 'Stationery' },
} as const satisfies Record<string, Input<'products.create'>>;

export type CatalogueKey = keyof typeof catalogue;

export interface SalesStore {
  /** The admin's API token, for arranging and checking data behind the UI's back. */
  token: string;
  products: Record<CatalogueKey, Product>;
}

/** A fresh store: the admin, a cashier, the catalogue (the 2025 calendar archived), Register 1 open (unless `open` is false). */
export async function seedStore(server: TesseraServer, { open = true }: { open?: boolean } = {}): Promise<SalesStore> {
  const { token } = await server.call('auth.setup', admin);
  await server.call('users.create', { ...cashier, role: 'cashier' }, token);
  const products = {} as Record<CatalogueKey, Product>;
  for (const key of Object.keys(catalogue) as CatalogueKey[]) {
    products[key] = await server.call('products.create', catalogue[key], token);
  }
  products.calendar = await server.call('products.update', { id: products.calendar.id, archived: true }, token);
  if (open) await openRegister(server, token);
  return { token, products };
}

/** The store's one register, as every fresh store has it. */
export const REGISTER_ID = 'register-1';

/** Opens Register 1's cash session (a €100.00 float), so the counter takes sales at once. */
export async function openRegister(server: TesseraServer, token: string, openingFloat = 10_000): Promise<void> {
  await server.call('cashSessions.open', { registerId: REGISTER_ID, openingFloat }, token);
}

/** Signs in through the UI and waits for the counter. */
export async function signInToCounter(page: Page, user: { username: string; password: string } = cashier): Promise<void> {
  // Every `tessera serve` rebuilds the shared UI folder when the sources are newer; while another
  // run rebuilds it, the page can be missing for a moment: load it again until it is there.
  await expect(async () => {
    await page.goto('/');
    await expect(page.getByLabel('Username')).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 40_000 });
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
  await expect(scanInput(page)).toBeFocused();
}

export const scanInput = (page: Page): Locator => page.getByRole('combobox', { name: 'Scan or search' });

/** What a barcode scanner does: types the code and presses Enter. */
export async function scan(page: Page, code: string): Promise<void> {
  const input = scanInput(page);
  await input.fill(code);
  await input.press('Enter');
}

export const cart = (page: Page): Locator => page.getByRole('region', { name: 'Current sale' });
export const cartLine = (page: Page, name: string): Locator => cart(page).getByRole('listitem', { name, exact: true });
export const quantity = (page: Page, name: string): Locator => cart(page).getByRole('textbox', { name: `Quantity of ${name}`, exact: true });

export interface BurstOptions {
  /** Time between two keys as the keyboard stamps them, in ms (a scanner: a few). */
  gapMs?: number;
  /**
   * Keys handed over before a pause in delivery (a page or machine that fell behind): the rest
   * comes once `whileStalled` resolves, still stamped `gapMs` apart.
   */
  stallAfter?: number;
  whileStalled?: () => Promise<void>;
}

/**
 * What a USB barcode scanner does wherever the focus is: its keys and Enter, stamped `gapMs`
 * apart. Playwright's keyboard sends each key as its own round trips, which on a loaded machine
 * arrive tens or hundreds of milliseconds apart (measured: 6–1049 ms for `delay: 3`), so it
 * cannot play a scanner. Here every key goes to Chromium at once through CDP with the time
 * stamp the keyboard would give it (KeyboardEvent.timeStamp), however late the page handles it.
 */
export async function scannerBurst(page: Page, code: string, { gapMs = 3, stallAfter, whileStalled }: BurstOptions = {}): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    let at = Date.now() / 1000;
    const keys = [...code, 'Enter'];
    let sends: Promise<unknown>[] = [];
    for (const [i, key] of keys.entries()) {
      if (stallAfter !== undefined && i === stallAfter) {
        await Promise.all(sends);
        sends = [];
        // A pause in delivery only: the keyboard's stamps go on `gapMs` apart.
        await whileStalled?.();
      }
      at += gapMs / 1000;
      const enter = key === 'Enter';
      const code = enter ? 'Enter' : /\d/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`;
      const keyCode = enter ? 13 : key.toUpperCase().charCodeAt(0);
      const text = enter ? '\r' : key;
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, text, unmodifiedText: text, windowsVirtualKeyCode: keyCode, timestamp: at }));
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: keyCode, timestamp: at + 0.001 }));
    }
    await Promise.all(sends);
  } finally {
    await cdp.detach();
  }
}
