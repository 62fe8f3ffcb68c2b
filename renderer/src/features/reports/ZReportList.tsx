import { useMemo } from 'react';
import type { Output } from '../../../../shared/contract';
import type { StoreFormat } from '../../../../shared/domain/format';
import { canCall } from '../../app/access';
import { href, navigate } from '../../app/router';
import { useContractList, useStoreFormat } from '../../data';
import { useT, type Translate } from '../../i18n';
import { useSession } from '../session/store';
import { useExports } from '../exports/store';
import { Badge, Button, FilterBar, FilterDates, PageHeader, PagedTable, usePageFilter, type Column } from '../../ui';
import { varianceText, varianceTone } from './format';
import { emptyZFilter, zKey, zListInput, type ZFilter } from './queries';
import { RegisterFilter } from './RegisterFilter';

type ZRow = Output<'reports.zList'>['items'][number];

function zColumns(fmt: StoreFormat, t: Translate): Column<ZRow>[] {
  const money = (n: number) => <span className="list__amount">{fmt.money(n)}</span>;
  return [
    {
      key: 'number',
      header: t('reports.zReport'),
      render: (z) => (
        <>
          <a className="list__link list__nowrap" href={href(`/reports/z/${z.id}`)}>
            {z.number}
          </a>
          <span className="reports__sub">{fmt.date(z.closedAt)}</span>
        </>
      ),
    },
    { key: 'opened', header: t('reports.opened'), hideBelow: 'lg', render: (z) => <time dateTime={z.openedAt}>{fmt.dateTime(z.openedAt)}</time> },
    {
      key: 'closed',
      header: t('reports.closedAt'),
      hideBelow: 'md',
      render: (z) => (
        <span className="reports__who">
          <time dateTime={z.closedAt}>{fmt.dateTime(z.closedAt)}</time>
          <span className="reports__sub">{z.closedByName}</span>
        </span>
      ),
    },
    { key: 'sales', header: t('reports.grossSales'), align: 'end', width: 'shrink', render: (z) => money(z.sales) },
    { key: 'net', header: t('reports.netSales'), align: 'end', width: 'shrink', render: (z) => money(z.netSales) },
    { key: 'variance', header: t('reports.overShort'), align: 'end', width: 'shrink', render: (z) => <Badge tone={varianceTone(z.variance)}>{varianceText(z.variance, fmt, t)}</Badge> },
    { key: 'grand', header: t('reports.grandTotal'), align: 'end', width: 'shrink', render: (z) => money(z.grandTotal) },
  ];
}

/** The Z reports, newest first: sealed at each close, numbered without gaps per register. */
export function ZReportList() {
  const t = useT();
  const [filter, setFilter, clearFilter] = usePageFilter<ZFilter>('zReports', emptyZFilter);
  const list = useContractList('reports.zList', zListInput(filter), zKey);
  const fmt = useStoreFormat();
  const columns = useMemo(() => zColumns(fmt, t), [fmt, t]);
  const filtered = filter.registerId !== '' || filter.from !== '' || filter.to !== '';
  const canExport = useSession((s) => (s.user ? canCall(s.user.role, 'exports.zReports') : false));
  // The Exports screen takes the list's filters; the format is chosen, and the file followed, there.
  const exportList = () => {
    useExports.getState().prepare({ kind: 'zReports', registerId: filter.registerId, from: filter.from, to: filter.to });
    navigate('/exports');
  };

  return (
    <>
      <PageHeader title={t('reports.zReports')} description={t('reports.zReportsDescription')}
        actions={canExport ? <Button variant="secondary" onClick={exportList}>{t('reports.export')}</Button> : undefined} />
      <FilterBar label={t('reports.filterZReports')} filtered={filtered} onClear={clearFilter}>
        <RegisterFilter value={filter.registerId} onChange={(registerId) => setFilter({ registerId })} />
        <FilterDates from={filter.from} to={filter.to} onChange={setFilter} />
      </FilterBar>
      <PagedTable caption={t('reports.zReports')} columns={columns} list={list} filtered={filtered} noun={[t('reports.nounZReport'), t('reports.nounZReports')]}
        empty={t('reports.zReportsEmpty')} emptyFiltered={t('reports.zReportsEmptyFiltered')} />
    </>
  );
}
