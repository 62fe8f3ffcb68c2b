import type { ReactNode } from 'react';
import { Table } from '../../ui';
import { formatMoney } from '../../ui/money';
import { useStoreFormat } from '../../data';
import { useT } from '../../i18n';

interface TaxRate {
  taxRateBp: number;
  base: number;
  tax: number;
}

/** A document's tax by rate: each rate's net and tax (an invoice, a credit note). */
export function TaxByRate({ rows, currency }: { rows: readonly TaxRate[]; currency: string }) {
  const money = (minor: number) => formatMoney(minor, currency);
  const fmt = useStoreFormat();
  const t = useT();
  return (
    <Table
      caption={t('invoices.taxByRate')}
      showCaption
      columns={[
        { key: 'rate', header: t('invoices.rate'), render: (r) => fmt.rate(r.taxRateBp) },
        { key: 'base', header: t('invoices.net'), align: 'end', render: (r) => money(r.base) },
        { key: 'tax', header: t('common.tax'), align: 'end', render: (r) => money(r.tax) },
      ]}
      rows={rows}
      rowKey={(r) => String(r.taxRateBp)}
    />
  );
}

/**
 * A document's totals: what its discounts took off (when any), net, tax and its grand total
 * (`totalLabel`), then `children` (what was paid or given back).
 */
export function DocumentTotals({
  net,
  tax,
  total,
  discountTotal = 0,
  totalLabel,
  totalTestId,
  currency,
  children,
}: {
  net: number;
  tax: number;
  total: number;
  /** Every discount on it (lines' own and the order's); shown only when there is one. */
  discountTotal?: number;
  totalLabel: string;
  totalTestId: string;
  currency: string;
  children?: ReactNode;
}) {
  const money = (minor: number) => formatMoney(minor, currency);
  const t = useT();
  return (
    <dl className="invoice__totals">
      {discountTotal > 0 ? (
        <>
          <dt>{t('invoices.discounts')}</dt>
          <dd className="invoice__discount" data-testid="discount-total">
            {t('invoices.minus', { amount: money(discountTotal) })}
          </dd>
        </>
      ) : null}
      <dt>{t('invoices.net')}</dt>
      <dd>{money(net)}</dd>
      <dt>{t('common.tax')}</dt>
      <dd>{money(tax)}</dd>
      <dt className="invoice__grand">{totalLabel}</dt>
      <dd className="invoice__grand" data-testid={totalTestId}>
        {money(total)}
      </dd>
      {children}
    </dl>
  );
}
