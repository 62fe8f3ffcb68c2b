import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { Button } from '../../ui';
import { formatMoney } from '../../ui/money';

export interface RefundFormProps {
  /** What goes back to the customer. */
  refund: number;
  currency: string;
  /** Figures above "To give back" (the credit note, what it takes off what is owed). */
  figures?: ReactNode;
  busy: boolean;
  disabled?: boolean;
  label: string;
  onSubmit: () => void;
  /** Between the figures and the button: the refund method, the approval, a refusal. */
  children: ReactNode;
}

/** A return's Refund panel: what goes back, how, and the button that makes the credit note. */
export function RefundForm({ refund, currency, figures, busy, disabled, label, onSubmit, children }: RefundFormProps) {
  const t = useT();
  return (
    <form
      className="returns-panel returns-summary"
      aria-label={t('returns.refund')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h2 className="returns-panel__title">{t('returns.refund')}</h2>
      <dl className="returns-summary__figures">
        {figures}
        <div className="returns-summary__total">
          <dt>{t('returns.toGiveBack')}</dt>
          <dd data-testid="refund-total">{formatMoney(refund, currency)}</dd>
        </div>
      </dl>
      {children}
      <Button type="submit" variant="primary" size="lg" busy={busy} disabled={disabled} block>
        {label}
      </Button>
    </form>
  );
}
