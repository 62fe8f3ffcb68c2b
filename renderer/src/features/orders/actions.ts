import type { Order, Role } from '../../../../shared/contract';
import { canCall } from '../../app/access';

export type OrderAction = 'invoice' | 'pay' | 'ship' | 'deliver' | 'cancel';

export interface ActionInfo {
  /** The button's text. */
  label: string;
  /** The key that runs it on a focused card (shown in the keyboard help). */
  key: string;
  /** The button's accessible name, with the order's number. */
  name: (order: Order) => string;
}

export const actionInfo: Record<OrderAction, ActionInfo> = {
  invoice: { label: 'Issue invoice', key: 'I', name: (o) => `Issue invoice for order ${o.number}` },
  pay: { label: 'Take payment', key: 'P', name: (o) => `Take payment for order ${o.number}` },
  ship: { label: 'Ship', key: 'S', name: (o) => `Ship order ${o.number}` },
  deliver: { label: 'Deliver', key: 'D', name: (o) => `Deliver order ${o.number}` },
  cancel: { label: 'Cancel', key: 'C', name: (o) => `Cancel order ${o.number}` },
};

/**
 * What `role` can do with `order` now: read from the order's `allowedTransitions` (the server's
 * state machine) and the contract's access table. The server still decides; this only hides
 * what would be refused. A cashier may cancel only an order without payments (electron/core/services/cancellation.ts).
 */
export function orderActions(order: Order, role: Role): OrderAction[] {
  const next = order.allowedTransitions;
  const actions: OrderAction[] = [];
  if (next.includes('PROCESSING') && order.invoiceId === null && canCall(role, 'invoices.generate')) actions.push('invoice');
  if (next.includes('FULFILLED') && order.invoiceId !== null && canCall(role, 'payments.pay')) actions.push('pay');
  if (next.includes('SHIPPED') && canCall(role, 'orders.transition')) actions.push('ship');
  if (next.includes('DELIVERED') && canCall(role, 'orders.transition')) actions.push('deliver');
  if (next.includes('CANCELLED') && canCall(role, 'orders.cancel') && !(role === 'cashier' && order.amountPaid > 0)) actions.push('cancel');
  return actions;
}

/** The action a key runs, if that action is available. */
export function actionForKey(key: string, available: readonly OrderAction[]): OrderAction | null {
  const upper = key.toUpperCase();
  return available.find((a) => actionInfo[a].key === upper) ?? null;
}
