import { useMemo, type ReactNode } from 'react';
import type { Output } from '../../../../shared/contract';
import { useContractQuery, useStoreFormat } from '../../data';
import { LoadError, PageHeader, Table, type Column } from '../../ui';
import { ChartCanvas } from './Chart';
import { daysChart, hourChart, taxChart, tenderChart } from './chartConfigs';
import { DaySummary } from './DaySummary';
import { formatDay } from './format';

type Product = Output<'reports.dashboard'>['topProducts'][number];

function ChartCard({ title, children, wide = false }: { title: string; children: ReactNode; wide?: boolean }) {
  return (
    <section className={`reports__card reports__chart-card${wide ? ' reports__chart-card--wide' : ''}`} aria-label={title}>
      <h2 className="reports__card-title">{title}</h2>
      {children}
    </section>
  );
}

/** Reports → Dashboard: today by hour, the last 30 days, tenders, tax rates, top products, and one day per register. */
export function Dashboard() {
  const fmt = useStoreFormat();
  const query = useContractQuery('reports.dashboard', {});
  const d = query.data;
  const charts = useMemo(() => (d ? { hours: hourChart(d, fmt), days: daysChart(d, fmt), tenders: tenderChart(d, fmt), tax: taxChart(d, fmt) } : null), [d, fmt]);

  const productColumns: Column<Product>[] = [
    { key: 'name', header: 'Product', render: (p) => p.name },
    { key: 'qty', header: 'Sold', align: 'end', width: 'shrink', render: (p) => fmt.number(p.quantity) },
    { key: 'gross', header: 'Gross', align: 'end', width: 'shrink', render: (p) => <span className="list__amount">{fmt.money(p.gross, d?.currency)}</span> },
  ];

  return (
    <>
      <PageHeader title="Dashboard" description="Sales of today and of the last 30 days, every register together; below, one day per register." />
      {query.error ? <LoadError title="The dashboard could not be loaded." message={query.error.message} onRetry={() => void query.refetch()} /> : null}
      {d && charts ? (
        <>
          <dl className="reports__stats" aria-label="Today">
            <div className="reports__stat">
              <dt>Sales today</dt>
              <dd data-testid="dashboard-today-count">{fmt.number(d.today.sales.count)}</dd>
            </div>
            <div className="reports__stat">
              <dt>Gross today</dt>
              <dd data-testid="dashboard-today-gross">{fmt.money(d.today.sales.amount, d.currency)}</dd>
            </div>
            <div className="reports__stat">
              <dt>Last 30 days</dt>
              <dd data-testid="dashboard-days-gross">{fmt.money(d.days.reduce((sum, x) => sum + x.gross, 0), d.currency)}</dd>
            </div>
          </dl>
          <div className="reports__charts">
            <ChartCard title={`Today by hour (${formatDay(d.today.date, fmt.locale)})`}>
              <ChartCanvas config={charts.hours} label="Gross sales by hour today" testId="chart-hours" />
            </ChartCard>
            <ChartCard title="Last 30 days">
              <ChartCanvas config={charts.days} label="Gross sales per day over the last 30 days" testId="chart-days" />
            </ChartCard>
            <ChartCard title="By tender, last 30 days">
              {d.byTender.length > 0 ? <ChartCanvas config={charts.tenders} label="Amount taken per tender" testId="chart-tenders" /> : <p className="list__muted">No payment yet.</p>}
            </ChartCard>
            <ChartCard title="By tax rate, last 30 days">
              {d.byTaxRate.length > 0 ? <ChartCanvas config={charts.tax} label="Net and tax per tax rate" testId="chart-tax" /> : <p className="list__muted">No sale yet.</p>}
            </ChartCard>
            <ChartCard title="Top products, last 30 days" wide>
              <Table caption="Top products" columns={productColumns} rows={d.topProducts} rowKey={(p) => `${p.productId ?? ''}|${p.name}`} empty="No product sold yet." />
            </ChartCard>
          </div>
        </>
      ) : query.error ? null : (
        <p aria-busy="true">Loading the dashboard…</p>
      )}
      <DaySummary />
    </>
  );
}
