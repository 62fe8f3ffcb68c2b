import { useState } from 'react';
import type { CashMovementKind } from '../../../../shared/contract/registers';
import { api, formErrors, type FormErrors } from '../../api';
import { useQueryClient } from '../../data';
import { Banner, Dialog, DialogActions, TextField, toast } from '../../ui';
import { formatMoney, parseMoney, toMoneyInput } from '../../ui/money';

type Field = 'amount' | 'reason';
const labels: Record<Field, string> = { amount: 'Amount', reason: 'Reason' };

const copy: Record<CashMovementKind, { title: string; description: string; submit: string; done: string; reasonHint: string }> = {
  payIn: { title: 'Pay in', description: 'Cash put into the drawer that is not a sale (e.g. change brought from the bank).', submit: 'Pay in', done: 'Paid in', reasonHint: 'e.g. Change from the bank' },
  payOut: { title: 'Pay out', description: 'Cash taken from the drawer to pay for something (e.g. a delivery).', submit: 'Pay out', done: 'Paid out', reasonHint: 'e.g. Milk delivery' },
  drop: { title: 'Drop to safe', description: 'Cash taken from the drawer to the safe, so the drawer does not hold too much.', submit: 'Drop to safe', done: 'Dropped to the safe', reasonHint: 'e.g. Midday drop' },
  noSale: { title: 'No sale', description: 'Opens the drawer without a sale. It is recorded and shown on the Z report.', submit: 'Open drawer', done: 'Drawer opened', reasonHint: 'e.g. Change for a customer' },
};

/** Pay in, pay out, drop to safe or no sale: the amount (none for a no-sale) and a reason, both required. */
export function MoveDialog({ kind, sessionId, currency, onClose }: { kind: CashMovementKind; sessionId: string; currency: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const text = copy[kind];
  const withAmount = kind !== 'noSale';
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<Field>>({ fields: {}, general: null });

  // A field's message goes once the field is changed.
  const edit = (field: Field, set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    if (errors.fields[field]) setErrors({ ...errors, fields: { ...errors.fields, [field]: undefined } });
  };

  const submit = async () => {
    const fields: FormErrors<Field>['fields'] = {};
    const minor = withAmount ? parseMoney(amount, currency) : 0;
    if (withAmount && (minor === null || minor <= 0)) fields.amount = amount.trim() ? `Not an amount: ${amount.trim()}.` : 'Enter the amount.';
    if (!reason.trim()) fields.reason = 'Enter the reason.';
    if (Object.keys(fields).length > 0 || minor === null) return setErrors({ fields, general: null });
    setBusy(true);
    setErrors({ fields: {}, general: null });
    try {
      const { movement, session } = await api.call('cashSessions.move', { sessionId, kind, amount: minor, reason: reason.trim() });
      queryClient.setQueryData(['cashSessions.current', { registerId: session.registerId }], { session });
      toast(withAmount ? `${text.done}: ${formatMoney(movement.amount, currency)} (${movement.reason}).` : `${text.done} (${movement.reason}).`, 'success');
      onClose();
    } catch (err) {
      setErrors(formErrors(err, labels));
      setBusy(false);
    }
  };

  return (
    <Dialog open title={text.title} description={text.description} onClose={onClose} onSubmit={() => void submit()} footer={<DialogActions onCancel={onClose} submitLabel={text.submit} busy={busy} />}>
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      {withAmount ? (
        <TextField label="Amount" inputMode="decimal" autoComplete="off" value={amount} onChange={edit('amount', setAmount)} error={errors.fields.amount} hint={`In ${currency}, e.g. ${toMoneyInput(2000, currency)}`} />
      ) : null}
      <TextField label="Reason" autoComplete="off" maxLength={200} value={reason} onChange={edit('reason', setReason)} error={errors.fields.reason} hint={text.reasonHint} />
    </Dialog>
  );
}
