/**
 * Vouchers (store credit) through the dispatcher and the HTTP host, on a real SQLite file:
 * a gift voucher sold at the counter (no tax at sale, idempotent), spent as a checkout tender
 * (split with cash) and through payments.pay, its balance and ledger; refused tenders (over
 * the balance, expired, unknown, another currency, no code, a code on cash, a voucher buying
 * a voucher) write nothing; a code typed in lower case with spaces is found; a cancelled sale
 * gives a voucher tender back; the database refuses a balance below 0 or above the amount.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input, Output } from '../../shared/contract';
import { VOUCHER_ALPHABET } from '../../shared/domain/voucherCode';
import { count, expectNoWrites, invoiced, issuePaths, lastSeq, eventTypesSince, transports, unique, type SalesStore, openSalesStore } from '../support/sales';
import { openTill, signInAt } from '../support/till';

const DAY = 24 * 60 * 60 * 1000;
const CODE = new RegExp(`^[${VOUCHER_ALPHABET}]{4}-[${VOUCHER_ALPHABET}]{4}-[${VOUCHER_ALPHABET}]{4}$`);
type Sold = Output<'vouchers.sell'>;

describe.each(transports)('vouchers over %s', (transport) => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore(transport);
  });
  afterAll(() => s.close());

  const sell = (amount: number, input: Partial<Input<'vouchers.sell'>> = {}, token = s.cashier): Promise<Sold> =>
    s.t.ok('vouchers.sell', { amount, tenders: [{ method: 'cash', amount }], idempotencyKey: unique('gift'), ...input }, token);
  /** A checkout of one untaxed line of `total`, paid by `tenders`. */
  const checkout = (total: number, tenders: Input<'orders.checkout'>['tenders'], token = s.cashier) =>
    s.t.ok('orders.checkout', { lines: [{ name: 'Mug', unitPrice: total, taxRateBp: 0, quantity: 1 }], tenders, idempotencyKey: unique('co') }, token);
  const failCheckout = (total: number, tenders: unknown[]) =>
    s.t.fail('orders.checkout', { lines: [{ name: 'Mug', unitPrice: total, taxRateBp: 0, quantity: 1 }], tenders, idempotencyKey: unique('co') }, s.cashier);
  const balanceOf = async (code: string) => (await s.t.ok('vouchers.get', { code }, s.support)).balance;
  const entryRows = () => count(s, 'SELECT count(*) AS n FROM voucher_entries');

  /** A refused call that writes nothing: no business rows or events, no voucher ledger line, the balance kept. */
  async function refusedUnchanged(code: string, call: () => Promise<{ code: string; details?: unknown; message: string }>) {
    const balance = await balanceOf(code);
    const entries = entryRows();
    const error = await expectNoWrites(s, call);
    expect(entryRows()).toBe(entries);
    expect(await balanceOf(code)).toBe(balance);
    return error;
  }

  test('a gift voucher is sold untaxed: a random grouped code, valid for voucherValidityDays, its issued entry', async () => {
    const seq = lastSeq(s);
    const sold = await sell(5000);
    expect(sold.voucher).toMatchObject({ kind: 'gift', amount: 5000, balance: 5000, currency: 'EUR', usable: true, invoiceId: sold.invoice.id, creditNoteId: null });
    expect(sold.voucher.code).toMatch(CODE);
    expect(Date.parse(sold.voucher.expiresAt) - Date.parse(sold.voucher.issuedAt)).toBe(365 * DAY);
    // A multi-purpose voucher: no tax at sale.
    expect(sold.invoice).toMatchObject({ status: 'PAID', total: 5000, tax: 0 });
    expect(sold.order.lines).toEqual([expect.objectContaining({ name: 'Gift voucher', unitPrice: 5000, taxRateBp: 0, tax: 0, total: 5000 })]);
    expect(sold.payments).toEqual([expect.objectContaining({ method: 'cash', amount: 5000 })]);
    expect(eventTypesSince(s, seq)).toContain('voucher.issued');
    const got = await s.t.ok('vouchers.get', { code: sold.voucher.code }, s.support);
    expect(got.entries).toEqual([{ kind: 'issued', amount: 5000, balance: 5000, paymentId: null, at: sold.voucher.issuedAt, byName: expect.any(String) }]);
    expect(got.entries[0]?.byName).not.toBe('');
    // Two vouchers never share a code.
    expect((await sell(100)).voucher.code).not.toBe(sold.voucher.code);
  });

  test('spent in part at checkout, split with cash: the balance goes down, the payment and the ledger name it', async () => {
    const { voucher } = await sell(5000);
    const seq = lastSeq(s);
    const sale = await checkout(3000, [{ method: 'voucher', code: voucher.code, amount: 2000 }, { method: 'cash', amount: 1000, tendered: 1500 }]);
    expect(sale.invoice).toMatchObject({ status: 'PAID', amountPaid: 3000 });
    expect(sale.change).toBe(500);
    const [byVoucher, byCash] = sale.payments;
    expect(byVoucher).toMatchObject({ method: 'voucher', amount: 2000, voucherCode: voucher.code, tendered: null, change: null });
    expect(byCash).toMatchObject({ method: 'cash', amount: 1000, tendered: 1500, change: 500, voucherCode: null });
    expect(eventTypesSince(s, seq)).toContain('voucher.redeemed');
    const got = await s.t.ok('vouchers.get', { code: voucher.code }, s.cashier);
    expect(got).toMatchObject({ balance: 3000, usable: true });
    expect(got.entries.map((e) => [e.kind, e.amount, e.balance, e.paymentId])).toEqual([
      ['issued', 5000, 5000, null],
      ['redeemed', -2000, 3000, byVoucher?.id],
    ]);
    // The rest spent exactly: the voucher is no longer usable.
    await checkout(3000, [{ method: 'voucher', code: voucher.code, amount: 3000 }]);
    expect(await s.t.ok('vouchers.get', { code: voucher.code }, s.cashier)).toMatchObject({ balance: 0, usable: false });
  });

  test('a code typed in lower case, with spaces or without dashes, is the same voucher', async () => {
    const { voucher } = await sell(1000);
    const typed = ` ${voucher.code.toLowerCase().replaceAll('-', ' ')} `;
    const sale = await checkout(400, [{ method: 'voucher', code: typed, amount: 400 }]);
    // The payment records the code as printed.
    expect(sale.payments[0]?.voucherCode).toBe(voucher.code);
    expect((await s.t.ok('vouchers.get', { code: voucher.code.replaceAll('-', '').toLowerCase() }, s.cashier)).balance).toBe(600);
  });

  test("more than the voucher's balance is refused naming the tender's amount; nothing is stored", async () => {
    const { voucher } = await sell(1000);
    const error = await refusedUnchanged(voucher.code, () => failCheckout(1500, [{ method: 'voucher', code: voucher.code, amount: 1001 }, { method: 'cash', amount: 499 }]));
    expect(error.code).toBe('VALIDATION');
    expect(issuePaths(error)).toEqual([['tenders', 0, 'amount']]);
    expect(error.message).toMatch(/balance/);
  });

  test('an unknown code, a missing code, a code on cash: VALIDATION naming the code, nothing stored', async () => {
    const { voucher } = await sell(1000);
    const unknown = await refusedUnchanged(voucher.code, () => failCheckout(500, [{ method: 'cash', amount: 100 }, { method: 'voucher', code: 'ZZZZ-ZZZZ-ZZZZ', amount: 400 }]));
    expect(unknown.code).toBe('VALIDATION');
    expect(issuePaths(unknown)).toEqual([['tenders', 1, 'code']]);
    const missing = await refusedUnchanged(voucher.code, () => failCheckout(500, [{ method: 'voucher', amount: 500 }]));
    expect(issuePaths(missing)).toEqual([['tenders', 0, 'code']]);
    const onCash = await refusedUnchanged(voucher.code, () => failCheckout(500, [{ method: 'cash', amount: 500, code: voucher.code }]));
    expect(issuePaths(onCash)).toEqual([['tenders', 0, 'code']]);
    expect((await s.t.fail('vouchers.get', { code: 'ZZZZ-ZZZZ-ZZZZ' }, s.cashier)).code).toBe('NOT_FOUND');
  });

  test('a voucher in another currency is refused naming the code', async () => {
    const { voucher } = await sell(1000);
    s.t.core.store.sqlite.prepare("UPDATE vouchers SET currency = 'USD' WHERE id = ?").run(voucher.id);
    try {
      const error = await refusedUnchanged(voucher.code, () => failCheckout(500, [{ method: 'voucher', code: voucher.code, amount: 500 }]));
      expect(issuePaths(error)).toEqual([['tenders', 0, 'code']]);
      expect(error.message).toMatch(/USD/);
    } finally {
      s.t.core.store.sqlite.prepare("UPDATE vouchers SET currency = 'EUR' WHERE id = ?").run(voucher.id);
    }
  });

  test('payments.pay takes a voucher (code bound to the key); over the balance names amount', async () => {
    const { voucher } = await sell(1000);
    const { invoice } = await invoiced(s, { lines: [{ name: 'Lamp', unitPrice: 1500, taxRateBp: 0, quantity: 1 }] });
    const over = await refusedUnchanged(voucher.code, () => s.t.fail('payments.pay', { invoiceId: invoice.id, method: 'voucher', code: voucher.code, amount: 1200, idempotencyKey: unique('pay') }, s.cashier));
    expect(issuePaths(over)).toEqual([['amount']]);
    const key = unique('pay');
    const paid = await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'voucher', code: voucher.code, amount: 1000, idempotencyKey: key }, s.cashier);
    expect(paid.payment).toMatchObject({ method: 'voucher', amount: 1000, voucherCode: voucher.code });
    expect(paid.invoice).toMatchObject({ status: 'PENDING', balance: 500 });
    // The same key answers the first payment and takes nothing more; another code with it is a conflict.
    expect((await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'voucher', code: voucher.code, amount: 1000, idempotencyKey: key }, s.cashier)).payment.id).toBe(paid.payment.id);
    expect(await balanceOf(voucher.code)).toBe(0);
    expect((await s.t.fail('payments.pay', { invoiceId: invoice.id, method: 'voucher', code: 'ZZZZ-ZZZZ-ZZZZ', amount: 1000, idempotencyKey: key }, s.cashier)).code).toBe('CONFLICT');
  });

  test('vouchers.sell is idempotent: the same key answers the same voucher; other input is a conflict', async () => {
    const key = unique('gift');
    const first = await sell(2500, { idempotencyKey: key });
    const vouchers = count(s, 'SELECT count(*) AS n FROM vouchers');
    const again = await sell(2500, { idempotencyKey: key });
    expect(again.voucher).toEqual(first.voucher);
    expect(again.invoice.id).toBe(first.invoice.id);
    expect(count(s, 'SELECT count(*) AS n FROM vouchers')).toBe(vouchers);
    const other = await expectNoWrites(s, () => s.t.fail('vouchers.sell', { amount: 2600, tenders: [{ method: 'cash', amount: 2600 }], idempotencyKey: key }, s.cashier));
    expect(other.code).toBe('CONFLICT');
    // A key first used for a plain sale of the same line and tenders is no gift voucher sale.
    const saleKey = unique('co');
    await s.t.ok('orders.checkout', { lines: [{ name: 'Gift voucher', unitPrice: 700, taxRateBp: 0, quantity: 1 }], tenders: [{ method: 'cash', amount: 700 }], idempotencyKey: saleKey }, s.cashier);
    expect((await s.t.fail('vouchers.sell', { amount: 700, tenders: [{ method: 'cash', amount: 700 }], idempotencyKey: saleKey }, s.cashier)).code).toBe('CONFLICT');
  });

  test('a voucher does not buy a voucher', async () => {
    const { voucher } = await sell(1000);
    const error = await refusedUnchanged(voucher.code, () =>
      s.t.fail('vouchers.sell', { amount: 500, tenders: [{ method: 'voucher', code: voucher.code, amount: 500 }], idempotencyKey: unique('gift') }, s.cashier),
    );
    expect(error.code).toBe('VALIDATION');
    expect(issuePaths(error)).toEqual([['tenders', 0, 'method']]);
  });

  test('a cancelled sale gives its voucher tender back to the voucher (restored entry)', async () => {
    const { voucher } = await sell(1000);
    const sale = await checkout(800, [{ method: 'voucher', code: voucher.code, amount: 600 }, { method: 'card', amount: 200 }]);
    await s.t.ok('orders.cancel', { id: sale.order.id, reason: 'customer changed their mind' }, s.manager);
    const got = await s.t.ok('vouchers.get', { code: voucher.code }, s.cashier);
    expect(got.balance).toBe(1000);
    expect(got.entries.map((e) => [e.kind, e.amount, e.balance])).toEqual([
      ['issued', 1000, 1000],
      ['redeemed', -600, 400],
      ['restored', 600, 1000],
    ]);
  });

  test('restoring more than was spent is refused (CONFLICT), the voucher unchanged', () => {
    const vouchers = s.t.core.services.vouchers;
    const row = s.t.core.store.sqlite.prepare("SELECT code FROM vouchers WHERE balance = amount LIMIT 1").get() as { code: string };
    const actor = { userId: s.userId.cashier, username: 'cashier1', displayName: 'cashier1', role: 'cashier' as const, tokenHash: 'x', registerId: null };
    expect(() => vouchers.restoreInTx(row.code, 1, 'refund-1', actor)).toThrow(expect.objectContaining({ code: 'CONFLICT', details: { reason: 'VOUCHER_OVER_RESTORED' } }));
  });

  test('the database refuses a balance below 0 or above the amount', async () => {
    const { voucher } = await sell(1000);
    const db = s.t.core.store.sqlite;
    expect(() => db.prepare('UPDATE vouchers SET balance = balance - 1001 WHERE id = ?').run(voucher.id)).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare('UPDATE vouchers SET balance = balance + 1 WHERE id = ?').run(voucher.id)).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare("UPDATE voucher_entries SET amount = 0 WHERE voucher_id = ?").run(voucher.id)).toThrow(/append-only/);
    expect(await balanceOf(voucher.code)).toBe(1000);
  });
});

describe('vouchers at a register', () => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore('in-process');
  });
  afterAll(() => s.close());

  test("issue and use are tied to the register's open cash session; a voucher tender needs it open like any other", async () => {
    const till = await signInAt(s, 'cashier');
    const closed = await s.t.fail('vouchers.sell', { amount: 1000, tenders: [{ method: 'cash', amount: 1000 }], idempotencyKey: unique('gift') }, till);
    expect(closed).toMatchObject({ code: 'CONFLICT', details: expect.objectContaining({ reason: 'NO_CASH_SESSION' }) });
    const session = await openTill(s, till);
    const { voucher } = await s.t.ok('vouchers.sell', { amount: 1000, tenders: [{ method: 'card', amount: 1000 }], idempotencyKey: unique('gift') }, till);
    await s.t.ok('orders.checkout', { lines: [{ name: 'Mug', unitPrice: 300, taxRateBp: 0, quantity: 1 }], tenders: [{ method: 'voucher', code: voucher.code, amount: 300 }], idempotencyKey: unique('co') }, till);
    const db = s.t.core.store.sqlite;
    expect(db.prepare('SELECT cash_session_id AS id FROM vouchers WHERE id = ?').get(voucher.id)).toEqual({ id: session.id });
    expect(db.prepare('SELECT kind, cash_session_id AS id FROM voucher_entries WHERE voucher_id = ? ORDER BY id').all(voucher.id)).toEqual([
      { kind: 'issued', id: session.id },
      { kind: 'redeemed', id: session.id },
    ]);
  });
});

describe('an expired voucher', () => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore('in-process');
  });
  afterAll(() => s.close());

  test('is refused naming the code ("expired on …"), nothing stored; it reads as not usable', async () => {
    await s.t.ok('settings.update', { voucherValidityDays: 1 }, s.admin);
    const { voucher } = await s.t.ok('vouchers.sell', { amount: 1000, tenders: [{ method: 'cash', amount: 1000 }], idempotencyKey: unique('gift') }, s.cashier);
    // The expiry is fixed when the voucher is issued.
    await s.t.ok('settings.update', { voucherValidityDays: 365 }, s.admin);
    expect(Date.parse(voucher.expiresAt) - Date.parse(voucher.issuedAt)).toBe(DAY);
    s.t.clock.advance(DAY - 1);
    const cashier = await signInAt(s, 'cashier', null);
    expect(await s.t.ok('vouchers.get', { code: voucher.code }, cashier)).toMatchObject({ usable: true });
    s.t.clock.advance(1);
    expect(await s.t.ok('vouchers.get', { code: voucher.code }, cashier)).toMatchObject({ usable: false, balance: 1000 });
    const entries = count(s, 'SELECT count(*) AS n FROM voucher_entries');
    const error = await expectNoWrites(s, () =>
      s.t.fail('orders.checkout', { lines: [{ name: 'Mug', unitPrice: 500, taxRateBp: 0, quantity: 1 }], tenders: [{ method: 'voucher', code: voucher.code, amount: 500 }], idempotencyKey: unique('co') }, cashier),
    );
    expect(error.code).toBe('VALIDATION');
    expect(issuePaths(error)).toEqual([['tenders', 0, 'code']]);
    expect(error.message).toMatch(/expired on .*2026/);
    expect(count(s, 'SELECT count(*) AS n FROM voucher_entries')).toBe(entries);
  });
});
