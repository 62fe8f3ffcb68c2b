export interface Fact {
  label: string;
  value: string;
  testId: string;
  /** A path or an address: monospace, a whole row, and always left to right (an Arabic screen keeps its order). */
  mono?: boolean;
}

export interface FactsProps {
  items: Fact[];
  /** Longer values (versions, an OS name): fewer, wider columns. */
  wide?: boolean;
  /** The other values' direction: 'auto' where they may be Latin data (a name, a date) on an Arabic screen. */
  dir?: 'auto';
}

/** Label/value pairs in as many columns as fit. */
export function Facts({ items, wide, dir }: FactsProps) {
  return (
    <dl className={wide ? 'facts facts--wide' : 'facts'}>
      {items.map((f) => (
        <div key={f.testId} className={f.mono ? 'facts__item facts__item--mono' : 'facts__item'}>
          <dt className="facts__label">{f.label}</dt>
          <dd className="facts__value" dir={f.mono ? 'ltr' : dir} data-testid={f.testId}>
            {f.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
