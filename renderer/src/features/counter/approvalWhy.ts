import type { Discount } from '../../../../shared/contract';
import type { ApprovalNeed } from '../../../../shared/domain/discountPolicy';
import { discountLabel } from './Adjust';
import type { CartLine } from './cartLine';

/** Why a manager must approve, in the cashier's words: "30 % order discount is more than 10 %." */
export function approvalWhy(needs: readonly ApprovalNeed[], lines: readonly CartLine[], orderDiscount: Discount | null, maxPercent: number, currency: string): string {
  const parts = needs.map((n) => {
    const line = n.line === undefined ? undefined : lines[n.line];
    const name = line?.name ?? 'A line';
    if (n.cause === 'order-discount') return `${orderDiscount ? discountLabel(orderDiscount, currency) : 'The'} order discount is more than ${maxPercent} %`;
    if (n.cause === 'total-discount') return `The discounts together take off more than ${maxPercent} %`;
    if (n.cause === 'line-discount') return `${line?.discount ? discountLabel(line.discount, currency) : 'The'} discount on ${name} is more than ${maxPercent} %`;
    if (n.cause === 'price-override') return `The price typed for ${name} takes off more than ${maxPercent} %`;
    return `${name} would sell below its cost`;
  });
  return parts.length === 0 ? '' : `${parts.join('. ')}.`;
}
