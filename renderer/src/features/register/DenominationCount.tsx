import { useId, useMemo } from 'react';
import { FormattedMessage } from 'react-intl';
import type { CashCount } from '../../../../shared/contract';
import { countTotal, denominations } from '../../../../shared/domain/cash';
import { useT } from '../../i18n';
import { formatMoney } from '../../ui/money';
import './register.css';

/** Quantities typed per denomination (minor units → the text in its field). */
export type CountInput = Record<number, string>;

/** A whole, non-negative quantity, or null for anything else (an empty field counts 0). */
function quantityOf(text: string): number | null {
  const t = text.trim();
  if (t === '') return 0;
  return /^\d{1,7}$/.test(t) ? Number(t) : null;
}

/** The count as the contract takes it (the rows with a quantity), or null while a field is not a whole number. */
export function countLines(input: CountInput): CashCount | null {
  const lines: CashCount = [];
  for (const [denomination, text] of Object.entries(input)) {
    const quantity = quantityOf(text);
    if (quantity === null) return null;
    if (quantity > 0) lines.push({ denomination: Number(denomination), quantity });
  }
  return lines.sort((a, b) => b.denomination - a.denomination);
}

/**
 * A count of the drawer by denomination: one row per note and coin of the currency, its
 * quantity, and the live total (the one rule: shared/domain/cash countTotal).
 */
export function DenominationCount({ currency, value, onChange, label }: { currency: string; value: CountInput; onChange: (next: CountInput) => void; label?: string }) {
  const t = useT();
  const id = useId();
  const rows = useMemo(() => denominations(currency), [currency]);
  const lines = countLines(value);
  const total = lines ? countTotal(lines) : null;

  return (
    <fieldset className="denoms" aria-describedby={`${id}-total`}>
      <legend className="denoms__legend">{label ?? t('register.countByDenomination')}</legend>
      <div className="denoms__grid">
        {rows.map((d) => {
          const text = value[d] ?? '';
          const quantity = quantityOf(text);
          return (
            <div key={d} className={`denoms__row${quantity === null ? ' is-invalid' : ''}`}>
              <label className="denoms__label" htmlFor={`${id}-${d}`}>
                {formatMoney(d, currency)}
              </label>
              <span aria-hidden="true" className="denoms__times">
                {t('register.times')}
              </span>
              <input
                id={`${id}-${d}`}
                className="input denoms__input"
                inputMode="numeric"
                autoComplete="off"
                value={text}
                aria-invalid={quantity === null ? true : undefined}
                onChange={(e) => onChange({ ...value, [d]: e.target.value })}
              />
              <span className="denoms__line">{quantity ? formatMoney(d * quantity, currency) : ''}</span>
            </div>
          );
        })}
      </div>
      <p className="denoms__total" id={`${id}-total`} role="status">
        {total === null ? (
          t('register.quantitiesWhole')
        ) : (
          <FormattedMessage id="register.countedTotal" values={{ amount: formatMoney(total, currency), b: (chunks) => <strong data-testid="count-total">{chunks}</strong> }} />
        )}
      </p>
    </fieldset>
  );
}
