import { canCall } from '../../app/access';
import { href } from '../../app/router';
import { useStoreFormat } from '../../data';
import { useT } from '../../i18n';
import { useNow } from '../orders/age';
import { useSession } from '../session/store';
import { indicator } from './status';
import { useHeadOfficeStatus } from './useHeadOffice';
import './headOffice.css';

/**
 * The shell's line about shipping the books to the head office: shown to everyone while a head
 * office is attached (nothing when detached), two short lines at most, the detail in its tooltip.
 * Those who have Admin → Head office open it from here.
 */
export function HeadOfficeIndicator() {
  const t = useT();
  const fmt = useStoreFormat();
  const now = useNow();
  const role = useSession((s) => s.user?.role);
  const status = useHeadOfficeStatus().data;
  if (!status) return null;
  const shown = indicator(status, now, fmt, t);
  if (!shown) return null;
  const body = (
    <>
      <span className={`ho-indicator__dot ho-indicator__dot--${shown.tone}`} aria-hidden="true" />
      <span className="ho-indicator__text">
        <span className="ho-indicator__state" data-testid="head-office-indicator-state">
          {shown.state}
        </span>
        {shown.detail ? (
          <span className="ho-indicator__detail" data-testid="head-office-indicator-detail">
            {shown.detail}
          </span>
        ) : null}
      </span>
    </>
  );
  const className = `ho-indicator ho-indicator--${shown.tone}`;
  return role && canCall(role, 'headOffice.installations') ? (
    <a className={className} href={href('/admin/head-office')} title={shown.title} data-testid="head-office-indicator" data-state={status.state}>
      {body}
    </a>
  ) : (
    <p className={className} title={shown.title} data-testid="head-office-indicator" data-state={status.state}>
      {body}
    </p>
  );
}
