/**
 * Cash sessions on a real SQLite file: open with a counted float, sales and movements tied to
 * the session, the close against expected cash with its Z; NO_CASH_SESSION for every call that
 * moves money from a register with none open (nothing stored), while holding an order or
 * issuing an invoice needs none; one open session per register; counts that must add up;
 * the own-register rule and the roles; blind count; the manager's approval (required,
 * invalid, not a manager, 5 failures lock the name); a session that survives a restart; a
 * closed session and its Z that neither SQL nor any method can change; the trail.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input } from '../../shared/contract';
import { startCore } from '../support/core';
import { count, eventsSince, expectNoWrites, issuePaths, lastSeq, openSalesStore, unique, widgetLine, type SalesStore } from '../support/sales';
import { credentialsOf, openTill, REGISTER_1, rowCount, signInAt } from '../support/till';

const sale = (tenders: Input<'orders.checkout'>['tenders'] = [{ method: 'cash', amount: 1200 }]) => ({ lines: [widgetLine], tenders, idempotencyKey: unique('co') });

describe('a day at register R1', () => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore('in-process');
  });
  afterAll(() => s.close());

  test('open with a counted float, a sale, pay-in, pay-out, drop, no-sale, close: expected cash, the Z, the trail', async () => {
    const cashier = await signInAt(s, 'cashier');
    expect((await s.t.ok('cashSessions.current', { registerId: REGISTER_1 }, cashier)).session).toBeNull();
    const seq = lastSeq(s);
    const opened = await s.t.ok('cashSessions.open', { registerId: REGISTER_1, openingFloat: 15_000, count: [{ denomination: 5000, quantity: 2 }, { denomination: 2000, quantity: 2 }, { denomination: 100, quantity: 10 }] }, cashier);
    expect(opened).toMatchObject({ status: 'OPEN', registerCode: 'R1', openingFloat: 15_000, expectedCash: 15_000, openedBy: s.userId.cashier, openedByName: 'cashier user', openSinceEarlierDay: false, zReportId: null });
    expect(opened.openingCount).toHaveLength(3);
    expect((await s.t.ok('cashSessions.current', { registerId: REGISTER_1 }, cashier)).session?.id).toBe(opened.id);

    const sold = await s.t.ok('orders.checkout', sale([{ method: 'cash', amount: 1200 }]), cashier);
    await s.t.ok('orders.checkout', sale([{ method: 'card', amount: 1200 }]), cashier);
    expect(sold.payments[0]).toMatchObject({ cashSessionId: opened.id, rounding: 0 });
    expect(s.t.core.store.sqlite.prepare('SELECT issued_by AS by, cash_session_id AS session FROM invoices WHERE id = ?').get(sold.invoice.id)).toEqual({ by: s.userId.cashier, session: opened.id });

    const moves = [
      { kind: 'payIn', amount: 500, reason: 'change from the bank' },
      { kind: 'payOut', amount: 300, reason: 'window cleaner' },
      { kind: 'drop', amount: 10_000, reason: 'to the safe' },
      { kind: 'noSale', amount: 0, reason: 'customer needed change' },
    ] as const;
    for (const m of moves) {
      const { movement, session } = await s.t.ok('cashSessions.move', { sessionId: opened.id, ...m }, cashier);
      expect(movement).toMatchObject({ ...m, sessionId: opened.id, createdBy: s.userId.cashier, createdByName: 'cashier user' });
      expect(session.id).toBe(opened.id);
    }
    const expected = 15_000 + 1200 + 500 - 300 - 10_000;
    expect((await s.t.ok('cashSessions.get', { id: opened.id }, cashier)).expectedCash).toBe(expected);
    expect((await s.t.ok('cashSessions.movements', { sessionId: opened.id }, s.support)).items.map((m) => m.kind)).toEqual(['payIn', 'payOut', 'drop', 'noSale']);

    const closed = await s.t.ok('cashSessions.close', { sessionId: opened.id, countedCash: expected - 50, note: 'a coin under the tray' }, cashier);
    expect(closed.session).toMatchObject({ status: 'CLOSED', expectedCash: expected, countedCash: expected - 50, variance: -50, note: 'a coin under the tray', approvedBy: null, closedBy: s.userId.cashier, closedByName: 'cashier user', zReportId: closed.zReportId, zNumber: 'Z-R1-000001' });
    expect((await s.t.ok('cashSessions.current', { registerId: REGISTER_1 }, cashier)).session).toBeNull();
    expect((await s.t.ok('registers.list', {}, cashier)).items[0]).toMatchObject({ zCount: 1 });

    // The trail: who opened, every movement, who closed (and with what figures).
    const trail = await s.t.ok('audit.list', { entity: 'cash_session', entityId: opened.id }, s.manager);
    expect(trail.items.map((e) => e.type).reverse()).toEqual(['cash_session.opened', 'cash_session.moved', 'cash_session.moved', 'cash_session.moved', 'cash_session.moved', 'cash_session.closed']);
    expect(trail.items[0]).toMatchObject({ actor: { id: s.userId.cashier }, after: { expected, counted: expected - 50, variance: -50, zNumber: 'Z-R1-000001' } });
    expect(eventsSince(s, seq).filter((e) => e.type === 'cash_session.moved').map((e) => e.after)).toMatchObject(moves.map((m) => ({ kind: m.kind, amount: m.amount, reason: m.reason })));
  });

  test('a closed session and its Z: no SQL and no method changes them', async () => {
    const cashier = await signInAt(s, 'cashier');
    const closed = (await s.t.ok('cashSessions.list', { status: 'CLOSED' }, cashier)).items[0]!;
    const db = s.t.core.store.sqlite;
    expect(() => db.prepare('UPDATE cash_sessions SET counted_cash = 0 WHERE id = ?').run(closed.id)).toThrow(/sealed/);
    expect(() => db.prepare('DELETE FROM cash_sessions WHERE id = ?').run(closed.id)).toThrow(/kept/);
    expect(() => db.prepare('UPDATE z_reports SET net_sales = 0').run()).toThrow(/sealed/);
    expect(() => db.prepare('DELETE FROM z_reports').run()).toThrow(/sealed/);
    expect(() => db.prepare('UPDATE cash_movements SET amount = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM cash_movements').run()).toThrow(/append-only/);

    const again = await expectNoWrites(s, () => s.t.fail('cashSessions.close', { sessionId: closed.id, countedCash: 0 }, cashier));
    expect(again).toMatchObject({ code: 'CONFLICT', details: { reason: 'CASH_SESSION_CLOSED' } });
    const moved = await expectNoWrites(s, () => s.t.fail('cashSessions.move', { sessionId: closed.id, kind: 'payIn', amount: 100, reason: 'late' }, cashier));
    expect(moved).toMatchObject({ code: 'CONFLICT', details: { reason: 'NO_CASH_SESSION' } });
  });
});

describe('money needs the open session; holding and invoicing do not', () => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore('in-process');
  });
  afterAll(() => s.close());

  const tables = () => ['orders', 'invoices', 'payments', 'checkouts', 'cash_movements'].map((t) => rowCount(s, t));

  test('checkout, payments.pay and a cancel that refunds: CONFLICT NO_CASH_SESSION with the register, nothing stored', async () => {
    const cashier = await signInAt(s, 'cashier');
    const manager = await signInAt(s, 'manager');
    const before = tables();
    const refused = await expectNoWrites(s, () => s.t.fail('orders.checkout', sale(), cashier));
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'NO_CASH_SESSION', registerId: REGISTER_1 } });
    expect(refused.message).toBe('Register R1 is not open: open it with a counted float first.');
    expect(tables()).toEqual(before);

    // Holding an order and issuing its invoice move no money.
    const held = await s.t.ok('orders.create', { lines: [widgetLine] }, cashier);
    const invoice = await s.t.ok('invoices.generate', { orderId: held.id }, cashier);
    expect(s.t.core.store.sqlite.prepare('SELECT issued_by AS by, cash_session_id AS session FROM invoices WHERE id = ?').get(invoice.id)).toEqual({ by: s.userId.cashier, session: null });
    const pay = await expectNoWrites(s, () => s.t.fail('payments.pay', { invoiceId: invoice.id, method: 'card', amount: 1200, idempotencyKey: unique('k') }, cashier));
    expect(pay).toMatchObject({ code: 'CONFLICT', details: { reason: 'NO_CASH_SESSION' } });

    // Paid through a session bound to no register (the back office): today's behaviour.
    await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'card', amount: 1200, idempotencyKey: unique('k') }, s.manager);
    const cancel = await expectNoWrites(s, () => s.t.fail('orders.cancel', { id: held.id, reason: 'returned' }, manager));
    expect(cancel).toMatchObject({ code: 'CONFLICT', details: { reason: 'NO_CASH_SESSION' } });
    // An unpaid order is cancelled without a session: no money moves.
    const unpaid = await s.t.ok('orders.create', { lines: [widgetLine] }, cashier);
    await s.t.ok('invoices.generate', { orderId: unpaid.id }, cashier);
    expect(await s.t.ok('orders.cancel', { id: unpaid.id, reason: 'left' }, cashier)).toMatchObject({ status: 'CANCELLED' });
  });

  test('with the register open: the refund, the cancellation and the voids carry the session', async () => {
    const cashier = await signInAt(s, 'cashier');
    const manager = await signInAt(s, 'manager');
    const session = await openTill(s, cashier);
    const sold = await s.t.ok('orders.checkout', sale(), cashier);
    await s.t.ok('orders.cancel', { id: sold.order.id, reason: 'returned' }, manager);
    expect(s.t.core.store.sqlite.prepare("SELECT cash_session_id AS session, amount FROM payments WHERE order_id = ? AND kind = 'refund'").all(sold.order.id)).toEqual([{ session: session.id, amount: 1200 }]);
    expect(s.t.core.store.sqlite.prepare('SELECT cancel_session_id AS session FROM invoices WHERE id = ?').get(sold.invoice.id)).toEqual({ session: session.id });
    expect((await s.t.ok('cashSessions.get', { id: session.id }, manager)).expectedCash).toBe(10_000);

    const p = await s.t.ok('products.create', { sku: unique('SKU'), name: 'Pen', unitPrice: 250, taxRateBp: 0 }, s.admin);
    await s.t.ok('orders.recordVoid', { kind: 'line', lines: [{ productId: p.id, quantity: 1 }, { productId: p.id, quantity: 2 }] }, cashier);
    await s.t.ok('orders.recordVoid', { kind: 'cart', lines: [{ productId: p.id, quantity: 3 }] }, cashier);
    await s.t.ok('orders.recordVoid', { kind: 'line', lines: [{ productId: p.id, quantity: 1 }] }, s.cashier);
    expect(s.t.core.store.sqlite.prepare('SELECT cash_session_id AS session, kind, amount, user_id AS user FROM counter_voids ORDER BY id').all()).toEqual([
      { session: session.id, kind: 'line', amount: 250, user: s.userId.cashier },
      { session: session.id, kind: 'line', amount: 500, user: s.userId.cashier },
      { session: session.id, kind: 'cart', amount: 750, user: s.userId.cashier },
      { session: null, kind: 'line', amount: 250, user: s.userId.cashier },
    ]);
  });
});

describe('the rules of opening, moving and closing', () => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore('in-process', { hooks });
  });
  afterAll(() => s.close());
  const hooks: { beforeCommit?: (point: string) => void } = {};

  test('one open session per register; a count must add up, in the currency’s notes and coins; nothing stored', async () => {
    const cashier = await signInAt(s, 'cashier');
    const before = rowCount(s, 'cash_sessions');
    const wrongSum = await expectNoWrites(s, () => s.t.fail('cashSessions.open', { registerId: REGISTER_1, openingFloat: 10_000, count: [{ denomination: 5000, quantity: 1 }] }, cashier));
    expect(issuePaths(wrongSum)).toEqual([['count']]);
    const unknown = await s.t.fail('cashSessions.open', { registerId: REGISTER_1, openingFloat: 300, count: [{ denomination: 300, quantity: 1 }] }, cashier);
    expect(issuePaths(unknown)).toEqual([['count', 0, 'denomination']]);
    expect(rowCount(s, 'cash_sessions')).toBe(before);

    const session = await openTill(s, cashier);
    const twice = await expectNoWrites(s, () => s.t.fail('cashSessions.open', { registerId: REGISTER_1, openingFloat: 0 }, s.manager));
    expect(twice).toMatchObject({ code: 'CONFLICT', details: { reason: 'CASH_SESSION_OPEN' } });
    // The unique index holds even against SQL.
    expect(() =>
      s.t.core.store.sqlite.prepare("INSERT INTO cash_sessions (id, register_id, status, opening_float, opened_by, opened_at) VALUES ('x', ?, 'OPEN', 0, ?, 'now')").run(REGISTER_1, s.userId.manager),
    ).toThrow(/UNIQUE/);

    const closeCount = await s.t.fail('cashSessions.close', { sessionId: session.id, countedCash: 10_000, count: [{ denomination: 5000, quantity: 1 }] }, cashier);
    expect(issuePaths(closeCount)).toEqual([['count']]);
    await s.t.ok('cashSessions.close', { sessionId: session.id, countedCash: 10_000, count: [{ denomination: 5000, quantity: 2 }] }, cashier);
  });

  test('movements: a no-sale moves 0, the others at least 1; a pay-out or drop never takes the drawer below 0', async () => {
    const cashier = await signInAt(s, 'cashier');
    const session = await openTill(s, cashier, 1000);
    const move = (kind: 'payIn' | 'payOut' | 'drop' | 'noSale', amount: number) => s.t.fail('cashSessions.move', { sessionId: session.id, kind, amount, reason: 'test' }, cashier);
    expect(issuePaths(await expectNoWrites(s, () => move('noSale', 5)))).toEqual([['amount']]);
    expect(issuePaths(await move('payIn', 0))).toEqual([['amount']]);
    const over = await expectNoWrites(s, () => move('payOut', 1001));
    expect(over.message).toMatch(/more than the drawer holds/);
    expect(issuePaths(await move('drop', 1001))).toEqual([['amount']]);
    await s.t.ok('cashSessions.move', { sessionId: session.id, kind: 'drop', amount: 1000, reason: 'all to the safe' }, cashier);
    await s.t.ok('cashSessions.close', { sessionId: session.id, countedCash: 0 }, cashier);
  });

  test('a close that fails before its commit leaves the session open, no Z, no number used', async () => {
    const cashier = await signInAt(s, 'cashier');
    const session = await openTill(s, cashier, 500);
    const zBefore = (await s.t.ok('registers.list', {}, cashier)).items[0]!.zCount;
    hooks.beforeCommit = (point) => {
      if (point === 'cashSessions.close') throw new Error('power cut');
    };
    try {
      await expectNoWrites(s, () => s.t.fail('cashSessions.close', { sessionId: session.id, countedCash: 500 }, cashier));
    } finally {
      hooks.beforeCommit = undefined;
    }
    expect(count(s, 'SELECT count(*) AS n FROM z_reports WHERE session_id = ?', session.id)).toBe(0);
    expect((await s.t.ok('cashSessions.get', { id: session.id }, cashier)).status).toBe('OPEN');
    expect((await s.t.ok('registers.list', {}, cashier)).items[0]!.zCount).toBe(zBefore);
    const closed = await s.t.ok('cashSessions.close', { sessionId: session.id, countedCash: 500 }, cashier);
    expect(closed.session.zNumber).toBe(`Z-R1-${String(zBefore + 1).padStart(6, '0')}`);
  });

  test('a no-sale opens the drawer of the register’s network printer, after the commit', async () => {
    const received: Buffer[] = [];
    let gotBytes!: () => void;
    const arrived = new Promise<void>((resolve) => (gotBytes = resolve));
    const printer = net.createServer((socket) => socket.on('data', (b) => (received.push(b), gotBytes())));
    await new Promise<void>((resolve) => printer.listen(0, '127.0.0.1', resolve));
    try {
      const port = (printer.address() as net.AddressInfo).port;
      const r = await s.t.ok('registers.create', { code: 'P1', name: 'With printer', printer: { host: '127.0.0.1', port } }, s.admin);
      const manager = await signInAt(s, 'manager', r.id);
      const session = await openTill(s, manager, 0, r.id);
      await s.t.ok('cashSessions.move', { sessionId: session.id, kind: 'noSale', amount: 0, reason: 'change for a note' }, manager);
      await arrived;
      // ESC p: the drawer-kick pulse.
      expect(Buffer.concat(received).includes(Buffer.from([0x1b, 0x70]))).toBe(true);
    } finally {
      printer.close();
    }
  });
});

describe('who may do what: the own register, support, blind count', () => {
  let s: SalesStore;
  let r2: string;
  beforeAll(async () => {
    s = await openSalesStore('in-process');
    r2 = (await s.t.ok('registers.create', { code: 'R2', name: 'Register 2' }, s.admin)).id;
  });
  afterAll(() => s.close());

  test('a cashier works and reads their own register only; a manager any; support reads but never moves money', async () => {
    const cashier = await signInAt(s, 'cashier');
    const unbound = s.cashier;
    const manager = await signInAt(s, 'manager', r2);
    const support = await signInAt(s, 'support');
    expect((await expectNoWrites(s, () => s.t.fail('cashSessions.open', { registerId: r2, openingFloat: 0 }, cashier))).code).toBe('FORBIDDEN');
    expect((await s.t.fail('cashSessions.open', { registerId: REGISTER_1, openingFloat: 0 }, unbound)).code).toBe('FORBIDDEN');
    const atR2 = await s.t.ok('cashSessions.open', { registerId: r2, openingFloat: 0 }, s.manager);
    const atR1 = await openTill(s, cashier, 0);
    expect((await s.t.fail('cashSessions.current', { registerId: r2 }, cashier)).code).toBe('FORBIDDEN');
    expect((await s.t.fail('cashSessions.get', { id: atR2.id }, cashier)).code).toBe('FORBIDDEN');
    expect((await s.t.fail('cashSessions.movements', { sessionId: atR2.id }, cashier)).code).toBe('FORBIDDEN');
    expect((await s.t.fail('cashSessions.move', { sessionId: atR2.id, kind: 'noSale', amount: 0, reason: 'x' }, cashier)).code).toBe('FORBIDDEN');
    expect((await s.t.fail('cashSessions.close', { sessionId: atR2.id, countedCash: 0 }, cashier)).code).toBe('FORBIDDEN');
    expect((await s.t.ok('cashSessions.list', {}, cashier)).items.map((x) => x.id)).toEqual([atR1.id]);
    expect((await s.t.fail('cashSessions.list', { registerId: r2 }, cashier)).code).toBe('FORBIDDEN');
    expect((await s.t.ok('cashSessions.list', {}, unbound)).items).toEqual([]);

    // Managers every register (bound elsewhere or to none); support reads every one.
    await s.t.ok('cashSessions.move', { sessionId: atR1.id, kind: 'payIn', amount: 100, reason: 'float top-up' }, manager);
    expect((await s.t.ok('cashSessions.list', {}, support)).items).toHaveLength(2);
    expect((await s.t.ok('cashSessions.current', { registerId: r2 }, support)).session?.id).toBe(atR2.id);
    expect((await s.t.ok('cashSessions.movements', { sessionId: atR1.id }, support)).items).toHaveLength(1);
    expect((await s.t.fail('cashSessions.move', { sessionId: atR1.id, kind: 'noSale', amount: 0, reason: 'x' }, support)).code).toBe('FORBIDDEN');
    expect((await s.t.fail('cashSessions.close', { sessionId: atR1.id, countedCash: 100 }, support)).code).toBe('FORBIDDEN');
    expect((await s.t.fail('cashSessions.open', { registerId: r2, openingFloat: 0 }, support)).code).toBe('FORBIDDEN');
    // Paging: one at a time, newest first, to the end.
    const first = await s.t.ok('cashSessions.list', { limit: 1 }, support);
    const second = await s.t.ok('cashSessions.list', { limit: 1, cursor: first.nextCursor! }, support);
    expect([first.items[0]!.id, second.items[0]!.id].sort()).toEqual([atR1.id, atR2.id].sort());
    expect(second.nextCursor).toBeNull();
    await s.t.ok('cashSessions.close', { sessionId: atR1.id, countedCash: 100 }, cashier);
    await s.t.ok('cashSessions.close', { sessionId: atR2.id, countedCash: 0 }, manager);
  });

  test('blind count: a cashier sees no expected cash while the session is open, a manager does; after the close both do', async () => {
    await s.t.ok('settings.update', { blindCount: true }, s.admin);
    const cashier = await signInAt(s, 'cashier');
    const session = await openTill(s, cashier, 2000);
    expect(session.expectedCash).toBeNull();
    expect((await s.t.ok('cashSessions.current', { registerId: REGISTER_1 }, cashier)).session?.expectedCash).toBeNull();
    expect((await s.t.ok('cashSessions.get', { id: session.id }, s.manager)).expectedCash).toBe(2000);
    const closed = await s.t.ok('cashSessions.close', { sessionId: session.id, countedCash: 2000 }, cashier);
    expect(closed.session).toMatchObject({ expectedCash: 2000, variance: 0 });
    await s.t.ok('settings.update', { blindCount: false }, s.admin);
  });
});

describe('a manager’s approval beyond the threshold', () => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore('in-process');
    await s.t.ok('settings.update', { varianceApprovalAbove: 1000 }, s.admin);
  });
  afterAll(() => s.close());

  test('5 wrong approvals lock the manager’s name, for approvals and sign-in alike', async () => {
    const cashier = await signInAt(s, 'cashier');
    const session = await openTill(s, cashier, 5000);
    for (let i = 0; i < 5; i++) {
      const wrong = await s.t.fail('cashSessions.close', { sessionId: session.id, countedCash: 0, approval: { username: 'manager1', pin: '9999' } }, cashier);
      expect(wrong).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_INVALID' } });
    }
    const locked = await s.t.fail('cashSessions.close', { sessionId: session.id, countedCash: 0, approval: { username: 'manager1', password: credentialsOf('manager').password } }, cashier);
    expect(locked.code).toBe('RATE_LIMITED');
    expect((await s.t.fail('auth.login', credentialsOf('manager'))).code).toBe('RATE_LIMITED');
    expect((await s.t.ok('cashSessions.get', { id: session.id }, cashier)).status).toBe('OPEN');
    expect(count(s, "SELECT count(*) AS n FROM events WHERE type = 'auth.login_failed' AND entity_id = 'manager1'")).toBe(5);
    await s.t.ok('users.unlock', { id: s.userId.manager }, s.admin);
    const closed = await s.t.ok('cashSessions.close', { sessionId: session.id, countedCash: 0, approval: { username: 'manager1', password: credentialsOf('manager').password } }, cashier);
    expect(closed.session).toMatchObject({ status: 'CLOSED', variance: -5000, approvedBy: s.userId.manager });
  });

  test('required (with the variance and expected), invalid, not a manager, then a manager’s PIN: closed with approvedBy', async () => {
    const cashier = await signInAt(s, 'cashier');
    await s.t.ok('users.setPin', { pin: '2468' }, s.manager);
    const session = await openTill(s, cashier, 5000);
    const close = (extra: object) => s.t.fail('cashSessions.close', { sessionId: session.id, countedCash: 3000, note: 'short', ...extra }, cashier);
    const required = await expectNoWrites(s, () => close({}));
    expect(required).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPROVAL_REQUIRED', variance: -2000, expected: 5000 } });
    expect((await close({ approval: { username: 'manager1', password: 'not-the-password' } })).details).toMatchObject({ reason: 'APPROVAL_INVALID' });
    expect((await close({ approval: { username: 'nobody', pin: '1234' } })).details).toMatchObject({ reason: 'APPROVAL_INVALID' });
    expect((await close({ approval: { userId: '00000000-0000-7000-8000-000000000000', pin: '1234' } })).details).toMatchObject({ reason: 'APPROVAL_INVALID' });
    // The cashier's own right password is not a manager's approval.
    expect((await close({ approval: { username: 'cashier1', password: credentialsOf('cashier').password } })).details).toMatchObject({ reason: 'APPROVAL_NOT_MANAGER' });
    expect((await s.t.ok('cashSessions.get', { id: session.id }, cashier)).status).toBe('OPEN');

    // Even a manager closing needs the approval over the threshold.
    const manager = await signInAt(s, 'manager');
    expect((await s.t.fail('cashSessions.close', { sessionId: session.id, countedCash: 3000 }, manager)).details).toMatchObject({ reason: 'APPROVAL_REQUIRED' });
    const closed = await s.t.ok('cashSessions.close', { sessionId: session.id, countedCash: 3000, note: 'short', approval: { userId: s.userId.manager, pin: '2468' } }, cashier);
    expect(closed.session).toMatchObject({ status: 'CLOSED', variance: -2000, approvedBy: s.userId.manager, closedBy: s.userId.cashier, note: 'short' });
    const [closedEvent] = (await s.t.ok('audit.list', { type: 'cash_session.closed', entityId: session.id }, s.manager)).items;
    expect(closedEvent).toMatchObject({ actor: { id: s.userId.cashier }, after: { approvedBy: s.userId.manager, variance: -2000 } });
  });

  test('within the threshold no approval is asked', async () => {
    const cashier = await signInAt(s, 'cashier');
    const session = await openTill(s, cashier, 5000);
    expect((await s.t.ok('cashSessions.close', { sessionId: session.id, countedCash: 6000 }, cashier)).session).toMatchObject({ variance: 1000, approvedBy: null });
  });
});

describe('an open session survives a restart; one open since yesterday is flagged', () => {
  test('close the core, start a new one on the same folder: current still returns it, and sales go on', async () => {
    const s = await openSalesStore('in-process');
    const cashier = await signInAt(s, 'cashier');
    const session = await openTill(s, cashier, 700);
    await s.t.ok('orders.checkout', sale(), cashier);
    const { dir, clock } = s.t;
    await s.t.close();
    const t = await startCore('in-process', { dir, clock });
    try {
      const again = (await t.ok('cashSessions.current', { registerId: REGISTER_1 }, cashier)).session;
      expect(again).toMatchObject({ id: session.id, status: 'OPEN', expectedCash: 1900, openSinceEarlierDay: false });
      await t.ok('orders.checkout', sale(), cashier);
      // A day later (signed in again: the old session went idle) the counter is warned.
      clock.advance(26 * 60 * 60_000);
      const tomorrow = (await t.ok('auth.login', { ...credentialsOf('cashier'), registerId: REGISTER_1 })).token;
      expect((await t.ok('cashSessions.current', { registerId: REGISTER_1 }, tomorrow)).session).toMatchObject({ id: session.id, expectedCash: 3100, openSinceEarlierDay: true });
    } finally {
      await t.close();
    }
  });
});
