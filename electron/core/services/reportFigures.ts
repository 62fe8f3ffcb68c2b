/**
 * The SQL behind every report figure: what the sales of a scope (a cash session, or a time
 * range of one register, of no register or of all) add up to, and what moved through a
 * session's drawer. X, Z, the per-cashier sections and the day summary all come from here.
 */
import type { SalesFigures } from '../../../shared/contract';
import { paymentMethods, type PaymentMethod } from '../../../shared/domain/payments';
import type { DrawerFlows } from '../../../shared/domain/cash';
import type { ServiceDeps } from './deps';

export type FigureScope =
  /** A cash session; with `userId`, that cashier's part of it. */
  | { sessionId: string; userId?: string }
  /** Instants [from, to) (ISO text); registerId: one register, null: no register, absent: all. */
  | { from: string; to: string; registerId?: string | null };

type Params = Record<string, string>;

/** WHERE clauses of a scope on issued invoices (i), cancelled invoices (i) and payments (p). */
function clauses(scope: FigureScope): { issued: string; cancelled: string; paid: string; params: Params } {
  if ('sessionId' in scope) {
    const params: Params = { sessionId: scope.sessionId };
    let issued = 'i.cash_session_id = @sessionId';
    let cancelled = 'i.cancel_session_id = @sessionId';
    let paid = 'p.cash_session_id = @sessionId';
    if (scope.userId !== undefined) {
      params.userId = scope.userId;
      issued += ' AND i.issued_by = @userId';
      paid += ' AND p.created_by = @userId';
      // Who cancelled is the cancellation event's actor (invoices keep no column for it).
      cancelled += " AND EXISTS (SELECT 1 FROM events e WHERE e.type = 'invoice.cancelled' AND e.entity_id = i.id AND e.actor = @userId)";
    }
    return { issued, cancelled, paid, params };
  }
  const params: Params = { from: scope.from, to: scope.to };
  let issued = 'i.issued_at >= @from AND i.issued_at < @to';
  let cancelled = 'i.cancelled_at >= @from AND i.cancelled_at < @to';
  let paid = 'p.created_at >= @from AND p.created_at < @to';
  const of = (column: string) =>
    scope.registerId === null ? ` AND ${column} IS NULL` : ` AND ${column} IN (SELECT id FROM cash_sessions WHERE register_id = @registerId)`;
  if (scope.registerId !== undefined) {
    if (scope.registerId !== null) params.registerId = scope.registerId;
    issued += of('i.cash_session_id');
    cancelled += of('i.cancel_session_id');
    paid += of('p.cash_session_id');
  }
  return { issued, cancelled, paid, params };
}

interface CountAmount {
  count: number;
  amount: number;
}

/** What the sales of a scope add up to (the contract's salesFigures). */
export function salesFigures(d: ServiceDeps, scope: FigureScope): SalesFigures {
  const w = clauses(scope);
  const sales = d
    .stmt(`SELECT count(*) AS count, coalesce(sum(i.subtotal), 0) AS net, coalesce(sum(i.tax), 0) AS tax, coalesce(sum(i.total), 0) AS gross FROM invoices i WHERE ${w.issued}`)
    .get(w.params) as SalesFigures['sales'];
  const taxRates = (
    d
      .stmt(
        `SELECT json_extract(b.value, '$.taxRateBp') AS taxRateBp, sum(json_extract(b.value, '$.base')) AS net, sum(json_extract(b.value, '$.tax')) AS tax
         FROM invoices i, json_each(i.tax_breakdown) b WHERE ${w.issued} GROUP BY 1 ORDER BY 1`,
      )
      .all(w.params) as { taxRateBp: number; net: number; tax: number }[]
  ).map((r) => ({ ...r, gross: r.net + r.tax }));
  const cancellations = d
    .stmt(`SELECT count(*) AS count, coalesce(sum(i.total), 0) AS amount FROM invoices i WHERE ${w.cancelled}`)
    .get(w.params) as CountAmount;
  const byTender = d
    .stmt(`SELECT p.method AS method, p.kind AS kind, count(*) AS count, sum(p.amount) AS amount, sum(p.rounding) AS rounding FROM payments p WHERE ${w.paid} GROUP BY p.method, p.kind`)
    .all(w.params) as { method: PaymentMethod; kind: 'payment' | 'refund'; count: number; amount: number; rounding: number }[];
  const tenders = paymentMethods
    .map((method) => {
      const paid = byTender.find((r) => r.method === method && r.kind === 'payment');
      const back = byTender.find((r) => r.method === method && r.kind === 'refund');
      return { method, count: paid?.count ?? 0, amount: paid?.amount ?? 0, refundCount: back?.count ?? 0, refunds: back?.amount ?? 0 };
    })
    .filter((t) => t.count > 0 || t.refundCount > 0);
  const refunds = { count: tenders.reduce((n, t) => n + t.refundCount, 0), amount: tenders.reduce((n, t) => n + t.refunds, 0) };
  return {
    sales,
    taxRates,
    tenders,
    refunds,
    cancellations,
    rounding: byTender.reduce((n, r) => n + r.rounding, 0),
    netSales: netSales(sales.gross, cancellations.amount),
  };
}

/**
 * Net sales: gross sales less the invoices cancelled in the scope (and, as they land, credit
 * notes). A cancellation refunds what was paid, so subtracting refunds as well would count it
 * twice, and a cancelled invoice that was never paid refunds nothing yet is no sale.
 */
export function netSales(gross: number, cancelled: number): number {
  return gross - cancelled;
}

/** What moved through a session's drawer (for shared/domain/cash expectedCash). */
export function drawerFlows(d: ServiceDeps, sessionId: string, openingFloat: number): DrawerFlows {
  const cash = d
    .stmt(
      `SELECT coalesce(sum(amount) FILTER (WHERE kind = 'payment'), 0) AS payments, coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0) AS refunds
       FROM payments WHERE cash_session_id = @sessionId AND method = 'cash'`,
    )
    .get({ sessionId }) as { payments: number; refunds: number };
  const moved = movements(d, sessionId);
  return { openingFloat, cashPayments: cash.payments, cashRefunds: cash.refunds, payIns: moved.payIn.amount, payOuts: moved.payOut.amount, drops: moved.drop.amount };
}

export type MovementTotals = Record<'payIn' | 'payOut' | 'drop' | 'noSale', CountAmount>;

/** A session's cash movements by kind; with `userId`, that cashier's. */
export function movements(d: ServiceDeps, sessionId: string, userId?: string): MovementTotals {
  const rows = d
    .stmt(`SELECT kind, count(*) AS count, sum(amount) AS amount FROM cash_movements WHERE session_id = @sessionId${userId === undefined ? '' : ' AND created_by = @userId'} GROUP BY kind`)
    .all(userId === undefined ? { sessionId } : { sessionId, userId }) as ({ kind: keyof MovementTotals } & CountAmount)[];
  const totals: MovementTotals = { payIn: { count: 0, amount: 0 }, payOut: { count: 0, amount: 0 }, drop: { count: 0, amount: 0 }, noSale: { count: 0, amount: 0 } };
  for (const r of rows) totals[r.kind] = { count: r.count, amount: r.amount };
  return totals;
}

/** Lines taken off carts and carts given up during a session; with `userId`, that cashier's. */
export function counterVoids(d: ServiceDeps, sessionId: string, userId?: string): { lineVoids: CountAmount; abandonedCarts: CountAmount } {
  const rows = d
    .stmt(`SELECT kind, count(*) AS count, sum(amount) AS amount FROM counter_voids WHERE cash_session_id = @sessionId${userId === undefined ? '' : ' AND user_id = @userId'} GROUP BY kind`)
    .all(userId === undefined ? { sessionId } : { sessionId, userId }) as ({ kind: 'line' | 'cart' } & CountAmount)[];
  const of = (kind: 'line' | 'cart') => {
    const r = rows.find((x) => x.kind === kind);
    return { count: r?.count ?? 0, amount: r?.amount ?? 0 };
  };
  return { lineVoids: of('line'), abandonedCarts: of('cart') };
}

/** Everyone who did something in a session (sold, took or gave money, moved cash, voided, cancelled), by name. */
export function cashiersOf(d: ServiceDeps, sessionId: string): { userId: string; name: string }[] {
  return d
    .stmt(
      `SELECT u.id AS userId, u.display_name AS name FROM users u WHERE u.id IN (
         SELECT issued_by FROM invoices WHERE cash_session_id = @sessionId
         UNION SELECT created_by FROM payments WHERE cash_session_id = @sessionId
         UNION SELECT created_by FROM cash_movements WHERE session_id = @sessionId
         UNION SELECT user_id FROM counter_voids WHERE cash_session_id = @sessionId
         UNION SELECT e.actor FROM invoices i JOIN events e ON e.type = 'invoice.cancelled' AND e.entity_id = i.id WHERE i.cancel_session_id = @sessionId)
       ORDER BY u.display_name, u.id`,
    )
    .all({ sessionId }) as { userId: string; name: string }[];
}
