import type { HistoryEntry } from '../../../../shared/contract';
import { useContractQuery } from '../../data';
import { useT, type MessageId, type Translate } from '../../i18n';
import { LoadError } from '../../ui';
import { formatMoney } from '../../ui/money';
import { formatDateTime } from './dates';
import { RichMessage } from './RichMessage';

const titles: Record<string, MessageId> = {
  'order.created': 'orders.eventOrderCreated',
  'order.updated': 'orders.eventOrderUpdated',
  'order.processing': 'orders.eventOrderProcessing',
  'order.fulfilled': 'orders.eventOrderFulfilled',
  'order.shipped': 'orders.eventOrderShipped',
  'order.delivered': 'orders.eventOrderDelivered',
  'order.cancelled': 'orders.eventOrderCancelled',
  'order.deleted': 'orders.eventOrderDeleted',
  'invoice.issued': 'orders.eventInvoiceIssued',
  'invoice.paid': 'orders.eventInvoicePaid',
  'invoice.cancelled': 'orders.eventInvoiceCancelled',
  'payment.received': 'orders.eventPaymentReceived',
  'payment.refunded': 'orders.eventPaymentRefunded',
};

function title(entry: HistoryEntry, t: Translate): string {
  const known = titles[entry.type];
  if (known) return t(known);
  // An event this screen does not know yet: its machine name made readable ("Voucher issued").
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
  const t = useT();
  const history = useContractQuery('orders.history', { id: orderId });
  const items = history.data?.items;

  if (history.error && !items) {
    return <LoadError title={t('orders.historyLoadError')} message={history.error.message} onRetry={() => void history.refetch()} />;
  }
  if (!items) return <p className="history__empty" aria-busy="true">{t('orders.loadingHistory')}</p>;
  if (items.length === 0) return <p className="history__empty">{t('orders.historyEmpty')}</p>;
  return (
    <ol className="history" aria-label={t('orders.statusHistory')}>
      {items.map((e) => (
        <li key={e.seq} className={`history__item history__item--${tone(e)}`}>
          <span className="history__dot" aria-hidden="true" />
          <div className="history__body">
            <p className="history__title">
              {title(e, t)}
              {e.amount !== null && e.entity === 'payment' ? <span className="history__amount"> {formatMoney(e.amount, currency)}</span> : null}
            </p>
            <p className="history__meta">
              {e.actorName ? (
                <RichMessage id="orders.historyMetaBy" values={{ at: formatDateTime(e.at), actor: e.actorName, time: (chunks) => <time dateTime={e.at}>{chunks}</time> }} />
              ) : (
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              )}
            </p>
            {e.reason ? <p className="history__reason">{t('orders.historyReason', { reason: e.reason })}</p> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
