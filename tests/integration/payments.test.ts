/**
 * payments.* through the dispatcher on a real SQLite file, over both hosts: partial and
 * settling payments (invoice PAID and order FULFILLED in the same call), split tenders, cash
 * change, the amount and tendered rules, idempotency keys (repeat, other input, concurrent
 * repeat), states that cannot be paid, roles, payments.list filters and paging, and events.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input, Payment } from '../../shared/contract';
import {
  advance,
  allPages,
  count,
  eventTypesSince,
  eventsSince,
  expectNoWrites,
  invoiced,
  issuePaths,
  lastSeq,
  MINUTE,
  nowIso,
  openSalesStore,
  pay,
  paidOrder,
  transports,
  unique,
  type SalesStore,
} from '../support/sales';

describe.each(transports)('payments.pay over %s', (transport) => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore(transport);
  });
  afterAll(() => s.close());

  const paymentRows = (invoiceId: string) => count(s, 'SELECT count(*) AS n FROM payments WHERE invoice_id = ?', invoiceId);

  test('a partial payment, then the final one: PAID and FULFILLED only when the balance reaches 0', async () => {
    const { order, invoice } = await invoiced(s); // total 1200
    await advance(s, MINUTE);
    let seq = lastSeq(s);
    const first = await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 500, tendered: 1000, idempotencyKey: unique('k') }, s.cashier);
    expect(first.payment).toEqual({
      id: expect.any(String),
      invoiceId: invoice.id,
      orderId: order.id,
      method: 'cash',
      amount: 500,
      tendered: 1000,
      change: 500,
      reference: null,
      kind: 'payment',
      refundOf: null,
      rounding: 0,
      cashSessionId: null,
      creditNoteId: null,
      voucherCode: null,
      createdBy: s.userId.cashier,
      createdAt: nowIso(s),
    });
    expect(first.invoice).toEqual({ ...invoice, amountPaid: 500, balance: 700 });
    expect(first.order).toMatchObject({ status: 'PROCESSING', amountPaid: 500, version: order.version + 1 });
    expect(eventTypesSince(s, seq)).toEqual(['payment.received']);
    expect(eventsSince(s, seq)[0]).toMatchObject({ entity: 'payment', entityId: first.payment.id, actor: s.userId.cashier, after: { amount: 500 } });

    await advance(s, MINUTE);
    seq = lastSeq(s);
    const last = await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'card', amount: 700, reference: 'AUTH-1234', idempotencyKey: unique('k') }, s.cashier);
    expect(last.payment).toMatchObject({ method: 'card', amount: 700, tendered: null, change: null, reference: 'AUTH-1234', kind: 'payment' });
    expect(last.invoice).toEqual({ ...invoice, status: 'PAID', amountPaid: 1200, balance: 0, paidAt: nowIso(s) });
    expect(last.order).toMatchObject({
      status: 'FULFILLED',
      amountPaid: 1200,
      total: 1200,
      allowedTransitions: ['SHIPPED', 'CANCELLED'],
      updatedAt: nowIso(s),
    });
    expect(await s.t.ok('orders.get', { id: order.id }, s.cashier)).toEqual(last.order);
    expect(await s.t.ok('invoices.get', { id: invoice.id }, s.cashier)).toEqual(last.invoice);
    expect(eventTypesSince(s, seq)).toEqual(['payment.received', 'invoice.paid', 'order.fulfilled']);
    expect(eventsSince(s, seq)[1]).toMatchObject({ entityId: invoice.id, before: { status: 'PENDING' }, after: { status: 'PAID', amountPaid: 1200 } });
    expect(eventsSince(s, seq)[2]).toMatchObject({ entityId: order.id, before: { status: 'PROCESSING' }, after: { status: 'FULFILLED' } });
  });

  test('split tender: cash and card in several parts; the order stays PROCESSING until the last one', async () => {
    const { invoice } = await invoiced(s, { lines: [{ name: 'Set', unitPrice: 10_000, taxRateBp: 0, quantity: 1 }] });
    const a = await pay(s, invoice.id, 2_500, { method: 'cash' });
    expect([a.invoice.status, a.order.status, a.invoice.balance]).toEqual(['PENDING', 'PROCESSING', 7_500]);
    const b = await pay(s, invoice.id, 2_500, { method: 'other', reference: 'voucher 17' });
    expect([b.invoice.status, b.order.status, b.invoice.balance, b.order.amountPaid]).toEqual(['PENDING', 'PROCESSING', 5_000, 5_000]);
    const c = await pay(s, invoice.id, 4_999, { method: 'card' });
    expect([c.invoice.status, c.order.status, c.invoice.balance]).toEqual(['PENDING', 'PROCESSING', 1]);
    const d = await pay(s, invoice.id, 1, { method: 'cash', tendered: 200 });
    expect(d.payment).toMatchObject({ amount: 1, tendered: 200, change: 199 });
    expect([d.invoice.status, d.order.status, d.invoice.balance, d.order.amountPaid]).toEqual(['PAID', 'FULFILLED', 0, 10_000]);
    expect(paymentRows(invoice.id)).toBe(4);
  });

  test('cash without tendered is exact: tendered = amount, change 0', async () => {
    const { invoice } = await invoiced(s);
    const r = await pay(s, invoice.id, 1200, { method: 'cash' });
    expect(r.payment).toMatchObject({ tendered: 1200, change: 0 });
  });

  test('tendered below the amount is VALIDATION naming tendered, and nothing changes', async () => {
    const { invoice } = await invoiced(s);
    const e = await expectNoWrites(s, () =>
      s.t.fail('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 500, tendered: 499, idempotencyKey: unique('k') }, s.cashier),
    );
    expect(e.code).toBe('VALIDATION');
    expect(issuePaths(e)).toEqual([['tendered']]);
    expect(await s.t.ok('invoices.get', { id: invoice.id }, s.cashier)).toEqual(invoice);
  });

  test('tendered on a card or other payment is VALIDATION naming tendered', async () => {
    const { invoice } = await invoiced(s);
    for (const method of ['card', 'other'] as const) {
      const e = await expectNoWrites(s, () =>
        s.t.fail('payments.pay', { invoiceId: invoice.id, method, amount: 500, tendered: 500, idempotencyKey: unique('k') }, s.cashier),
      );
      expect(e.code).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([['tendered']]);
    }
  });

  test('an amount over the balance is VALIDATION naming amount, and nothing changes', async () => {
    const { order, invoice } = await invoiced(s);
    const e = await expectNoWrites(s, () =>
      s.t.fail('payments.pay', { invoiceId: invoice.id, method: 'card', amount: 1201, idempotencyKey: unique('k') }, s.cashier),
    );
    expect(e.code).toBe('VALIDATION');
    expect(issuePaths(e)).toEqual([['amount']]);
    expect(e.message).toContain('amount');
    await pay(s, invoice.id, 1000);
    const e2 = await expectNoWrites(s, () =>
      s.t.fail('payments.pay', { invoiceId: invoice.id, method: 'card', amount: 201, idempotencyKey: unique('k') }, s.cashier),
    );
    expect(issuePaths(e2)).toEqual([['amount']]);
    const now = await s.t.ok('invoices.get', { id: invoice.id }, s.cashier);
    expect([now.status, now.amountPaid, now.balance]).toEqual(['PENDING', 1000, 200]);
    expect((await s.t.ok('orders.get', { id: order.id }, s.cashier)).amountPaid).toBe(1000);
  });

  test.each([
    ['amount 0', { amount: 0 }, ['amount']],
    ['amount -5', { amount: -5 }, ['amount']],
    ['amount 1.5', { amount: 1.5 }, ['amount']],
    ['tendered 0', { tendered: 0 }, ['tendered']],
    ['an unknown method', { method: 'cheque' }, ['method']],
    ['no idempotencyKey', { idempotencyKey: undefined }, ['idempotencyKey']],
    ['an empty idempotencyKey', { idempotencyKey: '  ' }, ['idempotencyKey']],
    ['no invoiceId', { invoiceId: undefined }, ['invoiceId']],
  ])('%s is VALIDATION naming the field', async (_label, patch, path) => {
    const { invoice } = await invoiced(s);
    const input = { invoiceId: invoice.id, method: 'cash', amount: 100, idempotencyKey: unique('k'), ...patch };
    const e = await expectNoWrites(s, () => s.t.fail('payments.pay', JSON.parse(JSON.stringify(input)), s.cashier));
    expect(e.code).toBe('VALIDATION');
    expect(issuePaths(e)).toEqual([path]);
  });

  test('an unknown invoice is NOT_FOUND', async () => {
    const e = await expectNoWrites(s, () => s.t.fail('payments.pay', { invoiceId: 'no-such-invoice', method: 'cash', amount: 1, idempotencyKey: unique('k') }, s.cashier));
    expect(e.code).toBe('NOT_FOUND');
  });

  test('paying a PAID or a CANCELLED invoice is INVALID_TRANSITION, and nothing changes', async () => {
    const paid = await paidOrder(s);
    const e = await expectNoWrites(s, () => s.t.fail('payments.pay', { invoiceId: paid.invoice.id, method: 'cash', amount: 1, idempotencyKey: unique('k') }, s.cashier));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toContain('PAID');

    const { order, invoice } = await invoiced(s);
    await s.t.ok('orders.cancel', { id: order.id, reason: 'void' }, s.cashier);
    const e2 = await expectNoWrites(s, () => s.t.fail('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 1, idempotencyKey: unique('k') }, s.cashier));
    expect(e2.code).toBe('INVALID_TRANSITION');
    expect(e2.message).toContain('CANCELLED');
  });

  test('a repeated idempotencyKey with the same input returns the first payment and writes nothing', async () => {
    const { invoice } = await invoiced(s);
    const input: Input<'payments.pay'> = { invoiceId: invoice.id, method: 'cash', amount: 300, tendered: 500, idempotencyKey: unique('k') };
    const first = await s.t.ok('payments.pay', input, s.cashier);
    const again = await expectNoWrites(s, () => s.t.ok('payments.pay', input, s.cashier));
    expect(again).toEqual(first);
    expect(paymentRows(invoice.id)).toBe(1);
    expect((await s.t.ok('invoices.get', { id: invoice.id }, s.cashier)).amountPaid).toBe(300);

    // the settling payment repeated after the invoice is PAID still returns it (no INVALID_TRANSITION)
    const settleInput: Input<'payments.pay'> = { invoiceId: invoice.id, method: 'card', amount: 900, idempotencyKey: unique('k') };
    const settled = await s.t.ok('payments.pay', settleInput, s.cashier);
    expect(settled.invoice.status).toBe('PAID');
    const replay = await expectNoWrites(s, () => s.t.ok('payments.pay', settleInput, s.manager));
    expect(replay).toEqual(settled);
    expect(paymentRows(invoice.id)).toBe(2);
  });

  test('the same idempotencyKey with other input is CONFLICT naming idempotencyKey, and writes nothing', async () => {
    const { invoice } = await invoiced(s);
    const other = await invoiced(s);
    const key = unique('k');
    await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 300, idempotencyKey: key }, s.cashier);
    for (const changed of [
      { invoiceId: invoice.id, method: 'cash', amount: 301 },
      { invoiceId: invoice.id, method: 'card', amount: 300 },
      { invoiceId: invoice.id, method: 'cash', amount: 300, tendered: 400 },
      { invoiceId: invoice.id, method: 'cash', amount: 300, reference: 'r' },
      { invoiceId: other.invoice.id, method: 'cash', amount: 300 },
    ]) {
      const e = await expectNoWrites(s, () => s.t.fail('payments.pay', { ...changed, idempotencyKey: key }, s.cashier));
      expect(e.code).toBe('CONFLICT');
      expect(issuePaths(e)).toEqual([['idempotencyKey']]);
    }
    expect(paymentRows(invoice.id)).toBe(1);
    expect(paymentRows(other.invoice.id)).toBe(0);
  });

  test('the same key sent twice at once makes exactly one payment', async () => {
    const { invoice } = await invoiced(s);
    const input = { invoiceId: invoice.id, method: 'cash', amount: 400, idempotencyKey: unique('k') };
    const seq = lastSeq(s);
    const [a, b] = await Promise.all([s.t.raw('payments.pay', input, s.cashier), s.t.raw('payments.pay', input, s.cashier)]);
    expect(a?.ok).toBe(true);
    expect(b?.ok).toBe(true);
    const pa = a?.ok ? (a.value as { payment: Payment }).payment : null;
    const pb = b?.ok ? (b.value as { payment: Payment }).payment : null;
    expect(pa?.id).toBe(pb?.id);
    expect(count(s, 'SELECT count(*) AS n FROM payments WHERE idempotency_key = ?', input.idempotencyKey)).toBe(1);
    expect(paymentRows(invoice.id)).toBe(1);
    expect(eventTypesSince(s, seq)).toEqual(['payment.received']);
    expect((await s.t.ok('invoices.get', { id: invoice.id }, s.cashier)).amountPaid).toBe(400);
  });

  test('two different payments at once cannot overpay: one succeeds, the other is VALIDATION', async () => {
    const { invoice } = await invoiced(s); // 1200
    const calls = [700, 700].map((amount) => s.t.raw('payments.pay', { invoiceId: invoice.id, method: 'card', amount, idempotencyKey: unique('k') }, s.cashier));
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const failed = results.find((r) => !r.ok);
    expect(failed && !failed.ok ? failed.error.code : null).toBe('VALIDATION');
    expect(paymentRows(invoice.id)).toBe(1);
    expect((await s.t.ok('invoices.get', { id: invoice.id }, s.cashier)).amountPaid).toBe(700);
  });

  test('support may not pay (FORBIDDEN); admin, manager and cashier may', async () => {
    const { invoice } = await invoiced(s);
    const e = await expectNoWrites(s, () => s.t.fail('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 1, idempotencyKey: unique('k') }, s.support));
    expect(e.code).toBe('FORBIDDEN');
    for (const role of ['admin', 'manager', 'cashier'] as const) {
      const r = await pay(s, invoice.id, 100, {}, s[role]);
      expect(r.payment.createdBy).toBe(s.userId[role]);
    }
    expect((await s.t.fail('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 1, idempotencyKey: unique('k') })).code).toBe('UNAUTHENTICATED');
  });
});

describe.each(transports)('payments.list over %s', (transport) => {
  let s: SalesStore;
  const p: Payment[] = [];
  let inv1: string;
  let inv2: string;
  let order2: string;
  beforeAll(async () => {
    s = await openSalesStore(transport);
    const a = await invoiced(s); // 1200
    const b = await invoiced(s, { lines: [{ name: 'Big', unitPrice: 3000, quantity: 1 }] }); // 3000
    inv1 = a.invoice.id;
    inv2 = b.invoice.id;
    order2 = b.order.id;
    // 09:00 cash 200 on #1; 10:00 card 300 on #2; 11:00 cash 1000 on #1 (settles); 12:00 other 500 on #2; 13:00 card 2200 on #2 (settles)
    p.push((await pay(s, inv1, 200, { method: 'cash' })).payment);
    await advance(s, 60 * MINUTE);
    p.push((await pay(s, inv2, 300, { method: 'card' })).payment);
    await advance(s, 60 * MINUTE);
    p.push((await pay(s, inv1, 1000, { method: 'cash' })).payment);
    await advance(s, 60 * MINUTE);
    p.push((await pay(s, inv2, 500, { method: 'other' })).payment);
    await advance(s, 60 * MINUTE);
    p.push((await pay(s, inv2, 2200, { method: 'card' })).payment);
  });
  afterAll(() => s.close());

  const list = (input: Input<'payments.list'>, token = s.manager) => s.t.ok('payments.list', input, token);
  const ids = (items: Payment[]) => items.map((x) => p.findIndex((y) => y.id === x.id));

  test('newest first, every field, nextCursor null at the end', async () => {
    const page = await list({});
    expect(page.items).toEqual([...p].reverse().map((x) => ({ ...x, refundOf: null })));
    expect(page.nextCursor).toBeNull();
  });

  test('filters: invoiceId, orderId, method, from/to', async () => {
    expect(ids((await list({ invoiceId: inv1 })).items)).toEqual([2, 0]);
    expect(ids((await list({ orderId: order2 })).items)).toEqual([4, 3, 1]);
    expect(ids((await list({ method: 'card' })).items)).toEqual([4, 1]);
    expect(ids((await list({ method: 'cash', invoiceId: inv1 })).items)).toEqual([2, 0]);
    expect(ids((await list({ method: 'other', invoiceId: inv1 })).items)).toEqual([]);
    expect(ids((await list({ from: '2026-06-01T10:00:00.000Z', to: '2026-06-01T12:00:00.000Z' })).items)).toEqual([3, 2, 1]);
    expect(ids((await list({ from: '2026-06-01', to: '2026-06-01' })).items)).toEqual([4, 3, 2, 1, 0]);
    expect(ids((await list({ to: '2026-05-31' })).items)).toEqual([]);
    expect(ids((await list({ invoiceId: 'no-such-invoice' })).items)).toEqual([]);
  });

  test('keyset paging through every page without duplicates or gaps, also with a filter', async () => {
    for (const limit of [1, 2, 4]) {
      const { items, pages } = await allPages((cursor) => list({ limit, cursor }));
      expect(ids(items)).toEqual([4, 3, 2, 1, 0]);
      expect(pages.length).toBe(Math.ceil(5 / limit));
    }
    const { items } = await allPages((cursor) => list({ limit: 1, cursor, orderId: order2 }));
    expect(ids(items)).toEqual([4, 3, 1]);
  });

  test('payments made in the same millisecond still page without gaps', async () => {
    const { invoice } = await invoiced(s, { lines: [{ name: 'Many', unitPrice: 10, quantity: 5 }] });
    const same: Payment[] = [];
    for (let i = 0; i < 5; i++) same.push((await pay(s, invoice.id, 10)).payment);
    const { items } = await allPages((cursor) => list({ limit: 2, cursor, invoiceId: invoice.id }));
    expect(items.map((x) => x.id)).toEqual(same.map((x) => x.id).reverse());
  });

  test('refunds are listed with kind refund and refundOf', async () => {
    const { order, invoice, payment } = await paidOrder(s);
    await s.t.ok('orders.cancel', { id: order.id, reason: 'refund me' }, s.manager);
    const page = await list({ invoiceId: invoice.id });
    expect(page.items.map((x) => [x.kind, x.amount, x.refundOf])).toEqual([
      ['refund', payment.amount, payment.id],
      ['payment', payment.amount, null],
    ]);
  });

  test('a bad cursor is VALIDATION naming cursor', async () => {
    for (const cursor of ['garbage', Buffer.from('[5]').toString('base64url')]) {
      const e = await s.t.fail('payments.list', { cursor }, s.manager);
      expect(e.code).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([['cursor']]);
    }
  });

  test('cashier may not list payments (FORBIDDEN); admin, manager and support may', async () => {
    const e = await s.t.fail('payments.list', {}, s.cashier);
    expect(e.code).toBe('FORBIDDEN');
    for (const token of [s.admin, s.manager, s.support]) {
      expect((await list({ invoiceId: inv1 }, token)).items).toHaveLength(2);
    }
  });
});
