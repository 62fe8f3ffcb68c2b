import type { InvoiceStatus } from '../../../../shared/contract';
import { useT, type MessageId, type Translate } from '../../i18n';
import { Badge, type Tone } from '../../ui';

const statusIds: Record<InvoiceStatus, MessageId> = { PENDING: 'invoices.statusPending', PAID: 'invoices.statusPaid', CANCELLED: 'invoices.statusCancelled' };
const tones: Record<InvoiceStatus, Tone> = { PENDING: 'warning', PAID: 'success', CANCELLED: 'danger' };

/** An invoice status's name in the current language. */
export const invoiceStatusLabel = (t: Translate, status: InvoiceStatus): string => t(statusIds[status]);

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const t = useT();
  return <Badge tone={tones[status]}>{invoiceStatusLabel(t, status)}</Badge>;
}
