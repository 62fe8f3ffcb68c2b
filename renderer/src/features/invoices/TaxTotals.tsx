import type { ReactNode } from 'react';
import { Table } from '../../ui';
import { formatMoney } from '../../ui/money';
import { useStoreFormat } from '../../data';

interface TaxRate {
  taxRateBp: number;
  base: number;
  tax: number;
}

/** A document's tax by rate: each rate's net and tax (an invoice, a credit note). */
export function TaxByRate({ rows, currency }: { rows: readonly TaxRate[]; currency: string }) {
  const money = (minor: number) => formatMoney(minor, currency);
  const fmt = useStoreFormat();
  return (
    <Table
      caption="Tax by rate"
      showCaption
      columns={[
        { key: 'rate', header: 'Rate', render: (t) => fmt.rate(t.taxRateBp) },
        { key: 'base', header: 'Net', align: 'end', render: (t) => money(t.base) },
        { key: 'tax', header: 'Tax', align: 'end', render: (t) => money(t.tax) },
      ]}
      rows={rows}
      rowKey={(t) => String(t.taxRateBp)}
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
  return (
    <dl className="invoice__totals">
      {discountTotal > 0 ? (
        <>
          <dt>Discounts</dt>
          <dd className="invoice__discount" data-testid="discount-total">
            −{money(discountTotal)}
          </dd>
        </>
      ) : null}
      <dt>Net</dt>
      <dd>{money(net)}</dd>
      <dt>Tax</dt>
      <dd>{money(tax)}</dd>
      <dt className="invoice__grand">{totalLabel}</dt>
      <dd className="invoice__grand" data-testid={totalTestId}>
        {money(total)}
      </dd>
      {children}
    </dl>
  );
}
