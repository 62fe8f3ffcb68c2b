/**
 * Model-based test: random sequences of create, update, generate, pay, return, cancel,
 * transition and delete through the dispatcher on a real SQLite file, against a small model.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { OrderStatus } from '../../shared/domain/orderStatus';
import { orderStatuses } from '../../shared/domain/orderStatus';
import { prorate } from '../../shared/domain/returns';
import { setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';

interface ModelOrder {
  id: string;
  status: OrderStatus;
  total: number;
  paid: number;
  version: number;
  invoiceId: string | null;
  invoiceStatus: 'PENDING' | 'PAID' | 'CANCELLED' | null;
  /** Quantities of its lines, and what came back of each. */
  lines: number[];
  returned: number[];
  /** What its credit notes credited. */
  credited: number;
}

interface Model {
  orders: ModelOrder[];
  invoices: number;
  usedKeys: { key: string; invoiceId: string; amount: number; method: string }[];
}

interface Real {
  t: TestCore;
  admin: string;
  cashier: string;
}

type Outcome = 'ok' | string;

function counts(t: TestCore) {
  const q = (sql: string) => (t.core.store.sqlite.prepare(sql).get() as { n: number }).n;
  return {
    orders: q('SELECT count(*) n FROM orders'),
    lines: q('SELECT count(*) n FROM order_lines'),
    invoices: q('SELECT count(*) n FROM invoices'),
    payments: q('SELECT count(*) n FROM payments'),
    events: q('SELECT count(*) n FROM events'),
    creditNotes: q('SELECT count(*) n FROM credit_notes'),
    returned: q('SELECT coalesce(sum(returned), 0) n FROM returned_lines'),
  };
}

/** Runs a call; a rejected one must change nothing, a successful one must append events. */
async function step(r: Real, expected: Outcome, call: () => Promise<{ ok: boolean; error?: { code: string } }>, writes = true) {
  const before = counts(r.t);
  const res = await call();
  const after = counts(r.t);
  if (expected === 'ok') {
    expect(res.ok, JSON.stringify(res)).toBe(true);
    if (writes) expect(after.events).toBeGreaterThan(before.events);
  } else {
    expect(res.ok, `expected ${expected}`).toBe(false);
    expect(res.error?.code).toBe(expected);
    expect(after).toEqual(before);
  }
  return res as { ok: boolean; value?: unknown };
}

function pick(m: Model, i: number): ModelOrder | undefined {
  return m.orders.length === 0 ? undefined : m.orders[i % m.orders.length];
}

async function checkInvariants(m: Model, r: Real) {
  const db = r.t.core.store.sqlite;
  for (const o of m.orders) {
    const row = db
      // The order's amount paid is its invoice's (one table holds it).
      .prepare('SELECT o.status, coalesce(i.amount_paid, 0) AS amount_paid, o.total, o.version FROM orders o LEFT JOIN invoices i ON i.id = o.invoice_id WHERE o.id = ?').get(o.id) as
      | { status: string; amount_paid: number; total: number; version: number }
      | undefined;
    expect(row?.status).toBe(o.status);
    expect(row?.amount_paid).toBe(o.paid);
    expect(row?.version).toBe(o.version);
    if (o.invoiceId) {
      const inv = db.prepare('SELECT credited, total, amount_paid AS paid, status FROM invoices WHERE id = ?').get(o.invoiceId) as { credited: number; total: number; paid: number; status: string };
      expect(inv.credited).toBe(o.credited);
      if (inv.status !== 'CANCELLED') expect(inv.total - inv.credited - inv.paid).toBeGreaterThanOrEqual(0);
      const back = db.prepare('SELECT line_index AS i, returned FROM returned_lines WHERE invoice_id = ?').all(o.invoiceId) as { i: number; returned: number }[];
      expect(Object.fromEntries(back.map((b) => [b.i, b.returned]))).toEqual(Object.fromEntries(o.returned.flatMap((n, i) => (n > 0 ? [[i, n]] : []))));
    }
  }
  const invoices = db.prepare('SELECT i.*, o.status AS order_status, o.invoice_id AS order_invoice FROM invoices i JOIN orders o ON o.id = i.order_id').all() as {
    id: string; seq: number; status: string; total: number; amount_paid: number; order_status: string; order_invoice: string | null;
  }[];
  for (const inv of invoices) {
    const settledOrder = ['FULFILLED', 'SHIPPED', 'DELIVERED'].includes(inv.order_status);
    expect(inv.status === 'PAID').toBe(settledOrder);
    const { net } = db
      .prepare("SELECT coalesce(sum(CASE kind WHEN 'payment' THEN amount ELSE -amount END), 0) AS net FROM payments WHERE invoice_id = ?")
      .get(inv.id) as { net: number };
    expect(net).toBe(inv.amount_paid);
    expect(inv.order_invoice).toBe(inv.id);
  }
  // Credit notes: their totals are what each invoice shows credited; each line of one points at a
  // line of its invoice, and per invoice line they add up to the line prorated by what came back.
  const notes = db.prepare('SELECT seq, invoice_id AS invoiceId, lines, total FROM credit_notes').all() as { seq: number; invoiceId: string; lines: string; total: number }[];
  const cnSeqs = notes.map((n) => n.seq).sort((a, b) => a - b);
  expect(cnSeqs).toEqual(cnSeqs.map((_, i) => i + 1));
  const byLine = new Map<string, { subtotal: number; tax: number }>();
  for (const n of notes) {
    const invLines = JSON.parse((db.prepare('SELECT lines FROM invoices WHERE id = ?').get(n.invoiceId) as { lines: string }).lines) as unknown[];
    const lines = JSON.parse(n.lines) as { invoiceLineIndex: number; subtotal: number; tax: number; total: number }[];
    expect(lines.reduce((t, l) => t + l.total, 0)).toBe(n.total);
    for (const l of lines) {
      expect(l.invoiceLineIndex).toBeLessThan(invLines.length);
      const k = `${n.invoiceId}:${l.invoiceLineIndex}`;
      const sum = byLine.get(k) ?? { subtotal: 0, tax: 0 };
      byLine.set(k, { subtotal: sum.subtotal + l.subtotal, tax: sum.tax + l.tax });
    }
  }
  const rows = db.prepare('SELECT r.invoice_id AS invoiceId, r.line_index AS i, r.sold, r.returned, r.credited_subtotal AS subtotal, r.credited_tax AS tax, i.lines FROM returned_lines r JOIN invoices i ON i.id = r.invoice_id').all() as {
    invoiceId: string; i: number; sold: number; returned: number; subtotal: number; tax: number; lines: string;
  }[];
  for (const r of rows) {
    const line = (JSON.parse(r.lines) as { quantity: number; subtotal: number; tax: number }[])[r.i]!;
    expect(r.returned).toBeLessThanOrEqual(r.sold);
    expect({ subtotal: r.subtotal, tax: r.tax }).toEqual({ subtotal: prorate(line.subtotal, r.returned, r.sold), tax: prorate(line.tax, r.returned, r.sold) });
    expect(byLine.get(`${r.invoiceId}:${r.i}`)).toEqual({ subtotal: r.subtotal, tax: r.tax });
  }
  // Invoice numbers are 1..N with no gap.
  const seqs = invoices.map((i) => i.seq).sort((a, b) => a - b);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect(invoices.length).toBe(m.invoices);
}

const bump = (o: ModelOrder) => (o.version += 1);

const commands = [
  fc.record({ lines: fc.array(fc.record({ price: fc.integer({ min: 1, max: 5000 }), qty: fc.integer({ min: 1, max: 5 }), rate: fc.constantFrom(0, 700, 2000) }), { minLength: 1, maxLength: 3 }) }).map(
    ({ lines }) => ({
      check: () => true,
      async run(m: Model, r: Real) {
        const res = await step(r, 'ok', () =>
          r.t.raw('orders.create', { lines: lines.map((l, i) => ({ name: `Item ${i}`, unitPrice: l.price, taxRateBp: l.rate, quantity: l.qty })) }, r.cashier),
        );
        const order = res.value as { id: string; total: number };
        m.orders.push({ id: order.id, status: 'RECEIVED', total: order.total, paid: 0, version: 1, invoiceId: null, invoiceStatus: null, lines: lines.map((l) => l.qty), returned: lines.map(() => 0), credited: 0 });
        await checkInvariants(m, r);
      },
      toString: () => `create(${lines.length} lines)`,
    }),
  ),
  fc.record({ i: fc.nat(), stale: fc.boolean() }).map(({ i, stale }) => ({
    check: (m: Model) => m.orders.length > 0,
    async run(m: Model, r: Real) {
      const o = pick(m, i)!;
      const expected = o.status !== 'RECEIVED' ? 'INVALID_TRANSITION' : stale ? 'CONFLICT' : 'ok';
      const res = await step(r, expected, () => r.t.raw('orders.update', { id: o.id, version: stale ? o.version + 7 : o.version, lines: [{ name: 'Changed', unitPrice: 999, quantity: 2 }] }, r.cashier));
      if (res.ok) {
        bump(o);
        o.total = 1998;
        o.lines = [2];
        o.returned = [0];
      }
      await checkInvariants(m, r);
    },
    toString: () => `update(${i}, stale=${stale})`,
  })),
  fc.nat().map((i) => ({
    check: (m: Model) => m.orders.length > 0,
    async run(m: Model, r: Real) {
      const o = pick(m, i)!;
      const expected = o.invoiceId ? 'CONFLICT' : o.status !== 'RECEIVED' ? 'INVALID_TRANSITION' : 'ok';
      const res = await step(r, expected, () => r.t.raw('invoices.generate', { orderId: o.id }, r.cashier));
      if (res.ok) {
        o.invoiceId = (res.value as { id: string }).id;
        o.invoiceStatus = 'PENDING';
        o.status = 'PROCESSING';
        bump(o);
        m.invoices += 1;
      }
      await checkInvariants(m, r);
    },
    toString: () => `generate(${i})`,
  })),
  fc.record({ i: fc.nat(), part: fc.constantFrom('full', 'half', 'over', 'one'), reuse: fc.boolean(), method: fc.constantFrom('cash', 'card') }).map(({ i, part, reuse, method }) => ({
    check: (m: Model) => m.orders.some((o) => o.invoiceId),
    async run(m: Model, r: Real) {
      const withInvoice = m.orders.filter((o) => o.invoiceId);
      const o = withInvoice[i % withInvoice.length]!;
      const balance = o.invoiceStatus === 'PENDING' ? o.total - o.credited - o.paid : 0;
      const prior = reuse ? m.usedKeys[i % Math.max(1, m.usedKeys.length)] : undefined;
      const amount = prior?.invoiceId === o.invoiceId ? prior.amount : part === 'full' ? Math.max(1, balance) : part === 'half' ? Math.max(1, Math.floor(balance / 2)) : part === 'over' ? balance + 1 : 1;
      const key = prior?.key ?? `key-${m.usedKeys.length}-${i}`;
      let expected: Outcome;
      if (prior) expected = prior.invoiceId === o.invoiceId && prior.amount === amount && prior.method === method ? 'ok' : 'CONFLICT';
      else if (o.invoiceStatus !== 'PENDING') expected = 'INVALID_TRANSITION';
      else if (amount > balance) expected = 'VALIDATION';
      else expected = 'ok';
      const replay = prior !== undefined && expected === 'ok';
      const res = await step(r, expected, () => r.t.raw('payments.pay', { invoiceId: o.invoiceId, method, amount, idempotencyKey: key }, r.cashier), !replay);
      if (res.ok && !replay) {
        m.usedKeys.push({ key, invoiceId: o.invoiceId!, amount, method });
        o.paid += amount;
        bump(o);
        if (o.paid + o.credited === o.total) {
          o.invoiceStatus = 'PAID';
          o.status = 'FULFILLED';
          bump(o);
        }
      }
      await checkInvariants(m, r);
    },
    toString: () => `pay(${i}, ${part}, reuse=${reuse}, ${method})`,
  })),
  fc.record({ i: fc.nat(), asCashier: fc.boolean() }).map(({ i, asCashier }) => ({
    check: (m: Model) => m.orders.length > 0,
    async run(m: Model, r: Real) {
      const o = pick(m, i)!;
      const cancellable = ['RECEIVED', 'PROCESSING', 'FULFILLED'].includes(o.status);
      const expected = asCashier && o.paid > 0 ? 'FORBIDDEN' : cancellable ? 'ok' : 'INVALID_TRANSITION';
      const res = await step(r, expected, () => r.t.raw('orders.cancel', { id: o.id, reason: 'test' }, asCashier ? r.cashier : r.admin));
      if (res.ok) {
        o.status = 'CANCELLED';
        bump(o);
        if (o.invoiceId) {
          bump(o); // its credit note (and refunds) correct the invoice
          o.invoiceStatus = 'CANCELLED';
          o.credited = o.total;
          o.returned = [...o.lines];
        }
        o.paid = 0;
      }
      await checkInvariants(m, r);
    },
    toString: () => `cancel(${i}, cashier=${asCashier})`,
  })),
  fc.record({ i: fc.nat(), line: fc.nat(), qty: fc.integer({ min: 1, max: 4 }) }).map(({ i, line, qty }) => ({
    check: (m: Model) => m.orders.some((o) => o.invoiceId),
    async run(m: Model, r: Real) {
      // Paid invoices first half the time: their returns move money back.
      const withInvoice = m.orders.filter((o) => o.invoiceId);
      const paid = withInvoice.filter((o) => o.paid > 0);
      const from = i % 2 === 0 && paid.length > 0 ? paid : withInvoice;
      const o = from[i % from.length]!;
      // One index past the last line now and then: not a line of the invoice.
      const index = line % (o.lines.length + 1);
      const left = index < o.lines.length ? o.lines[index]! - o.returned[index]! : 0;
      const expected = o.invoiceStatus === 'CANCELLED' ? 'INVALID_TRANSITION' : qty > left ? 'VALIDATION' : 'ok';
      const res = await step(r, expected, () =>
        r.t.raw('returns.create', { invoiceId: o.invoiceId, lines: [{ invoiceLineIndex: index, quantity: qty, reason: 'model' }], idempotencyKey: `ret-${r.t.clock()}-${i}-${Math.random()}` }, r.cashier),
      );
      if (res.ok) {
        const { creditNote } = res.value as { creditNote: { total: number; refunded: number } };
        const owed = o.total - o.credited - o.paid;
        expect(creditNote.refunded).toBe(Math.min(Math.max(0, creditNote.total - owed), o.paid));
        o.returned[index]! += qty;
        o.credited += creditNote.total;
        o.paid -= creditNote.refunded;
        bump(o);
        if (o.invoiceStatus === 'PENDING' && o.total - o.credited - o.paid === 0 && o.paid > 0) {
          o.invoiceStatus = 'PAID';
          o.status = 'FULFILLED';
          bump(o);
        }
      }
      await checkInvariants(m, r);
    },
    toString: () => `return(${i}, line ${line}, ${qty})`,
  })),
  fc.record({ i: fc.nat(), to: fc.constantFrom(...orderStatuses) }).map(({ i, to }) => ({
    check: (m: Model) => m.orders.length > 0,
    async run(m: Model, r: Real) {
      const o = pick(m, i)!;
      const legal = (o.status === 'FULFILLED' && to === 'SHIPPED') || (o.status === 'SHIPPED' && to === 'DELIVERED');
      const res = await step(r, legal ? 'ok' : 'INVALID_TRANSITION', () => r.t.raw('orders.transition', { id: o.id, to }, r.cashier));
      if (res.ok) {
        o.status = to;
        bump(o);
      }
      await checkInvariants(m, r);
    },
    toString: () => `transition(${i}, ${to})`,
  })),
  fc.nat().map((i) => ({
    check: (m: Model) => m.orders.length > 0,
    async run(m: Model, r: Real) {
      const o = pick(m, i)!;
      const res = await step(r, o.status === 'RECEIVED' ? 'ok' : 'INVALID_TRANSITION', () => r.t.raw('orders.delete', { id: o.id }, r.cashier));
      if (res.ok) m.orders.splice(m.orders.indexOf(o), 1);
      await checkInvariants(m, r);
    },
    toString: () => `delete(${i})`,
  })),
];

test('any sequence of calls keeps the rules', { timeout: 240_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: 'large' }), async (cmds) => {
      const t = await startCore('in-process');
      try {
        const admin = await setupAdmin(t);
        const cashier = await userWithRole(t, admin, 'cashier');
        await fc.asyncModelRun(() => ({ model: { orders: [], invoices: 0, usedKeys: [] } as Model, real: { t, admin, cashier } }), cmds);
      } finally {
        await t.close();
      }
    }),
    { numRuns: 40 },
  );
});
