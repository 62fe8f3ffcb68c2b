/**
 * A cart line as the counter holds it: plain data, no browser code, so the pricing preview
 * (totals.ts) and the node tests that compare it with the core can import it directly.
 */
import type { Discount } from '../../../../shared/contract';

/** One product in the cart. The quantity is kept as typed; it is checked at the field and when sent. */
export interface CartLine {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  taxRateBp: number;
  quantityText: string;
  /** A quantity above the store's confirmation limit that the cashier confirmed. */
  confirmed?: number;
  /** The product is sold at a price typed at sale (open price): the line needs `price`. */
  openPrice?: boolean;
  /** Its product's cost per unit, net of tax (selling below it needs a manager); null or absent: not set. */
  cost?: number | null;
  /** A price typed for the line: its open price, or an override of `unitPrice` with its reason. */
  price?: TypedPrice | null;
  /** The line's own discount. */
  discount?: Discount | null;
  /**
   * The quantity last settled in the cart (added, stepped, or typed and committed with Enter or
   * by leaving the field): a typed quantity below it is a line void.
   */
  committed?: number;
}

/** A price typed at the counter; `reason` is required for an override, optional for an open price. */
export interface TypedPrice {
  unitPrice: number;
  reason: string;
}
