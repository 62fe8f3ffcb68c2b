import type { ReactNode } from 'react';
import type { SalesFigures, SessionReport } from '../../../../shared/contract';
import type { StoreFormat } from '../../../../shared/domain/format';
import { useT, type Translate } from '../../i18n';
import { Badge, Table, type Column } from '../../ui';
import { tenderLabel, varianceText, varianceTone } from './format';

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

const countOf = (c: { count: number; amount: number }, money: (n: number) => string, fmt: StoreFormat, t: Translate) =>
  t('reports.countAmount', { count: fmt.number(c.count), amount: money(c.amount) });

/**
 * What went back in a scope (an X, a Z, a day): credit notes issued (taken off net sales),
 * the refunds per tender, the vouchers issued and redeemed; named as on the printed Z.
 */
export function ReturnsCard({ figures, currency, fmt }: { figures: SalesFigures; currency: string; fmt: StoreFormat }) {
  const t = useT();
  const money = (n: number) => fmt.money(n, currency);
  return (
    <FigureCard title={t('reports.returns')}>
      <Figure label={t('reports.creditNotes')} strong testId="report-credit-notes">
        {countOf({ count: figures.creditNotes.count, amount: -figures.creditNotes.amount }, money, fmt, t)}
      </Figure>
      {figures.tenders
        .filter((x) => x.refundCount > 0)
        .map((x) => (
          <Figure key={x.method} label={t('reports.tenderRefunds', { method: x.method })} testId={`report-refunds-${x.method}`}>
            {countOf({ count: x.refundCount, amount: -x.refunds }, money, fmt, t)}
          </Figure>
        ))}
      <Figure label={t('reports.vouchersIssued')} testId="report-vouchers-issued">{countOf(figures.vouchers.issued, money, fmt, t)}</Figure>
      <Figure label={t('reports.vouchersRedeemed')} testId="report-vouchers-redeemed">{countOf(figures.vouchers.redeemed, money, fmt, t)}</Figure>
    </FigureCard>
  );
}

/** The credit notes' tax per rate (what the returns take back of each rate); nothing when none was issued. */
export function CreditNoteTaxRates({ figures, currency, fmt }: { figures: SalesFigures; currency: string; fmt: StoreFormat }) {
  const t = useT();
  if (figures.creditNoteTaxRates.length === 0) return null;
  const m = (n: number) => <span className="list__amount">{fmt.money(n, currency)}</span>;
  const columns: Column<TaxRate>[] = [
    { key: 'rate', header: t('reports.taxRate'), render: (r) => fmt.rate(r.taxRateBp) },
    { key: 'net', header: t('reports.net'), align: 'end', width: 'shrink', render: (r) => m(-r.net) },
    { key: 'tax', header: t('common.tax'), align: 'end', width: 'shrink', render: (r) => m(-r.tax) },
    { key: 'gross', header: t('reports.gross'), align: 'end', width: 'shrink', render: (r) => m(-r.gross) },
  ];
  return (
    <section className="reports__section" aria-label={t('reports.creditNotesByTaxRate')}>
      <h2 className="reports__section-title">{t('reports.creditNotesByTaxRate')}</h2>
      <Table caption={t('reports.creditNotesByTaxRate')} columns={columns} rows={figures.creditNoteTaxRates} rowKey={(r) => String(r.taxRateBp)} empty="" />
    </section>
  );
}

/**
 * An X or Z report laid out as a page: the drawer (float to over/short), the sales and their
 * tax, each tender, each cashier, and what was voided or opened without a sale.
 */
export function ReportFigures({ report, fmt }: { report: Report; fmt: StoreFormat }) {
  const t = useT();
  const money = (n: number) => fmt.money(n, report.currency);
  const m = (n: number) => <span className="list__amount">{money(n)}</span>;

  const tenderColumns: Column<Tender>[] = [
    { key: 'method', header: t('reports.tender'), render: (x) => tenderLabel(t, x.method) },
    { key: 'count', header: t('reports.payments'), align: 'end', width: 'shrink', render: (x) => fmt.number(x.count) },
    { key: 'amount', header: t('reports.taken'), align: 'end', width: 'shrink', render: (x) => m(x.amount) },
    { key: 'refundCount', header: t('reports.refunds'), align: 'end', width: 'shrink', render: (x) => fmt.number(x.refundCount) },
    { key: 'refunds', header: t('reports.refunded'), align: 'end', width: 'shrink', render: (x) => m(x.refunds) },
  ];
  const taxColumns: Column<TaxRate>[] = [
    { key: 'rate', header: t('reports.taxRate'), render: (r) => fmt.rate(r.taxRateBp) },
    { key: 'net', header: t('reports.net'), align: 'end', width: 'shrink', render: (r) => m(r.net) },
    { key: 'tax', header: t('common.tax'), align: 'end', width: 'shrink', render: (r) => m(r.tax) },
    { key: 'gross', header: t('reports.gross'), align: 'end', width: 'shrink', render: (r) => m(r.gross) },
  ];
  const cashierColumns: Column<Cashier>[] = [
    { key: 'name', header: t('reports.cashier'), render: (c) => c.name },
    { key: 'sales', header: t('reports.sales'), align: 'end', width: 'shrink', render: (c) => fmt.number(c.sales.count) },
    { key: 'gross', header: t('reports.gross'), align: 'end', width: 'shrink', render: (c) => m(c.sales.gross) },
    { key: 'refunds', header: t('reports.refunds'), align: 'end', width: 'shrink', render: (c) => m(c.refunds.amount) },
    { key: 'creditNotes', header: t('reports.creditNotes'), align: 'end', width: 'shrink', render: (c) => m(-c.creditNotes.amount) },
    { key: 'voids', header: t('reports.lineVoids'), align: 'end', width: 'shrink', hideBelow: 'md', render: (c) => fmt.number(c.lineVoids.count) },
    { key: 'abandoned', header: t('reports.abandonedCarts'), align: 'end', width: 'shrink', hideBelow: 'md', render: (c) => fmt.number(c.abandonedCarts.count) },
    { key: 'noSales', header: t('reports.noSales'), align: 'end', width: 'shrink', render: (c) => fmt.number(c.noSales) },
  ];

  return (
    <div className="reports__report">
      <div className="reports__cards">
        <FigureCard title={t('reports.drawer')}>
          <Figure label={t('reports.openingFloat')}>{m(report.openingFloat)}</Figure>
          <Figure label={t('reports.cashPayments')}>{m(report.cash.payments)}</Figure>
          <Figure label={t('reports.cashRefunds')}>{m(-report.cash.refunds)}</Figure>
          <Figure label={t('reports.payIns')}>{countOf(report.cash.payIns, money, fmt, t)}</Figure>
          <Figure label={t('reports.payOuts')}>{countOf(report.cash.payOuts, money, fmt, t)}</Figure>
          <Figure label={t('reports.dropsToSafe')}>{countOf(report.cash.drops, money, fmt, t)}</Figure>
          <Figure label={t('reports.expectedCash')} strong testId="report-expected">
            {report.expectedCash === null ? <span className="list__muted">{t('reports.countedBlind')}</span> : m(report.expectedCash)}
          </Figure>
          <Figure label={t('reports.countedCash')} strong testId="report-counted">
            {report.countedCash === null ? <span className="list__muted">{t('reports.notCountedYet')}</span> : m(report.countedCash)}
          </Figure>
          <Figure label={t('reports.overShort')} testId="report-variance">
            {report.variance === null ? <span className="list__muted">{t('common.none_dash')}</span> : <Badge tone={varianceTone(report.variance)}>{varianceText(report.variance, fmt, t, report.currency)}</Badge>}
          </Figure>
          {report.note ? <Figure label={t('common.note')}>{report.note}</Figure> : null}
          {report.approvedByName ? <Figure label={t('reports.approvedBy')}>{report.approvedByName}</Figure> : null}
        </FigureCard>

        <FigureCard title={t('reports.sales')}>
          <Figure label={t('reports.invoicesIssued')} testId="report-sales-count">{fmt.number(report.sales.count)}</Figure>
          <Figure label={t('reports.netOfTax')}>{m(report.sales.net)}</Figure>
          <Figure label={t('common.tax')}>{m(report.sales.tax)}</Figure>
          <Figure label={t('reports.grossSales')} strong testId="report-gross">{m(report.sales.gross)}</Figure>
          <Figure label={t('reports.refunds')}>{countOf(report.refunds, money, fmt, t)}</Figure>
          <Figure label={t('reports.cancellations')}>{countOf(report.cancellations, money, fmt, t)}</Figure>
          <Figure label={t('reports.creditNotes')}>{countOf({ count: report.creditNotes.count, amount: -report.creditNotes.amount }, money, fmt, t)}</Figure>
          <Figure label={t('reports.cashRounding')}>{m(report.rounding)}</Figure>
          <Figure label={t('reports.netSales')} strong testId="report-net-sales">{m(report.netSales)}</Figure>
          <Figure label={t('reports.grandTotal')} testId="report-grand-total">{m(report.grandTotal)}</Figure>
        </FigureCard>

        <ReturnsCard figures={report} currency={report.currency} fmt={fmt} />

        <FigureCard title={t('reports.atTheCounter')}>
          <Figure label={t('reports.noSaleOpens')}>{fmt.number(report.noSales)}</Figure>
          <Figure label={t('reports.lineVoids')}>{countOf(report.lineVoids, money, fmt, t)}</Figure>
          <Figure label={t('reports.abandonedCarts')}>{countOf(report.abandonedCarts, money, fmt, t)}</Figure>
        </FigureCard>
      </div>

      <section className="reports__section" aria-label={t('reports.tenders')}>
        <h2 className="reports__section-title">{t('reports.tenders')}</h2>
        <Table caption={t('reports.tenders')} columns={tenderColumns} rows={report.tenders} rowKey={(x) => x.method} empty={t('reports.noPaymentInSession')} />
      </section>
      <section className="reports__section" aria-label={t('reports.taxRates')}>
        <h2 className="reports__section-title">{t('reports.taxRates')}</h2>
        <Table caption={t('reports.taxRates')} columns={taxColumns} rows={report.taxRates} rowKey={(r) => String(r.taxRateBp)} empty={t('reports.noSaleInSession')} />
      </section>
      <CreditNoteTaxRates figures={report} currency={report.currency} fmt={fmt} />
      <section className="reports__section" aria-label={t('reports.cashiers')}>
        <h2 className="reports__section-title">{t('reports.cashiers')}</h2>
        <Table caption={t('reports.cashiers')} columns={cashierColumns} rows={report.cashiers} rowKey={(c) => c.userId} empty={t('reports.noOneSoldInSession')} />
      </section>
    </div>
  );
}
