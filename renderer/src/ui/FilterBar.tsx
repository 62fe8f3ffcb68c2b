import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { Button } from './Button';
import { TextField } from './Field';

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
  const t = useT();
  return (
    <form className="filter-bar" role="search" aria-label={label} onSubmit={(e) => e.preventDefault()}>
      {children}
      {onClear && filtered ? (
        <Button variant="ghost" onClick={onClear}>
          {t('shell.clearFilters')}
        </Button>
      ) : null}
    </form>
  );
}

/** One field of a FilterBar: `search` takes the spare room, the others keep a field's width. */
export function FilterItem({ size, children }: { size: 'search' | 'select' | 'date'; children: ReactNode }) {
  return <div className={`filter-bar__item filter-bar__item--${size}`}>{children}</div>;
}

/** The search box of a FilterBar: results follow the typing (the page debounces it). */
export function FilterSearch({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string; onChange: (value: string) => void }) {
  return (
    <FilterItem size="search">
      <TextField label={label} type="search" placeholder={placeholder} autoComplete="off" spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} />
    </FilterItem>
  );
}

/** From and To days (date inputs, "2026-06-01"; '' for no bound), each bounding the other. */
export function FilterDates({ from, to, onChange }: { from: string; to: string; onChange: (patch: { from?: string; to?: string }) => void }) {
  const t = useT();
  return (
    <>
      <FilterItem size="date">
        <TextField label={t('common.from')} type="date" value={from} max={to || undefined} onChange={(e) => onChange({ from: e.target.value })} />
      </FilterItem>
      <FilterItem size="date">
        <TextField label={t('common.to')} type="date" value={to} min={from || undefined} onChange={(e) => onChange({ to: e.target.value })} />
      </FilterItem>
    </>
  );
}
