import type { CashMovement } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import { href } from '../../app/router';
import { useContractQuery, useStoreFormat } from '../../data';
import { useT } from '../../i18n';
import { Badge, LoadError, PageHeader, Table, type Column } from '../../ui';
import { RichMessage } from '../orders/RichMessage';
import { useSession } from '../session/store';
import { movementLabel } from './format';
import { ReportFigures } from './ReportFigures';

/** One cash session: its movements and, while open, its X report; once closed, a link to its Z. */
export function SessionDetail({ id }: { id: string }) {
  const t = useT();
  const role = useSession((s) => s.user?.role);
  const fmt = useStoreFormat();
  const session = useContractQuery('cashSessions.get', { id });
  const movements = useContractQuery('cashSessions.movements', { sessionId: id });
  const open = session.data?.status === 'OPEN';
  const x = useContractQuery('reports.x', { sessionId: id }, { enabled: open && !!role && canCall(role, 'reports.x') });
  const back = (
    <a className="reports__back" href={href('/reports/sessions')}>
      {t('reports.backToSessions')}
    </a>
  );

  if (session.error) return <LoadError title={t('reports.sessionLoadError')} message={session.error.message} onRetry={() => void session.refetch()} />;
  const s = session.data;
  if (!s) return <p aria-busy="true">{t('reports.loadingSession')}</p>;

  const columns: Column<CashMovement>[] = [
    { key: 'at', header: t('reports.when'), render: (mv) => <time dateTime={mv.createdAt}>{fmt.dateTime(mv.createdAt)}</time> },
    { key: 'kind', header: t('reports.movement'), render: (mv) => movementLabel(t, mv.kind) },
    {
      key: 'amount',
      header: t('common.amount'),
      align: 'end',
      width: 'shrink',
      render: (mv) => (mv.kind === 'noSale' ? <span className="list__muted">{t('common.none_dash')}</span> : <span className="list__amount">{fmt.money(mv.amount)}</span>),
    },
    { key: 'reason', header: t('common.reason'), render: (mv) => mv.reason },
    { key: 'by', header: t('reports.by'), hideBelow: 'md', render: (mv) => mv.createdByName },
  ];

  return (
    <>
      <PageHeader
        eyebrow={t('reports.registerCodeName', { code: s.registerCode, name: s.registerName })}
        title={t('reports.sessionTitle', { date: fmt.date(s.openedAt) })}
        description={
          s.closedAt ? (
            <RichMessage
              id="reports.sessionOpenedClosed"
              values={{ back, opened: fmt.dateTime(s.openedAt), openedBy: s.openedByName, closed: fmt.dateTime(s.closedAt), closedBy: s.closedByName ?? '' }}
            />
          ) : (
            <RichMessage id="reports.sessionOpened" values={{ back, opened: fmt.dateTime(s.openedAt), openedBy: s.openedByName }} />
          )
        }
        actions={
          s.zReportId && s.zNumber ? (
            <a className="btn btn--secondary btn--md" href={href(`/reports/z/${s.zReportId}`)}>
              {t('reports.zReportNumber', { number: s.zNumber })}
            </a>
          ) : (
            <Badge tone="info">{t('reports.open')}</Badge>
          )
        }
      />
      {s.openSinceEarlierDay ? <p className="reports__warning">{t('reports.openSinceEarlierDay')}</p> : null}

      {open && x.data ? (
        <section aria-label={t('reports.xReport')}>
          <h2 className="reports__section-title">{t('reports.xReportAt', { time: fmt.time(x.data.at) })}</h2>
          <ReportFigures report={x.data} fmt={fmt} />
        </section>
      ) : null}
      {open && x.error ? <LoadError title={t('reports.xReportLoadError')} message={x.error.message} onRetry={() => void x.refetch()} /> : null}

      <section className="reports__section" aria-label={t('reports.cashMovements')}>
        <h2 className="reports__section-title">{t('reports.cashMovements')}</h2>
        {movements.error ? (
          <LoadError title={t('reports.movementsLoadError')} message={movements.error.message} onRetry={() => void movements.refetch()} />
        ) : (
          <Table caption={t('reports.cashMovements')} columns={columns} rows={movements.data?.items ?? []} rowKey={(mv) => mv.id} busy={!movements.data}
            empty={movements.data ? t('reports.noMovements') : t('common.loading')} />
        )}
      </section>
    </>
  );
}
