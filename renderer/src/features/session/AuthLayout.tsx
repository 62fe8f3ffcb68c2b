import type { ReactNode } from 'react';
import './session.css';

/** The centred card of the setup and sign-in screens. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth__card">
        <div className="auth__brand" aria-hidden="true">
          <span className="auth__logo">T</span>
          <span className="auth__name">Tessera</span>
        </div>
        <h1 className="auth__title">{title}</h1>
        {subtitle ? <p className="auth__subtitle">{subtitle}</p> : null}
        {children}
      </div>
    </main>
  );
}
