import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import { create } from 'zustand';
import type { HeadOfficeStatus, InstallationProgress } from '../../../../shared/contract/headOffice';
import type { ApiError } from '../../api';
import { contractKey, useDataClient } from '../../data';
import { useSession } from '../session/store';

/** How often the state is read while someone is at the till. */
export const POLL_MS = 5_000;
/** A host without a head office gets one only by a restart: read again rarely. */
const DETACHED_POLL_MS = 60_000;
/** The installations' progress asks PostgreSQL: less often. */
const INSTALLATIONS_POLL_MS = 15_000;
/**
 * Every signed-in call slides the session's idle expiry: a terminal nobody touches must not be
 * kept signed in by its own polling. Polling stops this long after the last key, click or touch
 * and starts again with the next one.
 */
export const ACTIVE_FOR_MS = 2 * 60_000;

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

const useActivity = create<{ active: boolean }>(() => ({ active: true }));
let lastActivity = Date.now();
let watchers = 0;
let timer: number | null = null;

function seen(): void {
  lastActivity = Date.now();
  if (!useActivity.getState().active) useActivity.setState({ active: true });
}

function watch(): () => void {
  if (watchers++ === 0) {
    lastActivity = Date.now();
    useActivity.setState({ active: true });
    for (const type of ACTIVITY) window.addEventListener(type, seen, { capture: true, passive: true });
    timer = window.setInterval(() => {
      if (useActivity.getState().active && Date.now() - lastActivity >= ACTIVE_FOR_MS) useActivity.setState({ active: false });
    }, POLL_MS);
  }
  return () => {
    if (--watchers > 0) return;
    for (const type of ACTIVITY) window.removeEventListener(type, seen, { capture: true });
    if (timer !== null) window.clearInterval(timer);
    timer = null;
  };
}

/** Whether someone used this terminal lately (keys, pointer, touch). */
function useRecentlyActive(): boolean {
  useEffect(watch, []);
  return useActivity((s) => s.active);
}

/**
 * headOffice.status, read every few seconds while the terminal is in use and not locked; the
 * shell's indicator and Admin → Head office share the one cached answer. Read only: a failed
 * read keeps the last answer and never stands in the way of a sale.
 */
export function useHeadOfficeStatus(): UseQueryResult<HeadOfficeStatus, ApiError> {
  const client = useDataClient();
  const locked = useSession((s) => s.locked);
  const active = useRecentlyActive();
  return useQuery<HeadOfficeStatus, ApiError>({
    queryKey: contractKey('headOffice.status', {}),
    queryFn: () => client.call('headOffice.status', {}),
    enabled: !locked,
    refetchInterval: (query) => (!active ? false : query.state.data?.state === 'detached' ? DETACHED_POLL_MS : POLL_MS),
  });
}

/** Every installation's progress, as the head office tells it (Admin → Head office). */
export function useInstallations(enabled: boolean): UseQueryResult<{ items: InstallationProgress[]; error: string | null }, ApiError> {
  const client = useDataClient();
  const locked = useSession((s) => s.locked);
  const active = useRecentlyActive();
  return useQuery<{ items: InstallationProgress[]; error: string | null }, ApiError>({
    queryKey: contractKey('headOffice.installations', {}),
    queryFn: () => client.call('headOffice.installations', {}),
    enabled: enabled && !locked,
    refetchInterval: active ? INSTALLATIONS_POLL_MS : false,
  });
}
