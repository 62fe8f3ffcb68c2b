import { useMemo } from 'react';
import type { Product } from '../../../../shared/contract';
import { shelfPrice } from '../../../../shared/domain/pricing';
import { useStoreSettings } from '../../data';
import { useT } from '../../i18n';
import { formatMoney } from '../../ui/money';
import { useCounter, useCounterCurrency } from './store';
import { cartTotals, defaultRules, type CartFigures, type PricingRules } from './totals';

/** The store's pricing rules, the cashier's discount limit and the offered discount reasons (defaults until the settings are read). */
export function useCartPricing(): { rules: PricingRules; maxPercent: number; reasons: string[] } {
  const s = useStoreSettings().data;
  const pricesIncludeTax = s?.pricesIncludeTax ?? defaultRules.pricesIncludeTax;
  const taxRounding = s?.taxRounding ?? defaultRules.taxRounding;
  const rules = useMemo(() => ({ pricesIncludeTax, taxRounding }), [pricesIncludeTax, taxRounding]);
  return { rules, maxPercent: s?.cashierMaxDiscountPercent ?? 10, reasons: s?.discountReasons ?? [] };
}

/** The cart's figures by the store's rules, recomputed only when the cart or the rules change. */
export function useCartFigures(): CartFigures {
  const lines = useCounter((s) => s.lines);
  const orderDiscount = useCounter((s) => s.orderDiscount);
  const { rules } = useCartPricing();
  return useMemo(() => cartTotals(lines, orderDiscount, rules), [lines, orderDiscount, rules]);
}

/** A product's price as the counter shows it (grid, search): its shelf price in a tax-inclusive store, its net price otherwise (as the cart lines show it). */
export function shownPrice(p: Pick<Product, 'unitPrice' | 'taxRateBp'>, rules: PricingRules): number {
  return rules.pricesIncludeTax ? shelfPrice(p.unitPrice, p.taxRateBp, rules) : p.unitPrice;
}

/** A product's price as shown, or "Open price" (with its suggestion, if any) for a price typed at sale. */
export function useShownPrice(): (p: Pick<Product, 'unitPrice' | 'taxRateBp' | 'openPrice'>) => string {
  const { rules } = useCartPricing();
  const currency = useCounterCurrency();
  const t = useT();
  return (p) => (p.openPrice && p.unitPrice === 0 ? t('counter.openPrice') : formatMoney(shownPrice(p, rules), currency));
}
