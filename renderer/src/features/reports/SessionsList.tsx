import { useMemo } from 'react';
import type { CashSession } from '../../../../shared/contract';
import type { StoreFormat } from '../../../../shared/domain/format';
import { href } from '../../app/router';
import { useContractList, useStoreFormat } from '../../data';
import { Badge, FilterBar, FilterDates, FilterItem, PageHeader, PagedTable, Select, usePageFilter, type Column } from '../../ui';
import { varianceText, varianceTone } from './format';
import { emptySessionFilter, sessionKey, sessionListInput, type SessionFilter } from './queries';
import { RegisterFilter } from './RegisterFilter';

const statusOptions = [
  { value: '', label: 'Open and closed' },
  { value: 'OPEN', label: 'Open' },
  { value: 'CLOSED', label: 'Closed' },
];

const money = (minor: number | null, fmt: StoreFormat) => (minor === null ? <span className="list__muted">—</span> : <span className="list__amount">{fmt.money(minor)}</span>);

/**
 * Opened and closed: the time and who, in one cell each; the date is the session's (in its first
 * cell) unless the close fell on a later day. Keeps every figure in view on a 1024 px screen.
 */
function Who({ at, by, day, fmt }: { at: string | null; by: string | null; day: string; fmt: StoreFormat }) {
  if (!at) return <span className="list__muted">—</span>;
  return (
    <span className="reports__who">
      <time dateTime={at} className="list__nowrap">{fmt.day(at) === day ? fmt.time(at) : fmt.dateTime(at)}</time>
      {by ? <span className="reports__sub">{by}</span> : null}
    </span>
  );
}

function sessionColumns(fmt: StoreFormat): Column<CashSession>[] {
  return [
    {
      key: 'register',
      header: 'Session',
      render: (s) => (
        <>
          <a className="list__link" href={href(`/reports/sessions/${s.id}`)}>
            {s.registerCode} · {fmt.date(s.openedAt)}
          </a>
          <span className="reports__sub">
            {s.registerName}
            {s.zReportId && s.zNumber ? (
              <>
                {' · '}
                <a className="reports__z-link" href={href(`/reports/z/${s.zReportId}`)}>
                  {s.zNumber}
                </a>
              </>
            ) : null}
          </span>
        </>
      ),
    },
    { key: 'opened', header: 'Opened', hideBelow: 'md', render: (s) => <Who at={s.openedAt} by={s.openedByName} day={fmt.day(s.openedAt)} fmt={fmt} /> },
    { key: 'closed', header: 'Closed', render: (s) => (s.status === 'OPEN' ? <Badge tone="info">Open</Badge> : <Who at={s.closedAt} by={s.closedByName} day={fmt.day(s.openedAt)} fmt={fmt} />) },
    { key: 'float', header: 'Float', align: 'end', width: 'shrink', hideBelow: 'lg', render: (s) => money(s.openingFloat, fmt) },
    { key: 'expected', header: 'Expected', align: 'end', width: 'shrink', render: (s) => money(s.expectedCash, fmt) },
    { key: 'counted', header: 'Counted', align: 'end', width: 'shrink', render: (s) => money(s.countedCash, fmt) },
    {
      key: 'variance',
      header: 'Over/short',
      align: 'end',
      width: 'shrink',
      render: (s) => (s.variance === null ? <span className="list__muted">—</span> : <Badge tone={varianceTone(s.variance)}>{varianceText(s.variance, fmt)}</Badge>),
    },
  ];
}

/** Every register's cash sessions, newest first: float, expected, counted and over/short, with their Z. */
export function SessionsList() {
  const [filter, setFilter, clearFilter] = usePageFilter<SessionFilter>('cashSessions', emptySessionFilter);
  const list = useContractList('cashSessions.list', sessionListInput(filter), sessionKey);
  const fmt = useStoreFormat();
  const columns = useMemo(() => sessionColumns(fmt), [fmt]);
  const filtered = filter.registerId !== '' || filter.status !== '' || filter.from !== '' || filter.to !== '';

  return (
    <>
      <PageHeader title="Cash sessions" description="Each register's drawer from its opening float to the close: what it should hold, what was counted, and the difference." />
      <FilterBar label="Filter cash sessions" filtered={filtered} onClear={clearFilter}>
        <RegisterFilter value={filter.registerId} onChange={(registerId) => setFilter({ registerId })} />
        <FilterItem size="select">
          <Select label="Status" value={filter.status} options={statusOptions} onChange={(e) => setFilter({ status: e.target.value as SessionFilter['status'] })} />
        </FilterItem>
        <FilterDates from={filter.from} to={filter.to} onChange={setFilter} />
      </FilterBar>
      <PagedTable caption="Cash sessions" columns={columns} list={list} filtered={filtered} noun={['session', 'sessions']}
        empty="No cash session yet. A register's first session starts when it is opened at the counter with its float."
        emptyFiltered="No cash session matches these filters." />
    </>
  );
}
