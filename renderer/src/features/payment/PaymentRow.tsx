import type { Payment } from '../../../../shared/contract';
import { formatMoney } from '../../ui/money';
import { useT } from '../../i18n';
import { methodLabel } from './methods';

/** One payment taken: method, tendered, change and reference, and its amount. */
export function PaymentRow({ p, currency }: { p: Payment; currency: string }) {
  const t = useT();
  const money = (minor: number) => formatMoney(minor, currency);
  const details = [
    p.tendered !== null && p.method === 'cash' ? t('payment.detailTendered', { amount: money(p.tendered) }) : '',
    p.change ? t('payment.detailChange', { amount: money(p.change) }) : '',
    p.reference ? t('payment.detailReference', { reference: p.reference }) : '',
    p.voucherCode ? t('payment.detailCode', { code: p.voucherCode }) : '',
  ].filter(Boolean);
  return (
    <li className="pay__payment">
      <span className="pay__payment-method">
        {methodLabel(p.method, t)}
        {details.length > 0 ? <span className="pay__payment-details">{details.join(' · ')}</span> : null}
      </span>
      <span className="pay__payment-amount">{money(p.amount)}</span>
    </li>
  );
}

