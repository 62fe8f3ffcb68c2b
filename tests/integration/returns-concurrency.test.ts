/**
 * Concurrency of returns against the HTTP host as a real process: 30 clients, each on its own
 * connection, return the last unit of one invoice line at the same time — exactly one gets
 * the credit note, the others VALIDATION naming the quantity, one refund. The same with one
 * idempotency key from every client: one credit note, every answer names it. Afterwards the
 * database (read directly) agrees: nothing returned beyond what was sold, one CN per key.
 */
import { describe, expect, test } from 'vitest';
import type { CreditNote, Invoice, Order } from '../../shared/contract';
import { rpcOk } from '../support/server-process';
import { useStaffedServer } from '../support/staffed-server';

const CLIENTS = 30;

const host = useStaffedServer('tessera-returns-concurrency-');

/** A paid sale of two lines: 3 mugs (the line returned down to its last unit) and a plate. */
async function paidSale(): Promise<Invoice> {
  const order = await rpcOk<Order>(host.base, 'orders.create', { lines: [{ name: 'Mug', unitPrice: 1000, taxRateBp: 2000, quantity: 3 }, { name: 'Plate', unitPrice: 500, taxRateBp: 0, quantity: 1 }] }, host.cashier);
  const invoice = await rpcOk<Invoice>(host.base, 'invoices.generate', { orderId: order.id }, host.cashier);
  await rpcOk(host.base, 'payments.pay', { invoiceId: invoice.id, method: 'card', amount: invoice.total, idempotencyKey: `pay-${invoice.id}` }, host.cashier);
  // Two of the three mugs come back first: one unit is left.
  await rpcOk(host.base, 'returns.create', { invoiceId: invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 2, reason: 'first' }], idempotencyKey: `first-${invoice.id}` }, host.cashier);
  return invoice;
}

const burst = (inputs: Record<string, unknown>[]) => host.burst('returns.create', inputs);

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
    const notes = (await rpcOk<{ items: CreditNote[] }>(host.base, 'creditNotes.list', { invoiceId: invoice.id }, host.admin)).items;
    expect(notes.map((n) => n.lines[0]!.quantity).sort()).toEqual([1, 2]);
    expect(notes.reduce((n, c) => n + c.total, 0)).toBe(3600);
    expect(await rpcOk<Invoice>(host.base, 'invoices.get', { id: invoice.id }, host.admin)).toMatchObject({ status: 'PAID', credited: 3600, amountPaid: invoice.total - 3600, balance: 0 });
  });

  test('one key from every client: one credit note, every answer carries it', async () => {
    const invoice = await paidSale();
    const answers = await burst(Array.from({ length: CLIENTS }, () => lastUnit(invoice.id, `same-${invoice.id}`)));
    expect(answers.filter((a) => !a.body.ok)).toEqual([]);
    const ids = new Set(answers.map((a) => (a.body as { value: { creditNote: CreditNote } }).value.creditNote.id));
    expect(ids.size).toBe(1);
    expect((await rpcOk<{ items: CreditNote[] }>(host.base, 'creditNotes.list', { invoiceId: invoice.id }, host.admin)).items).toHaveLength(2);
  });

  test('the database agrees: nothing returned beyond what was sold, credits match the notes, one CN per key, gapless numbers', () => {
    host.inDatabase((db) => {
      expect(db.prepare('SELECT * FROM returned_lines WHERE returned > sold').all()).toEqual([]);
      const off = db
        .prepare(`SELECT i.id FROM invoices i LEFT JOIN credit_notes c ON c.invoice_id = i.id GROUP BY i.id HAVING coalesce(sum(c.total), 0) <> i.credited`)
        .all();
      expect(off).toEqual([]);
      expect(db.prepare('SELECT idempotency_key, count(*) AS n FROM credit_notes WHERE idempotency_key IS NOT NULL GROUP BY 1 HAVING n > 1').all()).toEqual([]);
      const seqs = (db.prepare('SELECT seq FROM credit_notes ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    });
  });
});
