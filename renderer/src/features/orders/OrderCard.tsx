import { memo, type MouseEvent } from 'react';
import type { Order } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import { Button, toast } from '../../ui';
import { useSession } from '../session/store';
import { formatMoney } from '../../ui/money';
import { actionInfo, type OrderAction } from './actions';
import { formatAge } from './age';
import { formatDateTime } from './dates';
import { openInCounter } from './takePayment';

export interface OrderCardProps {
  order: Order;
  actions: readonly OrderAction[];
  now: number;
  /** The card that takes Tab into the board (roving focus). */
  tabbable: boolean;
  busy: OrderAction | null;
  error: string | null;
  onOpen: (order: Order) => void;
  onAction: (order: Order, action: OrderAction) => void;
  onFocus: (order: Order) => void;
}

const primary: Partial<Record<OrderAction, true>> = { invoice: true, pay: true, ship: true, deliver: true };

/** One order in the queue: number, customer, total and age; the actions its state allows. */
export const OrderCard = memo(function OrderCard({ order, actions, now, tabbable, busy, error, onOpen, onAction, onFocus }: OrderCardProps) {
  const titleId = `order-${order.id}-title`;
  const canSell = useSession((s) => (s.user ? canCall(s.user.role, 'orders.checkout') : false));
  const due = order.total - order.amountPaid;
  const keys = ['Enter', ...actions.map((a) => actionInfo[a].key)].join(' ');
  // A held order (no invoice yet) is edited and charged in the counter's cart.
  const held = order.status === 'RECEIVED' && order.invoiceId === null && canSell;

  const open = (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest('button, a')) return;
    onOpen(order);
  };

  return (
    <li className="order-card__item">
      <article
        className={`order-card order-card--${order.status.toLowerCase()}`}
        data-order-id={order.id}
        tabIndex={tabbable ? 0 : -1}
        aria-labelledby={titleId}
        aria-keyshortcuts={keys}
        onClick={open}
        onFocus={(e) => {
          if (e.target === e.currentTarget) onFocus(order);
        }}
      >
        <div className="order-card__head">
          <h3 className="order-card__number" id={titleId}>
            <span className="visually-hidden">Order </span>#{order.number}
          </h3>
          <span className="order-card__age" title={formatDateTime(order.createdAt)}>
            <span className="visually-hidden">Age </span>
            {formatAge(order.createdAt, now)}
          </span>
        </div>
        <p className={`order-card__customer${order.customer ? '' : ' is-anonymous'}`}>{order.customer?.name ?? 'Walk-in customer'}</p>
        <p className="order-card__total">{formatMoney(order.total, order.currency)}</p>
        {order.amountPaid > 0 && due > 0 ? (
          <p className="order-card__paid">
            Paid {formatMoney(order.amountPaid, order.currency)} · {formatMoney(due, order.currency)} due
          </p>
        ) : null}
        {actions.length > 0 || held ? (
          <div className="order-card__actions">
            {held ? (
              <Button
                variant="ghost"
                className="order-card__btn order-card__btn--counter"
                aria-label={`Open order ${order.number} in counter`}
                tabIndex={tabbable ? 0 : -1}
                disabled={busy !== null}
                onClick={() => {
                  const refused = openInCounter(order);
                  if (refused) toast(refused, 'error');
                }}
              >
                Open in counter
              </Button>
            ) : null}
            {actions.map((a) => (
              <Button
                key={a}
                variant={primary[a] ? 'primary' : 'ghost'}
                className={`order-card__btn order-card__btn--${a}`}
                aria-label={actionInfo[a].name(order)}
                aria-keyshortcuts={actionInfo[a].key}
                tabIndex={tabbable ? 0 : -1}
                busy={busy === a}
                disabled={busy !== null && busy !== a}
                onClick={() => onAction(order, a)}
              >
                {actionInfo[a].label}
              </Button>
            ))}
          </div>
        ) : null}
        {error ? (
          <p className="order-card__error" role="alert">
            <span aria-hidden="true" className="field__error-icon" />
            {error}
          </p>
        ) : null}
      </article>
    </li>
  );
});
