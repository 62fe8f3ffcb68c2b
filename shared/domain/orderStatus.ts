/** The order state machine: one table, read by main (rules) and the renderer (which actions to show). */
export const orderStatuses = ['RECEIVED', 'PROCESSING', 'FULFILLED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** The one operation allowed to move an order into each state. */
export const enteredBy: Record<OrderStatus, string> = {
  RECEIVED: 'orders.create',
  PROCESSING: 'invoices.generate',
  FULFILLED: 'payments.pay',
  SHIPPED: 'orders.transition',
  DELIVERED: 'orders.transition',
  CANCELLED: 'orders.cancel',
};

export const transitions: Record<OrderStatus, readonly OrderStatus[]> = {
  RECEIVED: ['PROCESSING', 'CANCELLED'],
  PROCESSING: ['FULFILLED', 'CANCELLED'],
  FULFILLED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return transitions[from].includes(to);
}

export function isTerminal(status: OrderStatus): boolean {
  return transitions[status].length === 0;
}

/**
 * Why `operation` may not move an order from `from` to `to`, or null when it may.
 * The message names the current state, the target and the operation to use instead.
 */
export function transitionRefusal(from: OrderStatus, to: OrderStatus, operation: string): string | null {
  if (!canTransition(from, to)) {
    return `The order is ${from} and cannot become ${to}` +
      (isTerminal(from) ? ` (${from} is final).` : `; from ${from} it can become ${transitions[from].join(' or ')}.`);
  }
  if (enteredBy[to] !== operation) {
    return `The order is ${from}; ${to} is reached with ${enteredBy[to]}, not ${operation}.`;
  }
  return null;
}
