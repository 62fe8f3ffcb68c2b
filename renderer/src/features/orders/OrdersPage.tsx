import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Order } from '../../../../shared/contract';
import type { OrderStatus } from '../../../../shared/domain/orderStatus';
import { api, ApiError } from '../../api';
import { Banner, Button, Checkbox, PageHeader, TextField, toast } from '../../ui';
import { useSession } from '../session/store';
import { actionForKey, actionInfo, orderActions, type OrderAction } from './actions';
import { useNow } from './age';
import { CancelOrderDialog } from './CancelOrderDialog';
import { OrderCard } from './OrderCard';
import { OrderDialog } from './OrderDialog';
import { takePayment } from './takePayment';
import { findOrder, statusLabels, useOrders, visibleStatuses, type ColumnState } from './store';
import './orders.css';

const SEARCH_DELAY_MS = 250;
const keyHelp: [OrderAction, string][] = [
  ['invoice', 'invoice'],
  ['pay', 'payment'],
  ['ship', 'ship'],
  ['deliver', 'deliver'],
  ['cancel', 'cancel'],
];

interface Busy {
  id: string;
  action: OrderAction;
}

function errorText(err: unknown): string {
  if (err instanceof ApiError && err.code === 'FORBIDDEN') return `Not allowed: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

function focusCard(id: string): void {
  // After React has moved the card (it may now sit in another column).
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-order-id="${CSS.escape(id)}"]`)?.focus());
}

/** The orders queue: a column per status, cards with the actions each order allows, live from push events. */
export function OrdersPage() {
  const role = useSession((s) => s.user?.role);
  const filter = useOrders((s) => s.filter);
  const columns = useOrders((s) => s.columns);
  const { load, loadMore, setFilter, refresh, issueInvoice, transition, cancel } = useOrders.getState();
  const now = useNow();
  const [query, setQuery] = useState(filter.query);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [detail, setDetail] = useState<Order | null>(null);
  const [cancelling, setCancelling] = useState<Order | null>(null);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const detailRef = useRef<Order | null>(null);

  useEffect(() => {
    detailRef.current = detail;
  }, [detail]);

  useEffect(() => {
    void load();
  }, [load]);

  // Live: every order.changed re-reads that order and moves its card (and the open order, if it is that one).
  useEffect(
    () =>
      api.onPush((e) => {
        if (e.event !== 'order.changed') return;
        void refresh(e.data.id).then((order) => {
          if (order && detailRef.current?.id === order.id) setDetail(order);
        });
      }),
    [refresh],
  );

  useEffect(() => {
    if (query === useOrders.getState().filter.query) return;
    const timer = window.setTimeout(() => setFilter({ query }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [query, setFilter]);

  const statuses = visibleStatuses(filter);
  const grid = useMemo(() => statuses.map((s) => columns[s].items), [statuses, columns]);
  const firstId = grid.find((items) => items.length > 0)?.[0]?.id ?? null;
  const tabbableId = activeId && findOrder(columns, activeId) ? activeId : firstId;

  const actionsOf = useCallback((order: Order) => (role ? orderActions(order, role) : []), [role]);

  const setError = (id: string, text: string | null) =>
    setErrors((all) => {
      const next = { ...all };
      if (text) next[id] = text;
      else delete next[id];
      return next;
    });

  const runAction = useCallback(
    async (order: Order, action: OrderAction) => {
      if (busy) return;
      setError(order.id, null);
      if (action === 'cancel') {
        setDetail(null);
        setCancelling(order);
        return;
      }
      setBusy({ id: order.id, action });
      try {
        let next: Order | null;
        if (action === 'pay') {
          if (order.invoiceId) await takePayment(order.invoiceId, '/orders', 'Back to orders');
          return;
        }
        if (action === 'invoice') {
          const invoice = await issueInvoice(order);
          next = findOrder(useOrders.getState().columns, order.id);
          toast(`Invoice ${invoice.number} issued for order ${order.number}.`);
        } else {
          next = await transition(order, action === 'ship' ? 'SHIPPED' : 'DELIVERED');
          toast(`Order ${order.number} ${action === 'ship' ? 'shipped' : 'delivered'}.`);
        }
        if (next && detailRef.current?.id === order.id) setDetail(next);
        else if (!detailRef.current) focusCard(order.id);
      } catch (err) {
        setError(order.id, errorText(err));
        // The order may have moved on meanwhile: show where it is now.
        if (err instanceof ApiError && (err.code === 'INVALID_TRANSITION' || err.code === 'CONFLICT')) {
          const fresh = await refresh(order.id);
          if (fresh && detailRef.current?.id === order.id) setDetail(fresh);
        }
      } finally {
        setBusy(null);
      }
    },
    [busy, issueInvoice, transition, refresh],
  );

  const open = useCallback((order: Order) => {
    setActiveId(order.id);
    setDetail(order);
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
  const detailActions = detail ? actionsOf(detail) : [];

  return (
    <>
      <PageHeader title="Orders" description="Newest first. Cards move by themselves when an order changes anywhere in the store." />
      <form
        className="orders__filters"
        role="search"
        aria-label="Filter orders"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ query });
        }}
      >
        <div className="orders__search">
          <TextField
            label="Search orders"
            type="search"
            placeholder="Number or name"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <div className="orders__date">
          <TextField label="From" type="date" value={filter.from} max={filter.to || undefined} onChange={(e) => setFilter({ from: e.target.value })} />
        </div>
        <div className="orders__date">
          <TextField label="To" type="date" value={filter.to} min={filter.from || undefined} onChange={(e) => setFilter({ to: e.target.value })} />
        </div>
        <Checkbox label="Show delivered and cancelled" checked={filter.showClosed} onChange={(e) => setFilter({ showClosed: e.target.checked })} />
      </form>
      <div className="orders__toolbar">
        <p className="orders__keys" id="orders-keys">
          <span className="visually-hidden">Keyboard: </span>
          <kbd>↑</kbd>
          <kbd>↓</kbd>
          <kbd>←</kbd>
          <kbd>→</kbd> move · <kbd>Enter</kbd> open
          {keyHelp.map(([action, text]) => (
            <span key={action}>
              {' · '}
              <kbd>{actionInfo[action].key}</kbd> {text}
            </span>
          ))}
        </p>
        {filtered ? (
          <Button
            variant="ghost"
            onClick={() => {
              setQuery('');
              setFilter({ query: '', from: '', to: '' });
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
      <div className="orders__board" onKeyDown={onBoardKey}>
        {statuses.map((s) => (
          <StatusColumn
            key={s}
            status={s}
            column={columns[s]}
            filtered={filtered}
            onLoadMore={() => void loadMore(s)}
            onRetry={() => void load()}
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
          onClose={() => setDetail(null)}
        />
      ) : null}
      {cancelling ? (
        <CancelOrderDialog
          order={cancelling}
          onClose={() => setCancelling(null)}
          onConfirm={async (reason) => {
            try {
              await cancel(cancelling, reason);
            } catch (err) {
              // Paid meanwhile (a cashier may then not cancel), or already moved on: show the card as it is now.
              if (err instanceof ApiError && err.code !== 'VALIDATION') void refresh(cancelling.id);
              throw err;
            }
            toast(cancelling.amountPaid > 0 ? `Order ${cancelling.number} cancelled and refunded.` : `Order ${cancelling.number} cancelled.`);
            setCancelling(null);
          }}
        />
      ) : null}
    </>
  );
}

interface StatusColumnProps {
  status: OrderStatus;
  column: ColumnState;
  filtered: boolean;
  onLoadMore: () => void;
  onRetry: () => void;
  renderCard: (order: Order) => ReactNode;
}

function StatusColumn({ status, column, filtered, onLoadMore, onRetry, renderCard }: StatusColumnProps) {
  const headingId = `orders-col-${status.toLowerCase()}`;
  const count = column.items.length;
  return (
    <section className={`orders-col orders-col--${status.toLowerCase()}`} aria-labelledby={headingId} aria-busy={column.status === 'loading' || undefined}>
      <header className="orders-col__head">
        <h2 className="orders-col__title" id={headingId}>
          {statusLabels[status]}
        </h2>
        <span className="orders-col__count" aria-label={`${count}${column.nextCursor ? ' or more' : ''} orders`}>
          {count}
          {column.nextCursor ? '+' : ''}
        </span>
      </header>
      {column.status === 'error' || column.error ? (
        <div className="orders-col__error">
          <Banner tone="error">{column.error ?? 'The orders could not be loaded.'}</Banner>
          <Button onClick={column.status === 'error' ? onRetry : onLoadMore}>Try again</Button>
        </div>
      ) : null}
      {count > 0 ? (
        <ul className="orders-col__list" aria-labelledby={headingId}>
          {column.items.map(renderCard)}
        </ul>
      ) : column.status === 'loading' ? (
        <p className="orders-col__empty">Loading…</p>
      ) : column.status === 'ready' ? (
        <p className="orders-col__empty">{filtered ? 'None match' : 'No orders'}</p>
      ) : null}
      {column.nextCursor ? (
        <Button block className="orders-col__more" busy={column.loadingMore} onClick={onLoadMore} aria-label={`Load more ${statusLabels[status].toLowerCase()} orders`}>
          Load more
        </Button>
      ) : null}
    </section>
  );
}
