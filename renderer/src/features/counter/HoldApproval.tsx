import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { Dialog, DialogActions } from '../../ui';
import { useSaleApproval } from '../payment/SaleApproval';
import type { ApprovalReason } from '../session/ApprovalFields';
import { useCounter, type HoldOutcome } from './store';

/** Hold asks a manager first: `why` is the store's reason when it refused the hold (null: asked up front by the same rule). */
export interface HoldAsk {
  why: string | null;
}

/**
 * Holding a cart whose discounts or typed prices need a manager: the manager types their
 * username and PIN (or password) as at the payment step, and the hold is sent with it.
 * Escape or Cancel closes it; the cart stays as it is on every refusal, a wrong PIN shown on
 * its field. `onDone` gets the outcome of the hold that closed it (undefined: cancelled).
 */
export function HoldApproval({ ask, onDone }: { ask: HoldAsk; onDone: (outcome?: HoldOutcome) => void }) {
  const busy = useCounter((s) => s.busy) === 'hold';
  const hold = useCounter((s) => s.hold);
  const t = useT();
  const [refused, setRefused] = useState<{ reason: ApprovalReason; why: string } | null>(null);
  const approval = useSaleApproval(busy, refused?.reason, refused?.why ?? ask.why, true);

  // On the manager's username at once (the dialog would put it on the PIN / password choice).
  useEffect(() => {
    approval.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = async () => {
    const given = approval.take();
    if (!given || busy) return;
    // Cleared first: the same refusal twice is shown (and focused) again.
    setRefused(null);
    const outcome = await hold(given);
    if (outcome && 'approval' in outcome) setRefused({ reason: outcome.approval, why: outcome.message });
    else onDone(outcome);
  };

  // Not while the hold is on its way: its outcome is what closes the dialog.
  const cancel = () => {
    if (!busy) onDone();
  };

  return (
    <Dialog
      open
      title={t('counter.holdApprovalTitle')}
      onClose={cancel}
      onSubmit={() => void submit()}
      footer={<DialogActions onCancel={cancel} cancelLabel={t('counter.keepCart')} submitLabel={t('counter.approveAndHold')} busy={busy} />}
    >
      {approval.element}
    </Dialog>
  );
}
