import { useId } from 'react';
import type { PaymentMethod } from '../../../../shared/contract';
import { useT, type MessageId } from '../../i18n';

/** How the money goes back: the sale's own tenders (the core's default), or one chosen here. */
export type RefundChoice = 'original' | Extract<PaymentMethod, 'cash' | 'card' | 'voucher'>;

const choices: { value: RefundChoice; labelId: MessageId; hintId: MessageId }[] = [
  { value: 'original', labelId: 'returns.methodOriginal', hintId: 'returns.methodOriginalHint' },
  { value: 'cash', labelId: 'common.cash', hintId: 'returns.methodCashHint' },
  { value: 'card', labelId: 'common.card', hintId: 'returns.methodCardHint' },
  { value: 'voucher', labelId: 'common.voucher', hintId: 'returns.methodVoucherHint' },
];

/** The refund methods as tiles (like the payment's), `only` limiting them (a return without a receipt: voucher or cash). */
export function RefundMethod({ value, onChange, only, disabled }: { value: RefundChoice; onChange: (value: RefundChoice) => void; only?: readonly RefundChoice[]; disabled?: boolean }) {
  const id = useId();
  const t = useT();
  const shown = only ? choices.filter((c) => only.includes(c.value)).sort((a, b) => only.indexOf(a.value) - only.indexOf(b.value)) : choices;
  return (
    <div className="pay__methods returns-methods" role="radiogroup" aria-label={t('returns.refundTo')}>
      {shown.map((c) => (
        <label key={c.value} className={`pay__method returns-method${value === c.value ? ' is-checked' : ''}`}>
          <input className="pay__method-input" type="radio" name={`${id}-method`} value={c.value} checked={value === c.value} disabled={disabled} onChange={() => onChange(c.value)} />
          <span className="returns-method__text">
            <span className="pay__method-name">{t(c.labelId)}</span>
            <span className="returns-method__hint">{t(c.hintId)}</span>
          </span>
        </label>
      ))}
    </div>
  );
}

/** The `refunds` to send: none for the original tenders (or nothing to give back), else the one chosen for the whole amount. */
export function refundsFor(choice: RefundChoice, amount: number): { method: PaymentMethod; amount: number }[] | undefined {
  return choice === 'original' || amount <= 0 ? undefined : [{ method: choice, amount }];
}
