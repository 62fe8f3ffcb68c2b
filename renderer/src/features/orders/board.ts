import type { Input, Order } from '../../../../shared/contract';
import type { OrderStatus } from '../../../../shared/domain/orderStatus';
import { useContractList, type ContractList } from '../../data';
import { dayEnd, dayStart } from './dates';

/** The queue's columns, in the order work flows. */
export const openStatuses = ['RECEIVED', 'PROCESSING', 'FULFILLED', 'SHIPPED'] as const satisfies readonly OrderStatus[];
/** Shown only with the "Show delivered and cancelled" filter. */
export const closedStatuses = ['DELIVERED', 'CANCELLED'] as const satisfies readonly OrderStatus[];
const allStatuses: readonly OrderStatus[] = [...openStatuses, ...closedStatuses];


export interface OrderFilter {
  query: string;
  /** Local days as date-input values ("2026-06-01"); '' for no bound. */
  from: string;
  to: string;
  showClosed: boolean;
}

export const emptyOrderFilter: OrderFilter = { query: '', from: '', to: '', showClosed: false };
export const PAGE = 20;

export function visibleStatuses(filter: OrderFilter): readonly OrderStatus[] {
  return filter.showClosed ? allStatuses : openStatuses;
}

function listInput(status: OrderStatus, filter: OrderFilter): Omit<Input<'orders.list'>, 'cursor'> {
  const query = filter.query.trim();
  const from = dayStart(filter.from);
  const to = dayEnd(filter.to);
  return { status: [status], limit: PAGE, ...(query ? { query } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

const orderKey = (o: Order) => o.id;

export type Column = ContractList<'orders.list'>;
export type Board = Record<OrderStatus, Column>;

/** A paged list per status; the closed ones only while shown. Re-read when an order changes anywhere. */
export function useBoard(filter: OrderFilter): Board {
  const closed = { enabled: filter.showClosed };
  return {
    RECEIVED: useContractList('orders.list', listInput('RECEIVED', filter), orderKey),
    PROCESSING: useContractList('orders.list', listInput('PROCESSING', filter), orderKey),
    FULFILLED: useContractList('orders.list', listInput('FULFILLED', filter), orderKey),
    SHIPPED: useContractList('orders.list', listInput('SHIPPED', filter), orderKey),
    DELIVERED: useContractList('orders.list', listInput('DELIVERED', filter), orderKey, closed),
    CANCELLED: useContractList('orders.list', listInput('CANCELLED', filter), orderKey, closed),
  };
}

/** Finds an order on the board by id. */
export function findOrder(board: Board, id: string): Order | null {
  for (const s of allStatuses) {
    const found = board[s].rows.find((o) => o.id === id);
    if (found) return found;
  }
  return null;
}
