import type { Input } from '../../../../shared/contract';
import { api } from '../../api';

type VoidInput = Input<'orders.recordVoid'>;

const RETRY_DELAYS_MS = [2_000, 10_000, 30_000];

/**
 * Records a line taken off the cart or a cart given up, for the manager. Never blocks the
 * cashier: sent in the background, retried a few times when the store is unreachable.
 */
export function recordVoid(input: VoidInput, attempt = 0): void {
  if (input.lines.length === 0) return;
  api.call('orders.recordVoid', input).catch(() => {
    const delay = RETRY_DELAYS_MS[attempt];
    if (delay !== undefined) setTimeout(() => recordVoid(input, attempt + 1), delay);
  });
}
