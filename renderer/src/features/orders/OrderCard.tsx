import { memo, type MouseEvent, type ReactNode } from 'react';
import type { Order } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import { useT } from '../../i18n';
import { Button, toast } from '../../ui';
import { useSession } from '../session/store';
import { formatMoney } from '../../ui/money';
import { actionInfo, actionLabel, actionName, type OrderAction } from './actions';
import { formatAge } from './age';
import { formatDateTime } from './dates';
import { RichMessage } from './RichMessage';
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
const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;

/** One order in the queue: number, customer, total and age; the actions its state allows. */
export const OrderCard = memo(function OrderCard({ order, actions, now, tabbable, busy, error, onOpen, onAction, onFocus }: OrderCardProps) {
  const t = useT();
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
            <RichMessage id="orders.cardTitle" values={{ number: String(order.number), hidden }} />
          </h3>
          <span className="order-card__age" title={formatDateTime(order.createdAt)}>
            <RichMessage id="orders.cardAge" values={{ age: formatAge(order.createdAt, now, t), hidden }} />
          </span>
        </div>
        <p className={`order-card__customer${order.customer ? '' : ' is-anonymous'}`}>{order.customer?.name ?? t('orders.walkIn')}</p>
        <p className="order-card__total">{formatMoney(order.total, order.currency)}</p>
        {order.amountPaid > 0 && due > 0 ? (
          <p className="order-card__paid">
            {t('orders.paidDue', { paid: formatMoney(order.amountPaid, order.currency), due: formatMoney(due, order.currency) })}
          </p>
        ) : null}
        {actions.length > 0 || held ? (
          <div className="order-card__actions">
            {held ? (
              <Button
                variant="ghost"
                className="order-card__btn order-card__btn--counter"
                aria-label={t('orders.openInCounterName', { number: String(order.number) })}
                tabIndex={tabbable ? 0 : -1}
                disabled={busy !== null}
                onClick={() => {
                  const refused = openInCounter(order);
                  if (refused) toast(refused, 'error');
                }}
              >
                {t('orders.openInCounter')}
              </Button>
            ) : null}
            {actions.map((a) => (
              <Button
                key={a}
                variant={primary[a] ? 'primary' : 'ghost'}
                className={`order-card__btn order-card__btn--${a}`}
                aria-label={actionName(t, a, order)}
                aria-keyshortcuts={actionInfo[a].key}
                tabIndex={tabbable ? 0 : -1}
                busy={busy === a}
                disabled={busy !== null && busy !== a}
                onClick={() => onAction(order, a)}
              >
                {actionLabel(t, a)}
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
