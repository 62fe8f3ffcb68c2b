import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import type { ApiClient } from '../api';

/** What the data layer needs of the api client: calls and push events. */
export type DataClient = Pick<ApiClient, 'call' | 'onPush'>;

const isPagedKey = (key: readonly unknown[]) => key[2] === 'pages';

/**
 * The cache's defaults. Answers stay until a push event (see invalidation.ts) or a return to
 * the screen says they may be old; a failed read shows its error at once with Try again
 * (no silent retries), and a focus change does not re-read.
 */
export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: 0 },
      mutations: { retry: false },
    },
  });
  // A list no screen shows any more keeps only its first page: shown again (back to a screen,
  // back to a filter) it starts from the top and re-reads one page, not every page once loaded.
  client.getQueryCache().subscribe((event) => {
    const { query } = event;
    if (event.type !== 'observerRemoved' || !isPagedKey(query.queryKey) || query.getObserversCount() > 0) return;
    const data = query.state.data as InfiniteData<unknown, unknown> | undefined;
    if (data && data.pages.length > 1) {
      client.setQueryData(query.queryKey, { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) }, { updatedAt: query.state.dataUpdatedAt });
    }
  });
  return client;
}
