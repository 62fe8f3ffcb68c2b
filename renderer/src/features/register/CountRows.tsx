import { useId } from 'react';
import { countTotal, denominations } from '../../../../shared/domain/cash';
import { formatMoney } from '../../ui/money';

/** A quantity as typed: empty is none; whole numbers only (null: not one). */
export function parseQuantity(text: string): number | null {
  const t = text.trim();
  if (t === '') return 0;
  return /^\d{1,7}$/.test(t) ? Number(t) : null;
}

/** One row per note and coin of the currency, largest first: how many, and what they come to. */
export function CountRows({
  currency,
  quantities,
  disabled,
  error,
  onChange,
}: {
  currency: string;
  quantities: Record<number, string>;
  disabled: boolean;
  error?: string;
  onChange: (denomination: number, text: string) => void;
}) {
  const id = useId();
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <div className="count-rows" role="group" aria-label="Notes and coins" aria-describedby={error ? `${id}-error` : undefined}>
      {denominations(currency).map((d, i) => {
        const quantity = parseQuantity(quantities[d] ?? '');
        return (
          <div key={d} className={`count-row${quantity === null ? ' is-invalid' : ''}`}>
            <label className="count-row__label" htmlFor={`${id}-${d}`}>
              {money(d)}
            </label>
            <span aria-hidden="true" className="count-row__times">
              ×
            </span>
            <input
              id={`${id}-${d}`}
              className="input count-row__input"
              inputMode="numeric"
              autoComplete="off"
              autoFocus={i === 0}
              aria-label={`Number of ${money(d)}`}
              aria-invalid={quantity === null || undefined}
              disabled={disabled}
              value={quantities[d] ?? ''}
              onChange={(e) => onChange(d, e.target.value)}
            />
            <span className="count-row__sum">{quantity ? money(countTotal([{ denomination: d, quantity }])) : ''}</span>
          </div>
        );
      })}
      {error ? (
        <p className="field__error count-rows__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
