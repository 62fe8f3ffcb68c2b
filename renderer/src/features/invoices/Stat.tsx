import type { ReactNode } from 'react';

/** One figure of a list's summary (inside `<dl className="invoices__stats">`). */
export function Stat({ label, testId, children }: { label: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <div className="invoices__stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}
