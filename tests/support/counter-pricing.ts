/**
 * The counter's pricing code path (renderer/src/features/counter/totals.ts), for the node tests
 * that compare it with the core: the very functions the cart runs, imported as they are (they
 * and the cart line type reach no browser code).
 */
export type { CartLine as CounterLine } from '../../renderer/src/features/counter/cartLine';
export { cartApprovalNeeds, cartTotals } from '../../renderer/src/features/counter/totals';
