import type { Order, OrderLine } from '../../../../shared/contract';
import { href } from '../../app/router';
import { useStoreFormat } from '../../data';
import { useT } from '../../i18n';
import { Badge, Button, Dialog, Table, toast, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { anyDiscount, discountColumn, LineDiscount, LinePrice, PricingNotes } from '../invoices/LineFigures';
import { actionLabel, actionName, type OrderAction } from './actions';
import { formatDateTime } from './dates';
import { OrderHistory } from './OrderHistory';
import { openInCounter } from './takePayment';
import { StatusBadge } from './StatusBadge';

export interface OrderDialogProps {
  order: Order;
  actions: readonly OrderAction[];
  busy: OrderAction | null;
  error: string | null;
  onAction: (order: Order, action: OrderAction) => void;
  onClose: () => void;
}

interface Row {
  line: OrderLine;
  index: number;
}

/** An order opened from the queue: customer, lines, totals, its history, and the same actions as its card. */
export function OrderDialog({ order, actions, busy, error, onAction, onClose }: OrderDialogProps) {
  const t = useT();
  const money = (minor: number) => formatMoney(minor, order.currency);
  const fmt = useStoreFormat();
  const columns: Column<Row>[] = [
    { key: 'name', header: t('orders.item'), render: ({ line: l }) => (l.sku ? <span>{l.name} <span className="orders__sku">{l.sku}</span></span> : l.name) },
    { key: 'qty', header: t('orders.qty'), align: 'end', width: 'shrink', render: ({ line: l }) => l.quantity },
    { key: 'price', header: t('orders.unitPrice'), align: 'end', width: 'shrink', render: ({ line: l }) => <LinePrice line={l} currency={order.currency} /> },
    ...discountColumn<Row>(anyDiscount(order.lines), ({ line: l }) => <LineDiscount line={l} currency={order.currency} fmt={fmt} />),
    { key: 'tax', header: t('common.tax'), align: 'end', width: 'shrink', render: ({ line: l }) => fmt.rate(l.taxRateBp) },
    { key: 'total', header: t('common.total'), align: 'end', width: 'shrink', render: ({ line: l }) => <strong>{money(l.total)}</strong> },
  ];
  const rows: Row[] = order.lines.map((line, index) => ({ line, index }));
  const c = order.customer;

  return (
    <Dialog
      open
      size="lg"
      title={t('orders.orderTitle', { number: String(order.number) })}
      description={
        <span className="orders__dialog-sub">
          <StatusBadge status={order.status} /> {t('orders.receivedAt', { date: formatDateTime(order.createdAt) })}
        </span>
      }
      onClose={onClose}
      footer={
        <>
          {order.invoiceId ? (
            <a className="btn btn--ghost btn--md orders__invoice-link" href={href(`/invoices/${order.invoiceId}`)} onClick={onClose}>
              <span className="btn__label">{t('orders.openInvoice')}</span>
            </a>
          ) : null}
          <span className="orders__footer-gap" />
          {order.status === 'RECEIVED' && order.invoiceId === null ? (
            <Button
              variant="secondary"
              onClick={() => {
                const refused = openInCounter(order);
                if (refused) toast(refused, 'error');
                else onClose();
              }}
            >
              {t('orders.openInCounter')}
            </Button>
          ) : null}
          {actions.map((a) => (
            <Button
              key={a}
              variant={a === 'cancel' ? 'danger' : 'primary'}
              aria-label={actionName(t, a, order)}
              busy={busy === a}
              disabled={busy !== null && busy !== a}
              onClick={() => onAction(order, a)}
            >
              {a === 'cancel' ? t('orders.cancelOrder') : actionLabel(t, a)}
            </Button>
          ))}
          <Button variant="secondary" onClick={onClose}>
            {t('common.close')}
          </Button>
        </>
      }
    >
      {error ? (
        <p className="order-card__error" role="alert">
          <span aria-hidden="true" className="field__error-icon" />
          {error}
        </p>
      ) : null}
      <div className="orders__detail-grid">
        <section aria-labelledby="order-customer" className="orders__panel">
          <h3 id="order-customer" className="orders__panel-title">
            {t('orders.customer')}
          </h3>
          {c ? (
            <address className="orders__address">
              <strong>{c.name}</strong>
              {c.email ? <span>{c.email}</span> : null}
              {c.phone ? <span>{c.phone}</span> : null}
              {c.taxId ? <span>{t('orders.taxId', { taxId: c.taxId })}</span> : null}
              {c.address ? <span className="orders__multiline">{c.address}</span> : null}
            </address>
          ) : (
            <p className="orders__muted">{t('orders.walkIn')}</p>
          )}
          {order.note ? (
            <>
              <h3 className="orders__panel-title orders__panel-title--gap">{t('common.note')}</h3>
              <p className="orders__multiline">{order.note}</p>
            </>
          ) : null}
        </section>
        <section aria-labelledby="order-totals" className="orders__panel">
          <h3 id="order-totals" className="orders__panel-title">
            {t('orders.totals')}
          </h3>
          <dl className="orders__totals">
            {order.discountTotal > 0 ? (
              <>
                <dt>{t('orders.discounts')}</dt>
                <dd data-testid="order-discount-total">{t('orders.minusAmount', { amount: money(order.discountTotal) })}</dd>
              </>
            ) : null}
            <dt>{t('common.subtotal')}</dt>
            <dd>{money(order.subtotal)}</dd>
            <dt>{t('common.tax')}</dt>
            <dd>{money(order.tax)}</dd>
            <dt className="orders__grand">{t('common.total')}</dt>
            <dd className="orders__grand">{money(order.total)}</dd>
            <dt>{t('orders.paid')}</dt>
            <dd>
              {money(order.amountPaid)}
              {order.amountPaid > 0 && order.amountPaid >= order.total ? (
                <>
                  {' '}
                  <Badge tone="success">{t('orders.paid')}</Badge>
                </>
              ) : null}
            </dd>
          </dl>
        </section>
      </div>
      <PricingNotes basis={order.priceBasis} discount={order.discount} approvedBy={order.approvedBy?.name} currency={order.currency} fmt={fmt} />
      <Table caption={t('orders.items')} showCaption columns={columns} rows={rows} rowKey={(r) => String(r.index)} />
      <section aria-labelledby="order-history">
        <h3 id="order-history" className="orders__panel-title">
          {t('orders.history')}
        </h3>
        <OrderHistory orderId={order.id} currency={order.currency} />
      </section>
    </Dialog>
  );
}
