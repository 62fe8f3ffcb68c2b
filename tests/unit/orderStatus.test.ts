import { describe, expect, test } from 'vitest';
import { canTransition, enteredBy, isTerminal, orderStatuses, transitionRefusal, type OrderStatus } from '../../shared/domain/orderStatus';

/** The contract's table, written out independently of the implementation. */
const allowed = new Set([
  'RECEIVED>PROCESSING',
  'RECEIVED>CANCELLED',
  'PROCESSING>FULFILLED',
  'PROCESSING>CANCELLED',
  'FULFILLED>SHIPPED',
  'FULFILLED>CANCELLED',
  'SHIPPED>DELIVERED',
]);

const pairs = orderStatuses.flatMap((from) => orderStatuses.map((to) => [from, to] as [OrderStatus, OrderStatus]));

describe('order state machine', () => {
  test('covers all 36 pairs', () => expect(pairs).toHaveLength(36));

  test.each(pairs)('%s → %s', (from, to) => {
    const legal = allowed.has(`${from}>${to}`);
    expect(canTransition(from, to)).toBe(legal);
    const byRightOperation = transitionRefusal(from, to, enteredBy[to]);
    if (legal) {
      expect(byRightOperation).toBeNull();
      // Any other operation is refused, and the message names the one to use.
      const refusal = transitionRefusal(from, to, 'some.other');
      expect(refusal).toContain(from);
      expect(refusal).toContain(to);
      expect(refusal).toContain(enteredBy[to]);
    } else {
      expect(byRightOperation).toContain(from);
      expect(byRightOperation).toContain(to);
    }
  });

  test('DELIVERED and CANCELLED are terminal, nothing else is', () => {
    expect(orderStatuses.filter(isTerminal)).toEqual(['DELIVERED', 'CANCELLED']);
  });

  test('each state is entered by the operation the contract names', () => {
    expect(enteredBy).toEqual({
      RECEIVED: 'orders.create',
      PROCESSING: 'invoices.generate',
      FULFILLED: 'payments.pay',
      SHIPPED: 'orders.transition',
      DELIVERED: 'orders.transition',
      CANCELLED: 'orders.cancel',
    });
  });
});
