/**
 * Concurrency against the HTTP host as a real process: 50 clients, each on its own
 * connection, pay ONE invoice at the same time.
 * - different idempotency keys, total/10 each: exactly 10 payments, never over-paid;
 * - different keys, an amount that does not divide the total: never over the balance;
 * - one key from 50 clients: exactly one payment row, every answer names it;
 * - one key with two different inputs: one payment, the other input gets CONFLICT.
 * Afterwards the database (read directly) agrees with the answers.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Invoice, Order, Payment } from '../../shared/contract';
import { DB_FILE } from '../../electron/core/core';
import { errorStatus } from '../../shared/errors';
import { tempDir } from '../support/core';
import { rpc, rpcOk, startServerProcess, type RpcAnswer, type ServerProcess } from '../support/server-process';

const CLIENTS = 50;
const ROUNDS = 3;
type PayValue = { payment: Payment; invoice: Invoice; order: Order };

let server: ServerProcess;
let dir: string;
let admin: string;
let cashier: string;
let manager: string;

beforeAll(async () => {
  dir = tempDir('tessera-concurrency-');
  server = await startServerProcess({ dataDir: dir });
  admin = (await rpcOk<{ token: string }>(server.base, 'auth.setup', { username: 'admin', displayName: 'Admin', password: 'correct horse battery' })).token;
  for (const role of ['cashier', 'manager'] as const) {
    await rpcOk(server.base, 'users.create', { username: role, displayName: role, role, password: `${role}-password-1` }, admin);
  }
  cashier = (await rpcOk<{ token: string }>(server.base, 'auth.login', { username: 'cashier', password: 'cashier-password-1' })).token;
  manager = (await rpcOk<{ token: string }>(server.base, 'auth.login', { username: 'manager', password: 'manager-password-1' })).token;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const tokens = () => [admin, cashier, manager];

/** A PENDING invoice of `total` minor units (one line, no tax). */
async function invoiceOf(total: number): Promise<Invoice> {
  const order = await rpcOk<Order>(server.base, 'orders.create', { lines: [{ name: 'Widget', unitPrice: total, taxRateBp: 0, quantity: 1 }] }, cashier);
  const invoice = await rpcOk<Invoice>(server.base, 'invoices.generate', { orderId: order.id }, cashier);
  expect(invoice.total).toBe(total);
  return invoice;
}

/** Sends all the calls at once (each on its own connection) and waits for every answer. */
async function burst(inputs: Record<string, unknown>[]): Promise<RpcAnswer[]> {
  const answers = await Promise.all(inputs.map((input, i) => rpc(server.base, 'payments.pay', input, tokens()[i % 3])));
  for (const a of answers) {
    // Every answer is an envelope whose status matches its code.
    if (a.body.ok) expect(a.status).toBe(200);
    else expect(a.status, JSON.stringify(a.body)).toBe(errorStatus[a.body.error.code]);
  }
  return answers;
}

async function paymentsOf(invoiceId: string): Promise<Payment[]> {
  return (await rpcOk<{ items: Payment[] }>(server.base, 'payments.list', { invoiceId, limit: 500 }, admin)).items;
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
      const now = await rpcOk<Invoice>(server.base, 'invoices.get', { id: invoice.id }, admin);
      expect(now).toMatchObject({ status: 'PAID', amountPaid: 1000, balance: 0 });
      expect(await rpcOk<Order>(server.base, 'orders.get', { id: invoice.orderId }, admin)).toMatchObject({ status: 'FULFILLED', amountPaid: 1000 });
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
      expect(await rpcOk<Invoice>(server.base, 'invoices.get', { id: invoice.id }, admin)).toMatchObject({ status: 'PENDING', amountPaid: 900, balance: 100 });
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
      expect(await rpcOk<Invoice>(server.base, 'invoices.get', { id: invoice.id }, admin)).toMatchObject({ status: 'PAID', amountPaid: 1200 });
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
    const db = new Database(path.join(dir, DB_FILE), { readonly: true, fileMustExist: true });
    try {
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
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
