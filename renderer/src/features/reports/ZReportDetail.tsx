import { href } from '../../app/router';
import { useContractQuery, useStoreFormat } from '../../data';
import { LoadError, PageHeader } from '../../ui';
import { ZPrintout } from '../register/ZPrintout';
import { ReportFigures } from './ReportFigures';

/** One Z report: its figures as a report page, its printout beside them (reprint, PDF), and the trail's head it sealed. */
export function ZReportDetail({ id }: { id: string }) {
  const fmt = useStoreFormat();
  const z = useContractQuery('reports.z', { id });
  if (z.error) return <LoadError title="This Z report could not be loaded." message={z.error.message} onRetry={() => void z.refetch()} />;
  const r = z.data;
  if (!r) return <p aria-busy="true">Loading the Z report…</p>;

  return (
    <>
      <PageHeader
        eyebrow={`${r.registerCode} · ${r.registerName}`}
        title={r.number}
        description={
          <>
            <a className="reports__back" href={href('/reports/z')}>
              ← Z reports
            </a>{' '}
            · Opened {fmt.dateTime(r.openedAt)} by {r.openedByName}, closed {r.closedAt ? fmt.dateTime(r.closedAt) : '—'} by {r.closedByName ?? '—'} ·{' '}
            <a className="reports__back" href={href(`/reports/sessions/${r.sessionId}`)}>
              its cash session
            </a>
          </>
        }
      />
      <div className="reports__z">
        <div className="reports__z-figures">
          <ReportFigures report={r} fmt={fmt} />
          <p className="reports__chain">
            Audit trail head at the close: <code data-testid="z-chain-head">{r.chainHead}</code>
          </p>
        </div>
        <aside className="reports__z-printout" aria-label="Printout">
          <h2 className="reports__section-title">Reprint</h2>
          <ZPrintout zReportId={r.id} />
        </aside>
      </div>
    </>
  );
}
