import type { ReactNode } from 'react';
import { useT } from '../i18n';

export interface BannerProps {
  tone?: 'error' | 'info' | 'success' | 'warning';
  title?: string;
  children: ReactNode;
  onDismiss?: () => void;
}

/** An inline message. Errors are announced at once (role=alert), the rest politely (role=status). */
export function Banner({ tone = 'info', title, children, onDismiss }: BannerProps) {
  const t = useT();
  return (
    <div className={`banner banner--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span className="banner__icon" aria-hidden="true" />
      <div className="banner__text">
        {title ? <p className="banner__title">{title}</p> : null}
        <div>{children}</div>
      </div>
      {onDismiss ? (
        <button type="button" className="banner__dismiss" onClick={onDismiss} aria-label={t('shell.dismissMessage')}>
          <span aria-hidden="true">{t('shell.closeIcon')}</span>
        </button>
      ) : null}
    </div>
  );
}
