import { useState } from 'react';
import { formErrors, type FormErrors } from '../../api';
import { useT } from '../../i18n';
import { Banner, Dialog, DialogActions, TextField } from '../../ui';
import { formatMoney } from '../../ui/money';

type Field = 'reason';
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
  const t = useT();
  const labels: Record<Field, string> = { reason: t('common.reason') };
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);
  const paid = order.amountPaid > 0;
  const number = String(order.number);
  // The order's invoice by its number when known, else "its invoice" (issued) or "the invoice" / none (not issued).
  const invoice = invoiceNumber;

  const submit = async () => {
    if (!reason.trim()) {
      setErrors({ fields: { reason: t('orders.cancelReasonMissing') }, general: null });
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
      title={paid ? t('orders.cancelRefundOrderNumber', { number }) : t('orders.cancelOrderNumber', { number })}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogActions onCancel={onClose} cancelLabel={t('orders.keepOrder')} submitLabel={paid ? t('orders.cancelAndRefund') : t('orders.cancelOrder')} busy={busy} tone="danger" />}
    >
      {paid ? (
        <Banner tone="warning" title={t('orders.willBeRefunded', { amount: formatMoney(order.amountPaid, order.currency) })}>
          {invoice
            ? t('orders.cancelPaidText', { invoice })
            : order.invoiceId
              ? t('orders.cancelPaidTextItsInvoice')
              : t('orders.cancelPaidTextTheInvoice')}
        </Banner>
      ) : (
        <p className="orders__dialog-text">
          {invoice ? t('orders.cancelText', { invoice }) : order.invoiceId ? t('orders.cancelTextItsInvoice') : t('orders.cancelTextNoInvoice')}
        </p>
      )}
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField
        label={t('common.reason')}
        autoComplete="off"
        maxLength={500}
        placeholder={t('orders.cancelReasonPlaceholder')}
        hint={t('orders.cancelReasonHint')}
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
