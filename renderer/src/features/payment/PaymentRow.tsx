import type { Payment } from '../../../../shared/contract';
import { formatMoney } from '../../ui/money';
import { methodLabels } from './methods';

/** One payment taken: method, tendered, change and reference, and its amount. */
export function PaymentRow({ p, currency }: { p: Payment; currency: string }) {
  const money = (minor: number) => formatMoney(minor, currency);
  const details = [
    p.tendered !== null && p.method === 'cash' ? `tendered ${money(p.tendered)}` : '',
    p.change ? `change ${money(p.change)}` : '',
    p.reference ? `ref. ${p.reference}` : '',
    p.voucherCode ? `code ${p.voucherCode}` : '',
  ].filter(Boolean);
  return (
    <li className="pay__payment">
      <span className="pay__payment-method">
        {methodLabels[p.method]}
        {details.length > 0 ? <span className="pay__payment-details">{details.join(' · ')}</span> : null}
      </span>
      <span className="pay__payment-amount">{money(p.amount)}</span>
    </li>
  );
}

