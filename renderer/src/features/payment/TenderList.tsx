import type { TenderInput } from '../../../../shared/contract/checkout';
import { tenderChange } from '../../../../shared/domain/currency';
import { formatMoney } from '../../ui/money';
import { methodLabels } from './methods';

/** The tenders collected so far (a split payment), each removable until Pay. */
export function TenderList({ tenders, currency, errors, disabled, onRemove }: { tenders: TenderInput[]; currency: string; errors: Record<number, string>; disabled: boolean; onRemove: (index: number) => void }) {
  if (tenders.length === 0) return null;
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <ul className="pay__payment-list checkout__tenders" aria-label="Tenders">
      {tenders.map((t, i) => {
        const details = [
          t.tendered !== undefined ? `tendered ${money(t.tendered)}` : '',
          tenderChange(t) > 0 ? `change ${money(tenderChange(t))}` : '',
          t.reference ? `ref. ${t.reference}` : '',
          t.code ? `code ${t.code}` : '',
        ].filter(Boolean);
        return (
          <li key={i} className={`pay__payment${errors[i] ? ' is-invalid' : ''}`}>
            <span className="pay__payment-method">
              {methodLabels[t.method]}
              {details.length > 0 ? <span className="pay__payment-details">{details.join(' · ')}</span> : null}
              {errors[i] ? (
                <span className="field__error" role="alert">
                  {errors[i]}
                </span>
              ) : null}
            </span>
            <span className="pay__payment-amount">{money(t.amount)}</span>
            <button type="button" className="cart-line__remove" aria-label={`Remove ${methodLabels[t.method]} ${money(t.amount)}`} disabled={disabled} onClick={() => onRemove(i)}>
              <span aria-hidden="true">×</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
