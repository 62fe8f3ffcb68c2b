/**
 * Concurrency against the HTTP host as a real process: 30 clients, each on its own
 * connection, spend ONE voucher at the same time, each for an amount such that only some fit.
 * - checkouts (voucher + card): the sum redeemed never exceeds the voucher, the balance ends
 *   at what is left and ≥ 0, every accepted sale has its ledger entry and payment, every
 *   refused one left no sale behind;
 * - payments.pay on 30 invoices: the same.
 * Afterwards the database (read directly) agrees: balance = amount + Σ entries.
 */
import { describe, expect, test } from 'vitest';
import type { Input, Invoice, Order, Output, Payment } from '../../shared/contract';
import { rpcOk } from '../support/server-process';
import { useStaffedServer } from '../support/staffed-server';

const CLIENTS = 30;
const VOUCHER = 10_000;
type Voucher = Output<'vouchers.get'>;

const host = useStaffedServer('tessera-voucher-concurrency-');

async function giftVoucher(key: string): Promise<Voucher> {
  const sold = await rpcOk<Output<'vouchers.sell'>>(host.base, 'vouchers.sell', { amount: VOUCHER, tenders: [{ method: 'card', amount: VOUCHER }], idempotencyKey: key }, host.cashier);
  return rpcOk<Voucher>(host.base, 'vouchers.get', { code: sold.voucher.code }, host.admin);
}

/** 30 amounts, 300 to 1 170: together far more than the voucher, so only some fit. */
const amountOf = (i: number) => 300 + 30 * i;

/** The voucher after the burst agrees with the accepted payments: each redeemed once, in its ledger. */
async function expectLedgerMatches(code: string, accepted: Payment[]): Promise<Voucher> {
  const voucher = await rpcOk<Voucher>(host.base, 'vouchers.get', { code }, host.admin);
  const spent = accepted.reduce((n, p) => n + p.amount, 0);
  expect(spent).toBeLessThanOrEqual(VOUCHER);
  expect(voucher.balance).toBe(VOUCHER - spent);
  expect(voucher.balance).toBeGreaterThanOrEqual(0);
  const redeemed = voucher.entries.filter((e) => e.kind === 'redeemed');
  expect(redeemed.map((e) => e.paymentId).sort()).toEqual(accepted.map((p) => p.id).sort());
  for (const p of accepted) expect(redeemed.find((e) => e.paymentId === p.id)?.amount).toBe(-p.amount);
  return voucher;
}

describe(`${CLIENTS} parallel clients spend one voucher`, () => {
  test('checkouts (voucher + card): never over the balance, each accepted sale in the ledger, refused ones leave no sale', async () => {
    const voucher = await giftVoucher('gift-checkouts');
    const ordersBefore = (await rpcOk<{ items: Order[] }>(host.base, 'orders.list', { limit: 500 }, host.admin)).items.length;
    const inputs: Input<'orders.checkout'>[] = Array.from({ length: CLIENTS }, (_, i) => ({
      lines: [{ name: `Item ${i}`, unitPrice: amountOf(i) + 100, taxRateBp: 0, quantity: 1 }],
      tenders: [
        // Half type the code as a customer reads it out.
        { method: 'voucher', code: i % 2 === 0 ? voucher.code : voucher.code.toLowerCase().replaceAll('-', ' '), amount: amountOf(i) },
        { method: 'card', amount: 100 },
      ],
      idempotencyKey: `spend-${i}`,
    }));
    const answers = await host.burst('orders.checkout', inputs);
    const ok = answers.filter((a) => a.body.ok).map((a) => (a.body as { value: Output<'orders.checkout'> }).value);
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.length).toBeLessThan(CLIENTS);
    for (const a of answers) {
      if (!a.body.ok) {
        expect(a.body.error.code).toBe('VALIDATION');
        expect(a.body.error.message).toMatch(/balance/);
      }
    }
    const accepted = ok.map((v) => v.payments.find((p) => p.method === 'voucher')!);
    for (const p of accepted) expect(p.voucherCode).toBe(voucher.code);
    const after = await expectLedgerMatches(voucher.code, accepted);
    // Every refused amount was more than what was left when it ran, so none is below the final balance.
    const refused = answers.map((a, i) => (a.body.ok ? null : amountOf(i))).filter((n): n is number => n !== null);
    for (const amount of refused) expect(amount).toBeGreaterThan(after.balance);
    const ordersAfter = (await rpcOk<{ items: Order[] }>(host.base, 'orders.list', { limit: 500 }, host.admin)).items.length;
    expect(ordersAfter - ordersBefore).toBe(ok.length);
  });

  test('payments.pay on 30 invoices: never over the balance, each accepted payment in the ledger', async () => {
    const voucher = await giftVoucher('gift-payments');
    const invoices: Invoice[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const order = await rpcOk<Order>(host.base, 'orders.create', { lines: [{ name: `Item ${i}`, unitPrice: amountOf(i), taxRateBp: 0, quantity: 1 }] }, host.cashier);
      invoices.push(await rpcOk<Invoice>(host.base, 'invoices.generate', { orderId: order.id }, host.cashier));
    }
    const answers = await host.burst(
      'payments.pay',
      invoices.map((inv, i) => ({ invoiceId: inv.id, method: 'voucher', code: voucher.code, amount: amountOf(i), idempotencyKey: `pay-${i}` })),
    );
    const ok = answers.filter((a) => a.body.ok).map((a) => (a.body as { value: { payment: Payment } }).value.payment);
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.length).toBeLessThan(CLIENTS);
    for (const a of answers) if (!a.body.ok) expect(a.body.error.code).toBe('VALIDATION');
    await expectLedgerMatches(voucher.code, ok);
  });

  test('the database agrees: every balance is its amount plus its entries, within 0..amount; integrity ok', () => {
    host.inDatabase((db) => {
      const off = db
        .prepare(
          `SELECT v.id, v.amount, v.balance, sum(e.amount) AS net FROM vouchers v JOIN voucher_entries e ON e.voucher_id = v.id
           GROUP BY v.id HAVING net <> v.balance OR v.balance < 0 OR v.balance > v.amount`,
        )
        .all();
      expect(off).toEqual([]);
      // Each voucher payment has exactly one redeemed entry.
      const unmatched = db
        .prepare(
          `SELECT p.id FROM payments p LEFT JOIN voucher_entries e ON e.payment_id = p.id AND e.kind = 'redeemed'
           WHERE p.method = 'voucher' AND p.kind = 'payment' GROUP BY p.id HAVING count(e.id) <> 1`,
        )
        .all();
      expect(unmatched).toEqual([]);
    });
  });
});
