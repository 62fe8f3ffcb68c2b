import type { InvoiceStatus } from '../../../shared/contract';
import type { OrderStatus } from '../../../shared/domain/orderStatus';
import type { MessageId, Translate } from './core';

const orderStatusIds: Record<OrderStatus, MessageId> = {
  RECEIVED: 'orders.statusReceived',
  PROCESSING: 'orders.statusProcessing',
  FULFILLED: 'orders.statusFulfilled',
  SHIPPED: 'orders.statusShipped',
  DELIVERED: 'orders.statusDelivered',
  CANCELLED: 'orders.statusCancelled',
};
const invoiceStatusIds: Record<InvoiceStatus, MessageId> = { PENDING: 'invoices.statusPending', PAID: 'invoices.statusPaid', CANCELLED: 'invoices.statusCancelled' };

export const isOrderStatus = (s: unknown): s is OrderStatus => typeof s === 'string' && Object.hasOwn(orderStatusIds, s);
export const isInvoiceStatus = (s: unknown): s is InvoiceStatus => typeof s === 'string' && Object.hasOwn(invoiceStatusIds, s);

/** An order status's name ("Received", "Shipped"): a column's title, an order's badge, an error's words. */
export const orderStatusLabel = (t: Translate, status: OrderStatus): string => t(orderStatusIds[status]);

/** An invoice status's name in the current language. */
export const invoiceStatusLabel = (t: Translate, status: InvoiceStatus): string => t(invoiceStatusIds[status]);
