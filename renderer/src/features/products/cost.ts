import { priceCart } from '../../../../shared/domain/pricing';

/**
 * What one unit at `unitPrice` brings in net of tax, by the one pricing rule: the price itself
 * when prices exclude tax, the price less the tax inside it when they include it. Cost is net.
 */
export function netPrice(unitPrice: number, taxRateBp: number, pricesIncludeTax: boolean): number {
  const [line] = priceCart([{ unitPrice, quantity: 1, taxRateBp }], null, { pricesIncludeTax, taxRounding: 'line' }).lines;
  return line?.subtotal ?? unitPrice;
}

/** True when selling at `unitPrice` brings in less than `cost` (so every sale needs a manager). */
export function belowCost(unitPrice: number, cost: number | null, taxRateBp: number, pricesIncludeTax: boolean): boolean {
  return cost !== null && netPrice(unitPrice, taxRateBp, pricesIncludeTax) < cost;
}
