import type { InvoiceStatus } from '../../../../shared/contract';
import { Badge, type Tone } from '../../ui';

export const invoiceStatusLabels: Record<InvoiceStatus, string> = { PENDING: 'Pending', PAID: 'Paid', CANCELLED: 'Cancelled' };
const tones: Record<InvoiceStatus, Tone> = { PENDING: 'warning', PAID: 'success', CANCELLED: 'danger' };

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  return <Badge tone={tones[status]}>{invoiceStatusLabels[status]}</Badge>;
}
