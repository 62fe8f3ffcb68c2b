import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, type ReactNode } from 'react';
import type { DataClient } from './client';
import { invalidateFor, type AnyPushEvent } from './invalidation';

const ClientContext = createContext<DataClient | null>(null);

/** The api client the data hooks call. */
export function useDataClient(): DataClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useDataClient needs a <DataProvider> above it.');
  return client;
}

/** Server state for everything below: the query cache, and its push-driven invalidation. */
export function DataProvider({ client, queryClient, children }: { client: DataClient; queryClient: QueryClient; children: ReactNode }) {
  useEffect(() => client.onPush((event) => void invalidateFor(queryClient, event)), [client, queryClient]);
  return (
    <ClientContext.Provider value={client}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ClientContext.Provider>
  );
}

/**
 * After this screen's own change: re-read what the change makes old now, as its push event
 * will (the same map), without waiting for it. Resolves when the re-reads are done.
 */
export function useChanged(): (event: AnyPushEvent) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback((event: AnyPushEvent) => invalidateFor(queryClient, event), [queryClient]);
}
