import type { ReactNode } from 'react';
import { api } from '../api';
import { createQueryClient, DataProvider } from '../data';
import { onSessionCleared } from '../features/session/store';
import { clearFilters } from '../ui';

/** The app's one query cache. */
export const queryClient = createQueryClient();

/** The code of a screen (see routes.tsx), cached beside the data but not part of it. */
export const screenKey = (name: string) => ['screen', name] as const;

// Nothing read for one user is shown to the next (the screens' code and the core's health,
// which RecoveryGate watches throughout, are no one's data).
const sharedKeys = new Set<unknown>(['screen', 'system.health']);
onSessionCleared(() => {
  queryClient.removeQueries({ predicate: (q) => !sharedKeys.has(q.queryKey[0]) });
  clearFilters();
});

/** Server state for the whole app, over the one api client. */
export function AppData({ children }: { children: ReactNode }) {
  return (
    <DataProvider client={api} queryClient={queryClient}>
      {children}
    </DataProvider>
  );
}
