/**
 * The SQL behind every report figure: what the sales of a scope (a cash session, or a time
 * range of one register, of no register or of all) add up to, and what moved through a
 * session's drawer. X, Z, the per-cashier sections and the day summary all come from here.
 */
import type { SalesFigures } from '../../../shared/contract';
import { paymentMethods, type PaymentMethod } from '../../../shared/domain/payments';
import type { DrawerFlows } from '../../../shared/domain/cash';
import type { TaxBreakdownEntry } from '../../../shared/domain/money';
import type { ServiceDeps } from './deps';

export type FigureScope =
  /** A cash session. */
  | { sessionId: string }
  /** Instants [from, to) (ISO text); registerId: one register, null: no register, absent: all. */
  | { from: string; to: string; registerId?: string | null };

type Params = Record<string, string>;

/** WHERE clauses of a scope on issued invoices (i), cancelled invoices (i) and payments (p). */
function clauses(scope: FigureScope): { issued: string; cancelled: string; paid: string; params: Params } {
  if ('sessionId' in scope) {
    const params: Params = { sessionId: scope.sessionId };
    const issued = 'i.cash_session_id = @sessionId';
    const cancelled = 'i.cancel_session_id = @sessionId';
    const paid = 'p.cash_session_id = @sessionId';
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

/** Figures with no sales, to add parts to. */
export function noFigures(): SalesFigures {
  return { sales: { count: 0, net: 0, tax: 0, gross: 0 }, taxRates: [], tenders: [], refunds: { count: 0, amount: 0 }, cancellations: { count: 0, amount: 0 }, creditNotes: { count: 0, amount: 0 }, creditNoteTaxRates: [], vouchers: { issued: { count: 0, amount: 0 }, redeemed: { count: 0, amount: 0 } }, rounding: 0, netSales: 0 };
}

/** The figures of parts of a scope added up: the whole (the per-cashier sections of a session make its totals). */
export function addFigures(parts: readonly SalesFigures[]): SalesFigures {
  const sum = noFigures();
  const rates = new Map<number, SalesFigures['taxRates'][number]>();
  const tenders = new Map<PaymentMethod, SalesFigures['tenders'][number]>();
  for (const f of parts) {
    sum.sales = { count: sum.sales.count + f.sales.count, net: sum.sales.net + f.sales.net, tax: sum.sales.tax + f.sales.tax, gross: sum.sales.gross + f.sales.gross };
    for (const r of f.taxRates) {
      const e = rates.get(r.taxRateBp);
      rates.set(r.taxRateBp, e ? { taxRateBp: r.taxRateBp, net: e.net + r.net, tax: e.tax + r.tax, gross: e.gross + r.gross } : { ...r });
    }
    for (const t of f.tenders) {
      const e = tenders.get(t.method);
      tenders.set(t.method, e ? { method: t.method, count: e.count + t.count, amount: e.amount + t.amount, refundCount: e.refundCount + t.refundCount, refunds: e.refunds + t.refunds } : { ...t });
    }
    sum.refunds = { count: sum.refunds.count + f.refunds.count, amount: sum.refunds.amount + f.refunds.amount };
    sum.cancellations = { count: sum.cancellations.count + f.cancellations.count, amount: sum.cancellations.amount + f.cancellations.amount };
    sum.rounding += f.rounding;
  }
  sum.taxRates = [...rates.values()].sort((a, b) => a.taxRateBp - b.taxRateBp);
  sum.tenders = paymentMethods.flatMap((m) => tenders.get(m) ?? []);
  sum.netSales = netSales(sum.sales.gross, sum.cancellations.amount);
  return sum;
}

/** How a scope's figures are split: whole (key null), per person, or per register (null: no register). */
export type FigureSplit = 'whole' | 'user' | 'register';

/** A session's register, for the per-register split (a row with no session has none). */
const REGISTER_OF = (column: string) => `(SELECT s.register_id FROM cash_sessions s WHERE s.id = ${column})`;

/**
 * The figures of a scope split by `by`: per person (who issued, who took or gave the money,
 * who cancelled; keyed by user id), per register (keyed by register id, null for none), or
 * whole (keyed null). Each row is read once; the tax breakdowns are added up here, as parsing
 * them in SQL (json_each) costs several times more.
 */
export function salesFiguresBy(d: ServiceDeps, scope: FigureScope, by: FigureSplit): Map<string | null, SalesFigures> {
  const w = clauses(scope);
  const out = new Map<string | null, SalesFigures>();
  const of = (key: string | null) => {
    let f = out.get(key);
    if (!f) out.set(key, (f = noFigures()));
    return f;
  };
  const rates = new Map<string | null, Map<number, { net: number; tax: number }>>();
  const issued = d
      .stmt(`SELECT ${by === 'user' ? 'i.issued_by' : by === 'register' ? REGISTER_OF('i.cash_session_id') : 'NULL'} AS k, i.subtotal AS net, i.tax AS tax, i.total AS gross, i.tax_breakdown AS breakdown FROM invoices i WHERE ${w.issued}`)
    .all(w.params) as { k: string | null; net: number; tax: number; gross: number; breakdown: string }[];
  for (const r of issued) {
    const f = of(r.k);
    f.sales = { count: f.sales.count + 1, net: f.sales.net + r.net, tax: f.sales.tax + r.tax, gross: f.sales.gross + r.gross };
    let byRate = rates.get(r.k);
    if (!byRate) rates.set(r.k, (byRate = new Map()));
    for (const b of JSON.parse(r.breakdown) as TaxBreakdownEntry[]) {
      const e = byRate.get(b.taxRateBp) ?? { net: 0, tax: 0 };
      byRate.set(b.taxRateBp, { net: e.net + b.base, tax: e.tax + b.tax });
    }
  }
  for (const [k, byRate] of rates) {
    of(k).taxRates = [...byRate].sort(([a], [b]) => a - b).map(([taxRateBp, e]) => ({ taxRateBp, net: e.net, tax: e.tax, gross: e.net + e.tax }));
  }
  // Who cancelled is the cancellation event's actor (invoices keep no column for it).
  const canceller =
    by === 'user' ? "(SELECT e.actor FROM events e WHERE e.type = 'invoice.cancelled' AND e.entity_id = i.id ORDER BY e.seq DESC LIMIT 1)"
    : by === 'register' ? REGISTER_OF('i.cancel_session_id')
    : 'NULL';
  const cancelled = d
    .stmt(`SELECT ${canceller} AS k, count(*) AS count, sum(i.total) AS amount FROM invoices i WHERE ${w.cancelled} GROUP BY 1`)
    .all(w.params) as ({ k: string | null } & CountAmount)[];
  for (const r of cancelled) of(r.k).cancellations = { count: r.count, amount: r.amount };
  const paid = d
    .stmt(
      `SELECT ${by === 'user' ? 'p.created_by' : by === 'register' ? REGISTER_OF('p.cash_session_id') : 'NULL'} AS k, p.method AS method, p.kind AS kind, count(*) AS count, sum(p.amount) AS amount, sum(p.rounding) AS rounding
       FROM payments p WHERE ${w.paid} GROUP BY 1, p.method, p.kind`,
    )
    .all(w.params) as { k: string | null; method: PaymentMethod; kind: 'payment' | 'refund'; count: number; amount: number; rounding: number }[];
  for (const r of paid) {
    const f = of(r.k);
    const t = f.tenders.find((x) => x.method === r.method) ?? { method: r.method, count: 0, amount: 0, refundCount: 0, refunds: 0 };
    if (r.kind === 'payment') Object.assign(t, { count: r.count, amount: r.amount });
    else Object.assign(t, { refundCount: r.count, refunds: r.amount });
    f.tenders = paymentMethods.flatMap((m) => (m === r.method ? [t] : f.tenders.filter((x) => x.method === m)));
    f.rounding += r.rounding;
  }
  for (const f of out.values()) {
    f.refunds = { count: f.tenders.reduce((n, t) => n + t.refundCount, 0), amount: f.tenders.reduce((n, t) => n + t.refunds, 0) };
    f.netSales = netSales(f.sales.gross, f.cancellations.amount);
  }
  return out;
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

/**
 * The people of a session's cashier sections, by name: those with figures (`ids`) and those
 * who moved cash or voided at the counter.
 */
export function cashiersOf(d: ServiceDeps, sessionId: string, ids: readonly string[]): { userId: string; name: string }[] {
  return d
    .stmt(
      `SELECT u.id AS userId, u.display_name AS name FROM users u WHERE u.id IN (
         SELECT value FROM json_each(@ids)
         UNION SELECT created_by FROM cash_movements WHERE session_id = @sessionId
         UNION SELECT user_id FROM counter_voids WHERE cash_session_id = @sessionId)
       ORDER BY u.display_name, u.id`,
    )
    .all({ sessionId, ids: JSON.stringify(ids) }) as { userId: string; name: string }[];
}
