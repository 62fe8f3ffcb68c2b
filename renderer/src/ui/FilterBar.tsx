import type { ReactNode } from 'react';
import { Button } from './Button';

export interface FilterBarProps {
  /** The search landmark's name ("Filter invoices"). */
  label: string;
  children: ReactNode;
  /** Shows Clear filters (when something is filtered). */
  onClear?: () => void;
  filtered?: boolean;
}

/** The filters above a list: fields side by side, wrapping on narrow windows; results follow as they change. */
export function FilterBar({ label, children, onClear, filtered = false }: FilterBarProps) {
  return (
    <form className="filter-bar" role="search" aria-label={label} onSubmit={(e) => e.preventDefault()}>
      {children}
      {onClear && filtered ? (
        <Button variant="ghost" onClick={onClear}>
          Clear filters
        </Button>
      ) : null}
    </form>
  );
}

/** One field of a FilterBar: `search` takes the spare room, the others keep a field's width. */
export function FilterItem({ size, children }: { size: 'search' | 'select' | 'date'; children: ReactNode }) {
  return <div className={`filter-bar__item filter-bar__item--${size}`}>{children}</div>;
}
