/**
 * A tax-inclusive Italian store's discounted sale on paper: the receipt dialog draws the lines
 * the printer gets (gross prices, the discounts under their lines, the order discount, the total
 * and the tax it includes per rate), and the invoice PDF reads back the same with pdftotext.
 */
import { countPrints, expect, screen, test } from '../support/e2e';
import { createProduct, setUpStore, signIn } from '../support/e2e-api';
import { pdfText } from '../support/pdfText';

test('a discounted sale in a tax-inclusive it-IT store: the receipt on screen and the PDF show gross prices, discounts and the tax per rate', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'manager', 'cashier']);
  await server.call('settings.update', { storeName: 'Bottega Rossi', pricesIncludeTax: true, locale: 'it-IT', timeZone: 'Europe/Rome', currency: 'EUR' }, tokens.admin);
  const beans = await createProduct(server, tokens.admin, { sku: 'CAFFE-1KG', name: 'Caffè in grani 1 kg', unitPrice: 1999, taxRateBp: 1000 });
  const lemonade = await createProduct(server, tokens.admin, { sku: 'LIMONATA', name: 'Limonata', unitPrice: 100, taxRateBp: 2000 });
  const manager = await server.call('auth.me', {}, tokens.manager);
  const order = await server.call(
    'orders.create',
    {
      lines: [
        { productId: beans.id, quantity: 1, discount: { kind: 'percent', value: 10, reason: 'Confezione rovinata' } },
        { productId: lemonade.id, quantity: 3 },
      ],
      discount: { kind: 'percent', value: 30, reason: 'Cliente fedele' },
      approval: { userId: manager.id, password: 'manager-pass-1' },
    },
    tokens.cashier,
  );
  const invoice = await server.call('invoices.generate', { orderId: order.id }, tokens.cashier);
  // 19,99 − 2,00 = 17,99 and 3,00: 30 % of 20,99 is 6,30 (5,40 and 0,90); 12,59 at 10 % and 2,10 at 20 %.
  expect(invoice).toMatchObject({ priceBasis: 'gross', total: 1469, tax: 149, subtotal: 1320, discountTotal: 830, approvedByName: 'Morgan Manager' });
  await server.call('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: invoice.total, tendered: 2000, idempotencyKey: 'docs-pricing-1' }, tokens.cashier);

  await page.setViewportSize({ width: 1024, height: 768 });
  await signIn(page, 'cashier');
  await page.goto(`/#/invoices/${invoice.id}`);
  await expect(page.getByRole('heading', { level: 1, name: invoice.number })).toBeVisible();
  const prints = await countPrints(page);
  await page.getByRole('button', { name: 'Reprint receipt' }).click();
  const paper = page.getByRole('dialog', { name: 'Receipt' }).getByTestId('receipt');
  await expect(paper).toContainText(invoice.number);
  await expect.poll(prints).toBe(1);
  for (const expected of [
    /1 x 19,99\s€\s+19,99\s€/,
    /Discount 10% \(Confezione\s+rovinata\)\s+-2,00\s€/,
    /3 x 1,00\s€\s+3,00\s€/,
    /Order discount 30%\s+\(Cliente fedele\)\s+-6,30\s€/,
    /TOTAL\s+14,69\s€/,
    /You saved\s+8,30\s€/,
    /Approved by\s+Morgan Manager/,
  ]) {
    await expect(paper).toContainText(expected);
  }
  // The tax each rate includes, whole on 80 mm paper or split over two lines on 58 mm.
  await expect(paper).toContainText(/Incl\. tax 10%(: 1,14\s€ on net 11,45\s€|\s+1,14\s€\s+on net\s+11,45\s€)/);
  await expect(paper).toContainText(/Incl\. tax 20%(: 0,35\s€ on net 1,75\s€|\s+0,35\s€\s+on net\s+1,75\s€)/);
  await expect(paper).not.toContainText('Subtotal');
  await screen(page, 'receipt-discounts-gross-it-1024');
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(paper).toContainText(/TOTAL\s+14,69\s€/);
  await screen(page, 'receipt-discounts-gross-it-1280');
  // 58 mm paper: long labels wrap, each rate's tax and net on lines of their own.
  await page.getByRole('button', { name: '58 mm' }).click();
  await expect(paper).toContainText(/Incl\. tax 10%\s+1,14\s€\s+on net\s+11,45\s€/);
  await expect(paper).toContainText(/TOTAL\s+14,69\s€/);
  await screen(page, 'receipt-discounts-gross-it-58mm');

  // The invoice PDF says the same: prices include tax, the discount column, the total, the tax per rate.
  const pdf = await server.call('invoices.pdf', { id: invoice.id }, tokens.cashier);
  const text = pdfText(pdf.contentBase64);
  for (const expected of ['Prices include tax', 'Caffè in grani 1 kg 1 19,99 € -2,00 € 10% 17,99 €', 'Limonata 3 1,00 € 20% 3,00 €', '10% 11,45 € 1,14 €', '20% 1,75 € 0,35 €', 'Total 14,69 €', 'Incl. tax 1,49 €', 'Net 13,20 €', '-6,30 €']) {
    expect(text, expected).toContain(expected);
  }
});
