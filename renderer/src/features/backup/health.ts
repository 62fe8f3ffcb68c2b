import { queryOptions } from '@tanstack/react-query';
import type { Health } from '../../../../shared/contract/system';
import { contractKey, type DataClient } from '../../data';

/** How often a running app asks again: damage met while it runs switches the core to recovery too. */
export const HEALTH_POLL_MS = 10_000;

/** The core's health; 'unknown' when it does not answer (the session's start shows why). */
export type KnownHealth = Health | 'unknown';

export const isDamaged = (h: KnownHealth | undefined): h is Health => h !== undefined && h !== 'unknown' && h.status === 'corrupt';

/**
 * The health as a cached query: asked at start (app/start.ts), again every few seconds and
 * whenever the window comes back into view, never again once the store is found damaged
 * (the damaged screen is all there is then).
 */
export function healthQuery(client: Pick<DataClient, 'call'>) {
  return queryOptions<KnownHealth>({
    queryKey: contractKey('system.health', {}),
    queryFn: () => client.call('system.health', {}).catch(() => 'unknown' as const),
    // The start-up answer is fresh when the gate first mounts: no second call for it.
    refetchOnMount: false,
    refetchInterval: (q) => (isDamaged(q.state.data) ? false : HEALTH_POLL_MS),
    refetchOnWindowFocus: (q) => (isDamaged(q.state.data) ? false : 'always'),
  });
}
