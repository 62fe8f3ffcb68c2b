import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Order } from '../../../../shared/contract';
import type { OrderStatus } from '../../../../shared/domain/orderStatus';
import { ApiError } from '../../api';
import { useChanged, useContractQuery, useDataClient } from '../../data';
import { useT, type MessageId, type Translate } from '../../i18n';
import { Banner, Button, Checkbox, FilterBar, FilterDates, FilterSearch, PageHeader, toast, useDebounced, usePageFilter } from '../../ui';
import { useSession } from '../session/store';
import { actionForKey, actionInfo, orderActions, type OrderAction } from './actions';
import { useNow } from './age';
import { CancelOrderDialog } from './CancelOrderDialog';
import { OrderCard } from './OrderCard';
import { OrderDialog } from './OrderDialog';
import { takePayment } from './takePayment';
import { orderStatusLabel } from '../../i18n/statuses';
import { emptyOrderFilter, findOrder, useBoard, visibleStatuses, type Column } from './board';
import { RichMessage } from './RichMessage';
import './orders.css';

const SEARCH_DELAY_MS = 250;
const keyHelp: [OrderAction, MessageId][] = [
  ['invoice', 'orders.keyInvoice'],
  ['pay', 'orders.keyPayment'],
  ['ship', 'orders.keyShip'],
  ['deliver', 'orders.keyDeliver'],
  ['cancel', 'orders.keyCancel'],
];
const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;
const kbd = (chunks: ReactNode[]) => <kbd>{chunks}</kbd>;

interface Busy {
  id: string;
  action: OrderAction;
}

function errorText(err: unknown, t: Translate): string {
  if (err instanceof ApiError && err.code === 'FORBIDDEN') return t('orders.notAllowed', { message: err.message });
  return err instanceof Error ? err.message : String(err);
}

function focusCard(id: string): void {
  // After React has moved the card (it may now sit in another column).
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-order-id="${CSS.escape(id)}"]`)?.focus());
}

/** The order a push event or an action changed, to focus once its card is in its new column. */
interface FocusTarget {
  id: string;
  status: OrderStatus;
}

/** The orders queue: a column per status, cards with the actions each order allows, live from push events. */
export function OrdersPage() {
  const t = useT();
  const role = useSession((s) => s.user?.role);
  const [filter, setFilter] = usePageFilter('orders', emptyOrderFilter);
  const query = useDebounced(filter.query, SEARCH_DELAY_MS);
  // Live: every order.changed re-reads the columns and the open order (data/invalidation.ts).
  const board = useBoard({ ...filter, query });
  const client = useDataClient();
  const changed = useChanged();
  const now = useNow();
  const [activeId, setActiveId] = useState<string | null>(null);
  const [opened, setOpened] = useState<Order | null>(null);
  const [cancelling, setCancelling] = useState<Order | null>(null);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [focusTarget, setFocusTarget] = useState<FocusTarget | null>(null);
  const openedQuery = useContractQuery('orders.get', { id: opened?.id ?? '' }, { enabled: opened !== null, placeholder: opened ?? undefined });
  const detail = opened ? (openedQuery.data ?? opened) : null;
  const detailRef = useRef<Order | null>(null);

  useEffect(() => {
    detailRef.current = detail;
  }, [detail]);

  // The focus follows a card the keyboard moved, once the re-read shows it in its new column.
  useEffect(() => {
    if (!focusTarget || !board[focusTarget.status].rows.some((o) => o.id === focusTarget.id)) return;
    setFocusTarget(null);
    setActiveId(focusTarget.id);
    focusCard(focusTarget.id);
  }, [focusTarget, board]);

  const statuses = visibleStatuses(filter);
  const grid = useMemo(() => statuses.map((s) => board[s].rows), [statuses, board]);
  const firstId = grid.find((items) => items.length > 0)?.[0]?.id ?? null;
  const tabbableId = activeId && findOrder(board, activeId) ? activeId : firstId;

  const actionsOf = useCallback((order: Order) => (role ? orderActions(order, role) : []), [role]);

  const setError = (id: string, text: string | null) =>
    setErrors((all) => {
      const next = { ...all };
      if (text) next[id] = text;
      else delete next[id];
      return next;
    });

  const orderChanged = useCallback((order: Pick<Order, 'id' | 'status'>) => changed({ event: 'order.changed', data: { id: order.id, status: order.status } }), [changed]);

  const runAction = useCallback(
    async (order: Order, action: OrderAction) => {
      if (busy) return;
      setError(order.id, null);
      if (action === 'cancel') {
        setOpened(null);
        setCancelling(order);
        return;
      }
      setBusy({ id: order.id, action });
      try {
        if (action === 'pay') {
          if (order.invoiceId) await takePayment(order.invoiceId, '/orders', t('orders.backToOrders'));
          return;
        }
        let status: OrderStatus;
        if (action === 'invoice') {
          const invoice = await client.call('invoices.generate', { orderId: order.id });
          await changed({ event: 'invoice.changed', data: { id: invoice.id, status: invoice.status } });
          status = 'PROCESSING';
          toast(t('orders.invoiceIssuedToast', { invoice: invoice.number, number: String(order.number) }));
        } else {
          const next = await client.call('orders.transition', { id: order.id, to: action === 'ship' ? 'SHIPPED' : 'DELIVERED' });
          await orderChanged(next);
          status = next.status;
          toast(t(action === 'ship' ? 'orders.shippedToast' : 'orders.deliveredToast', { number: String(order.number) }));
        }
        if (!detailRef.current && statuses.includes(status)) setFocusTarget({ id: order.id, status });
      } catch (err) {
        setError(order.id, errorText(err, t));
        // The order may have moved on meanwhile: show where it is now.
        if (err instanceof ApiError && (err.code === 'INVALID_TRANSITION' || err.code === 'CONFLICT')) await orderChanged(order);
      } finally {
        setBusy(null);
      }
    },
    [busy, client, changed, orderChanged, statuses, t],
  );

  const open = useCallback((order: Order) => {
    setActiveId(order.id);
    setOpened(order);
  }, []);
  const onFocus = useCallback((order: Order) => setActiveId(order.id), []);
  const onAction = useCallback((order: Order, action: OrderAction) => void runAction(order, action), [runAction]);

  // Arrow keys between cards (up/down in a column, left/right across), Enter opens, letters run actions.
  const onBoardKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = e.target as HTMLElement;
    const id = el.dataset.orderId;
    if (!id || e.altKey || e.ctrlKey || e.metaKey) return;
    const col = grid.findIndex((items) => items.some((o) => o.id === id));
    if (col < 0) return;
    const row = grid[col]!.findIndex((o) => o.id === id);
    const order = grid[col]![row]!;
    const move = (c: number, r: number) => {
      const target = grid[c]?.[Math.max(0, Math.min(r, grid[c]!.length - 1))];
      if (!target) return;
      e.preventDefault();
      setActiveId(target.id);
      focusCard(target.id);
    };
    const across = (step: 1 | -1) => {
      for (let c = col + step; c >= 0 && c < grid.length; c += step) {
        if (grid[c]!.length > 0) return move(c, row);
      }
    };
    switch (e.key) {
      case 'ArrowDown':
        return move(col, row + 1);
      case 'ArrowUp':
        return move(col, row - 1);
      case 'ArrowRight':
        return across(1);
      case 'ArrowLeft':
        return across(-1);
      case 'Home':
        return move(col, 0);
      case 'End':
        return move(col, grid[col]!.length - 1);
      case 'Enter':
      case ' ':
        e.preventDefault();
        return open(order);
      default: {
        const action = e.key.length === 1 ? actionForKey(e.key, actionsOf(order)) : null;
        if (action) {
          e.preventDefault();
          void runAction(order, action);
        }
      }
    }
  };

  const filtered = filter.query.trim() !== '' || filter.from !== '' || filter.to !== '';
  const clearSearch = () => setFilter({ query: emptyOrderFilter.query, from: emptyOrderFilter.from, to: emptyOrderFilter.to });
  const detailActions = detail ? actionsOf(detail) : [];

  return (
    <>
      <PageHeader title={t('orders.orders')} description={t('orders.ordersDescription')} />
      <FilterBar label={t('orders.filterOrders')} filtered={filtered} onClear={clearSearch}>
        <FilterSearch label={t('orders.searchOrders')} placeholder={t('orders.searchPlaceholder')} value={filter.query} onChange={(query) => setFilter({ query })} />
        <FilterDates from={filter.from} to={filter.to} onChange={setFilter} />
        <Checkbox label={t('orders.showClosed')} checked={filter.showClosed} onChange={(e) => setFilter({ showClosed: e.target.checked })} />
      </FilterBar>
      <p className="orders__keys" id="orders-keys">
        <RichMessage id="orders.keysHelp" values={{ hidden, kbd }} />
        {keyHelp.map(([action, id]) => (
          <span key={action}> <RichMessage id={id} values={{ key: actionInfo[action].key, kbd }} /></span>
        ))}
      </p>
      <div className="orders__board" onKeyDown={onBoardKey}>
        {statuses.map((s) => (
          <StatusColumn
            key={s}
            status={s}
            column={board[s]}
            filtered={filtered}
            renderCard={(o) => (
              <OrderCard
                key={o.id}
                order={o}
                actions={actionsOf(o)}
                now={now}
                tabbable={o.id === tabbableId}
                busy={busy?.id === o.id ? busy.action : null}
                error={errors[o.id] ?? null}
                onOpen={open}
                onAction={onAction}
                onFocus={onFocus}
              />
            )}
          />
        ))}
      </div>
      {detail ? (
        <OrderDialog
          order={detail}
          actions={detailActions}
          busy={busy?.id === detail.id ? busy.action : null}
          error={errors[detail.id] ?? null}
          onAction={onAction}
          onClose={() => setOpened(null)}
        />
      ) : null}
      {cancelling ? (
        <CancelOrderDialog
          order={cancelling}
          onClose={() => setCancelling(null)}
          onConfirm={async (reason) => {
            try {
              await orderChanged(await client.call('orders.cancel', { id: cancelling.id, reason }));
            } catch (err) {
              // Paid meanwhile (a cashier may then not cancel), or already moved on: show the card as it is now.
              if (err instanceof ApiError && err.code !== 'VALIDATION') void orderChanged(cancelling);
              throw err;
            }
            toast(t(cancelling.amountPaid > 0 ? 'orders.cancelledRefundedToast' : 'orders.cancelledToast', { number: String(cancelling.number) }));
            setCancelling(null);
          }}
        />
      ) : null}
    </>
  );
}

interface StatusColumnProps {
  status: OrderStatus;
  column: Column;
  filtered: boolean;
  renderCard: (order: Order) => ReactNode;
}

function StatusColumn({ status, column, filtered, renderCard }: StatusColumnProps) {
  const t = useT();
  const headingId = `orders-col-${status.toLowerCase()}`;
  const count = column.rows.length;
  const error = column.error ?? column.moreError;
  return (
    <section className={`orders-col orders-col--${status.toLowerCase()}`} aria-labelledby={headingId} aria-busy={column.status === 'pending' || undefined}>
      <header className="orders-col__head">
        <h2 className="orders-col__title" id={headingId}>
          {orderStatusLabel(t, status)}
        </h2>
        <span className="orders-col__count" aria-label={t(column.hasMore ? 'orders.columnCountMore' : 'orders.columnCount', { count })}>
          {column.hasMore ? t('orders.countMore', { count: String(count) }) : count}
        </span>
      </header>
      {error ? (
        <div className="orders-col__error">
          <Banner tone="error">{error.message}</Banner>
          <Button onClick={column.moreError ? column.loadMore : column.retry}>{t('orders.tryAgain')}</Button>
        </div>
      ) : null}
      {count > 0 ? (
        <ul className="orders-col__list" aria-labelledby={headingId}>
          {column.rows.map(renderCard)}
        </ul>
      ) : column.status === 'pending' ? (
        <p className="orders-col__empty">{t('common.loading')}</p>
      ) : column.status === 'success' ? (
        <p className="orders-col__empty">{filtered ? t('orders.noneMatch') : t('orders.noOrders')}</p>
      ) : null}
      {column.hasMore ? (
        <Button block className="orders-col__more" busy={column.loadingMore} onClick={column.loadMore} aria-label={t('orders.loadMoreStatus', { status })}>
          {t('orders.loadMore')}
        </Button>
      ) : null}
    </section>
  );
}
