/**
 * The words every document uses for a sale's prices: a discount as given, a price typed over
 * the list price, the price basis. The figures come from the document (frozen at issue by the
 * pricing rule in shared/domain/pricing.ts); nothing here computes a discount or a tax.
 */
import type { Discount, OrderLine } from '../../../../shared/contract';
import type { PriceBasis } from '../../../../shared/domain/pricing';
import { percentBp } from '../../../../shared/domain/pricing';
import type { DocFormat } from './format';

/** "Discount 10% (Damaged)", "Order discount (Loyal customer)": a percentage says its rate, an amount only its reason. */
export function discountLabel(fmt: DocFormat, d: Discount, what: 'line' | 'order' = 'line'): string {
  const reason = d.reason.trim();
  const order = what === 'order';
  if (d.kind === 'percent') {
    const rate = fmt.rate(percentBp(d.value));
    if (reason) return fmt.t(order ? 'orderDiscountPercentReason' : 'discountPercentReason', { rate, reason });
    return fmt.t(order ? 'orderDiscountPercent' : 'discountPercent', { rate });
  }
  if (reason) return fmt.t(order ? 'orderDiscountReason' : 'discountReason', { reason });
  return fmt.t(order ? 'orderDiscountPlain' : 'discountPlain');
}

/** "Price changed from €19.99: Price match" for a line whose price was typed over its list price; null otherwise. */
export function overrideText(fmt: DocFormat, line: Pick<OrderLine, 'listPrice' | 'priceReason'>): string | null {
  if (line.listPrice === null) return null;
  const reason = line.priceReason?.trim();
  const price = fmt.money(line.listPrice);
  return reason ? fmt.t('priceChangedReason', { price, reason }) : fmt.t('priceChanged', { price });
}

/** The notes a line's override and own discount print under its name (none: empty). */
export function lineNotes(fmt: DocFormat, line: Pick<OrderLine, 'listPrice' | 'priceReason' | 'discount' | 'lineDiscount'>): string[] {
  const notes: string[] = [];
  const override = overrideText(fmt, line);
  if (override) notes.push(override);
  if (line.discount && line.lineDiscount > 0) notes.push(discountLabel(fmt, line.discount));
  return notes;
}

/** What the order discount took off: the lines' shares of it, as frozen. */
export function orderDiscountTotal(lines: readonly Pick<OrderLine, 'orderDiscount'>[]): number {
  return lines.reduce((n, l) => n + l.orderDiscount, 0);
}

export function basisText(fmt: DocFormat, basis: PriceBasis): string {
  return fmt.t(basis === 'gross' ? 'pricesInclTax' : 'pricesExclTax');
}

/** "Incl. tax 20%: €0.50 on net €2.50": one rate of a tax-inclusive document. */
export function includedTaxText(fmt: DocFormat, t: { taxRateBp: number; base: number; tax: number }): string {
  return fmt.t('inclTaxLine', { rate: fmt.rate(t.taxRateBp), tax: fmt.money(t.tax), net: fmt.money(t.base) });
}
