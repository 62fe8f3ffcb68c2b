import { useId, type KeyboardEvent, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import type { Invoice } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { Checkbox } from '../../ui';
import { formatMoney } from '../../ui/money';
import { stepQuantity, type Choices, type LineChoice, type ReturnableLine } from './plan';

const OTHER = '\u0000other';

/** The reason of a line: the store's list (settings.returnReasons), or "Other…" and a text. */
export function ReasonField({ value, onChange, reasons, label, disabled }: { value: string; onChange: (reason: string) => void; reasons: readonly string[]; label: string; disabled?: boolean }) {
  const id = useId();
  const t = useT();
  const listed = reasons.includes(value);
  const other = !listed || reasons.length === 0;
  return (
    <div className="returns-reason">
      {reasons.length > 0 ? (
        <div className="select returns-reason__select">
          <select id={id} className="input select__control" aria-label={label} value={listed ? value : OTHER} disabled={disabled} onChange={(e) => onChange(e.target.value === OTHER ? '' : e.target.value)}>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
            <option value={OTHER}>{t('returns.reasonOther')}</option>
          </select>
          <span className="select__chevron" aria-hidden="true" />
        </div>
      ) : null}
      {other ? (
        <input
          className="input returns-reason__text"
          aria-label={reasons.length > 0 ? t('returns.reasonOtherLabel', { label }) : label}
          placeholder={t('returns.reasonPlaceholder')}
          maxLength={200}
          value={value}
          disabled={disabled}
          autoFocus={reasons.length > 0}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : null}
    </div>
  );
}

/** A quantity with − and + (keys + and −, ↑ and ↓), never outside 0..max. */
export function Stepper({ value, max, onChange, label, disabled, invalid }: { value: number; max: number; onChange: (n: number) => void; label: string; disabled?: boolean; invalid?: boolean }) {
  const t = useT();
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const delta = e.key === '+' || e.key === 'ArrowUp' ? 1 : e.key === '-' || e.key === 'ArrowDown' ? -1 : 0;
    if (delta === 0) return;
    e.preventDefault();
    onChange(stepQuantity(value, delta, max));
  };
  return (
    <div className="returns-stepper">
      <button type="button" className="returns-stepper__btn" aria-label={t('returns.oneLess', { label })} disabled={disabled || value <= 0} tabIndex={-1} onClick={() => onChange(stepQuantity(value, -1, max))}>
        {t('returns.stepLess')}
      </button>
      <input
        className="input returns-stepper__input"
        inputMode="numeric"
        aria-label={label}
        aria-invalid={invalid || undefined}
        disabled={disabled}
        value={String(value)}
        onFocus={(e) => e.target.select()}
        onKeyDown={onKeyDown}
        onChange={(e) => {
          const n = Number(e.target.value.replace(/\D/g, '') || '0');
          onChange(stepQuantity(n, 0, max));
        }}
      />
      <button type="button" className="returns-stepper__btn" aria-label={t('returns.oneMore', { label })} disabled={disabled || value >= max} tabIndex={-1} onClick={() => onChange(stepQuantity(value, 1, max))}>
        {t('returns.stepMore')}
      </button>
    </div>
  );
}

/** Why a line comes back and whether it goes back on the shelf (and, after them, `children`). */
export function LineDetails({ name, choice, reasons, disabled, onChange, children }: { name: string; choice: Pick<LineChoice, 'reason' | 'restock'>; reasons: readonly string[]; disabled?: boolean; onChange: (patch: Partial<LineChoice>) => void; children?: ReactNode }) {
  const t = useT();
  return (
    <div className="returns-line__details">
      <ReasonField value={choice.reason} onChange={(reason) => onChange({ reason })} reasons={reasons} label={t('returns.reasonFor', { name })} disabled={disabled} />
      <Checkbox label={t('returns.backOnShelf')} checked={choice.restock} disabled={disabled} onChange={(e) => onChange({ restock: e.target.checked })} />
      {children}
    </div>
  );
}

/** A line's refusal, under it. */
export function LineError({ error }: { error: string | undefined }) {
  return error ? (
    <p className="field__error returns-line__error" role="alert">
      <span aria-hidden="true" className="field__error-icon" />
      {error}
    </p>
  ) : null;
}

export interface ReturnLinesProps {
  invoice: Invoice;
  returnable: readonly ReturnableLine[];
  choices: Choices;
  onChange: (index: number, choice: LineChoice) => void;
  reasons: readonly string[];
  /** The credit of each chosen line (creditEstimate). */
  credits: Record<number, number>;
  errors: Partial<Record<number, string>>;
  disabled: boolean;
}

/** Each invoice line with what was sold, returned and is left; how many come back, why, and whether they go back on the shelf. */
export function ReturnLines({ invoice, returnable, choices, onChange, reasons, credits, errors, disabled }: ReturnLinesProps) {
  const t = useT();
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  const blank: LineChoice = { quantity: 0, reason: reasons[0] ?? '', restock: true };
  return (
    <ul className="returns-lines" aria-label={t('returns.linesLabel')}>
      {returnable.map((r) => {
        const line = invoice.lines[r.invoiceLineIndex];
        if (!line) return null;
        const choice = choices[r.invoiceLineIndex] ?? blank;
        const chosen = choice.quantity > 0;
        const error = errors[r.invoiceLineIndex];
        const set = (patch: Partial<LineChoice>) => onChange(r.invoiceLineIndex, { ...choice, ...patch });
        return (
          <li
            key={r.invoiceLineIndex}
            aria-label={line.name}
            className={`returns-line${chosen ? ' is-chosen' : ''}${r.returnable === 0 ? ' is-done' : ''}${error ? ' is-invalid' : ''}`}
          >
            <div className="returns-line__main">
              <div className="returns-line__text">
                <span className="returns-line__name">{line.name}</span>
                <span className="returns-line__meta">
                  {t('returns.lineMeta', { hasSku: line.sku ? 'yes' : 'no', sku: line.sku ?? '', amount: money(line.total), quantity: line.quantity })}
                </span>
                <span className="returns-line__counts" data-testid="line-counts">
                  <FormattedMessage id="returns.lineCounts" values={{ sold: r.sold, returned: r.returned, left: r.returnable, strong: (chunks) => <strong>{chunks}</strong> }} />
                </span>
              </div>
              {r.returnable > 0 ? (
                <Stepper value={choice.quantity} max={r.returnable} label={t('returns.quantityToReturn', { name: line.name })} disabled={disabled} invalid={!!error} onChange={(quantity) => set({ quantity })} />
              ) : null}
              <span className="returns-line__credit" data-testid="line-credit">
                {chosen ? t('returns.lineCredit', { amount: money(credits[r.invoiceLineIndex] ?? 0) }) : ''}
              </span>
            </div>
            {chosen ? <LineDetails name={line.name} choice={choice} reasons={reasons} disabled={disabled} onChange={set} /> : null}
            <LineError error={error} />
          </li>
        );
      })}
    </ul>
  );
}
