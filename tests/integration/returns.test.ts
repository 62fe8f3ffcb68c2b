/**
 * Returns, exchanges and credit notes through the dispatcher (and the HTTP host) on a real
 * SQLite file: one line of three back to cash (the drawer expects less), partial returns that
 * add up exactly to the line, never beyond what was sold (the API and the database CHECK),
 * the return window and a manager's approval, returns without a receipt at the lowest price,
 * a cancellation after a partial return refunding only the rest, exchanges with money in, out
 * or none, idempotency keys, and the credit note reads (get, list, returnable).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input, Output } from '../../shared/contract';
import { count, eventTypesSince, expectNoWrites, invoiced, issuePaths, lastSeq, openSalesStore, pay, transports, unique, type SalesStore } from '../support/sales';
import { credentialsOf, openTill, REGISTER_1, signInAt } from '../support/till';

type Sale = Output<'orders.checkout'>;
type Line = { name: string; unitPrice: number; taxRateBp: number; quantity: number };

const mug: Line = { name: 'Mug', unitPrice: 1000, taxRateBp: 2000, quantity: 1 };
const plate: Line = { name: 'Plate', unitPrice: 2500, taxRateBp: 2000, quantity: 2 };
const bowl: Line = { name: 'Bowl', unitPrice: 333, taxRateBp: 2000, quantity: 3 };
const managerApproval = { username: credentialsOf('manager').username, password: credentialsOf('manager').password };

describe.each(transports)('returns over %s', (transport) => {
  let s: SalesStore;
  /** A cashier and a manager signed in at register 1, its cash session open with a 100.00 float. */
  let cashier: string;
  let manager: string;
  beforeAll(async () => {
    s = await openSalesStore(transport);
    cashier = await signInAt(s, 'cashier');
    manager = await signInAt(s, 'manager');
    await openTill(s, cashier);
  });
  afterAll(() => s.close());

  const sell = (lines: Line[], tenders?: Input<'orders.checkout'>['tenders'], token = cashier): Promise<Sale> => {
    const total = lines.reduce((n, l) => n + Math.round(l.unitPrice * l.quantity * (1 + l.taxRateBp / 10_000)), 0);
    return s.t.ok('orders.checkout', { lines, tenders: tenders ?? [{ method: 'cash', amount: total }], idempotencyKey: unique('co') }, token);
  };
  const back = (invoiceId: string, lines: Input<'returns.create'>['lines'], extra: Partial<Input<'returns.create'>> = {}, token = cashier) =>
    s.t.ok('returns.create', { invoiceId, lines, idempotencyKey: unique('ret'), ...extra }, token);
  const refused = (input: Record<string, unknown>, token = cashier) => s.t.fail('returns.create', { idempotencyKey: unique('ret'), ...input }, token);
  const expectedCash = async () => (await s.t.ok('cashSessions.current', { registerId: REGISTER_1 }, cashier)).session?.expectedCash ?? null;
  const refundRows = (invoiceId: string) =>
    s.t.core.store.sqlite.prepare("SELECT method, amount, rounding, refund_of AS refundOf, credit_note_id AS creditNoteId FROM payments WHERE invoice_id = ? AND kind = 'refund' ORDER BY rowid").all(invoiceId);

  test('one line of three back to cash: a credit note for that line, the drawer expects that much less, the invoice stays PAID', async () => {
    const sale = await sell([mug, plate, bowl]);
    expect(sale.invoice).toMatchObject({ status: 'PAID', total: 1200 + 6000 + 1199 });
    const before = await expectedCash();
    const seq = lastSeq(s);
    const { creditNote, invoice } = await back(sale.invoice.id, [{ invoiceLineIndex: 1, quantity: 1, reason: 'Wrong size' }]);
    expect(creditNote).toMatchObject({
      number: expect.stringMatching(/^CN-\d{6}$/),
      kind: 'return',
      invoiceId: sale.invoice.id,
      invoiceNumber: sale.invoice.number,
      orderId: sale.order.id,
      lines: [{ invoiceLineIndex: 1, name: 'Plate', unitPrice: 2500, quantity: 1, taxRateBp: 2000, subtotal: 2500, tax: 500, total: 3000, restock: true, reason: 'Wrong size' }],
      subtotal: 2500,
      tax: 500,
      total: 3000,
      taxBreakdown: [{ taxRateBp: 2000, base: 2500, tax: 500 }],
      refunded: 3000,
      vouchers: [],
      issuedBy: s.userId.cashier,
      approvedByName: null,
      exchangeInvoiceId: null,
    });
    expect(creditNote.refunds).toMatchObject([{ kind: 'refund', method: 'cash', amount: 3000, refundOf: sale.payments[0]!.id, creditNoteId: creditNote.id, invoiceId: sale.invoice.id }]);
    expect(creditNote.cashSessionId).toEqual(creditNote.refunds[0]!.cashSessionId);
    expect(invoice).toMatchObject({ status: 'PAID', credited: 3000, amountPaid: 8399 - 3000, balance: 0 });
    expect(await expectedCash()).toBe((before ?? 0) - 3000);
    expect(eventTypesSince(s, seq)).toEqual(['payment.refunded', 'credit_note.issued']);
    expect(await s.t.ok('creditNotes.get', { id: creditNote.id }, s.support)).toEqual(creditNote);
  });

  test('1 + 1 + 1 of 3 × 3.33 at 20 %: three credit notes that add up to the line exactly, net and tax', async () => {
    const sale = await sell([bowl]);
    const notes = [];
    for (let i = 0; i < 3; i++) notes.push((await back(sale.invoice.id, [{ invoiceLineIndex: 0, quantity: 1, reason: 'Chipped' }])).creditNote);
    expect(notes.map((n) => [n.subtotal, n.tax])).toEqual([
      [333, 67],
      [333, 66],
      [333, 67],
    ]);
    const line = sale.invoice.lines[0]!;
    expect(notes.reduce((n, c) => n + c.subtotal, 0)).toBe(line.subtotal);
    expect(notes.reduce((n, c) => n + c.tax, 0)).toBe(line.tax);
    expect(notes.reduce((n, c) => n + c.refunded, 0)).toBe(sale.invoice.total);
    const invoice = await s.t.ok('invoices.get', { id: sale.invoice.id }, cashier);
    expect(invoice).toMatchObject({ credited: invoice.total, amountPaid: 0, balance: 0, status: 'PAID' });
    const returnable = await s.t.ok('returns.returnable', { invoiceId: sale.invoice.id }, cashier);
    expect(returnable.lines).toEqual([{ invoiceLineIndex: 0, name: 'Bowl', sold: 3, returned: 3, returnable: 0, credited: line.total }]);
    expect(returnable.creditNotes.map((n) => n.id)).toEqual(notes.map((n) => n.id));
  });

  test('never beyond what was sold: over the quantity, the same line twice, an unknown line; nothing is written', async () => {
    const sale = await sell([mug, plate]);
    const cases: [Input<'returns.create'>['lines'], (string | number)[]][] = [
      [[{ invoiceLineIndex: 1, quantity: 3, reason: 'x' }], ['lines', 0, 'quantity']],
      [[{ invoiceLineIndex: 1, quantity: 1, reason: 'x' }, { invoiceLineIndex: 1, quantity: 2, reason: 'x' }], ['lines', 1, 'quantity']],
      [[{ invoiceLineIndex: 2, quantity: 1, reason: 'x' }], ['lines', 0, 'invoiceLineIndex']],
    ];
    for (const [lines, path] of cases) {
      const e = await expectNoWrites(s, () => refused({ invoiceId: sale.invoice.id, lines }));
      expect(e.code).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([path]);
    }
    expect(count(s, 'SELECT count(*) AS n FROM credit_notes WHERE invoice_id = ?', sale.invoice.id)).toBe(0);
    await back(sale.invoice.id, [{ invoiceLineIndex: 1, quantity: 2, reason: 'x' }]);
    const again = await expectNoWrites(s, () => refused({ invoiceId: sale.invoice.id, lines: [{ invoiceLineIndex: 1, quantity: 1, reason: 'x' }] }));
    expect(again.message).toContain('(0)');
    // The database refuses it too, whatever the code does.
    expect(() => s.t.core.store.sqlite.prepare('UPDATE returned_lines SET returned = sold + 1 WHERE invoice_id = ?').run(sale.invoice.id)).toThrow(/CHECK constraint failed/);
  });

  test('a cancelled invoice takes no return (INVALID_TRANSITION); an unknown one is NOT_FOUND; support may not return', async () => {
    const { order, invoice } = await invoiced(s);
    await s.t.ok('orders.cancel', { id: order.id, reason: 'left' }, s.cashier);
    expect((await refused({ invoiceId: invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'x' }] })).code).toBe('INVALID_TRANSITION');
    expect((await refused({ invoiceId: '00000000-0000-7000-8000-000000000000', lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'x' }] })).code).toBe('NOT_FOUND');
    const sale = await sell([mug]);
    expect((await expectNoWrites(s, () => refused({ invoiceId: sale.invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'x' }] }, s.support))).code).toBe('FORBIDDEN');
  });

  test('past the return window a cashier needs a manager (FORBIDDEN APPROVAL_REQUIRED, nothing written); the approver is recorded; a manager needs none', async () => {
    await s.t.ok('settings.update', { returnWindowDays: 0 }, s.admin);
    try {
      const sale = await sell([mug, plate]);
      s.t.clock.advance(60_000);
      const lines = [{ invoiceLineIndex: 0, quantity: 1, reason: 'Late' }];
      const e = await expectNoWrites(s, () => refused({ invoiceId: sale.invoice.id, lines }));
      expect(e).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_REQUIRED' } });
      expect((await s.t.ok('returns.returnable', { invoiceId: sale.invoice.id }, cashier)).outsideWindow).toBe(true);
      expect((await s.t.ok('returns.returnable', { invoiceId: sale.invoice.id }, manager)).outsideWindow).toBe(false);
      const wrong = await refused({ invoiceId: sale.invoice.id, lines, approval: { ...managerApproval, password: 'wrong' } });
      expect(wrong).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_INVALID' } });
      expect(count(s, 'SELECT count(*) AS n FROM credit_notes WHERE invoice_id = ?', sale.invoice.id)).toBe(0);
      const approved = await back(sale.invoice.id, lines, { approval: managerApproval });
      expect(approved.creditNote).toMatchObject({ approvedByName: 'manager user', issuedBy: s.userId.cashier });
      const alone = await back(sale.invoice.id, [{ invoiceLineIndex: 1, quantity: 1, reason: 'Late' }], {}, manager);
      expect(alone.creditNote.approvedByName).toBeNull();
    } finally {
      await s.t.ok('settings.update', { returnWindowDays: 30 }, s.admin);
    }
  });

  test('without a receipt: a manager approves, refunded at the lowest price sold within the window, as a voucher or in cash', async () => {
    const p = await s.t.ok('products.create', { sku: unique('SKU'), name: 'Teapot', unitPrice: 2000, taxRateBp: 1000 }, s.admin);
    expect(await s.t.ok('returns.receiptlessPrice', { productId: p.id }, cashier)).toEqual({ productId: p.id, unitPrice: 2000, taxRateBp: 1000, total: 2200, soldAt: null });
    await s.t.ok('products.update', { id: p.id, unitPrice: 1500 }, s.admin);
    const cheap = await s.t.ok('orders.checkout', { lines: [{ productId: p.id, quantity: 1 }], tenders: [{ method: 'cash', amount: 1650 }], idempotencyKey: unique('co') }, cashier);
    await s.t.ok('products.update', { id: p.id, unitPrice: 2500 }, s.admin);
    await s.t.ok('orders.checkout', { lines: [{ productId: p.id, quantity: 1 }], tenders: [{ method: 'cash', amount: 2750 }], idempotencyKey: unique('co') }, cashier);
    expect(await s.t.ok('returns.receiptlessPrice', { productId: p.id }, cashier)).toEqual({ productId: p.id, unitPrice: 1500, taxRateBp: 1000, total: 1650, soldAt: cheap.invoice.issuedAt });

    const lines = [{ productId: p.id, quantity: 2, reason: 'No receipt' }];
    const e = await expectNoWrites(s, () => refused({ lines }));
    expect(e).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_REQUIRED' } });
    const card = await expectNoWrites(s, () => refused({ lines, approval: managerApproval, refunds: [{ method: 'card', amount: 3300 }] }));
    expect(issuePaths(card)).toEqual([['refunds', 0, 'method']]);

    const voucher = await s.t.ok('returns.create', { lines, approval: managerApproval, idempotencyKey: unique('ret') }, cashier);
    expect(voucher.invoice).toBeNull();
    expect(voucher.creditNote).toMatchObject({
      kind: 'receiptless',
      invoiceId: null,
      invoiceNumber: null,
      lines: [{ invoiceLineIndex: null, productId: p.id, unitPrice: 1500, quantity: 2, subtotal: 3000, tax: 300, total: 3300 }],
      total: 3300,
      refunded: 3300,
      approvedByName: 'manager user',
    });
    expect(voucher.creditNote.refunds).toMatchObject([{ method: 'voucher', amount: 3300, invoiceId: null, orderId: null, voucherCode: voucher.creditNote.vouchers[0]!.code }]);
    expect(voucher.creditNote.vouchers).toMatchObject([{ kind: 'refund', amount: 3300, balance: 3300, usable: true, creditNoteId: voucher.creditNote.id }]);

    const drawer = await expectedCash();
    const cash = await s.t.ok('returns.create', { lines: [{ productId: p.id, quantity: 1, reason: 'No receipt' }], refunds: [{ method: 'cash', amount: 1650 }], idempotencyKey: unique('ret') }, manager);
    expect(cash.creditNote.refunds).toMatchObject([{ method: 'cash', amount: 1650, invoiceId: null }]);
    expect(await expectedCash()).toBe((drawer ?? 0) - 1650);
  });

  test('without a receipt, a sale older than receiptlessPriceWindowDays no longer sets the price', async () => {
    const p = await s.t.ok('products.create', { sku: unique('SKU'), name: 'Jug', unitPrice: 1500, taxRateBp: 1000 }, s.admin);
    const cheap = await s.t.ok('orders.checkout', { lines: [{ productId: p.id, quantity: 1 }], tenders: [{ method: 'card', amount: 1650 }], idempotencyKey: unique('co') }, cashier);
    await s.t.ok('products.update', { id: p.id, unitPrice: 2000 }, s.admin);
    const dear = await s.t.ok('orders.checkout', { lines: [{ productId: p.id, quantity: 1 }], tenders: [{ method: 'card', amount: 2200 }], idempotencyKey: unique('co') }, cashier);
    // The cheap sale was made eight days ago.
    const eightDaysAgo = new Date(s.t.clock() - 8 * 86_400_000).toISOString();
    s.t.core.store.sqlite.prepare('UPDATE invoices SET issued_at = ? WHERE id = ?').run(eightDaysAgo, cheap.invoice.id);
    try {
      await s.t.ok('settings.update', { receiptlessPriceWindowDays: 10 }, s.admin);
      expect(await s.t.ok('returns.receiptlessPrice', { productId: p.id }, cashier)).toMatchObject({ unitPrice: 1500, soldAt: eightDaysAgo });
      await s.t.ok('settings.update', { receiptlessPriceWindowDays: 7 }, s.admin);
      expect(await s.t.ok('returns.receiptlessPrice', { productId: p.id }, cashier)).toMatchObject({ unitPrice: 2000, total: 2200, soldAt: dear.invoice.issuedAt });
      const r = await s.t.ok('returns.create', { lines: [{ productId: p.id, quantity: 1, reason: 'No receipt' }], approval: managerApproval, idempotencyKey: unique('ret') }, cashier);
      expect(r.creditNote).toMatchObject({ kind: 'receiptless', total: 2200, lines: [{ unitPrice: 2000 }] });
    } finally {
      await s.t.ok('settings.update', { receiptlessPriceWindowDays: 90 }, s.admin);
    }
  });

  test('restocked quantities are recorded per invoice line: what goes back on the shelf, never more than came back', async () => {
    const sale = await sell([bowl]);
    const restocked = () => s.t.core.store.sqlite.prepare('SELECT returned, restocked FROM returned_lines WHERE invoice_id = ? AND line_index = 0').get(sale.invoice.id);
    const shelf = await back(sale.invoice.id, [{ invoiceLineIndex: 0, quantity: 1, reason: 'Unwanted' }]);
    expect(shelf.creditNote.lines[0]).toMatchObject({ quantity: 1, restock: true });
    const broken = await back(sale.invoice.id, [{ invoiceLineIndex: 0, quantity: 1, restock: false, reason: 'Broken' }]);
    expect(broken.creditNote.lines[0]).toMatchObject({ quantity: 1, restock: false });
    expect(restocked()).toEqual({ returned: 2, restocked: 1 });
    // The database refuses a record that restocks more than came back.
    expect(() => s.t.core.store.sqlite.prepare('UPDATE returned_lines SET restocked = 3 WHERE invoice_id = ?').run(sale.invoice.id)).toThrow(/CHECK constraint failed/);
    expect(restocked()).toEqual({ returned: 2, restocked: 1 });
  });

  test('refunds given by hand must add up to what is refunded; a voucher for part of it', async () => {
    const sale = await sell([plate]);
    const lines = [{ invoiceLineIndex: 0, quantity: 2, reason: 'x' }];
    const e = await expectNoWrites(s, () => refused({ invoiceId: sale.invoice.id, lines, refunds: [{ method: 'card', amount: 5000 }] }));
    expect(issuePaths(e)).toEqual([['refunds']]);
    const { creditNote } = await back(sale.invoice.id, lines, { refunds: [{ method: 'voucher', amount: 2000 }, { method: 'card', amount: 4000, reference: 'RF-1' }] });
    expect(creditNote.refunds.map((r) => [r.method, r.amount, r.refundOf])).toEqual([
      ['voucher', 2000, null],
      ['card', 4000, null],
    ]);
    expect(creditNote.vouchers.map((v) => v.amount)).toEqual([2000]);
  });

  test('a partly paid invoice: the credit first reduces what is owed, only the rest is refunded', async () => {
    const { invoice } = await invoiced(s, { lines: [{ ...mug, quantity: 2 }] }, cashier); // 2400
    await pay(s, invoice.id, 500, {}, cashier);
    const half = await back(invoice.id, [{ invoiceLineIndex: 0, quantity: 1, reason: 'x' }]);
    expect(half.creditNote).toMatchObject({ total: 1200, refunded: 0, refunds: [] });
    expect(half.invoice).toMatchObject({ status: 'PENDING', credited: 1200, amountPaid: 500, balance: 700 });
    const rest = await back(invoice.id, [{ invoiceLineIndex: 0, quantity: 1, reason: 'x' }]);
    expect(rest.creditNote).toMatchObject({ total: 1200, refunded: 500 });
    // Nothing owed and nothing kept: the invoice stays PENDING with a balance of 0.
    expect(rest.invoice).toMatchObject({ status: 'PENDING', credited: 2400, amountPaid: 0, balance: 0 });
  });

  test('cancelling after a partial return: a cancellation credit note for the rest, only what is still paid is refunded', async () => {
    const sale = await sell([mug, plate], [{ method: 'cash', amount: 3000 }, { method: 'card', amount: 4200, reference: 'AUTH-9' }]);
    const first = await back(sale.invoice.id, [{ invoiceLineIndex: 1, quantity: 1, reason: 'x' }]);
    // Newest tender first: the card gives back the 30.00.
    expect(first.creditNote.refunds.map((r) => [r.method, r.amount])).toEqual([['card', 3000]]);
    const seq = lastSeq(s);
    await s.t.ok('orders.cancel', { id: sale.order.id, reason: 'Changed mind' }, manager);
    expect(eventTypesSince(s, seq)).toEqual(['order.cancelled', 'payment.refunded', 'payment.refunded', 'credit_note.issued', 'invoice.cancelled']);
    const notes = (await s.t.ok('creditNotes.list', { invoiceId: sale.invoice.id }, manager)).items;
    const cancellation = notes.find((n) => n.kind === 'cancellation')!;
    expect(cancellation.lines.map((l) => [l.invoiceLineIndex, l.quantity, l.total])).toEqual([
      [0, 1, 1200],
      [1, 1, 3000],
    ]);
    expect(cancellation.refunds.map((r) => [r.method, r.amount])).toEqual([
      ['cash', 3000],
      ['card', 1200],
    ]);
    expect(refundRows(sale.invoice.id).reduce((n: number, r) => n + (r as { amount: number }).amount, 0)).toBe(sale.invoice.total);
    expect(await s.t.ok('invoices.get', { id: sale.invoice.id }, manager)).toMatchObject({ status: 'CANCELLED', credited: sale.invoice.total, amountPaid: 0, balance: 0 });
  });

  test('exchange, money in: the difference paid with tenders, the credit moved to the new invoice, both linked', async () => {
    const sale = await sell([mug]);
    const drawer = await expectedCash();
    const x = await s.t.ok(
      'returns.exchange',
      { invoiceId: sale.invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'Other colour' }], sale: { lines: [plate] }, tenders: [{ method: 'cash', amount: 4800, tendered: 5000 }], idempotencyKey: unique('x') },
      cashier,
    );
    expect(x.creditNote).toMatchObject({ kind: 'exchange', total: 1200, refunded: 1200, exchangeInvoiceId: x.invoice.id });
    expect(x.invoice).toMatchObject({ status: 'PAID', total: 6000, balance: 0 });
    expect(x.payments.map((p) => [p.method, p.amount, p.reference])).toEqual([
      ['other', 1200, x.creditNote.number],
      ['cash', 4800, null],
    ]);
    expect(x.change).toBe(200);
    expect(x.creditNote.refunds.map((r) => [r.method, r.amount, r.reference, r.refundOf])).toEqual([['other', 1200, x.invoice.number, sale.payments[0]!.id]]);
    expect(await s.t.ok('invoices.get', { id: sale.invoice.id }, cashier)).toMatchObject({ status: 'PAID', credited: 1200, amountPaid: 0, balance: 0 });
    expect(await expectedCash()).toBe((drawer ?? 0) + 4800);

    const missing = await expectNoWrites(s, () =>
      s.t.fail('returns.exchange', { invoiceId: sale.invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'x' }], sale: { lines: [plate] }, idempotencyKey: unique('x') }, cashier),
    );
    expect(missing.code).toBe('VALIDATION');
  });

  test('exchange, money out and none: the rest goes back to the tender; equal totals move no money', async () => {
    const sale = await sell([plate], [{ method: 'card', amount: 6000 }]);
    const out = await s.t.ok('returns.exchange', { invoiceId: sale.invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'x' }], sale: { lines: [mug] }, idempotencyKey: unique('x') }, cashier);
    expect(out.creditNote.refunds.map((r) => [r.method, r.amount])).toEqual([
      ['other', 1200],
      ['card', 1800],
    ]);
    expect(out.payments.map((p) => [p.method, p.amount])).toEqual([['other', 1200]]);
    expect(out.invoice.status).toBe('PAID');
    const none = await s.t.ok('returns.exchange', { invoiceId: sale.invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'x' }], sale: { lines: [{ ...plate, quantity: 1 }] }, idempotencyKey: unique('x') }, cashier);
    expect(none.creditNote.refunds.map((r) => [r.method, r.amount])).toEqual([['other', 3000]]);
    expect(none.change).toBe(0);
    expect(await s.t.ok('invoices.get', { id: sale.invoice.id }, cashier)).toMatchObject({ credited: 6000, amountPaid: 0, balance: 0 });
  });

  test('idempotency: the same key and input answer the first credit note; other input is CONFLICT naming idempotencyKey', async () => {
    const sale = await sell([plate]);
    const input = { invoiceId: sale.invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'x' }], idempotencyKey: unique('ret') };
    const first = await s.t.ok('returns.create', input, cashier);
    const again = await expectNoWrites(s, () => s.t.ok('returns.create', input, cashier));
    expect(again.creditNote).toEqual(first.creditNote);
    const other = await expectNoWrites(s, () => s.t.fail('returns.create', { ...input, lines: [{ invoiceLineIndex: 0, quantity: 2, reason: 'x' }] }, cashier));
    expect(other.code).toBe('CONFLICT');
    expect(issuePaths(other)).toEqual([['idempotencyKey']]);
  });

  test('creditNotes.list: newest first, by number, invoice number or text, kind and paging, with a summary', async () => {
    const sale = await sell([{ ...mug, name: 'Zebra mug' }]);
    const { creditNote } = await back(sale.invoice.id, [{ invoiceLineIndex: 0, quantity: 1, reason: 'x' }]);
    const list = (input: Input<'creditNotes.list'>) => s.t.ok('creditNotes.list', input, s.support);
    expect((await list({ query: creditNote.number })).items.map((n) => n.id)).toEqual([creditNote.id]);
    expect((await list({ query: sale.invoice.number })).items.map((n) => n.id)).toEqual([creditNote.id]);
    expect((await list({ query: 'zebra' })).items.map((n) => n.id)).toEqual([creditNote.id]);
    expect((await list({ query: 'zebra' })).summary).toEqual({ count: 1, total: 1200, refunded: 1200, tax: 200 });
    const all = await list({ limit: 500 });
    expect(all.summary.count).toBe(all.items.length);
    expect(all.items[0]!.id).toBe(creditNote.id);
    const numbers = all.items.map((n) => n.number);
    expect([...numbers].sort().reverse()).toEqual(numbers);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 3, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items.map((n) => n.number));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(numbers);
    expect((await list({ kind: 'receiptless' })).items.every((n) => n.kind === 'receiptless')).toBe(true);
  });

  test('a register that is not open refunds nothing (CONFLICT NO_CASH_SESSION)', async () => {
    const sale = await sell([mug]);
    const r2 = await s.t.ok('registers.create', { code: 'R2', name: 'Register 2' }, s.admin);
    const elsewhere = await signInAt(s, 'manager', r2.id);
    const e = await expectNoWrites(s, () => refused({ invoiceId: sale.invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'x' }] }, elsewhere));
    expect(e).toMatchObject({ code: 'CONFLICT', details: { reason: 'NO_CASH_SESSION' } });
  });
});
