/**
 * Fixtures for the discount and typed-price tests: a sales store whose manager has a PIN to
 * approve with, and the order calls those tests make again and again.
 */
import type { Input } from '../../shared/contract';
import type { Transport } from './core';
import { expectNoWrites, openSalesStore, unique, type SalesStore } from './sales';

/** The manager's PIN in a pricing store. */
export const MANAGER_PIN = '2468';

/** A discount with the reason "Promotion" (a percent unless said otherwise). */
export const promo = (value: number, kind: 'percent' | 'amount' = 'percent') => ({ kind, value, reason: 'Promotion' });

/** A fresh sales store whose manager approves with MANAGER_PIN. */
export async function openPricingStore(transport: Transport): Promise<SalesStore> {
  const s = await openSalesStore(transport);
  await s.t.ok('users.setPin', { pin: MANAGER_PIN }, s.manager);
  return s;
}

/**
 * The order calls of a pricing test, the cashier's unless another token is given. `store` is read
 * at each call, as the store is opened in a beforeAll.
 */
export function pricingCalls(store: () => SalesStore) {
  return {
    create: (input: Input<'orders.create'>, token = store().cashier) => store().t.ok('orders.create', input, token),
    /** An orders.create that must be refused having written nothing; its error. */
    refused: (input: unknown, token = store().cashier) => expectNoWrites(store(), () => store().t.fail('orders.create', input, token)),
    /** A checkout paid by card for `total`, with a fresh idempotency key. */
    checkout: (input: Partial<Input<'orders.checkout'>>, total: number, token = store().cashier) =>
      store().t.ok('orders.checkout', { tenders: [{ method: 'card', amount: total }], idempotencyKey: unique('co'), ...input }, token),
    /** The manager's approval by PIN. */
    managerPin: () => ({ userId: store().userId.manager, pin: MANAGER_PIN }),
  };
}
