import type { Input, Method } from '../../../shared/contract';

/**
 * A query's key: the contract method, then its input. TanStack Query hashes keys with sorted
 * object keys, so `{ a, b }` and `{ b, a }` are one entry; `[method]` alone matches every input.
 */
export function contractKey<M extends Method>(method: M, input: Input<M>): readonly [M, Input<M>] {
  return [method, input] as const;
}

/** A paged list is cached apart from a single call with the same input (its data is a list of pages). */
export function pagedKey<M extends Method>(method: M, input: Input<M>): readonly [M, Input<M>, 'pages'] {
  return [method, input, 'pages'] as const;
}
