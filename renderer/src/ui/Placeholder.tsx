import type { ReactNode } from 'react';
import { Badge } from './Badge';

/** A page that is not built yet: says what will come there. */
export function Placeholder({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="placeholder" aria-label={title}>
      <Badge tone="info">Coming next</Badge>
      <h2 className="placeholder__title">{title}</h2>
      <div className="placeholder__text">{children}</div>
    </section>
  );
}
