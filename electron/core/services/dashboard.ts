/**
 * The dashboard's figures: today by hour and the last 30 days by day (store time zone), by
 * tender, by tax rate and the top products. What it counts as sold is the invoices issued in
 * the period and not cancelled; every query reads a range of invoices.issued_at or
 * payments.created_at from its index.
 */
import type { Output } from '../../../shared/contract';
import { StoreFormat, nextDay, storeDayStart } from '../../../shared/domain/format';
import type { TaxBreakdownEntry } from '../../../shared/domain/money';
import type { PaymentMethod } from '../../../shared/domain/payments';
import type { ServiceDeps } from './deps';
import type { StoreSettings } from './settings';

type Dashboard = Output<'reports.dashboard'>;
const DAYS = 30;
const QUARTER_HOUR = 15 * 60_000;

const isoOf = (ms: number) => new Date(ms).toISOString();

/** The store day before `day` (YYYY-MM-DD). */
function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The spans of a store day that fall in each local hour, [from, to) in ms. Every zone's offset
 * is a multiple of 15 minutes, so stepping by a quarter hour finds each hour's start; a
 * daylight-saving day has 23 or 25 spans (an hour twice: its figures add up).
 */
function hourSpans(start: number, end: number, timeZone: string): { hour: number; from: number; to: number }[] {
  const hourOf = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  const spans: { hour: number; from: number; to: number }[] = [];
  for (let t = start; t < end; t += QUARTER_HOUR) {
    const hour = Number(hourOf.format(t)) % 24;
    const last = spans[spans.length - 1];
    if (last && last.hour === hour) last.to = Math.min(t + QUARTER_HOUR, end);
    else spans.push({ hour, from: t, to: Math.min(t + QUARTER_HOUR, end) });
  }
  return spans;
}

/** Count and gross of the invoices sold in each [from, to) span (ISO text), one indexed range each. */
function soldPerSpan(d: ServiceDeps, spans: readonly [string, string][]): { count: number; gross: number }[] {
  const rows = d
    .stmt(
      `SELECT b.key AS i, count(i.total) AS count, coalesce(sum(i.total), 0) AS gross
       FROM json_each(@spans) b LEFT JOIN invoices i
         ON i.issued_at >= json_extract(b.value, '$[0]') AND i.issued_at < json_extract(b.value, '$[1]') AND i.status <> 'CANCELLED'
       GROUP BY b.key`,
    )
    .all({ spans: JSON.stringify(spans) }) as { i: number; count: number; gross: number }[];
  const out = spans.map(() => ({ count: 0, gross: 0 }));
  for (const r of rows) out[r.i] = { count: r.count, gross: r.gross };
  return out;
}

export function dashboardFigures(d: ServiceDeps, settings: StoreSettings): Dashboard {
  const { timeZone } = settings;
  const today = StoreFormat.of(settings).day(d.clock());
  const tomorrow = nextDay(today);
  const todayStart = storeDayStart(today, timeZone);
  const todayEnd = tomorrow === null ? todayStart + 86_400_000 : storeDayStart(tomorrow, timeZone);

  const hours = hourSpans(todayStart, todayEnd, timeZone);
  const perHour = soldPerSpan(d, hours.map((h) => [isoOf(h.from), isoOf(h.to)]));
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, count: 0, gross: 0 }));
  hours.forEach((h, i) => {
    const slot = byHour[h.hour]!;
    slot.count += perHour[i]!.count;
    slot.gross += perHour[i]!.gross;
  });

  const dates: string[] = [today];
  while (dates.length < DAYS) dates.unshift(previousDay(dates[0]!));
  const starts = dates.map((day) => storeDayStart(day, timeZone));
  const perDay = soldPerSpan(d, dates.map((_, i) => [isoOf(starts[i]!), isoOf(starts[i + 1] ?? todayEnd)]));
  const days = dates.map((date, i) => ({ date, ...perDay[i]! }));

  const range = { from: isoOf(starts[0]!), to: isoOf(todayEnd) };
  const byTender = d
    .stmt(
      `SELECT method, sum(CASE kind WHEN 'refund' THEN -amount ELSE amount END) AS amount
       FROM payments WHERE created_at >= @from AND created_at < @to GROUP BY method ORDER BY method`,
    )
    .all(range) as { method: PaymentMethod; amount: number }[];
  const sold = "i.issued_at >= @from AND i.issued_at < @to AND i.status <> 'CANCELLED'";
  // Tax breakdowns added up here: parsing them in SQL (json_each) costs several times more.
  const rates = new Map<number, { net: number; tax: number }>();
  for (const text of d.stmt(`SELECT i.tax_breakdown FROM invoices i WHERE ${sold}`).pluck().all(range) as string[]) {
    for (const b of JSON.parse(text) as TaxBreakdownEntry[]) {
      const e = rates.get(b.taxRateBp) ?? { net: 0, tax: 0 };
      rates.set(b.taxRateBp, { net: e.net + b.base, tax: e.tax + b.tax });
    }
  }
  const byTaxRate = [...rates].sort(([a], [b]) => a - b).map(([taxRateBp, e]) => ({ taxRateBp, ...e }));
  // The invoices' lines are their orders' lines as issued (an invoiced order's lines never
  // change); read from order_lines, which is cheaper than the invoices' JSON. A typed-in line
  // without a product counts by its name.
  const topProducts = d
    .stmt(
      `SELECT l.product_id AS productId, max(l.name) AS name, sum(l.quantity) AS quantity, sum(l.total) AS gross
       FROM invoices i JOIN order_lines l ON l.order_id = i.order_id
       WHERE ${sold}
       GROUP BY coalesce(l.product_id, 'name:' || l.name)
       ORDER BY gross DESC, name LIMIT 10`,
    )
    .all(range) as Dashboard['topProducts'];

  const sales = hours.reduce((n, _h, i) => ({ count: n.count + perHour[i]!.count, amount: n.amount + perHour[i]!.gross }), { count: 0, amount: 0 });
  return { currency: settings.currency, today: { date: today, sales, byHour }, days, byTender, byTaxRate, topProducts };
}
