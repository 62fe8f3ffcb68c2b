import { useState } from 'react';
import { formErrors, type FormErrors } from '../../api';
import { Banner, Dialog, DialogActions, TextField } from '../../ui';
import { formatMoney } from '../../ui/money';

type Field = 'reason';
const labels: Record<Field, string> = { reason: 'Reason' };
const noErrors: FormErrors<Field> = { fields: {}, general: null };

export interface CancelOrderDialogProps {
  order: { number: number; amountPaid: number; currency: string; invoiceId: string | null };
  /** The invoice's number, when known ("INV-000012"). */
  invoiceNumber?: string;
  /** Calls orders.cancel; throws ApiError for the dialog to show. */
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}

/**
 * Cancelling an order asks for a reason and says what follows: a paid order is refunded
 * in full (refunds are recorded, nothing is deleted). A refusal (FORBIDDEN, INVALID_TRANSITION)
 * is shown as the server words it, and the reason typed stays.
 */
export function CancelOrderDialog({ order, invoiceNumber, onConfirm, onClose }: CancelOrderDialogProps) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);
  const paid = order.amountPaid > 0;
  const invoice = invoiceNumber ?? (order.invoiceId ? 'its invoice' : null);

  const submit = async () => {
    if (!reason.trim()) {
      setErrors({ fields: { reason: 'Enter the reason for cancelling.' }, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      await onConfirm(reason.trim());
    } catch (err) {
      setErrors(formErrors(err, labels));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      title={paid ? `Cancel and refund order ${order.number}` : `Cancel order ${order.number}`}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogActions onCancel={onClose} cancelLabel="Keep order" submitLabel={paid ? 'Cancel and refund' : 'Cancel order'} busy={busy} tone="danger" />}
    >
      {paid ? (
        <Banner tone="warning" title={`${formatMoney(order.amountPaid, order.currency)} will be refunded.`}>
          Every payment of this order is refunded by the way it was paid, and {invoice ?? 'the invoice'} is cancelled. The refunds are recorded; nothing is
          deleted.
        </Banner>
      ) : (
        <p className="orders__dialog-text">
          {invoice ? `The order and ${invoice} are cancelled. ` : 'The order is marked cancelled. '}This cannot be undone; the order stays in the records.
        </p>
      )}
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField
        label="Reason"
        autoComplete="off"
        maxLength={500}
        placeholder="Customer changed their mind"
        hint="Kept with the order and shown in its history."
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          if (errors.fields.reason) setErrors({ ...errors, fields: {} });
        }}
        error={errors.fields.reason}
      />
    </Dialog>
  );
}
