import { href } from '../../app/router';
import { useContractQuery, useStoreFormat } from '../../data';
import { useT } from '../../i18n';
import { LoadError, PageHeader } from '../../ui';
import { RichMessage } from '../orders/RichMessage';
import { ZPrintout } from '../register/ZPrintout';
import { ReportFigures } from './ReportFigures';

/** One Z report: its figures as a report page, its printout beside them (reprint, PDF), and the trail's head it sealed. */
export function ZReportDetail({ id }: { id: string }) {
  const t = useT();
  const fmt = useStoreFormat();
  const z = useContractQuery('reports.z', { id });
  if (z.error) return <LoadError title={t('reports.zReportLoadError')} message={z.error.message} onRetry={() => void z.refetch()} />;
  const r = z.data;
  if (!r) return <p aria-busy="true">{t('reports.loadingZReport')}</p>;

  return (
    <>
      <PageHeader
        eyebrow={t('reports.registerCodeName', { code: r.registerCode, name: r.registerName })}
        title={r.number}
        description={
          <RichMessage
            id="reports.zReportDescription"
            values={{
              back: (
                <a className="reports__back" href={href('/reports/z')}>
                  {t('reports.backToZReports')}
                </a>
              ),
              opened: fmt.dateTime(r.openedAt),
              openedBy: r.openedByName,
              closed: r.closedAt ? fmt.dateTime(r.closedAt) : t('common.none_dash'),
              closedBy: r.closedByName ?? t('common.none_dash'),
              session: (chunks) => (
                <a className="reports__back" href={href(`/reports/sessions/${r.sessionId}`)}>
                  {chunks}
                </a>
              ),
            }}
          />
        }
      />
      <div className="reports__z">
        <div className="reports__z-figures">
          <ReportFigures report={r} fmt={fmt} />
          <p className="reports__chain">
            <RichMessage id="reports.chainHead" values={{ head: r.chainHead, code: (chunks) => <code data-testid="z-chain-head">{chunks}</code> }} />
          </p>
        </div>
        <aside className="reports__z-printout" aria-label={t('reports.printout')}>
          <h2 className="reports__section-title">{t('reports.reprint')}</h2>
          <ZPrintout zReportId={r.id} />
        </aside>
      </div>
    </>
  );
}
