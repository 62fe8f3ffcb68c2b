import { useMemo } from 'react';
import type { Output } from '../../../../shared/contract';
import type { StoreFormat } from '../../../../shared/domain/format';
import { canCall } from '../../app/access';
import { href, navigate } from '../../app/router';
import { useContractList, useStoreFormat } from '../../data';
import { useSession } from '../session/store';
import { useExports } from '../exports/store';
import { Badge, Button, FilterBar, FilterDates, PageHeader, PagedTable, usePageFilter, type Column } from '../../ui';
import { varianceText, varianceTone } from './format';
import { emptyZFilter, zKey, zListInput, type ZFilter } from './queries';
import { RegisterFilter } from './RegisterFilter';

type ZRow = Output<'reports.zList'>['items'][number];

function zColumns(fmt: StoreFormat): Column<ZRow>[] {
  const money = (n: number) => <span className="list__amount">{fmt.money(n)}</span>;
  return [
    {
      key: 'number',
      header: 'Z report',
      render: (z) => (
        <>
          <a className="list__link list__nowrap" href={href(`/reports/z/${z.id}`)}>
            {z.number}
          </a>
          <span className="reports__sub">{fmt.date(z.closedAt)}</span>
        </>
      ),
    },
    { key: 'opened', header: 'Opened', hideBelow: 'lg', render: (z) => <time dateTime={z.openedAt}>{fmt.dateTime(z.openedAt)}</time> },
    {
      key: 'closed',
      header: 'Closed',
      hideBelow: 'md',
      render: (z) => (
        <span className="reports__who">
          <time dateTime={z.closedAt}>{fmt.dateTime(z.closedAt)}</time>
          <span className="reports__sub">{z.closedByName}</span>
        </span>
      ),
    },
    { key: 'sales', header: 'Gross sales', align: 'end', width: 'shrink', render: (z) => money(z.sales) },
    { key: 'net', header: 'Net sales', align: 'end', width: 'shrink', render: (z) => money(z.netSales) },
    { key: 'variance', header: 'Over/short', align: 'end', width: 'shrink', render: (z) => <Badge tone={varianceTone(z.variance)}>{varianceText(z.variance, fmt)}</Badge> },
    { key: 'grand', header: 'Grand total', align: 'end', width: 'shrink', render: (z) => money(z.grandTotal) },
  ];
}

/** The Z reports, newest first: sealed at each close, numbered without gaps per register. */
export function ZReportList() {
  const [filter, setFilter, clearFilter] = usePageFilter<ZFilter>('zReports', emptyZFilter);
  const list = useContractList('reports.zList', zListInput(filter), zKey);
  const fmt = useStoreFormat();
  const columns = useMemo(() => zColumns(fmt), [fmt]);
  const filtered = filter.registerId !== '' || filter.from !== '' || filter.to !== '';
  const canExport = useSession((s) => (s.user ? canCall(s.user.role, 'exports.zReports') : false));
  // The Exports screen takes the list's filters; the format is chosen, and the file followed, there.
  const exportList = () => {
    useExports.getState().prepare({ kind: 'zReports', registerId: filter.registerId, from: filter.from, to: filter.to });
    navigate('/exports');
  };

  return (
    <>
      <PageHeader title="Z reports" description="The end-of-day report each close seals: numbered without gaps per register, never changed. Open one to reprint it or save it as a PDF."
        actions={canExport ? <Button variant="secondary" onClick={exportList}>Export…</Button> : undefined} />
      <FilterBar label="Filter Z reports" filtered={filtered} onClear={clearFilter}>
        <RegisterFilter value={filter.registerId} onChange={(registerId) => setFilter({ registerId })} />
        <FilterDates from={filter.from} to={filter.to} onChange={setFilter} />
      </FilterBar>
      <PagedTable caption="Z reports" columns={columns} list={list} filtered={filtered} noun={['Z report', 'Z reports']}
        empty="No Z report yet. Closing a register's cash session seals one." emptyFiltered="No Z report matches these filters." />
    </>
  );
}
