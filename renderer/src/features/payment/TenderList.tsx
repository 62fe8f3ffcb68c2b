import type { TenderInput } from '../../../../shared/contract/checkout';
import { tenderChange } from '../../../../shared/domain/currency';
import { formatMoney } from '../../ui/money';
import { useT } from '../../i18n';
import { methodLabel } from './methods';

/** The tenders collected so far (a split payment), each removable until Pay. */
export function TenderList({ tenders, currency, errors, disabled, onRemove }: { tenders: TenderInput[]; currency: string; errors: Record<number, string>; disabled: boolean; onRemove: (index: number) => void }) {
  const t = useT();
  if (tenders.length === 0) return null;
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <ul className="pay__payment-list checkout__tenders" aria-label={t('payment.tenders')}>
      {tenders.map((tender, i) => {
        const details = [
          tender.tendered !== undefined ? t('payment.detailTendered', { amount: money(tender.tendered) }) : '',
          tenderChange(tender) > 0 ? t('payment.detailChange', { amount: money(tenderChange(tender)) }) : '',
          tender.reference ? t('payment.detailReference', { reference: tender.reference }) : '',
          tender.code ? t('payment.detailCode', { code: tender.code }) : '',
        ].filter(Boolean);
        return (
          <li key={i} className={`pay__payment${errors[i] ? ' is-invalid' : ''}`}>
            <span className="pay__payment-method">
              {methodLabel(tender.method, t)}
              {details.length > 0 ? <span className="pay__payment-details">{details.join(' · ')}</span> : null}
              {errors[i] ? (
                <span className="field__error" role="alert">
                  {errors[i]}
                </span>
              ) : null}
            </span>
            <span className="pay__payment-amount">{money(tender.amount)}</span>
            <button type="button" className="cart-line__remove" aria-label={t('payment.removeTender', { method: methodLabel(tender.method, t), amount: money(tender.amount) })} disabled={disabled} onClick={() => onRemove(i)}>
              <span aria-hidden="true">{t('payment.removeMark')}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
