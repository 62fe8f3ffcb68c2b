/**
 * X and Z reports, the day summary and the dashboard through the contract on a real SQLite
 * file: a day at register R1 (cash, card and split sales by two people, a sale paid later, a
 * paid and an unpaid cancellation, pay-in, pay-out, drop, no-sale), the X against hand-made
 * figures and against the Z the close seals; Z numbers gapless per register, the grand total
 * and the chain head; Z reports never change; the day summary against invoices.list and
 * payments.list; the dashboard; who reads what.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input, SalesFigures, SessionReport } from '../../shared/contract';
import { setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';

const R1 = 'register-1';
let t: TestCore;
let admin: string;
let manager: string;
let cashier: string;
let cashierR2: string;
let support: string;
let cashierNone: string;
let r2: string;
let key = 0;

/** 10.00 at 20 %: total 1200. */
const widget = { name: 'Widget', unitPrice: 1000, taxRateBp: 2000, quantity: 1 } as const;
/** 5.00 at 7 %: total 535. */
const book = { name: 'Book', unitPrice: 500, taxRateBp: 700, quantity: 1 } as const;

const sell = (token: string, lines: Input<'orders.checkout'>['lines'], tenders: Input<'orders.checkout'>['tenders']) =>
  t.ok('orders.checkout', { lines, tenders, idempotencyKey: `k-${++key}` }, token);

const login = async (username: string, registerId: string | undefined) =>
  (await t.ok('auth.login', { username, password: `${username.replace(/\d+$/, '')}-password-1`, ...(registerId ? { registerId } : {}) })).token;

beforeAll(async () => {
  t = await startCore();
  admin = await setupAdmin(t);
  await t.ok('settings.update', { varianceApprovalAbove: 1_000_000, timeZone: 'UTC' }, admin);
  r2 = (await t.ok('registers.create', { code: 'R2', name: 'Register 2' }, admin)).id;
  await userWithRole(t, admin, 'manager');
  await userWithRole(t, admin, 'cashier');
  await userWithRole(t, admin, 'cashier', 'cashier2');
  support = await userWithRole(t, admin, 'support');
  manager = await login('manager1', R1);
  cashier = await login('cashier1', R1);
  cashierR2 = await login('cashier2', r2);
  cashierNone = await login('cashier1', undefined);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

/** Everything an X and the Z of the same moment share (not the close's own fields). */
function shared(r: SessionReport) {
  const { at: _at, closedAt: _c, closedByName: _b, countedCash: _n, variance: _v, note: _o, approvedByName: _p, ...rest } = r;
  return rest;
}

/** The sums of per-cashier figures (the sections must add up to the session's). */
function addUp(parts: SalesFigures[]) {
  const sum = (f: (x: SalesFigures) => number) => parts.reduce((n, x) => n + f(x), 0);
  return {
    sales: { count: sum((x) => x.sales.count), net: sum((x) => x.sales.net), tax: sum((x) => x.sales.tax), gross: sum((x) => x.sales.gross) },
    refunds: { count: sum((x) => x.refunds.count), amount: sum((x) => x.refunds.amount) },
    cancellations: { count: sum((x) => x.cancellations.count), amount: sum((x) => x.cancellations.amount) },
    rounding: sum((x) => x.rounding),
    netSales: sum((x) => x.netSales),
  };
}

describe('a day at register R1', () => {
  let sessionId: string;
  let x: SessionReport;

  test('the X report adds up the session: sales, tax rates, tenders, cancellations, the drawer', async () => {
    sessionId = (await t.ok('cashSessions.open', { registerId: R1, openingFloat: 10_000 }, cashier)).id;
    const a = await sell(cashier, [widget], [{ method: 'cash', amount: 1200, tendered: 2000 }]);
    await sell(cashier, [book], [{ method: 'card', amount: 535 }]);
    await sell(manager, [widget], [{ method: 'cash', amount: 1000 }, { method: 'card', amount: 200 }]);
    const later = await t.ok('orders.create', { lines: [widget] }, cashier);
    await t.ok('invoices.generate', { orderId: later.id }, cashier);
    await t.ok('orders.cancel', { id: a.order.id, reason: 'customer changed mind' }, manager);
    await t.ok('orders.cancel', { id: later.id, reason: 'never collected' }, cashier);
    await t.ok('cashSessions.move', { sessionId, kind: 'payIn', amount: 500, reason: 'change from bank' }, cashier);
    await t.ok('cashSessions.move', { sessionId, kind: 'payOut', amount: 300, reason: 'milk' }, cashier);
    await t.ok('cashSessions.move', { sessionId, kind: 'drop', amount: 2000, reason: 'safe' }, manager);
    await t.ok('cashSessions.move', { sessionId, kind: 'noSale', amount: 0, reason: 'change for a note' }, cashier);

    x = await t.ok('reports.x', { sessionId }, manager);
    expect(x).toMatchObject({
      sessionId,
      registerId: R1,
      registerCode: 'R1',
      openingFloat: 10_000,
      sales: { count: 4, net: 3500, tax: 635, gross: 4135 },
      taxRates: [
        { taxRateBp: 700, net: 500, tax: 35, gross: 535 },
        { taxRateBp: 2000, net: 3000, tax: 600, gross: 3600 },
      ],
      tenders: [
        { method: 'cash', count: 2, amount: 2200, refundCount: 1, refunds: 1200 },
        { method: 'card', count: 2, amount: 735, refundCount: 0, refunds: 0 },
      ],
      refunds: { count: 1, amount: 1200 },
      cancellations: { count: 2, amount: 2400 },
      rounding: 0,
      netSales: 4135 - 2400,
      cash: { payments: 2200, refunds: 1200, payIns: { count: 1, amount: 500 }, payOuts: { count: 1, amount: 300 }, drops: { count: 1, amount: 2000 } },
      expectedCash: 10_000 + 2200 - 1200 + 500 - 300 - 2000,
      countedCash: null,
      variance: null,
      noSales: 1,
      closedAt: null,
      grandTotal: 4135 - 2400,
    });
    // The drawer's figure is the one the session shows.
    expect((await t.ok('cashSessions.get', { id: sessionId }, manager)).expectedCash).toBe(x.expectedCash);
    // Per cashier: each one's part, adding up to the whole.
    expect(x.cashiers.map((c) => c.name).sort()).toEqual(['cashier user', 'manager user']);
    expect(addUp(x.cashiers)).toEqual({ sales: x.sales, refunds: x.refunds, cancellations: x.cancellations, rounding: x.rounding, netSales: x.netSales });
    const byName = Object.fromEntries(x.cashiers.map((c) => [c.name, c]));
    expect(byName['manager user']).toMatchObject({ sales: { count: 1, gross: 1200 }, refunds: { count: 1, amount: 1200 }, cancellations: { count: 1, amount: 1200 }, noSales: 0 });
    expect(byName['cashier user']).toMatchObject({ sales: { count: 3, gross: 2935 }, cancellations: { count: 1, amount: 1200 }, noSales: 1 });
    expect(x.taxRates.reduce((n, r) => n + r.gross, 0)).toBe(x.sales.gross);
  });

  test("a cashier's X is blind while the store counts blind; a manager's is not", async () => {
    await t.ok('settings.update', { blindCount: true }, admin);
    expect(await t.ok('reports.x', { sessionId }, cashier)).toMatchObject({ expectedCash: null, variance: null, sales: x.sales });
    expect((await t.ok('reports.x', { sessionId }, manager)).expectedCash).toBe(x.expectedCash);
    await t.ok('settings.update', { blindCount: false }, admin);
  });

  test('the close seals a Z that equals the X of the same moment, numbered Z-R1-000001', async () => {
    const before = await t.ok('reports.x', { sessionId }, manager);
    const { zReportId } = await t.ok('cashSessions.close', { sessionId, countedCash: 9100, note: 'one euro short' }, cashier);
    const z = await t.ok('reports.z', { id: zReportId }, cashier);
    const { id: _id, number: _number, seq: _seq, chainHead: _head, createdAt: _created, ...body } = z;
    expect(shared(body)).toEqual(shared(before));
    expect(z).toMatchObject({ number: 'Z-R1-000001', seq: 1, countedCash: 9100, variance: -100, note: 'one euro short', closedByName: 'cashier user', grandTotal: before.netSales });
    expect(z.closedAt).toBe(z.createdAt);
    // The chain head is the trail's head just before the Z's own event, which names it.
    const sealed = t.core.store.sqlite.prepare("SELECT seq, lower(hex(prev_hash)) AS prevHash, after FROM events WHERE type = 'z_report.sealed' AND entity_id = ?").get(zReportId) as { seq: number; prevHash: string; after: string };
    expect(sealed.prevHash).toBe(z.chainHead);
    expect(JSON.parse(sealed.after)).toMatchObject({ number: 'Z-R1-000001', netSales: before.netSales, grandTotal: before.netSales, chainHead: z.chainHead });
    expect((await t.fail('reports.x', { sessionId }, manager))).toMatchObject({ code: 'CONFLICT', details: { reason: 'SESSION_CLOSED' } });
  });

  test('a Z report never changes: not by later sales, not by SQL', async () => {
    const [first] = (await t.ok('reports.zList', { registerId: R1 }, manager)).items;
    const sealed = await t.ok('reports.z', { id: first!.id }, manager);
    const next = (await t.ok('cashSessions.open', { registerId: R1, openingFloat: 5000 }, cashier)).id;
    await sell(cashier, [widget, book], [{ method: 'cash', amount: 1735 }]);
    expect(await t.ok('reports.z', { id: first!.id }, manager)).toEqual(sealed);
    const db = t.core.store.sqlite;
    expect(() => db.prepare("UPDATE z_reports SET grand_total = 0 WHERE id = ?").run(first!.id)).toThrow();
    expect(() => db.prepare('DELETE FROM z_reports WHERE id = ?').run(first!.id)).toThrow();
    // The second close: the next number, and the grand total carries on.
    const { zReportId } = await t.ok('cashSessions.close', { sessionId: next, countedCash: 6735 }, cashier);
    const second = await t.ok('reports.z', { id: zReportId }, manager);
    expect(second).toMatchObject({ number: 'Z-R1-000002', seq: 2, netSales: 1735, grandTotal: sealed.grandTotal + 1735, variance: 0 });
    expect(await t.ok('registers.list', {}, admin)).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ id: R1, grandTotal: second.grandTotal, zCount: 2 })]) });
  });

  test('Z numbers are per register: R2 starts at 1', async () => {
    const s2 = (await t.ok('cashSessions.open', { registerId: r2, openingFloat: 0 }, cashierR2)).id;
    await sell(cashierR2, [book], [{ method: 'card', amount: 535 }]);
    const { zReportId } = await t.ok('cashSessions.close', { sessionId: s2, countedCash: 0 }, cashierR2);
    expect(await t.ok('reports.z', { id: zReportId }, manager)).toMatchObject({ number: 'Z-R2-000001', seq: 1, registerCode: 'R2', grandTotal: 535, tenders: [{ method: 'card', count: 1, amount: 535 }] });
    const all = await t.ok('reports.zList', {}, support);
    expect(all.items.map((z) => z.number)).toEqual(['Z-R2-000001', 'Z-R1-000002', 'Z-R1-000001']);
    expect(all.items[0]).toMatchObject({ registerCode: 'R2', sales: 535, netSales: 535, variance: 0, grandTotal: 535, closedByName: 'cashier user' });
    // Paging: one at a time, newest first, then nothing.
    const one = await t.ok('reports.zList', { limit: 1 }, manager);
    const two = await t.ok('reports.zList', { limit: 1, cursor: one.nextCursor! }, manager);
    expect([one.items[0]!.number, two.items[0]!.number]).toEqual(['Z-R2-000001', 'Z-R1-000002']);
    // Store days by closing time (the store's clock stands at 2026-06-01), and a register filter.
    expect((await t.ok('reports.zList', { from: '2026-06-01', to: '2026-06-01' }, manager)).items).toHaveLength(3);
    expect((await t.ok('reports.zList', { from: '2026-06-02' }, manager)).items).toEqual([]);
    expect((await t.ok('reports.zList', { to: '2026-05-31' }, manager)).items).toEqual([]);
    expect((await t.ok('reports.zList', { from: '2026-06-02', to: '2026-05-01' }, manager)).items).toEqual([]);
    expect((await t.ok('reports.zList', { registerId: r2, from: '2026-06-01' }, manager)).items.map((z) => z.number)).toEqual(['Z-R2-000001']);
  });

  test('roles: a cashier reads the reports of their own register only', async () => {
    const { items } = await t.ok('reports.zList', {}, admin);
    const ofR2 = items.find((z) => z.registerCode === 'R2')!;
    const ofR1 = items.find((z) => z.registerCode === 'R1')!;
    // A cashier's list is their register's.
    expect((await t.ok('reports.zList', {}, cashier)).items.every((z) => z.registerId === R1)).toBe(true);
    expect(await t.fail('reports.zList', { registerId: r2 }, cashier)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.fail('reports.z', { id: ofR2.id }, cashier)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.fail('reports.z', { id: ofR1.id }, cashierR2)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.fail('reports.z', { id: ofR1.id }, cashierNone)).toMatchObject({ code: 'FORBIDDEN' });
    // Bound to no register, a cashier has no Z reports to list (as no cash sessions).
    expect((await t.ok('reports.zList', {}, cashierNone)).items).toEqual([]);
    await t.ok('reports.z', { id: ofR2.id }, support);
    const open = (await t.ok('cashSessions.open', { registerId: r2, openingFloat: 0 }, cashierR2)).id;
    expect(await t.fail('reports.x', { sessionId: open }, cashier)).toMatchObject({ code: 'FORBIDDEN' });
    await t.ok('reports.x', { sessionId: open }, cashierR2);
    await t.ok('reports.x', { sessionId: open }, support);
    expect(await t.fail('reports.daySummary', {}, cashier)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.fail('reports.dashboard', {}, cashier)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the day summary and the dashboard', () => {
  test("the day's figures match invoices.list and payments.list, per register, register-less sales under No register", async () => {
    // The back office sells through no register.
    await sell(admin, [widget], [{ method: 'other', amount: 1200, reference: 'voucher' }]);
    const day = await t.ok('reports.daySummary', {}, manager);
    expect(day.date).toBe('2026-06-01');
    const invoices = await t.ok('invoices.list', { from: day.date, to: day.date, limit: 100 }, manager);
    expect(day.sales.count).toBe(invoices.summary.count + invoices.summary.cancelledCount);
    expect(day.sales.gross).toBe(invoices.summary.total + invoices.summary.cancelledTotal);
    expect(day.cancellations).toEqual({ count: invoices.summary.cancelledCount, amount: invoices.summary.cancelledTotal });
    expect(day.netSales).toBe(invoices.summary.total);
    const payments = (await t.ok('payments.list', { from: day.date, to: day.date, limit: 100 }, manager)).items;
    for (const tender of day.tenders) {
      const of = payments.filter((p) => p.method === tender.method);
      expect(tender.amount).toBe(of.filter((p) => p.kind === 'payment').reduce((n, p) => n + p.amount, 0));
      expect(tender.refunds).toBe(of.filter((p) => p.kind === 'refund').reduce((n, p) => n + p.amount, 0));
    }
    expect(day.registers.map((r) => r.registerName)).toEqual(['Register 1', 'Register 2', 'No register']);
    const none = day.registers.find((r) => r.registerId === null)!;
    expect(none).toMatchObject({ registerCode: null, sales: { count: 1, gross: 1200 }, tenders: [{ method: 'other', count: 1, amount: 1200 }] });
    expect(addUp(day.registers)).toEqual({ sales: day.sales, refunds: day.refunds, cancellations: day.cancellations, rounding: day.rounding, netSales: day.netSales });
    // Another day has nothing.
    expect(await t.ok('reports.daySummary', { date: '2026-05-31' }, support)).toMatchObject({ sales: { count: 0 }, registers: [] });
    // The far ends of the calendar answer an empty day, within the years a stored time has.
    expect(await t.ok('reports.daySummary', { date: '0000-01-01' }, support)).toMatchObject({ sales: { count: 0 }, from: '0000-01-01T00:00:00.000Z' });
    expect(await t.ok('reports.daySummary', { date: '9999-12-31' }, support)).toMatchObject({ sales: { count: 0 }, to: '9999-12-31T23:59:59.999Z' });
  });

  test('the dashboard: today by hour, 30 days, by tender, by tax rate, top products', async () => {
    const d = await t.ok('reports.dashboard', {}, manager);
    const invoices = await t.ok('invoices.list', { from: '2026-06-01', to: '2026-06-01', limit: 100 }, manager);
    expect(d.today).toMatchObject({ date: '2026-06-01', sales: { count: invoices.summary.count, amount: invoices.summary.total } });
    expect(d.today.byHour).toHaveLength(24);
    expect(d.today.byHour.reduce((n, h) => n + h.gross, 0)).toBe(invoices.summary.total);
    expect(d.days).toHaveLength(30);
    expect(d.days[29]).toEqual({ date: '2026-06-01', count: invoices.summary.count, gross: invoices.summary.total });
    expect(d.days[0]!.date).toBe('2026-05-03');
    const payments = (await t.ok('payments.list', { limit: 100 }, manager)).items;
    const net = (m: string) => payments.filter((p) => p.method === m).reduce((n, p) => n + (p.kind === 'refund' ? -p.amount : p.amount), 0);
    expect(d.byTender).toEqual(['card', 'cash', 'other'].map((method) => ({ method, amount: net(method) })));
    expect(d.byTaxRate.reduce((n, r) => n + r.net + r.tax, 0)).toBe(invoices.summary.total);
    expect(d.topProducts[0]).toMatchObject({ productId: null, name: 'Widget' });
    expect(d.topProducts.reduce((n, p) => n + p.gross, 0)).toBe(invoices.summary.total);
  });
});
