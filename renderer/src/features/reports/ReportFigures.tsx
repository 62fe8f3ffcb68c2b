import type { ReactNode } from 'react';
import type { SalesFigures, SessionReport } from '../../../../shared/contract';
import type { StoreFormat } from '../../../../shared/domain/format';
import { Badge, Table, type Column } from '../../ui';
import { methodLabels } from '../payment/methods';
import { varianceText, varianceTone } from './format';

type Report = SessionReport;
type Tender = Report['tenders'][number];
type TaxRate = Report['taxRates'][number];
type Cashier = Report['cashiers'][number];

/** A titled card of label/figure rows. */
export function FigureCard({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  return (
    <section className={`reports__card${className ? ` ${className}` : ''}`} aria-label={title}>
      <h2 className="reports__card-title">{title}</h2>
      <dl className="reports__figures">{children}</dl>
    </section>
  );
}

export function Figure({ label, children, strong = false, testId }: { label: string; children: ReactNode; strong?: boolean; testId?: string }) {
  return (
    <div className={`reports__figure${strong ? ' reports__figure--strong' : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

const countOf = (c: { count: number; amount: number }, money: (n: number) => string, fmt: StoreFormat) => `${fmt.number(c.count)} · ${money(c.amount)}`;

/**
 * What went back in a scope (an X, a Z, a day): credit notes issued (taken off net sales),
 * the refunds per tender, the vouchers issued and redeemed; named as on the printed Z.
 */
export function ReturnsCard({ figures, currency, fmt }: { figures: SalesFigures; currency: string; fmt: StoreFormat }) {
  const money = (n: number) => fmt.money(n, currency);
  return (
    <FigureCard title="Returns">
      <Figure label="Credit notes" strong testId="report-credit-notes">
        {countOf({ count: figures.creditNotes.count, amount: -figures.creditNotes.amount }, money, fmt)}
      </Figure>
      {figures.tenders
        .filter((t) => t.refundCount > 0)
        .map((t) => (
          <Figure key={t.method} label={`${methodLabels[t.method]} refunds`} testId={`report-refunds-${t.method}`}>
            {countOf({ count: t.refundCount, amount: -t.refunds }, money, fmt)}
          </Figure>
        ))}
      <Figure label="Vouchers issued" testId="report-vouchers-issued">{countOf(figures.vouchers.issued, money, fmt)}</Figure>
      <Figure label="Vouchers redeemed" testId="report-vouchers-redeemed">{countOf(figures.vouchers.redeemed, money, fmt)}</Figure>
    </FigureCard>
  );
}

/** The credit notes' tax per rate (what the returns take back of each rate); nothing when none was issued. */
export function CreditNoteTaxRates({ figures, currency, fmt }: { figures: SalesFigures; currency: string; fmt: StoreFormat }) {
  if (figures.creditNoteTaxRates.length === 0) return null;
  const m = (n: number) => <span className="list__amount">{fmt.money(n, currency)}</span>;
  const columns: Column<TaxRate>[] = [
    { key: 'rate', header: 'Tax rate', render: (t) => fmt.rate(t.taxRateBp) },
    { key: 'net', header: 'Net', align: 'end', width: 'shrink', render: (t) => m(-t.net) },
    { key: 'tax', header: 'Tax', align: 'end', width: 'shrink', render: (t) => m(-t.tax) },
    { key: 'gross', header: 'Gross', align: 'end', width: 'shrink', render: (t) => m(-t.gross) },
  ];
  return (
    <section className="reports__section" aria-label="Credit notes by tax rate">
      <h2 className="reports__section-title">Credit notes by tax rate</h2>
      <Table caption="Credit notes by tax rate" columns={columns} rows={figures.creditNoteTaxRates} rowKey={(t) => String(t.taxRateBp)} empty="" />
    </section>
  );
}

/**
 * An X or Z report laid out as a page: the drawer (float to over/short), the sales and their
 * tax, each tender, each cashier, and what was voided or opened without a sale.
 */
export function ReportFigures({ report, fmt }: { report: Report; fmt: StoreFormat }) {
  const money = (n: number) => fmt.money(n, report.currency);
  const m = (n: number) => <span className="list__amount">{money(n)}</span>;

  const tenderColumns: Column<Tender>[] = [
    { key: 'method', header: 'Tender', render: (t) => methodLabels[t.method] },
    { key: 'count', header: 'Payments', align: 'end', width: 'shrink', render: (t) => fmt.number(t.count) },
    { key: 'amount', header: 'Taken', align: 'end', width: 'shrink', render: (t) => m(t.amount) },
    { key: 'refundCount', header: 'Refunds', align: 'end', width: 'shrink', render: (t) => fmt.number(t.refundCount) },
    { key: 'refunds', header: 'Refunded', align: 'end', width: 'shrink', render: (t) => m(t.refunds) },
  ];
  const taxColumns: Column<TaxRate>[] = [
    { key: 'rate', header: 'Tax rate', render: (t) => fmt.rate(t.taxRateBp) },
    { key: 'net', header: 'Net', align: 'end', width: 'shrink', render: (t) => m(t.net) },
    { key: 'tax', header: 'Tax', align: 'end', width: 'shrink', render: (t) => m(t.tax) },
    { key: 'gross', header: 'Gross', align: 'end', width: 'shrink', render: (t) => m(t.gross) },
  ];
  const cashierColumns: Column<Cashier>[] = [
    { key: 'name', header: 'Cashier', render: (c) => c.name },
    { key: 'sales', header: 'Sales', align: 'end', width: 'shrink', render: (c) => fmt.number(c.sales.count) },
    { key: 'gross', header: 'Gross', align: 'end', width: 'shrink', render: (c) => m(c.sales.gross) },
    { key: 'refunds', header: 'Refunds', align: 'end', width: 'shrink', render: (c) => m(c.refunds.amount) },
    { key: 'creditNotes', header: 'Credit notes', align: 'end', width: 'shrink', render: (c) => m(-c.creditNotes.amount) },
    { key: 'voids', header: 'Line voids', align: 'end', width: 'shrink', hideBelow: 'md', render: (c) => fmt.number(c.lineVoids.count) },
    { key: 'abandoned', header: 'Abandoned carts', align: 'end', width: 'shrink', hideBelow: 'md', render: (c) => fmt.number(c.abandonedCarts.count) },
    { key: 'noSales', header: 'No-sales', align: 'end', width: 'shrink', render: (c) => fmt.number(c.noSales) },
  ];

  return (
    <div className="reports__report">
      <div className="reports__cards">
        <FigureCard title="Drawer">
          <Figure label="Opening float">{m(report.openingFloat)}</Figure>
          <Figure label="Cash payments">{m(report.cash.payments)}</Figure>
          <Figure label="Cash refunds">{m(-report.cash.refunds)}</Figure>
          <Figure label="Pay-ins">{countOf(report.cash.payIns, money, fmt)}</Figure>
          <Figure label="Pay-outs">{countOf(report.cash.payOuts, money, fmt)}</Figure>
          <Figure label="Drops to safe">{countOf(report.cash.drops, money, fmt)}</Figure>
          <Figure label="Expected cash" strong testId="report-expected">
            {report.expectedCash === null ? <span className="list__muted">Counted blind</span> : m(report.expectedCash)}
          </Figure>
          <Figure label="Counted cash" strong testId="report-counted">
            {report.countedCash === null ? <span className="list__muted">Not counted yet</span> : m(report.countedCash)}
          </Figure>
          <Figure label="Over/short" testId="report-variance">
            {report.variance === null ? <span className="list__muted">—</span> : <Badge tone={varianceTone(report.variance)}>{varianceText(report.variance, fmt, report.currency)}</Badge>}
          </Figure>
          {report.note ? <Figure label="Note">{report.note}</Figure> : null}
          {report.approvedByName ? <Figure label="Approved by">{report.approvedByName}</Figure> : null}
        </FigureCard>

        <FigureCard title="Sales">
          <Figure label="Invoices issued" testId="report-sales-count">{fmt.number(report.sales.count)}</Figure>
          <Figure label="Net of tax">{m(report.sales.net)}</Figure>
          <Figure label="Tax">{m(report.sales.tax)}</Figure>
          <Figure label="Gross sales" strong testId="report-gross">{m(report.sales.gross)}</Figure>
          <Figure label="Refunds">{countOf(report.refunds, money, fmt)}</Figure>
          <Figure label="Cancellations">{countOf(report.cancellations, money, fmt)}</Figure>
          <Figure label="Credit notes">{countOf({ count: report.creditNotes.count, amount: -report.creditNotes.amount }, money, fmt)}</Figure>
          <Figure label="Cash rounding">{m(report.rounding)}</Figure>
          <Figure label="Net sales" strong testId="report-net-sales">{m(report.netSales)}</Figure>
          <Figure label="Grand total" testId="report-grand-total">{m(report.grandTotal)}</Figure>
        </FigureCard>

        <ReturnsCard figures={report} currency={report.currency} fmt={fmt} />

        <FigureCard title="At the counter">
          <Figure label="No-sale opens">{fmt.number(report.noSales)}</Figure>
          <Figure label="Line voids">{countOf(report.lineVoids, money, fmt)}</Figure>
          <Figure label="Abandoned carts">{countOf(report.abandonedCarts, money, fmt)}</Figure>
        </FigureCard>
      </div>

      <section className="reports__section" aria-label="Tenders">
        <h2 className="reports__section-title">Tenders</h2>
        <Table caption="Tenders" columns={tenderColumns} rows={report.tenders} rowKey={(t) => t.method} empty="No payment in this session." />
      </section>
      <section className="reports__section" aria-label="Tax rates">
        <h2 className="reports__section-title">Tax rates</h2>
        <Table caption="Tax rates" columns={taxColumns} rows={report.taxRates} rowKey={(t) => String(t.taxRateBp)} empty="No sale in this session." />
      </section>
      <CreditNoteTaxRates figures={report} currency={report.currency} fmt={fmt} />
      <section className="reports__section" aria-label="Cashiers">
        <h2 className="reports__section-title">Cashiers</h2>
        <Table caption="Cashiers" columns={cashierColumns} rows={report.cashiers} rowKey={(c) => c.userId} empty="No one sold in this session." />
      </section>
    </div>
  );
}
