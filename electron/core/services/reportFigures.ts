/**
 * The SQL behind every report figure: what the sales of a scope (a cash session, or a time
 * range of one register, of no register or of all) add up to, and what moved through a
 * session's drawer. X, Z, the per-cashier sections and the day summary all come from here.
 */
import type { Discount, OrderLine, SalesFigures } from '../../../shared/contract';
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

interface Clauses {
  /** Invoices issued (i), cancelled (i), payments and refunds (p), credit notes issued (c), vouchers issued (v). */
  issued: string;
  cancelled: string;
  paid: string;
  credited: string;
  vouchers: string;
  params: Params;
}

/** WHERE clauses of a scope: each table by its session column, or by its time column (and register). */
function clauses(scope: FigureScope): Clauses {
  // [session column, time column] of each part.
  const columns = {
    issued: ['i.cash_session_id', 'i.issued_at'],
    cancelled: ['i.cancel_session_id', 'i.cancelled_at'],
    paid: ['p.cash_session_id', 'p.created_at'],
    credited: ['c.cash_session_id', 'c.issued_at'],
    vouchers: ['v.cash_session_id', 'v.issued_at'],
  } as const;
  const parts = Object.keys(columns) as (keyof typeof columns)[];
  const where = (f: (session: string, time: string) => string) =>
    Object.fromEntries(parts.map((k) => [k, f(columns[k][0], columns[k][1])])) as Record<keyof typeof columns, string>;
  if ('sessionId' in scope) return { ...where((session) => `${session} = @sessionId`), params: { sessionId: scope.sessionId } };
  const params: Params = { from: scope.from, to: scope.to };
  const registerId = scope.registerId;
  if (typeof registerId === 'string') params.registerId = registerId;
  const of = (session: string) =>
    registerId === undefined ? ''
    : registerId === null ? ` AND ${session} IS NULL`
    : ` AND ${session} IN (SELECT id FROM cash_sessions WHERE register_id = @registerId)`;
  return { ...where((session, time) => `${time} >= @from AND ${time} < @to${of(session)}`), params };
}

interface CountAmount {
  count: number;
  amount: number;
}

const addCount = (a: CountAmount, b: CountAmount): CountAmount => ({ count: a.count + b.count, amount: a.amount + b.amount });

type RateFigures = SalesFigures['taxRates'];

/** Per-rate figures added up, by rate. */
function addRates(a: RateFigures, b: RateFigures): RateFigures {
  const rates = new Map(a.map((r) => [r.taxRateBp, { ...r }]));
  for (const r of b) {
    const e = rates.get(r.taxRateBp);
    rates.set(r.taxRateBp, e ? { taxRateBp: r.taxRateBp, net: e.net + r.net, tax: e.tax + r.tax, gross: e.gross + r.gross } : { ...r });
  }
  return [...rates.values()].sort((x, y) => x.taxRateBp - y.taxRateBp);
}

/** Tax breakdowns (JSON texts) added up per rate; parsed here, as json_each in SQL costs several times more. */
function ratesOf(breakdowns: readonly string[]): RateFigures {
  const byRate = new Map<number, { net: number; tax: number }>();
  for (const text of breakdowns) {
    for (const b of JSON.parse(text) as TaxBreakdownEntry[]) {
      const e = byRate.get(b.taxRateBp) ?? { net: 0, tax: 0 };
      byRate.set(b.taxRateBp, { net: e.net + b.base, tax: e.tax + b.tax });
    }
  }
  return [...byRate].sort(([a], [b]) => a - b).map(([taxRateBp, e]) => ({ taxRateBp, net: e.net, tax: e.tax, gross: e.net + e.tax }));
}

type DiscountFigures = SalesFigures['discounts'];

/** An issued invoice's discounts as reportFigures reads them: its frozen lines (only when it has any) and its order discount. */
interface DiscountedSale {
  discountTotal: number;
  lines: string | null;
  discount: string | null;
}

/**
 * The discounts of the sales issued: how many sales had any and what they took off in all;
 * per reason, on how many sales and how much (a line's own discount by its reason, the lines'
 * shares of the order discount by the order discount's), most first. Read from the invoices'
 * frozen lines, so the figures are the documents' own.
 */
function discountsOf(sales: readonly DiscountedSale[]): DiscountFigures {
  const byReason = new Map<string, { count: number; amount: number }>();
  let count = 0;
  let amount = 0;
  for (const sale of sales) {
    if (sale.discountTotal <= 0 || sale.lines === null) continue;
    count += 1;
    amount += sale.discountTotal;
    const order = sale.discount === null ? null : (JSON.parse(sale.discount) as Discount);
    const here = new Map<string, number>();
    for (const l of JSON.parse(sale.lines) as Partial<OrderLine>[]) {
      if (l.discount && l.lineDiscount) here.set(l.discount.reason, (here.get(l.discount.reason) ?? 0) + l.lineDiscount);
      if (order && l.orderDiscount) here.set(order.reason, (here.get(order.reason) ?? 0) + l.orderDiscount);
    }
    for (const [reason, off] of here) {
      const e = byReason.get(reason) ?? { count: 0, amount: 0 };
      byReason.set(reason, { count: e.count + 1, amount: e.amount + off });
    }
  }
  return { count, amount, byReason: sortReasons([...byReason].map(([reason, e]) => ({ reason, ...e }))) };
}

/** Most first: by amount, then by count, then by reason. */
function sortReasons(rows: DiscountFigures['byReason']): DiscountFigures['byReason'] {
  return rows.sort((a, b) => b.amount - a.amount || b.count - a.count || a.reason.localeCompare(b.reason));
}

/** Discount figures added up, per reason too. */
function addDiscounts(a: DiscountFigures, b: DiscountFigures): DiscountFigures {
  const byReason = new Map(a.byReason.map((r) => [r.reason, { ...r }]));
  for (const r of b.byReason) {
    const e = byReason.get(r.reason);
    byReason.set(r.reason, e ? { reason: r.reason, count: e.count + r.count, amount: e.amount + r.amount } : { ...r });
  }
  return { count: a.count + b.count, amount: a.amount + b.amount, byReason: sortReasons([...byReason.values()]) };
}

/** Figures with no sales, to add parts to. */
export function noFigures(): SalesFigures {
  return {
    sales: { count: 0, net: 0, tax: 0, gross: 0 },
    taxRates: [],
    tenders: [],
    refunds: { count: 0, amount: 0 },
    cancellations: { count: 0, amount: 0 },
    creditNotes: { count: 0, amount: 0 },
    creditNoteTaxRates: [],
    vouchers: { issued: { count: 0, amount: 0 }, redeemed: { count: 0, amount: 0 } },
    discounts: { count: 0, amount: 0, byReason: [] },
    rounding: 0,
    netSales: 0,
  };
}

/** The figures of parts of a scope added up: the whole (the per-cashier sections of a session make its totals). */
export function addFigures(parts: readonly SalesFigures[]): SalesFigures {
  const sum = noFigures();
  const tenders = new Map<PaymentMethod, SalesFigures['tenders'][number]>();
  for (const f of parts) {
    sum.sales = { count: sum.sales.count + f.sales.count, net: sum.sales.net + f.sales.net, tax: sum.sales.tax + f.sales.tax, gross: sum.sales.gross + f.sales.gross };
    sum.taxRates = addRates(sum.taxRates, f.taxRates);
    for (const t of f.tenders) {
      const e = tenders.get(t.method);
      tenders.set(t.method, e ? { method: t.method, count: e.count + t.count, amount: e.amount + t.amount, refundCount: e.refundCount + t.refundCount, refunds: e.refunds + t.refunds } : { ...t });
    }
    sum.refunds = addCount(sum.refunds, f.refunds);
    sum.cancellations = addCount(sum.cancellations, f.cancellations);
    sum.creditNotes = addCount(sum.creditNotes, f.creditNotes);
    sum.creditNoteTaxRates = addRates(sum.creditNoteTaxRates, f.creditNoteTaxRates);
    sum.vouchers = { issued: addCount(sum.vouchers.issued, f.vouchers.issued), redeemed: addCount(sum.vouchers.redeemed, f.vouchers.redeemed) };
    sum.discounts = addDiscounts(sum.discounts, f.discounts);
    sum.rounding += f.rounding;
    // Net sales add up as they are: each part already took its credit notes and cancellations off.
    sum.netSales += f.netSales;
  }
  sum.tenders = paymentMethods.flatMap((m) => tenders.get(m) ?? []);
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
  const key = (user: string, session: string) => (by === 'user' ? user : by === 'register' ? REGISTER_OF(session) : 'NULL');
  /** What each key's net sales lose besides its credit notes: cancellations no credit note documents. */
  const uncredited = new Map<string | null, number>();
  // A gift voucher's sale is no sale: it is money held for goods sold later (a multi-purpose
  // voucher), counted in vouchers.issued and its tender; its invoice and any credit note of it stay out of the sales.
  const notGift = (invoice: string) => `NOT EXISTS (SELECT 1 FROM vouchers gv WHERE gv.invoice_id = ${invoice} AND gv.kind = 'gift')`;

  const issued = d
    .stmt(
      `SELECT ${key('i.issued_by', 'i.cash_session_id')} AS k, i.subtotal AS net, i.tax AS tax, i.total AS gross, i.tax_breakdown AS breakdown,
              i.discount_total AS discountTotal, CASE WHEN i.discount_total > 0 THEN i.lines END AS lines, i.discount AS discount
       FROM invoices i WHERE ${w.issued} AND ${notGift('i.id')}`,
    )
    .all(w.params) as ({ k: string | null; net: number; tax: number; gross: number; breakdown: string } & DiscountedSale)[];
  for (const [k, rows] of groupBy(issued)) {
    const f = of(k);
    for (const r of rows) f.sales = { count: f.sales.count + 1, net: f.sales.net + r.net, tax: f.sales.tax + r.tax, gross: f.sales.gross + r.gross };
    f.taxRates = ratesOf(rows.map((r) => r.breakdown));
    f.discounts = discountsOf(rows);
  }

  // Who cancelled is the cancellation event's actor (invoices keep no column for it). A
  // cancellation documented by a credit note counts through it (below); one made before
  // credit notes existed takes off what no credit note has credited yet.
  const canceller = key("(SELECT e.actor FROM events e WHERE e.entity = 'invoice' AND e.entity_id = i.id AND e.type = 'invoice.cancelled' ORDER BY e.seq DESC LIMIT 1)", 'i.cancel_session_id');
  const cancelled = d
    .stmt(
      `SELECT ${canceller} AS k, count(*) AS count, sum(i.total) AS amount,
              sum(CASE WHEN EXISTS (SELECT 1 FROM credit_notes c WHERE c.invoice_id = i.id AND c.kind = 'cancellation') THEN 0
                       ELSE i.total - coalesce((SELECT sum(c.total) FROM credit_notes c WHERE c.invoice_id = i.id), 0) END) AS uncredited
       FROM invoices i WHERE ${w.cancelled} AND ${notGift('i.id')} GROUP BY 1`,
    )
    .all(w.params) as ({ k: string | null; uncredited: number } & CountAmount)[];
  for (const r of cancelled) {
    of(r.k).cancellations = { count: r.count, amount: r.amount };
    uncredited.set(r.k, r.uncredited);
  }

  const credited = d
    .stmt(`SELECT ${key('c.issued_by', 'c.cash_session_id')} AS k, c.total AS total, c.tax_breakdown AS breakdown FROM credit_notes c WHERE ${w.credited} AND (c.invoice_id IS NULL OR ${notGift('c.invoice_id')})`)
    .all(w.params) as { k: string | null; total: number; breakdown: string }[];
  for (const [k, rows] of groupBy(credited)) {
    const f = of(k);
    f.creditNotes = { count: rows.length, amount: rows.reduce((n, r) => n + r.total, 0) };
    f.creditNoteTaxRates = ratesOf(rows.map((r) => r.breakdown));
  }

  const vouchers = d
    .stmt(`SELECT ${key('v.issued_by', 'v.cash_session_id')} AS k, count(*) AS count, sum(v.amount) AS amount FROM vouchers v WHERE ${w.vouchers} GROUP BY 1`)
    .all(w.params) as ({ k: string | null } & CountAmount)[];
  for (const r of vouchers) of(r.k).vouchers.issued = { count: r.count, amount: r.amount };

  const paid = d
    .stmt(
      `SELECT ${key('p.created_by', 'p.cash_session_id')} AS k, p.method AS method, p.kind AS kind, count(*) AS count, sum(p.amount) AS amount, sum(p.rounding) AS rounding
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
  for (const [k, f] of out) {
    f.refunds = { count: f.tenders.reduce((n, t) => n + t.refundCount, 0), amount: f.tenders.reduce((n, t) => n + t.refunds, 0) };
    // Vouchers redeemed are the voucher tenders taken.
    const voucher = f.tenders.find((t) => t.method === 'voucher');
    f.vouchers.redeemed = { count: voucher?.count ?? 0, amount: voucher?.amount ?? 0 };
    f.netSales = netSales(f.sales.gross, f.creditNotes.amount, uncredited.get(k) ?? 0);
  }
  return out;
}

/** Rows grouped by their key `k`, in order. */
function groupBy<R extends { k: string | null }>(rows: readonly R[]): Map<string | null, R[]> {
  const groups = new Map<string | null, R[]>();
  for (const r of rows) {
    const g = groups.get(r.k);
    if (g) g.push(r);
    else groups.set(r.k, [r]);
  }
  return groups;
}

/**
 * Net sales: gross sales less the credit notes issued in the scope (returns, exchanges,
 * cancellations, returns without a receipt), less cancellations no credit note documents
 * (made before credit notes existed: what of the invoice no credit note had credited). Each
 * amount is taken off once: a cancelled invoice through its credit note, or through its
 * cancellation, never both. Refunds are not subtracted: they pay back a credit note or a
 * cancellation already counted, and a credit note that reduced what was owed refunds nothing
 * yet is no sale.
 */
export function netSales(gross: number, creditNotes: number, uncreditedCancellations: number): number {
  return gross - creditNotes - uncreditedCancellations;
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
