/**
 * The Returns screen's figures and requests, pure: what the chosen lines credit (the core's own
 * rule, shared/domain/returns), what goes back as money, the exchange's difference, and a refusal
 * placed on the line it names. No figure is worked out here another way than the core's.
 */
import type { Input, Invoice, OrderLine, Output, Role } from '../../../../shared/contract';
import type { ErrorIssue } from '../../../../shared/errors';
import { priceCart, type PricingLine, type PricingRules } from '../../../../shared/domain/pricing';
import { creditFor, prorate, refundDue } from '../../../../shared/domain/returns';
import { t, type MessageId } from '../../i18n/core';

/** What a credit estimate reads of an invoice line: its figures after discounts, and the discounts. */
type SoldLine = Pick<OrderLine, 'quantity' | 'subtotal' | 'tax'> & Partial<Pick<OrderLine, 'lineDiscount' | 'orderDiscount'>>;

/** Net prices, tax rounded per line: the rules of a store that never changed them. */

export type ReturnableLine = Output<'returns.returnable'>['lines'][number];
export type ReturnLineInput = Extract<Input<'returns.create'>['lines'][number], { invoiceLineIndex: number }>;

/** What the cashier chose for one invoice line. */
export interface LineChoice {
  quantity: number;
  reason: string;
  restock: boolean;
}

/** By invoice line index. */
export type Choices = Record<number, LineChoice>;

/**
 * What returning `quantity` more of an invoice line credits (gross), 0 for none. The line's
 * credited tax and discounts so far are their prorated shares at the quantity already returned
 * (the core's cumulative rule); its net is the rest of what returns.returnable says was credited.
 */
export function lineCredit(line: SoldLine, r: Pick<ReturnableLine, 'returned' | 'credited'>, quantity: number): number {
  if (quantity <= 0) return 0;
  const tax = prorate(line.tax, r.returned, line.quantity);
  const discount = prorate((line.lineDiscount ?? 0) + (line.orderDiscount ?? 0), r.returned, line.quantity);
  return creditFor(line, { returned: r.returned, credited: { subtotal: r.credited - tax, tax, discount } }, quantity).total;
}

export interface CreditEstimate {
  /** Credit per invoice line index (chosen lines only). */
  byLine: Record<number, number>;
  /** The credit note's total. */
  credit: number;
  /** What goes back to the customer as money or a voucher; the rest reduces what is still owed. */
  refund: number;
}

/** The credit note and the refund the chosen lines make, as the core will make them. */
export function creditEstimate(invoice: Pick<Invoice, 'balance' | 'amountPaid'> & { lines: readonly SoldLine[] }, returnable: readonly ReturnableLine[], choices: Choices): CreditEstimate {
  const byLine: Record<number, number> = {};
  let credit = 0;
  for (const r of returnable) {
    const line = invoice.lines[r.invoiceLineIndex];
    const quantity = Math.min(choices[r.invoiceLineIndex]?.quantity ?? 0, r.returnable);
    if (!line || quantity <= 0) continue;
    byLine[r.invoiceLineIndex] = lineCredit(line, r, quantity);
    credit += byLine[r.invoiceLineIndex]!;
  }
  return { byLine, credit, refund: refundDue(credit, invoice.balance, invoice.amountPaid) };
}

/** The lines to send, in invoice order, and which invoice line each sent index is (to place a refusal). */
export function chosenLines(choices: Choices): { lines: ReturnLineInput[]; indexes: number[] } {
  const indexes = Object.keys(choices)
    .map(Number)
    .filter((i) => (choices[i]?.quantity ?? 0) > 0)
    .sort((a, b) => a - b);
  const lines = indexes.map((i) => {
    const c = choices[i]!;
    return { invoiceLineIndex: i, quantity: c.quantity, restock: c.restock, reason: c.reason.trim() };
  });
  return { lines, indexes };
}

/** A line's quantity stepped by the keyboard or the buttons, kept within 0..returnable. */
export function stepQuantity(quantity: number, delta: number, max: number): number {
  return Math.max(0, Math.min(max, quantity + delta));
}

/**
 * What the find field sends as invoices.list's query: digits alone ("42", a number read off
 * the receipt) are the invoice number INV-000042; an invoice number or any other text (a
 * customer's name) as typed.
 */
export function saleQuery(text: string): string {
  const t = text.trim();
  const digits = /^0*(\d{1,15})$/.exec(t);
  return digits ? `INV-${digits[1]!.padStart(6, '0')}` : t;
}

/**
 * The exchange: what goes out, priced by the store's rules (`rules`: the settings will do) as
 * the core prices the new sale, and the difference with what comes back (positive: the customer pays).
 */
export function exchangeFigures(sale: readonly PricingLine[], refund: number, rules: PricingRules): { saleTotal: number; toPay: number; toGiveBack: number } {
  const saleTotal = priceCart(sale, null, rules).totals.total;
  const difference = saleTotal - refund;
  return { saleTotal, toPay: Math.max(0, difference), toGiveBack: Math.max(0, -difference) };
}

/** Lines of a return without a receipt, at the prices returns.receiptlessPrice gave, priced together by the store's rules as the core does. */
export function receiptlessTotal(lines: readonly { unitPrice: number; taxRateBp: number; quantity: number }[], rules: PricingRules): number {
  return priceCart(lines, null, rules).totals.total;
}

/** A cashier needs a manager for a sale past the return window and for any return without a receipt. */
export function needsManager(role: Role | undefined, reason: boolean): boolean {
  return reason && role !== 'manager' && role !== 'admin';
}

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** The line fields a refusal may name, as the form calls them (read at each refusal: the current language). */
const lineFieldLabels: Record<string, MessageId> = { quantity: 'common.quantity', reason: 'common.reason', restock: 'returns.backOnShelf', invoiceLineIndex: 'returns.fieldLine', productId: 'returns.fieldProduct' };

/**
 * A refusal's issues on the lines they name: `lines.<i>.<field>` lands on the line sent at
 * index i (`keys[i]`: an invoice line index, or a product id); the rest is said once for the form.
 */
export function placeIssues<K extends string | number>(issues: readonly (ErrorIssue & { serverMessage?: string })[], keys: readonly K[], fallback: string): { lines: Partial<Record<K, string>>; general: string | null } {
  const lines: Partial<Record<K, string>> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const [head, index, field] = issue.path;
    const key = head === 'lines' && typeof index === 'number' ? keys[index] : undefined;
    if (key !== undefined) {
      const label = typeof field === 'string' ? lineFieldLabels[field] : undefined;
      lines[key] ??= sentence(label && /^(is|must|should|cannot|can't|has|does|exceeds|only)\b/i.test((issue.serverMessage ?? issue.message).trim()) ? t('returns.fieldIssue', { field: t(label), message: issue.message }) : issue.message);
    } else rest.push(sentence(issue.message));
  }
  const placed = Object.keys(lines).length > 0;
  return { lines, general: rest.length > 0 ? rest.join(' ') : placed ? null : sentence(fallback) };
}

/**
 * The idempotency key of a request: a new one per request, except a retry of the same request
 * whose outcome is unknown (the store did not answer), which keeps its key so nothing is made twice.
 */
export function keyFor(previous: { key: string; fingerprint: string } | null, fingerprint: string, fresh: () => string): { key: string; fingerprint: string } {
  return previous && previous.fingerprint === fingerprint ? previous : { key: fresh(), fingerprint };
}
