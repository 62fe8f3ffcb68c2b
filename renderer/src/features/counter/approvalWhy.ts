import type { Discount } from '../../../../shared/contract';
import type { ApprovalNeed } from '../../../../shared/domain/discountPolicy';
import { t as translate, type Translate } from '../../i18n';
import { discountLabel } from './Adjust';
import type { CartLine } from './cartLine';

/** Why a manager must approve, in the cashier's words: "30 % order discount is more than 10 %." */
export function approvalWhy(needs: readonly ApprovalNeed[], lines: readonly CartLine[], orderDiscount: Discount | null, maxPercent: number, currency: string, t: Translate = translate): string {
  const parts = needs.map((n) => {
    const line = n.line === undefined ? undefined : lines[n.line];
    const name = line?.name ?? t('counter.aLine');
    const max = maxPercent;
    if (n.cause === 'order-discount') return orderDiscount ? t('counter.whyOrderDiscount', { discount: discountLabel(orderDiscount, currency, t), max }) : t('counter.whyOrderDiscountUnnamed', { max });
    if (n.cause === 'total-discount') return t('counter.whyTotalDiscount', { max });
    if (n.cause === 'line-discount') return line?.discount ? t('counter.whyLineDiscount', { discount: discountLabel(line.discount, currency, t), name, max }) : t('counter.whyLineDiscountUnnamed', { name, max });
    if (n.cause === 'price-override') return t('counter.whyPriceOverride', { name, max });
    return t('counter.whyBelowCost', { name });
  });
  // Each reason is a sentence of its own.
  return parts.join(' ');
}
