/**
 * Concurrency against the HTTP host as a real process: 50 clients, each on its own
 * connection, pay ONE invoice at the same time.
 * - different idempotency keys, total/10 each: exactly 10 payments, never over-paid;
 * - different keys, an amount that does not divide the total: never over the balance;
 * - one key from 50 clients: exactly one payment row, every answer names it;
 * - one key with two different inputs: one payment, the other input gets CONFLICT.
 * Afterwards the database (read directly) agrees with the answers.
 */
import { describe, expect, test } from 'vitest';
import type { Invoice, Order, Payment } from '../../shared/contract';
import { rpcOk, type RpcAnswer } from '../support/server-process';
import { useStaffedServer } from '../support/staffed-server';

const CLIENTS = 50;
const ROUNDS = 3;
type PayValue = { payment: Payment; invoice: Invoice; order: Order };

const host = useStaffedServer('tessera-concurrency-');

/** A PENDING invoice of `total` minor units (one line, no tax). */
async function invoiceOf(total: number): Promise<Invoice> {
  const order = await rpcOk<Order>(host.base, 'orders.create', { lines: [{ name: 'Widget', unitPrice: total, taxRateBp: 0, quantity: 1 }] }, host.cashier);
  const invoice = await rpcOk<Invoice>(host.base, 'invoices.generate', { orderId: order.id }, host.cashier);
  expect(invoice.total).toBe(total);
  return invoice;
}

const burst = (inputs: Record<string, unknown>[]) => host.burst('payments.pay', inputs);

async function paymentsOf(invoiceId: string): Promise<Payment[]> {
  return (await rpcOk<{ items: Payment[] }>(host.base, 'payments.list', { invoiceId, limit: 500 }, host.admin)).items;
}

const codes = (answers: RpcAnswer[]) => answers.filter((a) => !a.body.ok).map((a) => (a.body.ok ? '' : a.body.error.code));
const sum = (ps: { amount: number }[]) => ps.reduce((n, p) => n + p.amount, 0);

describe(`${CLIENTS} parallel clients pay one invoice`, () => {
  test('different keys, total/10 each: exactly 10 payments, the invoice paid exactly once in full', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const invoice = await invoiceOf(1000);
      const answers = await burst(
        Array.from({ length: CLIENTS }, (_, i) => ({ invoiceId: invoice.id, method: 'card', amount: 100, idempotencyKey: `split-${round}-${i}` })),
      );
      const ok = answers.filter((a) => a.body.ok).map((a) => (a.body as { value: PayValue }).value);
      expect(ok.length).toBeLessThanOrEqual(10);
      expect(ok).toHaveLength(10);
      expect(new Set(ok.map((v) => v.payment.id)).size).toBe(10);
      for (const code of codes(answers)) expect(['VALIDATION', 'INVALID_TRANSITION']).toContain(code);
      const rows = await paymentsOf(invoice.id);
      expect(rows).toHaveLength(10);
      expect(sum(rows)).toBe(1000);
      const now = await rpcOk<Invoice>(host.base, 'invoices.get', { id: invoice.id }, host.admin);
      expect(now).toMatchObject({ status: 'PAID', amountPaid: 1000, balance: 0 });
      expect(await rpcOk<Order>(host.base, 'orders.get', { id: invoice.orderId }, host.admin)).toMatchObject({ status: 'FULFILLED', amountPaid: 1000 });
      // Exactly one of the answers saw the invoice settle.
      expect(ok.filter((v) => v.invoice.status === 'PAID')).toHaveLength(1);
    }
  });

  test('different keys, an amount that does not divide the total: never more than the balance', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const invoice = await invoiceOf(1000);
      const answers = await burst(
        Array.from({ length: CLIENTS }, (_, i) => ({ invoiceId: invoice.id, method: 'cash', amount: 300, idempotencyKey: `odd-${round}-${i}` })),
      );
      expect(answers.filter((a) => a.body.ok)).toHaveLength(3);
      for (const code of codes(answers)) expect(code).toBe('VALIDATION');
      const rows = await paymentsOf(invoice.id);
      expect(sum(rows)).toBe(900);
      expect(await rpcOk<Invoice>(host.base, 'invoices.get', { id: invoice.id }, host.admin)).toMatchObject({ status: 'PENDING', amountPaid: 900, balance: 100 });
    }
  });

  test('one key from every client: exactly one payment, every answer carries its id', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const invoice = await invoiceOf(1200);
      const key = `same-${round}`;
      const answers = await burst(Array.from({ length: CLIENTS }, () => ({ invoiceId: invoice.id, method: 'cash', amount: 1200, idempotencyKey: key })));
      expect(codes(answers)).toEqual([]);
      const ids = new Set(answers.map((a) => (a.body as { value: PayValue }).value.payment.id));
      expect(ids.size).toBe(1);
      const rows = await paymentsOf(invoice.id);
      expect(rows.map((p) => p.id)).toEqual([...ids]);
      expect(await rpcOk<Invoice>(host.base, 'invoices.get', { id: invoice.id }, host.admin)).toMatchObject({ status: 'PAID', amountPaid: 1200 });
    }
  });

  test('one key with two different inputs: one payment; the other input gets CONFLICT', async () => {
    const invoice = await invoiceOf(1000);
    const answers = await burst(
      Array.from({ length: CLIENTS }, (_, i) => ({ invoiceId: invoice.id, method: 'card', amount: i % 2 === 0 ? 400 : 600, idempotencyKey: 'contested' })),
    );
    const ok = answers.filter((a) => a.body.ok).map((a) => (a.body as { value: PayValue }).value);
    const rows = await paymentsOf(invoice.id);
    expect(rows).toHaveLength(1);
    const winner = rows[0]!;
    expect(ok.length).toBe(CLIENTS / 2);
    for (const v of ok) expect(v.payment).toMatchObject({ id: winner.id, amount: winner.amount });
    expect(codes(answers)).toEqual(Array(CLIENTS / 2).fill('CONFLICT'));
  });

  test('the database agrees: no invoice over-paid, one payment per key, integrity ok', async () => {
    host.inDatabase((db) => {
      const over = db
        .prepare(
          `SELECT i.id, i.total, i.amount_paid, coalesce(sum(CASE p.kind WHEN 'payment' THEN p.amount ELSE -p.amount END), 0) AS net
           FROM invoices i LEFT JOIN payments p ON p.invoice_id = i.id GROUP BY i.id
           HAVING net > i.total OR net <> i.amount_paid OR (i.status = 'PAID') <> (net = i.total)`,
        )
        .all();
      expect(over).toEqual([]);
      const dupKeys = db.prepare('SELECT idempotency_key, count(*) AS n FROM payments WHERE idempotency_key IS NOT NULL GROUP BY 1 HAVING n > 1').all();
      expect(dupKeys).toEqual([]);
    });
  });
});
