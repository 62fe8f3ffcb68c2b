import type { Order, Role } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import type { MessageId, Translate } from '../../i18n';

export type OrderAction = 'invoice' | 'pay' | 'ship' | 'deliver' | 'cancel';

export interface ActionInfo {
  /** The button's text. */
  labelId: MessageId;
  /** The key that runs it on a focused card (shown in the keyboard help). */
  key: string;
  /** The button's accessible name, with the order's number ({number}). */
  nameId: MessageId;
}

export const actionInfo: Record<OrderAction, ActionInfo> = {
  invoice: { labelId: 'orders.actionInvoice', key: 'I', nameId: 'orders.actionInvoiceName' },
  pay: { labelId: 'orders.actionPay', key: 'P', nameId: 'orders.actionPayName' },
  ship: { labelId: 'orders.actionShip', key: 'S', nameId: 'orders.actionShipName' },
  deliver: { labelId: 'orders.actionDeliver', key: 'D', nameId: 'orders.actionDeliverName' },
  cancel: { labelId: 'orders.actionCancel', key: 'C', nameId: 'orders.cancelOrderNumber' },
};

/** An action's button text: "Issue invoice". */
export function actionLabel(t: Translate, action: OrderAction): string {
  return t(actionInfo[action].labelId);
}

/** An action's accessible name, with the order's number: "Issue invoice for order 12". */
export function actionName(t: Translate, action: OrderAction, order: Order): string {
  return t(actionInfo[action].nameId, { number: String(order.number) });
}

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
