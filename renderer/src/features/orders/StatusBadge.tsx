import type { OrderStatus } from '../../../../shared/domain/orderStatus';
import { Badge, type Tone } from '../../ui';
import { statusLabels } from './board';

const tones: Record<OrderStatus, Tone> = {
  RECEIVED: 'info',
  PROCESSING: 'warning',
  FULFILLED: 'success',
  SHIPPED: 'info',
  DELIVERED: 'neutral',
  CANCELLED: 'danger',
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <Badge tone={tones[status]}>{statusLabels[status]}</Badge>;
}
