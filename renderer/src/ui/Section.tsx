import { useId, type ReactNode } from 'react';

export interface SectionProps {
  title: string;
  /** Beside the title: a badge. */
  aside?: ReactNode;
  /** A muted paragraph under the title: what the section is for. */
  lead?: ReactNode;
  children?: ReactNode;
  testId?: string;
}

/** One card of a page: a titled section (named by its title for screen readers). */
export function Section({ title, aside, lead, children, testId }: SectionProps) {
  const titleId = useId();
  return (
    <section className="section" aria-labelledby={titleId} data-testid={testId}>
      <div className="section__head">
        <h2 className="section__title" id={titleId}>
          {title}
        </h2>
        {aside}
      </div>
      {lead ? <p className="section__lead">{lead}</p> : null}
      {children}
    </section>
  );
}
