/**
 * Concurrency of returns against the HTTP host as a real process: 30 clients, each on its own
 * connection, return the last unit of one invoice line at the same time — exactly one gets
 * the credit note, the others VALIDATION naming the quantity, one refund. The same with one
 * idempotency key from every client: one credit note, every answer names it. Afterwards the
 * database (read directly) agrees: nothing returned beyond what was sold, one CN per key.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CreditNote, Invoice, Order } from '../../shared/contract';
import { DB_FILE } from '../../electron/core/core';
import { errorStatus } from '../../shared/errors';
import { tempDir } from '../support/core';
import { rpc, rpcOk, startServerProcess, type RpcAnswer, type ServerProcess } from '../support/server-process';

const CLIENTS = 30;

let server: ServerProcess;
let dir: string;
let admin: string;
let cashier: string;
let manager: string;

beforeAll(async () => {
  dir = tempDir('tessera-returns-concurrency-');
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

/** A paid sale of two lines: 3 mugs (the line returned down to its last unit) and a plate. */
async function paidSale(): Promise<Invoice> {
  const order = await rpcOk<Order>(server.base, 'orders.create', { lines: [{ name: 'Mug', unitPrice: 1000, taxRateBp: 2000, quantity: 3 }, { name: 'Plate', unitPrice: 500, taxRateBp: 0, quantity: 1 }] }, cashier);
  const invoice = await rpcOk<Invoice>(server.base, 'invoices.generate', { orderId: order.id }, cashier);
  await rpcOk(server.base, 'payments.pay', { invoiceId: invoice.id, method: 'card', amount: invoice.total, idempotencyKey: `pay-${invoice.id}` }, cashier);
  // Two of the three mugs come back first: one unit is left.
  await rpcOk(server.base, 'returns.create', { invoiceId: invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 2, reason: 'first' }], idempotencyKey: `first-${invoice.id}` }, cashier);
  return invoice;
}

async function burst(inputs: Record<string, unknown>[]): Promise<RpcAnswer[]> {
  const answers = await Promise.all(inputs.map((input, i) => rpc(server.base, 'returns.create', input, tokens()[i % 3])));
  for (const a of answers) {
    if (a.body.ok) expect(a.status).toBe(200);
    else expect(a.status, JSON.stringify(a.body)).toBe(errorStatus[a.body.error.code]);
  }
  return answers;
}

const lastUnit = (invoiceId: string, key: string) => ({ invoiceId, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'last one' }], idempotencyKey: key });

describe(`${CLIENTS} parallel clients return the last unit of one line`, () => {
  test('different keys: exactly one credit note; the others VALIDATION on the quantity; one refund', async () => {
    const invoice = await paidSale();
    const answers = await burst(Array.from({ length: CLIENTS }, (_, i) => lastUnit(invoice.id, `last-${i}`)));
    const ok = answers.filter((a) => a.body.ok);
    expect(ok).toHaveLength(1);
    for (const a of answers.filter((x) => !x.body.ok)) {
      expect(a.body.ok ? null : a.body.error).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: ['lines', 0, 'quantity'] }] } });
    }
    const notes = (await rpcOk<{ items: CreditNote[] }>(server.base, 'creditNotes.list', { invoiceId: invoice.id }, admin)).items;
    expect(notes.map((n) => n.lines[0]!.quantity).sort()).toEqual([1, 2]);
    expect(notes.reduce((n, c) => n + c.total, 0)).toBe(3600);
    expect(await rpcOk<Invoice>(server.base, 'invoices.get', { id: invoice.id }, admin)).toMatchObject({ status: 'PAID', credited: 3600, amountPaid: invoice.total - 3600, balance: 0 });
  });

  test('one key from every client: one credit note, every answer carries it', async () => {
    const invoice = await paidSale();
    const answers = await burst(Array.from({ length: CLIENTS }, () => lastUnit(invoice.id, `same-${invoice.id}`)));
    expect(answers.filter((a) => !a.body.ok)).toEqual([]);
    const ids = new Set(answers.map((a) => (a.body as { value: { creditNote: CreditNote } }).value.creditNote.id));
    expect(ids.size).toBe(1);
    expect((await rpcOk<{ items: CreditNote[] }>(server.base, 'creditNotes.list', { invoiceId: invoice.id }, admin)).items).toHaveLength(2);
  });

  test('the database agrees: nothing returned beyond what was sold, credits match the notes, one CN per key, gapless numbers', () => {
    const db = new Database(path.join(dir, DB_FILE), { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('SELECT * FROM returned_lines WHERE returned > sold').all()).toEqual([]);
      const off = db
        .prepare(`SELECT i.id FROM invoices i LEFT JOIN credit_notes c ON c.invoice_id = i.id GROUP BY i.id HAVING coalesce(sum(c.total), 0) <> i.credited`)
        .all();
      expect(off).toEqual([]);
      expect(db.prepare('SELECT idempotency_key, count(*) AS n FROM credit_notes WHERE idempotency_key IS NOT NULL GROUP BY 1 HAVING n > 1').all()).toEqual([]);
      const seqs = (db.prepare('SELECT seq FROM credit_notes ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
