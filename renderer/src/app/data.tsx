import type { ReactNode } from 'react';
import { api } from '../api';
import { createQueryClient, DataProvider } from '../data';
import { onSessionCleared } from '../features/session/store';

/** The app's one query cache. */
export const queryClient = createQueryClient();

// Nothing read for one user is shown to the next.
onSessionCleared(() => queryClient.clear());

/** Server state for the whole app, over the one api client. */
export function AppData({ children }: { children: ReactNode }) {
  return (
    <DataProvider client={api} queryClient={queryClient}>
      {children}
    </DataProvider>
  );
}
