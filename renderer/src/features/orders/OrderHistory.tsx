import type { HistoryEntry } from '../../../../shared/contract';
import { useContractQuery } from '../../data';
import { LoadError } from '../../ui';
import { formatMoney } from '../../ui/money';
import { formatDateTime } from './dates';

const titles: Record<string, string> = {
  'order.created': 'Order received',
  'order.updated': 'Order changed',
  'order.processing': 'Order processing',
  'order.fulfilled': 'Order fulfilled',
  'order.shipped': 'Order shipped',
  'order.delivered': 'Order delivered',
  'order.cancelled': 'Order cancelled',
  'order.deleted': 'Order deleted',
  'invoice.issued': 'Invoice issued',
  'invoice.paid': 'Invoice paid',
  'invoice.cancelled': 'Invoice cancelled',
  'payment.received': 'Payment received',
  'payment.refunded': 'Refund',
};

function title(entry: HistoryEntry): string {
  const known = titles[entry.type];
  if (known) return known;
  const [entity = '', verb = ''] = entry.type.split('.');
  return `${entity.charAt(0).toUpperCase()}${entity.slice(1)} ${verb}`.trim();
}

type Tone = 'neutral' | 'success' | 'danger' | 'info';

function tone(entry: HistoryEntry): Tone {
  if (entry.type.endsWith('.cancelled') || entry.type === 'payment.refunded') return 'danger';
  if (entry.type === 'payment.received' || entry.type === 'invoice.paid' || entry.type === 'order.fulfilled' || entry.type === 'order.delivered') return 'success';
  if (entry.type === 'order.created') return 'info';
  return 'neutral';
}

export interface OrderHistoryProps {
  orderId: string;
  currency: string;
}

/**
 * What happened to an order, its invoice and its payments, oldest first (orders.history, from
 * the audit trail); re-read when the order or its invoice changes.
 */
export function OrderHistory({ orderId, currency }: OrderHistoryProps) {
  const history = useContractQuery('orders.history', { id: orderId });
  const items = history.data?.items;

  if (history.error && !items) {
    return <LoadError title="The history could not be loaded." message={history.error.message} onRetry={() => void history.refetch()} />;
  }
  if (!items) return <p className="history__empty" aria-busy="true">Loading the history…</p>;
  if (items.length === 0) return <p className="history__empty">Nothing recorded yet.</p>;
  return (
    <ol className="history" aria-label="Status history">
      {items.map((e) => (
        <li key={e.seq} className={`history__item history__item--${tone(e)}`}>
          <span className="history__dot" aria-hidden="true" />
          <div className="history__body">
            <p className="history__title">
              {title(e)}
              {e.amount !== null && e.entity === 'payment' ? <span className="history__amount"> {formatMoney(e.amount, currency)}</span> : null}
            </p>
            <p className="history__meta">
              <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              {e.actorName ? ` · ${e.actorName}` : ''}
            </p>
            {e.reason ? <p className="history__reason">Reason: {e.reason}</p> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
