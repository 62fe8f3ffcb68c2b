/**
 * Two shops and a head office, against a real PostgreSQL: a sale made at shop A's counter in
 * the browser appears in the head office's daily sales report; a price changed at the head
 * office reaches shop B's counter. (Skipped with the reason printed when TESSERA_TEST_PG_URL
 * is not set; .ci/run sets it.)
 */
import type { HeadOfficeStatus } from '../../shared/contract/headOffice';
import { importProducts } from '../../electron/headoffice/catalogue';
import { expect, screen, startServer, test, type TesseraServer } from '../support/e2e';
import { cart, cashier, admin, openRegister, scan, signInToCounter } from '../support/e2e-sales';
import { testHeadOffice, type TestHeadOffice } from '../support/headOfficeDb';
import { pgSkipReason, testPgUrl } from '../support/postgres';

const adminUrl = testPgUrl();
const TEA = { sku: 'TEA-HO', barcode: '4006381399990' };
const csv = (price: string) => `sku,name,price,tax_rate,barcode,category\n${TEA.sku},Head office tea,${price},7,${TEA.barcode},Tea\n`;

/** A shop: its host attached to the head office, an admin and a cashier, its register open. */
async function openShop(url: string): Promise<{ server: TesseraServer; token: string; stop: () => Promise<void> }> {
  const { server, stop } = await startServer({ TESSERA_HEAD_OFFICE_URL: url });
  const { token } = await server.call('auth.setup', admin);
  await server.call('users.create', { ...cashier, role: 'cashier' }, token);
  await openRegister(server, token);
  // Attached once its sync has said hello: from then on the catalogue is the head office's.
  await expect.poll(async () => (await server.call('headOffice.status', {}, token)).state, { timeout: 30_000 }).toBe('synced' satisfies HeadOfficeStatus['state']);
  return { server, token, stop };
}

/** The head office's price of the tea at a shop, once its catalogue came down. */
async function teaPrice(server: TesseraServer, token: string): Promise<number | null> {
  try {
    return (await server.call('products.findByCode', { code: TEA.sku }, token)).unitPrice;
  } catch {
    return null;
  }
}

test.describe('two shops and a head office', () => {
  test.skip(!adminUrl, pgSkipReason() ?? '');
  let ho: TestHeadOffice;
  test.beforeAll(async () => {
    ho = await testHeadOffice(adminUrl!);
    await importProducts(ho.url, csv('4.20'));
  });
  test.afterAll(async () => {
    await ho?.drop();
  });

  test("a sale at shop A's counter appears in the head office's report; a new head office price reaches shop B's counter", async ({ browser }) => {
    test.setTimeout(120_000);
    const a = await openShop((await ho.add('Shop A')).url);
    const b = await openShop((await ho.add('Shop B')).url);
    try {
      await expect.poll(() => teaPrice(a.server, a.token), { timeout: 20_000 }).toBe(420);
      const pageA = await browser.newPage({ baseURL: a.server.baseURL });
      await signInToCounter(pageA);
      await scan(pageA, TEA.barcode);
      // 4.20 + 7 % = 4.49
      await expect(cart(pageA).getByTestId('cart-total')).toHaveText('€4.49');
      await pageA.keyboard.press('F9');
      await pageA.getByRole('button', { name: 'Pay €4.49' }).click();
      const done = pageA.getByRole('region', { name: 'Paid in full' });
      await expect(done).toBeVisible();
      // Attached: numbered per register.
      await expect(done).toContainText('INV-R1-000001');
      await screen(pageA, 'head-office-shop-a-sale');
      await expect
        .poll(async () => (await ho.query<{ invoices: string; gross: string }>("SELECT invoices, gross FROM daily_sales WHERE shop = 'Shop A'"))[0], { timeout: 20_000 })
        .toEqual({ invoices: '1', gross: '449' });
      const [tenders] = await ho.query<{ method: string; taken: string }>("SELECT method, taken FROM tender_mix WHERE shop = 'Shop A'");
      expect(tenders).toEqual({ method: 'cash', taken: '449' });

      await importProducts(ho.url, csv('4.60'));
      await expect.poll(() => teaPrice(b.server, b.token), { timeout: 20_000 }).toBe(460);
      const pageB = await browser.newPage({ baseURL: b.server.baseURL });
      await signInToCounter(pageB);
      await scan(pageB, TEA.barcode);
      // 4.60 + 7 % = 4.92
      await expect(cart(pageB).getByTestId('cart-total')).toHaveText('€4.92');
      await screen(pageB, 'head-office-shop-b-new-price');
      await pageA.close();
      await pageB.close();
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
