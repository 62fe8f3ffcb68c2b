import { useState } from 'react';
import type { CashMovementKind } from '../../../../shared/contract/registers';
import { api, formErrors, type FormErrors } from '../../api';
import { useQueryClient } from '../../data';
import { useT, type Translate } from '../../i18n';
import { Banner, Dialog, DialogActions, TextField, toast } from '../../ui';
import { formatMoney, parseMoney, toMoneyInput } from '../../ui/money';

type Field = 'amount' | 'reason';
const labelsOf = (t: Translate): Record<Field, string> => ({ amount: t('common.amount'), reason: t('common.reason') });

/** A movement's words; `done` is the toast ({amount} and {reason}; a no-sale has no amount). */
function copyOf(kind: CashMovementKind, t: Translate): { title: string; description: string; submit: string; done: (values: { amount: string; reason: string }) => string; reasonHint: string } {
  switch (kind) {
    case 'payIn':
      return { title: t('register.payInTitle'), description: t('register.payInDescription'), submit: t('register.payInSubmit'), done: (v) => t('register.payInDone', v), reasonHint: t('register.payInReasonHint') };
    case 'payOut':
      return { title: t('register.payOutTitle'), description: t('register.payOutDescription'), submit: t('register.payOutSubmit'), done: (v) => t('register.payOutDone', v), reasonHint: t('register.payOutReasonHint') };
    case 'drop':
      return { title: t('register.dropTitle'), description: t('register.dropDescription'), submit: t('register.dropSubmit'), done: (v) => t('register.dropDone', v), reasonHint: t('register.dropReasonHint') };
    case 'noSale':
      return { title: t('register.noSaleTitle'), description: t('register.noSaleDescription'), submit: t('register.noSaleSubmit'), done: (v) => t('register.noSaleDone', v), reasonHint: t('register.noSaleReasonHint') };
  }
}

/** Pay in, pay out, drop to safe or no sale: the amount (none for a no-sale) and a reason, both required. */
export function MoveDialog({ kind, sessionId, currency, onClose }: { kind: CashMovementKind; sessionId: string; currency: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const t = useT();
  const text = copyOf(kind, t);
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
    if (withAmount && (minor === null || minor <= 0)) fields.amount = amount.trim() ? t('register.notAnAmount', { text: amount.trim() }) : t('register.enterAmount');
    if (!reason.trim()) fields.reason = t('register.enterReason');
    if (Object.keys(fields).length > 0 || minor === null) return setErrors({ fields, general: null });
    setBusy(true);
    setErrors({ fields: {}, general: null });
    try {
      const { movement, session } = await api.call('cashSessions.move', { sessionId, kind, amount: minor, reason: reason.trim() });
      queryClient.setQueryData(['cashSessions.current', { registerId: session.registerId }], { session });
      toast(text.done({ amount: formatMoney(movement.amount, currency), reason: movement.reason }), 'success');
      onClose();
    } catch (err) {
      setErrors(formErrors(err, labelsOf(t)));
      setBusy(false);
    }
  };

  return (
    <Dialog open title={text.title} description={text.description} onClose={onClose} onSubmit={() => void submit()} footer={<DialogActions onCancel={onClose} submitLabel={text.submit} busy={busy} />}>
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      {withAmount ? (
        <TextField label={t('common.amount')} inputMode="decimal" autoComplete="off" value={amount} onChange={edit('amount', setAmount)} error={errors.fields.amount} hint={t('register.amountHint', { currency, example: toMoneyInput(2000, currency) })} />
      ) : null}
      <TextField label={t('common.reason')} autoComplete="off" maxLength={200} value={reason} onChange={edit('reason', setReason)} error={errors.fields.reason} hint={text.reasonHint} />
    </Dialog>
  );
}
