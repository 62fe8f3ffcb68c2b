import { useMemo } from 'react';
import type { CashSession } from '../../../../shared/contract';
import type { StoreFormat } from '../../../../shared/domain/format';
import { href } from '../../app/router';
import { useContractList, useStoreFormat } from '../../data';
import { useT, type Translate } from '../../i18n';
import { Badge, FilterBar, FilterDates, FilterItem, PageHeader, PagedTable, Select, usePageFilter, type Column } from '../../ui';
import { RichMessage } from '../orders/RichMessage';
import { varianceText, varianceTone } from './format';
import { emptySessionFilter, sessionKey, sessionListInput, type SessionFilter } from './queries';
import { RegisterFilter } from './RegisterFilter';

const statusOptions = (t: Translate) => [
  { value: '', label: t('reports.openAndClosed') },
  { value: 'OPEN', label: t('reports.open') },
  { value: 'CLOSED', label: t('reports.closed') },
];

const money = (minor: number | null, fmt: StoreFormat, t: Translate) =>
  minor === null ? <span className="list__muted">{t('common.none_dash')}</span> : <span className="list__amount">{fmt.money(minor)}</span>;

/**
 * Opened and closed: the time and who, in one cell each; the date is the session's (in its first
 * cell) unless the close fell on a later day. Keeps every figure in view on a 1024 px screen.
 */
function Who({ at, by, day, fmt }: { at: string | null; by: string | null; day: string; fmt: StoreFormat }) {
  const t = useT();
  if (!at) return <span className="list__muted">{t('common.none_dash')}</span>;
  return (
    <span className="reports__who">
      <time dateTime={at} className="list__nowrap">{fmt.day(at) === day ? fmt.time(at) : fmt.dateTime(at)}</time>
      {by ? <span className="reports__sub">{by}</span> : null}
    </span>
  );
}

function sessionColumns(fmt: StoreFormat, t: Translate): Column<CashSession>[] {
  return [
    {
      key: 'register',
      header: t('reports.session'),
      render: (s) => (
        <>
          <a className="list__link" href={href(`/reports/sessions/${s.id}`)}>
            {t('reports.sessionName', { code: s.registerCode, date: fmt.date(s.openedAt) })}
          </a>
          <span className="reports__sub">
            {s.zReportId && s.zNumber ? (
              <RichMessage
                id="reports.sessionSubZ"
                values={{
                  name: s.registerName,
                  number: s.zNumber,
                  z: (chunks) => (
                    <a className="reports__z-link" href={href(`/reports/z/${s.zReportId}`)}>
                      {chunks}
                    </a>
                  ),
                }}
              />
            ) : (
              s.registerName
            )}
          </span>
        </>
      ),
    },
    { key: 'opened', header: t('reports.opened'), hideBelow: 'md', render: (s) => <Who at={s.openedAt} by={s.openedByName} day={fmt.day(s.openedAt)} fmt={fmt} /> },
    { key: 'closed', header: t('reports.closedAt'), render: (s) => (s.status === 'OPEN' ? <Badge tone="info">{t('reports.open')}</Badge> : <Who at={s.closedAt} by={s.closedByName} day={fmt.day(s.openedAt)} fmt={fmt} />) },
    { key: 'float', header: t('reports.float'), align: 'end', width: 'shrink', hideBelow: 'lg', render: (s) => money(s.openingFloat, fmt, t) },
    { key: 'expected', header: t('reports.expected'), align: 'end', width: 'shrink', render: (s) => money(s.expectedCash, fmt, t) },
    { key: 'counted', header: t('reports.counted'), align: 'end', width: 'shrink', render: (s) => money(s.countedCash, fmt, t) },
    {
      key: 'variance',
      header: t('reports.overShort'),
      align: 'end',
      width: 'shrink',
      render: (s) => (s.variance === null ? <span className="list__muted">{t('common.none_dash')}</span> : <Badge tone={varianceTone(s.variance)}>{varianceText(s.variance, fmt, t)}</Badge>),
    },
  ];
}

/** Every register's cash sessions, newest first: float, expected, counted and over/short, with their Z. */
export function SessionsList() {
  const t = useT();
  const [filter, setFilter, clearFilter] = usePageFilter<SessionFilter>('cashSessions', emptySessionFilter);
  const list = useContractList('cashSessions.list', sessionListInput(filter), sessionKey);
  const fmt = useStoreFormat();
  const columns = useMemo(() => sessionColumns(fmt, t), [fmt, t]);
  const filtered = filter.registerId !== '' || filter.status !== '' || filter.from !== '' || filter.to !== '';

  return (
    <>
      <PageHeader title={t('reports.cashSessions')} description={t('reports.sessionsDescription')} />
      <FilterBar label={t('reports.filterSessions')} filtered={filtered} onClear={clearFilter}>
        <RegisterFilter value={filter.registerId} onChange={(registerId) => setFilter({ registerId })} />
        <FilterItem size="select">
          <Select label={t('common.status')} value={filter.status} options={statusOptions(t)} onChange={(e) => setFilter({ status: e.target.value as SessionFilter['status'] })} />
        </FilterItem>
        <FilterDates from={filter.from} to={filter.to} onChange={setFilter} />
      </FilterBar>
      <PagedTable caption={t('reports.cashSessions')} columns={columns} list={list} filtered={filtered} noun={[t('reports.nounSession'), t('reports.nounSessions')]}
        empty={t('reports.sessionsEmpty')}
        emptyFiltered={t('reports.sessionsEmptyFiltered')} />
    </>
  );
}
