/**
 * The counter's pricing code path (renderer/src/features/counter/totals.ts: cartTotals and
 * cartApprovalNeeds), for
 * the node tests that compare it with the core. It is loaded at run time: the module reaches the
 * counter's store (and through it the browser API client), which type-checks only under the
 * renderer's DOM config, so the node config must not follow the import. The shape below is
 * what the tests rely on; a change to it fails the tests that call it.
 */
import type { ApprovalNeed } from '../../shared/domain/discountPolicy';
import type { Discount, PricedCart, PricedLine, PricingRules } from '../../shared/domain/pricing';

/** A cart line as the counter holds it (the fields its pricing reads). */
export interface CounterLine {
  productId: string;
  sku: string;
  name: string;
  /** The product's own price. */
  unitPrice: number;
  taxRateBp: number;
  quantityText: string;
  openPrice?: boolean;
  cost?: number | null;
  /** A typed price: the open price, or an override with its reason. */
  price?: { unitPrice: number; reason: string } | null;
  discount?: Discount | null;
}

export type CounterTotals = (lines: readonly CounterLine[], orderDiscount: Discount | null, rules: PricingRules) => { lines: (PricedLine | null)[]; totals: PricedCart['totals'] | null };

export type CounterApprovalNeeds = (lines: readonly CounterLine[], orderDiscount: Discount | null, rules: PricingRules, maxPercent: number) => ApprovalNeed[];

const TOTALS = '../../renderer/src/features/counter/totals.ts';

/** The counter's cartTotals and cartApprovalNeeds, as the renderer runs them. */
export async function counterPricing(): Promise<{ cartTotals: CounterTotals; cartApprovalNeeds: CounterApprovalNeeds }> {
  const { cartTotals, cartApprovalNeeds } = (await import(/* @vite-ignore */ TOTALS)) as { cartTotals: CounterTotals; cartApprovalNeeds: CounterApprovalNeeds };
  return { cartTotals, cartApprovalNeeds };
}
