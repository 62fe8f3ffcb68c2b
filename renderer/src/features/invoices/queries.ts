import { useEffect, useMemo } from 'react';
import type { Input, Invoice, InvoiceStatus, Payment } from '../../../../shared/contract';
import { useContractList, useContractQuery } from '../../data';
import { dayEnd, dayStart } from '../orders/dates';

export interface InvoiceFilter {
  query: string;
  /** '' for every status. */
  status: '' | InvoiceStatus;
  /** Local days as date-input values; '' for no bound. */
  from: string;
  to: string;
}

export const emptyInvoiceFilter: InvoiceFilter = { query: '', status: '', from: '', to: '' };
export const PAGE = 50;

export function invoiceListInput(filter: InvoiceFilter): Omit<Input<'invoices.list'>, 'cursor'> {
  const query = filter.query.trim();
  const from = dayStart(filter.from);
  const to = dayEnd(filter.to);
  return {
    limit: PAGE,
    ...(filter.status ? { status: filter.status } : {}),
    ...(query ? { query } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

export const invoiceKey = (i: Invoice) => i.id;
const paymentKey = (p: Payment) => p.id;
const oldestFirst = (a: Payment, b: Payment) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);

/**
 * One invoice with its order (null when the order is gone) and, when `withPayments`, every
 * payment and refund, oldest first (null where the role may not list payments).
 */
export function useInvoiceDetail(id: string, withPayments: boolean) {
  const invoice = useContractQuery('invoices.get', { id });
  const orderId = invoice.data?.orderId ?? '';
  const order = useContractQuery('orders.get', { id: orderId }, { enabled: orderId !== '' });
  const payments = useContractList('payments.list', { invoiceId: id, limit: 500 }, paymentKey, { enabled: withPayments });
  const { hasMore, loadingMore, loadMore } = payments;
  // Every page: an invoice's payments are shown whole.
  useEffect(() => {
    if (withPayments && hasMore && !loadingMore) loadMore();
  }, [withPayments, hasMore, loadingMore, loadMore]);
  const sorted = useMemo(() => [...payments.rows].sort(oldestFirst), [payments.rows]);

  const orderGone = order.error?.code === 'NOT_FOUND';
  const error = invoice.error ?? (orderGone ? null : order.error) ?? (withPayments ? payments.error : null);
  const ready = invoice.data && (order.data || orderGone) && (!withPayments || (payments.status === 'success' && !hasMore));
  return {
    detail: ready ? { invoice: invoice.data!, order: order.data ?? null, payments: withPayments ? sorted : null } : null,
    error,
    retry: () => {
      void invoice.refetch();
      if (orderId) void order.refetch();
      if (withPayments) payments.retry();
    },
  };
}
