import { useMemo, type ReactNode } from 'react';
import type { Output } from '../../../../shared/contract';
import { useContractQuery, useStoreFormat } from '../../data';
import { useT } from '../../i18n';
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
  const t = useT();
  const fmt = useStoreFormat();
  const query = useContractQuery('reports.dashboard', {});
  const d = query.data;
  const charts = useMemo(() => (d ? { hours: hourChart(d, fmt, t), days: daysChart(d, fmt, t), tenders: tenderChart(d, fmt, t), tax: taxChart(d, fmt, t) } : null), [d, fmt, t]);

  const productColumns: Column<Product>[] = [
    { key: 'name', header: t('reports.product'), render: (p) => p.name },
    { key: 'qty', header: t('reports.sold'), align: 'end', width: 'shrink', render: (p) => fmt.number(p.quantity) },
    { key: 'gross', header: t('reports.gross'), align: 'end', width: 'shrink', render: (p) => <span className="list__amount">{fmt.money(p.gross, d?.currency)}</span> },
  ];

  return (
    <>
      <PageHeader title={t('reports.dashboard')} description={t('reports.dashboardDescription')} />
      {query.error ? <LoadError title={t('reports.dashboardLoadError')} message={query.error.message} onRetry={() => void query.refetch()} /> : null}
      {d && charts ? (
        <>
          <dl className="reports__stats" aria-label={t('reports.today')}>
            <div className="reports__stat">
              <dt>{t('reports.salesToday')}</dt>
              <dd data-testid="dashboard-today-count">{fmt.number(d.today.sales.count)}</dd>
            </div>
            <div className="reports__stat">
              <dt>{t('reports.grossToday')}</dt>
              <dd data-testid="dashboard-today-gross">{fmt.money(d.today.sales.amount, d.currency)}</dd>
            </div>
            <div className="reports__stat">
              <dt>{t('reports.last30Days')}</dt>
              <dd data-testid="dashboard-days-gross">{fmt.money(d.days.reduce((sum, x) => sum + x.gross, 0), d.currency)}</dd>
            </div>
          </dl>
          <div className="reports__charts">
            <ChartCard title={t('reports.todayByHour', { day: formatDay(d.today.date, fmt.locale) })}>
              <ChartCanvas config={charts.hours} label={t('reports.chartHoursLabel')} testId="chart-hours" />
            </ChartCard>
            <ChartCard title={t('reports.last30Days')}>
              <ChartCanvas config={charts.days} label={t('reports.chartDaysLabel')} testId="chart-days" />
            </ChartCard>
            <ChartCard title={t('reports.byTender')}>
              {d.byTender.length > 0 ? <ChartCanvas config={charts.tenders} label={t('reports.chartTendersLabel')} testId="chart-tenders" /> : <p className="list__muted">{t('reports.noPaymentYet')}</p>}
            </ChartCard>
            <ChartCard title={t('reports.byTaxRate')}>
              {d.byTaxRate.length > 0 ? <ChartCanvas config={charts.tax} label={t('reports.chartTaxLabel')} testId="chart-tax" /> : <p className="list__muted">{t('reports.noSaleYet')}</p>}
            </ChartCard>
            <ChartCard title={t('reports.topProductsTitle')} wide>
              <Table caption={t('reports.topProducts')} columns={productColumns} rows={d.topProducts} rowKey={(p) => `${p.productId ?? ''}|${p.name}`} empty={t('reports.noProductSoldYet')} />
            </ChartCard>
          </div>
        </>
      ) : query.error ? null : (
        <p aria-busy="true">{t('reports.loadingDashboard')}</p>
      )}
      <DaySummary />
    </>
  );
}
