import type { InvoiceStatus } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { invoiceStatusLabel } from '../../i18n/statuses';
import { Badge, type Tone } from '../../ui';

const tones: Record<InvoiceStatus, Tone> = { PENDING: 'warning', PAID: 'success', CANCELLED: 'danger' };

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const t = useT();
  return <Badge tone={tones[status]}>{invoiceStatusLabel(t, status)}</Badge>;
}
