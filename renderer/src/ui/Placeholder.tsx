import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { Badge } from './Badge';

/** A page that is not built yet: says what will come there. */
export function Placeholder({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  return (
    <section className="placeholder" aria-label={title}>
      <Badge tone="info">{t('shell.comingNext')}</Badge>
      <h2 className="placeholder__title">{title}</h2>
      <div className="placeholder__text">{children}</div>
    </section>
  );
}
