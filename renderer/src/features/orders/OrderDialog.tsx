import type { Order, OrderLine } from '../../../../shared/contract';
import { href } from '../../app/router';
import { useStoreFormat } from '../../data';
import { Badge, Button, Dialog, Table, toast, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { anyDiscount, discountColumn, LineDiscount, LinePrice, PricingNotes } from '../invoices/LineFigures';
import { actionInfo, type OrderAction } from './actions';
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
  const money = (minor: number) => formatMoney(minor, order.currency);
  const fmt = useStoreFormat();
  const columns: Column<Row>[] = [
    { key: 'name', header: 'Item', render: ({ line: l }) => (l.sku ? <span>{l.name} <span className="orders__sku">{l.sku}</span></span> : l.name) },
    { key: 'qty', header: 'Qty', align: 'end', width: 'shrink', render: ({ line: l }) => l.quantity },
    { key: 'price', header: 'Unit price', align: 'end', width: 'shrink', render: ({ line: l }) => <LinePrice line={l} currency={order.currency} /> },
    ...discountColumn<Row>(anyDiscount(order.lines), ({ line: l }) => <LineDiscount line={l} currency={order.currency} fmt={fmt} />),
    { key: 'tax', header: 'Tax', align: 'end', width: 'shrink', render: ({ line: l }) => fmt.rate(l.taxRateBp) },
    { key: 'total', header: 'Total', align: 'end', width: 'shrink', render: ({ line: l }) => <strong>{money(l.total)}</strong> },
  ];
  const rows: Row[] = order.lines.map((line, index) => ({ line, index }));
  const c = order.customer;

  return (
    <Dialog
      open
      size="lg"
      title={`Order ${order.number}`}
      description={
        <span className="orders__dialog-sub">
          <StatusBadge status={order.status} /> Received {formatDateTime(order.createdAt)}
        </span>
      }
      onClose={onClose}
      footer={
        <>
          {order.invoiceId ? (
            <a className="btn btn--ghost btn--md orders__invoice-link" href={href(`/invoices/${order.invoiceId}`)} onClick={onClose}>
              <span className="btn__label">Open invoice</span>
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
              Open in counter
            </Button>
          ) : null}
          {actions.map((a) => (
            <Button
              key={a}
              variant={a === 'cancel' ? 'danger' : 'primary'}
              aria-label={actionInfo[a].name(order)}
              busy={busy === a}
              disabled={busy !== null && busy !== a}
              onClick={() => onAction(order, a)}
            >
              {a === 'cancel' ? 'Cancel order' : actionInfo[a].label}
            </Button>
          ))}
          <Button variant="secondary" onClick={onClose}>
            Close
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
            Customer
          </h3>
          {c ? (
            <address className="orders__address">
              <strong>{c.name}</strong>
              {c.email ? <span>{c.email}</span> : null}
              {c.phone ? <span>{c.phone}</span> : null}
              {c.taxId ? <span>Tax ID {c.taxId}</span> : null}
              {c.address ? <span className="orders__multiline">{c.address}</span> : null}
            </address>
          ) : (
            <p className="orders__muted">Walk-in customer</p>
          )}
          {order.note ? (
            <>
              <h3 className="orders__panel-title orders__panel-title--gap">Note</h3>
              <p className="orders__multiline">{order.note}</p>
            </>
          ) : null}
        </section>
        <section aria-labelledby="order-totals" className="orders__panel">
          <h3 id="order-totals" className="orders__panel-title">
            Totals
          </h3>
          <dl className="orders__totals">
            {order.discountTotal > 0 ? (
              <>
                <dt>Discounts</dt>
                <dd data-testid="order-discount-total">−{money(order.discountTotal)}</dd>
              </>
            ) : null}
            <dt>Subtotal</dt>
            <dd>{money(order.subtotal)}</dd>
            <dt>Tax</dt>
            <dd>{money(order.tax)}</dd>
            <dt className="orders__grand">Total</dt>
            <dd className="orders__grand">{money(order.total)}</dd>
            <dt>Paid</dt>
            <dd>
              {money(order.amountPaid)}
              {order.amountPaid > 0 && order.amountPaid >= order.total ? (
                <>
                  {' '}
                  <Badge tone="success">Paid</Badge>
                </>
              ) : null}
            </dd>
          </dl>
        </section>
      </div>
      <PricingNotes basis={order.priceBasis} discount={order.discount} approvedBy={order.approvedBy?.name} currency={order.currency} fmt={fmt} />
      <Table caption="Items" showCaption columns={columns} rows={rows} rowKey={(r) => String(r.index)} />
      <section aria-labelledby="order-history">
        <h3 id="order-history" className="orders__panel-title">
          History
        </h3>
        <OrderHistory orderId={order.id} currency={order.currency} />
      </section>
    </Dialog>
  );
}
