import { useEffect } from 'react';
import type { Role } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import { lazyPage } from '../../app/lazyPage';
import { href, navigate, useRoute } from '../../app/router';
import { useT, type MessageId } from '../../i18n';
import { useSession } from '../session/store';
import { SessionDetail } from './SessionDetail';
import { SessionsList } from './SessionsList';
import { ZReportDetail } from './ZReportDetail';
import { ZReportList } from './ZReportList';
import './reports.css';

// The charts' library is in the dashboard's chunk only: the counter and these lists never load it.
const dashboard = lazyPage(() => import('./Dashboard'), 'Dashboard');

type Tab = 'dashboard' | 'sessions' | 'z';

const tabs: { tab: Tab; labelId: MessageId; path: string; visible: (r: Role) => boolean }[] = [
  { tab: 'dashboard', labelId: 'reports.dashboard', path: '/reports/dashboard', visible: (r) => canCall(r, 'reports.dashboard') },
  { tab: 'sessions', labelId: 'reports.cashSessions', path: '/reports/sessions', visible: (r) => canCall(r, 'cashSessions.list') },
  { tab: 'z', labelId: 'reports.zReports', path: '/reports/z', visible: (r) => canCall(r, 'reports.zList') },
];

/** Which tab and item a path shows: `#/reports/z/<id>` is one Z report. */
function parse(path: string): { tab: Tab | null; id: string | null } {
  const m = /^\/reports\/(dashboard|sessions|z)(?:\/([^/]+))?$/.exec(path);
  if (!m) return { tab: null, id: null };
  return { tab: m[1] as Tab, id: m[2] ? decodeURIComponent(m[2]) : null };
}

/** Reports: the dashboard (managers, admins, support), cash sessions and Z reports. */
export function ReportsPage() {
  const t = useT();
  const role = useSession((s) => s.user?.role);
  const path = useRoute();
  const shown = role ? tabs.filter((x) => x.visible(role)) : [];
  const { tab, id } = parse(path);
  const allowed = tab !== null && shown.some((x) => x.tab === tab);
  const first = shown[0]?.path;

  // `#/reports`, or a tab this role does not have: the role's first tab.
  useEffect(() => {
    if (!allowed && first) navigate(first, { replace: true });
  }, [allowed, first]);
  if (!allowed) return null;

  return (
    <div className="reports">
      <nav className="tabs" aria-label={t('reports.reports')}>
        {shown.map((x) => (
          <a key={x.tab} className={`tabs__tab${x.tab === tab ? ' is-active' : ''}`} href={href(x.path)} aria-current={x.tab === tab ? 'page' : undefined}>
            {t(x.labelId)}
          </a>
        ))}
      </nav>
      {tab === 'dashboard' ? <dashboard.Page /> : null}
      {tab === 'sessions' ? id ? <SessionDetail key={id} id={id} /> : <SessionsList /> : null}
      {tab === 'z' ? id ? <ZReportDetail key={id} id={id} /> : <ZReportList /> : null}
    </div>
  );
}
