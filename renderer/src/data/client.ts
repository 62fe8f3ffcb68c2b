import { QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../api';

/** What the data layer needs of the api client: calls and push events. */
export type DataClient = Pick<ApiClient, 'call' | 'onPush'>;

/**
 * The cache's defaults. Answers stay until a push event (see invalidation.ts) or a return to
 * the screen says they may be old; a failed read shows its error at once with Try again
 * (no silent retries), and a focus change does not re-read.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: 0 },
      mutations: { retry: false },
    },
  });
}
