/**
 * Discounts, price overrides and the price basis on the printed documents, through the
 * contract: the receipt lines, the invoice PDF (read back with pdftotext) and the credit note's
 * receipt and PDF. The figures are the ones the invoice froze; the documents only lay them out.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CreditNote, Invoice } from '../../shared/contract';
import { setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';
import { pdfText } from '../support/pdfText';

interface Store {
  t: TestCore;
  admin: string;
  manager: string;
  managerId: string;
  cashier: string;
}

async function openStore(settings: Record<string, unknown>): Promise<Store> {
  const t = await startCore('in-process');
  const admin = await setupAdmin(t);
  const manager = await userWithRole(t, admin, 'manager');
  const cashier = await userWithRole(t, admin, 'cashier');
  const managerId = (await t.ok('auth.me', {}, manager)).id;
  await t.ok('settings.update', { storeName: 'Café Flore', ...settings }, admin);
  return { t, admin, manager, managerId, cashier };
}

async function receiptText(s: Store, invoiceId: string, width: 58 | 80): Promise<string[]> {
  const layout = await s.t.ok('receipts.layout', { invoiceId, width }, s.cashier);
  for (const line of layout.lines) expect(Array.from(line.text).length, line.text).toBeLessThanOrEqual(layout.columns);
  return layout.lines.map((l) => l.text);
}

describe('a store whose prices exclude tax', () => {
  let s: Store;
  let beans: string;
  let mug: string;
  let approved: Invoice;
  let key = 0;

  beforeAll(async () => {
    s = await openStore({});
    beans = (await s.t.ok('products.create', { sku: 'BEANS', name: 'Espresso beans', unitPrice: 1999, taxRateBp: 1000 }, s.admin)).id;
    mug = (await s.t.ok('products.create', { sku: 'MUG', name: 'Stoneware mug', unitPrice: 2500, taxRateBp: 2000 }, s.admin)).id;
  });
  afterAll(() => s.t.close());

  async function sell(input: Record<string, unknown>): Promise<Invoice> {
    const order = await s.t.ok('orders.create', input as never, s.cashier);
    const invoice = await s.t.ok('invoices.generate', { orderId: order.id }, s.cashier);
    await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'card', amount: invoice.total, idempotencyKey: `dp-${++key}` }, s.cashier);
    return invoice;
  }

  test("a cashier's 10 % line discount on 19.99: the receipt shows −2.00 under the line and what the customer saved; the PDF a Discount column", async () => {
    const invoice = await sell({ lines: [{ productId: beans, quantity: 1, discount: { kind: 'percent', value: 10, reason: 'Damaged' } }] });
    expect(invoice).toMatchObject({ priceBasis: 'net', subtotal: 1799, tax: 180, total: 1979, discountTotal: 200, approvedByName: null });

    for (const width of [58, 80] as const) {
      const text = await receiptText(s, invoice.id, width);
      const item = text.indexOf('Espresso beans');
      expect(text[item + 1]).toMatch(/^ {2}1 x €19\.99 +€19\.99$/);
      expect(text[item + 2]).toMatch(/^ {2}Discount 10% \(Damaged\) +-€2\.00$/);
      expect(text).toContainEqual(expect.stringMatching(/^Subtotal +€17\.99$/));
      expect(text).toContainEqual(expect.stringMatching(/^Tax 10% +€1\.80$/));
      expect(text).toContainEqual(expect.stringMatching(/^TOTAL +€19\.79$/));
      expect(text).toContainEqual(expect.stringMatching(/^You saved +€2\.00$/));
      expect(text.some((l) => l.startsWith('Approved by'))).toBe(false);
      expect(text.some((l) => l.startsWith('Order discount'))).toBe(false);
    }

    const pdf = pdfText((await s.t.ok('invoices.pdf', { id: invoice.id }, s.cashier)).contentBase64);
    for (const expected of [
      'Prices exclude tax',
      'Description Qty Unit price Discount Tax Amount',
      'Espresso beans 1 €19.99 -€2.00 10% €17.99',
      'SKU BEANS · Discount 10% (Damaged)',
      '10% €17.99 €1.80',
      'Subtotal €17.99',
      'Tax €1.80',
      'Total €19.79',
      'Total discounts -€2.00',
    ]) {
      expect(pdf, expected).toContain(expected);
    }
    expect(pdf).not.toContain('approved by');
  });

  test('a price override and a 30 % order discount approved by a manager: list price and reason, the order discount before the totals, who approved', async () => {
    const invoice = await sell({
      lines: [
        { productId: beans, quantity: 1, discount: { kind: 'percent', value: 10, reason: 'Damaged' } },
        { productId: mug, quantity: 1, unitPrice: 2000, priceReason: 'Price match' },
      ],
      discount: { kind: 'percent', value: 30, reason: 'Loyal customer' },
      approval: { userId: s.managerId, password: 'manager-password-1' },
    });
    // 19.99 − 2.00 = 17.99 and 20.00: 30 % of 37.99 is 11.40, split 5.40 / 6.00 by the largest remainder.
    expect(invoice.lines.map((l) => [l.lineDiscount, l.orderDiscount])).toEqual([
      [200, 540],
      [0, 600],
    ]);
    expect(invoice.lines[1]).toMatchObject({ listPrice: 2500, priceReason: 'Price match', unitPrice: 2000 });
    expect(invoice).toMatchObject({ subtotal: 2659, tax: 406, total: 3065, discountTotal: 1340, approvedByName: 'manager user' });

    for (const width of [58, 80] as const) {
      const text = await receiptText(s, invoice.id, width);
      const mugAt = text.indexOf('Stoneware mug');
      expect(text[mugAt + 1]).toMatch(/^ {2}1 x €20\.00 +€20\.00$/);
      // The list price and why it was changed, under the line (wrapped on 58 mm).
      expect(text.slice(mugAt + 2, mugAt + 4).join(' ').replace(/ +/g, ' ')).toContain(' Price changed from €25.00: Price match');
      // Order discount row: after the items' rule, before the subtotal.
      const order = text.findIndex((l) => /^Order discount 30%/.test(l));
      const subtotal = text.findIndex((l) => /^Subtotal +€26\.59$/.test(l));
      expect(order).toBeGreaterThan(mugAt);
      expect(subtotal).toBeGreaterThan(order);
      expect(text.slice(order, subtotal).join(' ')).toMatch(/^Order discount 30% \(Loyal customer\) +-€11\.40$/);
      expect(text).toContainEqual(expect.stringMatching(/^Tax 10% +€1\.26$/));
      expect(text).toContainEqual(expect.stringMatching(/^Tax 20% +€2\.80$/));
      expect(text).toContainEqual(expect.stringMatching(/^TOTAL +€30\.65$/));
      expect(text).toContainEqual(expect.stringMatching(/^You saved +€13\.40$/));
      expect(text).toContainEqual(expect.stringMatching(/^Approved by +manager user$/));
    }
    const all80 = (await receiptText(s, invoice.id, 80)).join('\n');
    expect(all80).toContain('  Price changed from €25.00: Price match');
    expect(all80).toMatch(/^Order discount 30% \(Loyal customer\) +-€11\.40$/m);

    const pdf = pdfText((await s.t.ok('invoices.pdf', { id: invoice.id }, s.cashier)).contentBase64);
    for (const expected of [
      'Espresso beans 1 €19.99 -€2.00 10% €17.99',
      'Stoneware mug 1 €20.00 20% €20.00',
      'SKU MUG · Price changed from €25.00: Price match',
      '-€11.40',
      'Subtotal €26.59',
      'Tax €4.06',
      'Total €30.65',
      'Total discounts -€13.40',
      'Discounts and price changes approved by manager user',
    ]) {
      expect(pdf, expected).toContain(expected);
    }
    expect(pdf).toMatch(/Order discount 30% (\(Loyal customer\)|\(Loyal .*customer\))/);
    approved = invoice;
  });

  test("a return of the discounted line: the credit note keeps the line's discounts (its own and its share of the order's)", async () => {
    const { creditNote: cn } = await s.t.ok('returns.create', { invoiceId: approved.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'Chipped' }], idempotencyKey: `dp-${++key}` }, s.cashier);
    expect(cn.lines[0]).toMatchObject({ discount: 740, subtotal: 1259, tax: 126, total: 1385 });
    expect(cn).toMatchObject({ priceBasis: 'net', discountTotal: 740, total: 1385 });
    const text = (await s.t.ok('creditNotes.receiptLayout', { id: cn.id, width: 58 }, s.cashier)).lines.map((l) => l.text);
    expect(text).toContainEqual(expect.stringMatching(/^ {2}1 x €19\.99 +€13\.85$/));
    expect(text).toContainEqual(expect.stringMatching(/^ {2}incl\. discount +-€7\.40$/));
    expect(text).toContainEqual(expect.stringMatching(/^Subtotal +€12\.59$/));
    expect(text).toContainEqual(expect.stringMatching(/^TOTAL CREDITED +€13\.85$/));
    const pdf = pdfText((await s.t.ok('creditNotes.pdf', { id: cn.id }, s.cashier)).contentBase64);
    for (const expected of ['Prices exclude tax', 'Espresso beans 1 €19.99 10% -€7.40 €12.59 €1.26 €13.85', 'Less discounts -€7.40', 'Subtotal €12.59', 'Total credited €13.85']) {
      expect(pdf, expected).toContain(expected);
    }
  });
});

describe('a store whose prices include tax (20 %)', () => {
  let s: Store;
  let lemonade: string;
  let key = 0;

  beforeAll(async () => {
    s = await openStore({ pricesIncludeTax: true });
    lemonade = (await s.t.ok('products.create', { sku: 'LEMON', name: 'Lemonade', unitPrice: 100, taxRateBp: 2000 }, s.admin)).id;
  });
  afterAll(() => s.t.close());

  test('3 × 1.00: gross prices, then the total, then the tax it includes per rate — no subtotal plus tax', async () => {
    const order = await s.t.ok('orders.create', { lines: [{ productId: lemonade, quantity: 3 }] }, s.cashier);
    const invoice = await s.t.ok('invoices.generate', { orderId: order.id }, s.cashier);
    expect(invoice).toMatchObject({ priceBasis: 'gross', subtotal: 250, tax: 50, total: 300 });
    await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 300, idempotencyKey: `dpg-${++key}` }, s.cashier);

    for (const width of [58, 80] as const) {
      const text = await receiptText(s, invoice.id, width);
      expect(text).toContainEqual(expect.stringMatching(/^ {2}3 x €1\.00 +€3\.00$/));
      const total = text.findIndex((l) => /^TOTAL +€3\.00$/.test(l));
      expect(total).toBeGreaterThan(0);
      if (width === 80) expect(text[total + 1]).toBe('Incl. tax 20%: €0.50 on net €2.50');
      else expect(text.slice(total + 1, total + 3)).toEqual([expect.stringMatching(/^Incl\. tax 20% +€0\.50$/), expect.stringMatching(/^ {2}on net +€2\.50$/)]);
      expect(text.some((l) => /^(Subtotal|Tax )/.test(l))).toBe(false);
      expect(text.some((l) => l.startsWith('You saved'))).toBe(false);
    }

    const pdf = pdfText((await s.t.ok('invoices.pdf', { id: invoice.id }, s.cashier)).contentBase64);
    for (const expected of ['Prices include tax', 'Lemonade 3 €1.00 20% €3.00', '20% €2.50 €0.50', 'Total €3.00', 'Incl. tax €0.50', 'Net €2.50']) {
      expect(pdf, expected).toContain(expected);
    }
    expect(pdf).not.toContain('Subtotal');
    expect(pdf).not.toContain('Discount');
  });

  test('in an Italian store: a discounted sale in euros written the Italian way, the tax each rate includes', async () => {
    await s.t.ok('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome' }, s.admin);
    try {
      const order = await s.t.ok('orders.create', { lines: [{ productId: lemonade, quantity: 10, discount: { kind: 'amount', value: 50, reason: 'Dented can' } }] }, s.cashier);
      const invoice = await s.t.ok('invoices.generate', { orderId: order.id }, s.cashier);
      // 10,00 − 0,50 = 9,50 gross: tax 950 × 20 / 120 = 158,33 → 1,58; net 7,92.
      expect(invoice).toMatchObject({ total: 950, tax: 158, subtotal: 792, discountTotal: 50 });
      const text = await receiptText(s, invoice.id, 58);
      expect(text).toContainEqual(expect.stringMatching(/^ {2}10 x 1,00\s€ +10,00\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^ {2}Discount \(Dented can\) +-0,50\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^TOTAL +9,50\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^Incl\. tax 20% +1,58\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^ {2}on net +7,92\s€$/));
      const wide = await receiptText(s, invoice.id, 80);
      expect(wide).toContain('Incl. tax 20%: 1,58\u00a0€ on net 7,92\u00a0€');
      expect(text).toContainEqual(expect.stringMatching(/^You saved +0,50\s€$/));
      const pdf = pdfText((await s.t.ok('invoices.pdf', { id: invoice.id }, s.cashier)).contentBase64);
      expect(pdf).toContain('Lemonade 10 1,00 € -0,50 € 20% 9,50 €');
      // Beside the tax table, the totals read back interleaved with it: total, then the tax it includes and the net.
      expect(pdf).toMatch(/Total 9,50 € .*Incl\. tax 1,58 € Net 7,92 €/);
    } finally {
      await s.t.ok('settings.update', { locale: 'en-US', timeZone: 'UTC' }, s.admin);
    }
  });
});

/** A tax-inclusive credit note giving back a discounted line: two of three mugs at 12.00 with 10 % off. */
function discountedCreditNote(): CreditNote {
  return {
    id: 'cn-9',
    number: 'CN-000009',
    kind: 'return',
    invoiceId: 'inv-9',
    invoiceNumber: 'INV-000090',
    orderId: 'ord-9',
    currency: 'EUR',
    lines: [
      { invoiceLineIndex: 0, productId: 'p-mug', sku: 'MUG', name: 'Stoneware mug', unitPrice: 1200, quantity: 2, taxRateBp: 2000, discount: 240, subtotal: 1800, tax: 360, total: 2160, restock: true, reason: 'Chipped' },
    ],
    priceBasis: 'gross',
    discountTotal: 240,
    subtotal: 1800,
    tax: 360,
    total: 2160,
    taxBreakdown: [{ taxRateBp: 2000, base: 1800, tax: 360 }],
    refunded: 2160,
    refunds: [],
    vouchers: [],
    seller: { name: 'Café Flore', address: null, taxId: null, phone: null },
    customer: null,
    issuedAt: '2026-06-03T14:05:00.000Z',
    issuedBy: 'u-1',
    issuedByName: 'Carla Cashier',
    approvedByName: null,
    cashSessionId: null,
    exchangeInvoiceId: null,
  };
}

describe('a credit note giving back a discounted line', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await startCore('in-process');
    await setupAdmin(t);
  });
  afterAll(() => t.close());

  test('its receipt shows the discount share inside each line and the tax the total includes; its PDF a Discount column', async () => {
    const docs = t.core.services.documents;
    const cn = discountedCreditNote();
    for (const width of [58, 80] as const) {
      const text = docs.creditNoteLayout(cn, width).lines.map((l) => l.text);
      const item = text.indexOf('Stoneware mug');
      expect(text[item + 1]).toMatch(/^ {2}2 x €12\.00 +€21\.60$/);
      expect(text[item + 2]).toMatch(/^ {2}incl\. discount +-€2\.40$/);
      const total = text.findIndex((l) => /^TOTAL CREDITED +€21\.60$/.test(l));
      if (width === 80) expect(text[total + 1]).toBe('Incl. tax 20%: €3.60 on net €18.00');
      else expect(text.slice(total + 1, total + 3)).toEqual([expect.stringMatching(/^Incl\. tax 20% +€3\.60$/), expect.stringMatching(/^ {2}on net +€18\.00$/)]);
      expect(text.some((l) => /^(Subtotal|Tax )/.test(l))).toBe(false);
    }
    const pdf = pdfText((await docs.creditNotePdf(cn)).contentBase64);
    for (const expected of [
      'Prices include tax',
      'Description Qty Unit price Rate Discount Net Tax Total',
      'Stoneware mug 2 €12.00 20% -€2.40 €18.00 €3.60 €21.60',
      'Less discounts -€2.40',
      'Total credited €21.60 Incl. tax €3.60 Net €18.00',
      '20% €18.00 €3.60',
    ]) {
      expect(pdf, expected).toContain(expected);
    }
  });
});
