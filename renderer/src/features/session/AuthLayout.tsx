import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import './session.css';

/** The centred card of the setup and sign-in screens. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  const t = useT();
  return (
    <main className="auth">
      <div className="auth__card">
        <div className="auth__brand" aria-hidden="true">
          <span className="auth__logo">{t('shell.appName').charAt(0)}</span>
          <span className="auth__name">{t('shell.appName')}</span>
        </div>
        <h1 className="auth__title">{title}</h1>
        {subtitle ? <p className="auth__subtitle">{subtitle}</p> : null}
        {children}
      </div>
    </main>
  );
}
