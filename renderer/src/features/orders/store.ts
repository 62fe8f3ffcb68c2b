import { create } from 'zustand';
import type { Input, Invoice, Order } from '../../../../shared/contract';
import type { OrderStatus } from '../../../../shared/domain/orderStatus';
import { api, ApiError } from '../../api';
import { onSessionCleared } from '../session/store';
import { dayEnd, dayStart, withinDays } from './dates';

/** The queue's columns, in the order work flows. */
export const openStatuses = ['RECEIVED', 'PROCESSING', 'FULFILLED', 'SHIPPED'] as const satisfies readonly OrderStatus[];
/** Shown only with the "Show delivered and cancelled" filter. */
export const closedStatuses = ['DELIVERED', 'CANCELLED'] as const satisfies readonly OrderStatus[];
const allStatuses: readonly OrderStatus[] = [...openStatuses, ...closedStatuses];

export const statusLabels: Record<OrderStatus, string> = {
  RECEIVED: 'Received',
  PROCESSING: 'Processing',
  FULFILLED: 'Fulfilled',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};

export interface OrderFilter {
  query: string;
  /** Local days as date-input values ("2026-06-01"); '' for no bound. */
  from: string;
  to: string;
  showClosed: boolean;
}

export interface ColumnState {
  items: Order[];
  nextCursor: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  loadingMore: boolean;
}

export interface OrdersState {
  filter: OrderFilter;
  columns: Record<OrderStatus, ColumnState>;
  setFilter(patch: Partial<OrderFilter>): void;
  /** (Re)loads the first page of every visible column. */
  load(): Promise<void>;
  loadMore(status: OrderStatus): Promise<void>;
  /** Re-reads one order (a push event said it changed) and moves its card; resolves with it (null when it is gone or unreadable). */
  refresh(id: string): Promise<Order | null>;
  /** The actions throw ApiError for the caller to show; on success the card moves. */
  issueInvoice(order: Order): Promise<Invoice>;
  transition(order: Order, to: 'SHIPPED' | 'DELIVERED'): Promise<Order>;
  cancel(order: Order, reason: string): Promise<Order>;
}

export const PAGE = 20;

const emptyColumn = (): ColumnState => ({ items: [], nextCursor: null, status: 'idle', error: null, loadingMore: false });
const emptyColumns = (): Record<OrderStatus, ColumnState> =>
  Object.fromEntries(allStatuses.map((s) => [s, emptyColumn()])) as Record<OrderStatus, ColumnState>;
const emptyFilter: OrderFilter = { query: '', from: '', to: '', showClosed: false };

export function visibleStatuses(filter: OrderFilter): readonly OrderStatus[] {
  return filter.showClosed ? allStatuses : openStatuses;
}

function listInput(status: OrderStatus, filter: OrderFilter, cursor?: string): Input<'orders.list'> {
  const query = filter.query.trim();
  const from = dayStart(filter.from);
  const to = dayEnd(filter.to);
  return {
    status: [status],
    limit: PAGE,
    ...(query ? { query } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** Whether an order the list has not shown yet belongs under `filter` (close to the server's search). */
function matches(order: Order, filter: OrderFilter): boolean {
  if (!withinDays(order.createdAt, filter.from, filter.to)) return false;
  const q = filter.query.trim().toLowerCase();
  if (!q) return true;
  const number = /^#?0*(\d+)$/.exec(q);
  if (number && Number(number[1]) === order.number) return true;
  return (order.customer?.name.toLowerCase().includes(q) ?? false) || order.lines.some((l) => l.name.toLowerCase().includes(q));
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Each board load gets a number; answers to an older one (the filter changed meanwhile) are dropped. */
let generation = 0;

export const useOrders = create<OrdersState>((set, get) => {
  const patchColumn = (status: OrderStatus, patch: Partial<ColumnState>) =>
    set({ columns: { ...get().columns, [status]: { ...get().columns[status], ...patch } } });

  /** Takes the order out of whatever column holds it and puts it, newest first, where its status says. */
  const place = (order: Order) => {
    const { filter } = get();
    const columns = { ...get().columns };
    let shown = false;
    for (const s of allStatuses) {
      const col = columns[s];
      if (col.items.some((o) => o.id === order.id)) {
        shown = true;
        columns[s] = { ...col, items: col.items.filter((o) => o.id !== order.id) };
      }
    }
    if (visibleStatuses(filter).includes(order.status) && (shown || matches(order, filter))) {
      const col = columns[order.status];
      const last = col.items[col.items.length - 1];
      // Past the last loaded card of a paged column it arrives with "Load more".
      if (!col.nextCursor || !last || order.number > last.number) {
        columns[order.status] = { ...col, items: [...col.items, order].sort((a, b) => b.number - a.number) };
      }
    }
    set({ columns });
  };

  return {
    filter: emptyFilter,
    columns: emptyColumns(),

    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
      void get().load();
    },

    async load() {
      const mine = ++generation;
      const { filter } = get();
      const statuses = visibleStatuses(filter);
      const columns = { ...get().columns };
      for (const s of allStatuses) {
        columns[s] = statuses.includes(s)
          ? { ...columns[s], status: columns[s].items.length > 0 ? 'ready' : 'loading', error: null }
          : emptyColumn();
      }
      set({ columns });
      await Promise.all(
        statuses.map(async (s) => {
          try {
            const page = await api.call('orders.list', listInput(s, filter));
            if (mine === generation) patchColumn(s, { items: page.items, nextCursor: page.nextCursor, status: 'ready', error: null });
          } catch (err) {
            if (mine === generation) patchColumn(s, { status: 'error', error: message(err) });
          }
        }),
      );
    },

    async loadMore(status) {
      const col = get().columns[status];
      if (!col.nextCursor || col.loadingMore) return;
      const mine = generation;
      patchColumn(status, { loadingMore: true, error: null });
      try {
        const page = await api.call('orders.list', listInput(status, get().filter, col.nextCursor));
        if (mine !== generation) return;
        const items = get().columns[status].items;
        const seen = new Set(items.map((o) => o.id));
        patchColumn(status, { items: [...items, ...page.items.filter((o) => !seen.has(o.id))], nextCursor: page.nextCursor });
      } catch (err) {
        if (mine === generation) patchColumn(status, { error: message(err) });
      } finally {
        patchColumn(status, { loadingMore: false });
      }
    },

    async refresh(id) {
      try {
        const order = await api.call('orders.get', { id });
        place(order);
        return order;
      } catch (err) {
        // A deleted order leaves the board; anything else waits for the next event or load.
        if (!(err instanceof ApiError && err.code === 'NOT_FOUND')) return null;
        const columns = { ...get().columns };
        for (const s of allStatuses) columns[s] = { ...columns[s], items: columns[s].items.filter((o) => o.id !== id) };
        set({ columns });
        return null;
      }
    },

    async issueInvoice(order) {
      const invoice = await api.call('invoices.generate', { orderId: order.id });
      await get().refresh(order.id);
      return invoice;
    },

    async transition(order, to) {
      const next = await api.call('orders.transition', { id: order.id, to });
      place(next);
      return next;
    },

    async cancel(order, reason) {
      const next = await api.call('orders.cancel', { id: order.id, reason });
      place(next);
      return next;
    },
  };
});

/** Finds an order on the board by id. */
export function findOrder(columns: Record<OrderStatus, ColumnState>, id: string): Order | null {
  for (const s of allStatuses) {
    const found = columns[s].items.find((o) => o.id === id);
    if (found) return found;
  }
  return null;
}

onSessionCleared(() => {
  generation++;
  useOrders.setState({ filter: emptyFilter, columns: emptyColumns() });
});
