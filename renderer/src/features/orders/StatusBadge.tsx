import type { OrderStatus } from '../../../../shared/domain/orderStatus';
import { useT } from '../../i18n';
import { Badge, type Tone } from '../../ui';
import { orderStatusLabel } from '../../i18n/statuses';

const tones: Record<OrderStatus, Tone> = {
  RECEIVED: 'info',
  PROCESSING: 'warning',
  FULFILLED: 'success',
  SHIPPED: 'info',
  DELIVERED: 'neutral',
  CANCELLED: 'danger',
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  const t = useT();
  return <Badge tone={tones[status]}>{orderStatusLabel(t, status)}</Badge>;
}
