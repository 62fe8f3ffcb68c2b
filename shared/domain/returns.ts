/**
 * Returns and credit notes, pure and in integer minor units: what a returned quantity of an
 * invoice line credits, and how the money goes back. The core, the documents and the
 * counter all use these, so a credit note, its receipt and the refund never disagree.
 */

/** Why a credit note exists. */
export const creditNoteKinds = ['return', 'exchange', 'cancellation', 'receiptless'] as const;
export type CreditNoteKind = (typeof creditNoteKinds)[number];

/** refund: store credit for a return; gift: sold at the counter. */
export const voucherKinds = ['refund', 'gift'] as const;
/** A voucher's ledger: issued (+), redeemed by a tender (−), restored when that tender is refunded (+). */
export const voucherEntryKinds = ['issued', 'redeemed', 'restored'] as const;

/** The part of an invoice line that is credited, and its share of the line's discounts given back. */
export interface Credited {
  subtotal: number;
  tax: number;
  discount: number;
}

/** An invoice line as creditFor reads it: its figures after discounts, and the discounts (absent on lines sold before discounts existed). */
export interface CreditedLine {
  quantity: number;
  subtotal: number;
  tax: number;
  lineDiscount?: number;
  orderDiscount?: number;
}

/** round(amount × part ÷ whole), half away from zero, exact (BigInt). amount, part ≥ 0; whole > 0. */
export function prorate(amount: number, part: number, whole: number): number {
  const num = BigInt(amount) * BigInt(part) * 2n + BigInt(whole);
  return Number(num / (BigInt(whole) * 2n));
}

/**
 * What returning `quantity` more of an invoice line credits: the line's credited total is
 * brought to round(line amount × returned so far ÷ sold), for its net, its tax and its
 * discounts (own and order's share) apart, minus what was already credited. Any sequence of
 * partial returns of a line therefore credits exactly the line once it is all back, per tax
 * rate too, and gives back exactly its discounts. The money comes from the line's net and tax,
 * already after discounts; `discount` says how much of them the return gives back.
 * Throws when more would be returned than sold.
 */
export function creditFor(line: CreditedLine, already: { returned: number; credited: Credited }, quantity: number): Credited & { total: number } {
  const returned = already.returned + quantity;
  if (quantity <= 0 || returned > line.quantity) throw new RangeError(`cannot return ${quantity}: ${line.quantity - already.returned} left`);
  const subtotal = prorate(line.subtotal, returned, line.quantity) - already.credited.subtotal;
  const tax = prorate(line.tax, returned, line.quantity) - already.credited.tax;
  const discount = prorate(discountsOf(line), returned, line.quantity) - already.credited.discount;
  return { subtotal, tax, discount, total: subtotal + tax };
}

/** Every discount on an invoice line: its own and its share of the order's. */
export function discountsOf(line: Pick<CreditedLine, 'lineDiscount' | 'orderDiscount'>): number {
  return (line.lineDiscount ?? 0) + (line.orderDiscount ?? 0);
}

/**
 * How a credit reaches the customer on an invoice: it first reduces what is still owed, and
 * only the rest goes back as money (never more than was paid).
 * `owed`: the invoice's balance before the credit (≥ 0); `paid`: what it has been paid net of refunds.
 */
export function refundDue(credit: number, owed: number, paid: number): number {
  return Math.min(Math.max(0, credit - Math.max(0, owed)), Math.max(0, paid));
}

/** A tender as it was paid, net of what was already refunded of it. */
export interface PaidTender {
  paymentId: string;
  method: string;
  /** Still refundable of it. */
  left: number;
  voucherCode: string | null;
}

/**
 * Back to the original tenders: the refund is taken from the tenders newest first (the last
 * tender of a split sale is the first given back), each up to what is left of it.
 * Returns what each gives back; their sum is `amount` when the tenders cover it.
 */
export function refundToTenders(amount: number, tenders: readonly PaidTender[]): { tender: PaidTender; amount: number }[] {
  const out: { tender: PaidTender; amount: number }[] = [];
  let left = amount;
  for (let i = tenders.length - 1; i >= 0 && left > 0; i--) {
    const t = tenders[i];
    if (t === undefined || t.left <= 0) continue;
    const take = Math.min(t.left, left);
    out.push({ tender: t, amount: take });
    left -= take;
  }
  return out;
}

/** Whole days between two instants (for the return window). */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 86_400_000);
}

/** The end of the window in which a cashier may take back a sale alone. */
export function returnWindowEnd(issuedAt: string, windowDays: number): string {
  return new Date(Date.parse(issuedAt) + windowDays * 86_400_000).toISOString();
}
