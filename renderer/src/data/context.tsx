import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import type { DataClient } from './client';
import { invalidateFor } from './invalidation';

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
