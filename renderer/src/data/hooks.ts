import {
  keepPreviousData,
  useInfiniteQuery,
  useQuery,
  type InfiniteData,
  type UseQueryResult,
} from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Input, Method, Output } from '../../../shared/contract';
import type { ApiError } from '../api';
import { useDataClient } from './context';
import { contractKey, pagedKey } from './keys';

export interface ContractQueryOptions<M extends Method> {
  /** false: do not call (yet). */
  enabled?: boolean;
  /** Shown until the first answer (e.g. the row the user clicked, before its full read). */
  placeholder?: Output<M>;
  /** While a new input loads, keep showing the previous input's answer. */
  keepPrevious?: boolean;
}

/** One contract call, cached by method + input; re-read when a push event makes it old. */
export function useContractQuery<M extends Method>(method: M, input: Input<M>, options: ContractQueryOptions<M> = {}): UseQueryResult<Output<M>, ApiError> {
  const client = useDataClient();
  const { placeholder, keepPrevious = false, enabled = true } = options;
  // Typed at the edges: inside, the answer is opaque (the query library cannot follow `Output<M>` for a generic M).
  const result = useQuery<unknown, ApiError>({
    queryKey: contractKey(method, input),
    queryFn: () => client.call(method, input),
    enabled,
    placeholderData: (previous: unknown) => placeholder ?? (keepPrevious ? previous : undefined),
  });
  return result as UseQueryResult<Output<M>, ApiError>;
}

/** Methods answering `{ items, nextCursor }` for an input with an optional `cursor`: the lists. */
export type PagedMethod = {
  [M in Method]: Output<M> extends { items: readonly unknown[]; nextCursor: string | null } ? (Input<M> extends { cursor?: string } ? M : never) : never;
}[Method];
export type Row<M extends PagedMethod> = Output<M>['items'][number];
type PageInput<M extends PagedMethod> = Omit<Input<M>, 'cursor'>;

export interface ContractList<M extends PagedMethod> {
  /** The loaded rows of every page, in order, each row once. */
  rows: Row<M>[];
  /** A row's identity (the key rows are told apart by). */
  keyOf: (row: Row<M>) => string;
  /** The last page's answer (e.g. the invoice summary), or undefined before the first. */
  last: Output<M> | undefined;
  status: 'pending' | 'error' | 'success';
  /** The first page's error (nothing to show). */
  error: ApiError | null;
  /** A later page failed: the rows stay, Load more can be tried again. */
  moreError: ApiError | null;
  hasMore: boolean;
  loadingMore: boolean;
  /** The rows shown belong to the previous filter while the new one loads. */
  stale: boolean;
  loadMore(): void;
  retry(): void;
}

/**
 * Every row once, first place wins: keyset pages can repeat a row that moved while paging
 * (renamed, re-sorted), and a list must not show it twice.
 */
export function uniqueRows<T>(pages: readonly { items: readonly T[] }[], keyOf: (row: T) => string): T[] {
  const seen = new Set<string>();
  const rows: T[] = [];
  for (const page of pages) {
    for (const row of page.items) {
      const key = keyOf(row);
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(row);
    }
  }
  return rows;
}

/** A cursor-paged list: first page on mount, more on `loadMore()`, re-read as a whole when a push event makes it old. */
export function useContractList<M extends PagedMethod>(method: M, input: PageInput<M>, keyOf: (row: Row<M>) => string, options: { enabled?: boolean } = {}): ContractList<M> {
  const client = useDataClient();
  const query = useInfiniteQuery<Output<M>, ApiError, InfiniteData<Output<M>, string | undefined>, readonly unknown[], string | undefined>({
    queryKey: pagedKey(method, input as Input<M>),
    queryFn: ({ pageParam }) => client.call(method, { ...input, ...(pageParam ? { cursor: pageParam } : {}) } as Input<M>),
    initialPageParam: undefined,
    getNextPageParam: (last) => (last as { nextCursor: string | null }).nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
  const pages = query.data?.pages;
  const rows = useMemo(() => (pages ? uniqueRows(pages as unknown as { items: Row<M>[] }[], keyOf) : []), [pages, keyOf]);
  const failedPage = query.isFetchNextPageError;
  return {
    rows,
    keyOf,
    last: pages?.[pages.length - 1],
    status: query.status,
    error: query.status === 'error' && !failedPage ? query.error : null,
    moreError: failedPage ? query.error : null,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    stale: query.isPlaceholderData,
    // Not over a re-read in progress: that re-read (maybe a push event's) must not be lost.
    loadMore: () => {
      if (query.hasNextPage) void query.fetchNextPage({ cancelRefetch: false });
    },
    retry: () => void query.refetch(),
  };
}
