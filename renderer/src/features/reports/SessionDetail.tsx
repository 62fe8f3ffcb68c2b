import type { CashMovement } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import { href } from '../../app/router';
import { useContractQuery, useStoreFormat } from '../../data';
import { Badge, LoadError, PageHeader, Table, type Column } from '../../ui';
import { useSession } from '../session/store';
import { movementLabels } from './format';
import { ReportFigures } from './ReportFigures';

/** One cash session: its movements and, while open, its X report; once closed, a link to its Z. */
export function SessionDetail({ id }: { id: string }) {
  const role = useSession((s) => s.user?.role);
  const fmt = useStoreFormat();
  const session = useContractQuery('cashSessions.get', { id });
  const movements = useContractQuery('cashSessions.movements', { sessionId: id });
  const open = session.data?.status === 'OPEN';
  const x = useContractQuery('reports.x', { sessionId: id }, { enabled: open && !!role && canCall(role, 'reports.x') });
  const back = (
    <a className="reports__back" href={href('/reports/sessions')}>
      ← Cash sessions
    </a>
  );

  if (session.error) return <LoadError title="This cash session could not be loaded." message={session.error.message} onRetry={() => void session.refetch()} />;
  const s = session.data;
  if (!s) return <p aria-busy="true">Loading the cash session…</p>;

  const columns: Column<CashMovement>[] = [
    { key: 'at', header: 'When', render: (mv) => <time dateTime={mv.createdAt}>{fmt.dateTime(mv.createdAt)}</time> },
    { key: 'kind', header: 'Movement', render: (mv) => movementLabels[mv.kind] },
    { key: 'amount', header: 'Amount', align: 'end', width: 'shrink', render: (mv) => (mv.kind === 'noSale' ? <span className="list__muted">—</span> : <span className="list__amount">{fmt.money(mv.amount)}</span>) },
    { key: 'reason', header: 'Reason', render: (mv) => mv.reason },
    { key: 'by', header: 'By', hideBelow: 'md', render: (mv) => mv.createdByName },
  ];

  return (
    <>
      <PageHeader
        eyebrow={`${s.registerCode} · ${s.registerName}`}
        title={`Cash session of ${fmt.date(s.openedAt)}`}
        description={
          <>
            {back} · Opened {fmt.dateTime(s.openedAt)} by {s.openedByName}
            {s.closedAt ? `, closed ${fmt.dateTime(s.closedAt)} by ${s.closedByName ?? ''}` : ''}
          </>
        }
        actions={
          s.zReportId && s.zNumber ? (
            <a className="btn btn--secondary btn--md" href={href(`/reports/z/${s.zReportId}`)}>
              Z report {s.zNumber}
            </a>
          ) : (
            <Badge tone="info">Open</Badge>
          )
        }
      />
      {s.openSinceEarlierDay ? <p className="reports__warning">Open since an earlier day: the register should be closed and counted.</p> : null}

      {open && x.data ? (
        <section aria-label="X report">
          <h2 className="reports__section-title">X report at {fmt.time(x.data.at)}</h2>
          <ReportFigures report={x.data} fmt={fmt} />
        </section>
      ) : null}
      {open && x.error ? <LoadError title="The X report could not be loaded." message={x.error.message} onRetry={() => void x.refetch()} /> : null}

      <section className="reports__section" aria-label="Cash movements">
        <h2 className="reports__section-title">Cash movements</h2>
        {movements.error ? (
          <LoadError title="The movements could not be loaded." message={movements.error.message} onRetry={() => void movements.refetch()} />
        ) : (
          <Table caption="Cash movements" columns={columns} rows={movements.data?.items ?? []} rowKey={(mv) => mv.id} busy={!movements.data}
            empty={movements.data ? 'No pay-in, pay-out, drop or no-sale in this session.' : 'Loading…'} />
        )}
      </section>
    </>
  );
}
