import type { Discount, OrderLine } from '../../../../shared/contract';
import type { PriceBasis } from '../../../../shared/domain/pricing';
import type { StoreFormat } from '../../../../shared/domain/format';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { t as translate, useT, type Translate } from '../../i18n';
import type { Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import './invoices.css';

/** A discount as it was given: "10 %" or "2,00 €". */
export function discountGiven(d: Pick<Discount, 'kind' | 'value'>, currency: string, fmt: StoreFormat): string {
  return d.kind === 'percent' ? fmt.rate(Math.round(d.value * 100)) : formatMoney(d.value, currency);
}

/** "Prices include tax" / "Prices exclude tax": how a document's unit prices read. */
export const priceBasisText = (t: Translate, basis: PriceBasis): string => t(basis === 'gross' ? 'invoices.pricesIncludeTax' : 'invoices.pricesExcludeTax');

/** A line's unit price; a price typed over the product's own shows that one struck, and the reason. */
export function LinePrice({ line, currency }: { line: Pick<OrderLine, 'unitPrice' | 'listPrice' | 'priceReason'>; currency: string }) {
  const money = (minor: number) => formatMoney(minor, currency);
  const t = useT();
  if (line.listPrice === null || line.listPrice === line.unitPrice) return <>{money(line.unitPrice)}</>;
  return (
    <span className="line-figures">
      <span className="list__nowrap">
        <s className="line-figures__struck" aria-label={t('invoices.listPrice', { amount: money(line.listPrice) })}>
          {money(line.listPrice)}
        </s> {money(line.unitPrice)}
      </span>
      {line.priceReason ? <span className="line-figures__reason">{line.priceReason}</span> : null}
    </span>
  );
}

/**
 * What a line's discounts took off: its own as given ("10 %") with the amount and reason, and
 * its share of the order discount. A dash when there is none.
 */
export function LineDiscount({ line, currency, fmt }: { line: Pick<OrderLine, 'discount' | 'lineDiscount' | 'orderDiscount'>; currency: string; fmt: StoreFormat }) {
  const money = (minor: number) => formatMoney(minor, currency);
  const t = useT();
  if (line.lineDiscount === 0 && line.orderDiscount === 0) return <span className="list__muted">{t('common.none_dash')}</span>;
  return (
    <span className="line-figures">
      {line.lineDiscount > 0 ? (
        <span className="list__nowrap">
          {line.discount?.kind === 'percent'
            ? t('invoices.lineDiscountPercent', { rate: discountGiven(line.discount, currency, fmt), amount: money(line.lineDiscount) })
            : t('invoices.minus', { amount: money(line.lineDiscount) })}
        </span>
      ) : null}
      {line.discount?.reason && line.lineDiscount > 0 ? <span className="line-figures__reason">{line.discount.reason}</span> : null}
      {line.orderDiscount > 0 ? <span className="line-figures__reason">
          <FormattedMessage id="invoices.orderShare" values={{ amount: money(line.orderDiscount), nowrap: (chunks) => <span className="list__nowrap">{chunks}</span> }} />
        </span> : null}
    </span>
  );
}

/** A document's Discount column, there only when `shown` (some line had a discount); its header in the current language (called while rendering). */
export function discountColumn<R>(shown: boolean, render: (row: R) => ReactNode): Column<R>[] {
  return shown ? [{ key: 'discount', header: translate('common.discount'), align: 'end', width: 'shrink', render }] : [];
}

/** Whether any line of a document had a discount or a typed price: only then its columns show. */
export const anyDiscount = (lines: readonly Pick<OrderLine, 'lineDiscount' | 'orderDiscount'>[]): boolean => lines.some((l) => l.lineDiscount > 0 || l.orderDiscount > 0);

/**
 * The line over a document's lines: its price basis, the order discount as given, and the
 * manager who approved what went beyond the cashier's limit.
 */
export function PricingNotes({
  basis,
  discount,
  approvedBy,
  currency,
  fmt,
}: {
  basis: PriceBasis;
  discount?: Discount | null;
  approvedBy?: string | null;
  currency: string;
  fmt: StoreFormat;
}) {
  const t = useT();
  return (
    <p className="line-figures__notes" data-testid="pricing-notes">
      <span>{priceBasisText(t, basis)}</span>
      {discount ? (
        <span>
          {discount.reason
            ? t('invoices.orderDiscountReason', { discount: discountGiven(discount, currency, fmt), reason: discount.reason })
            : t('invoices.orderDiscount', { discount: discountGiven(discount, currency, fmt) })}
        </span>
      ) : null}
      {approvedBy ? <span data-testid="approved-by">{t('invoices.approvedBy', { name: approvedBy })}</span> : null}
    </p>
  );
}
