import { useEffect, useState, type ReactNode } from 'react';
import type { Health } from '../../../../shared/contract/system';
import { api } from '../../api';
import { DamagedScreen } from './DamagedScreen';

/** How often a running app asks again: damage met while it runs switches the core to recovery too. */
export const HEALTH_POLL_MS = 10_000;

/**
 * Waits for the core's health (asked for at start, see main.tsx) before the app starts:
 * when the start-up check found the database damaged, the damaged-database screen is all
 * there is. Any other answer (or none, 'unknown': the app's own start shows "not
 * answering") lets the app start. While it runs the health is asked again every few seconds
 * (and when the window comes back into view): the core switches to recovery the moment any
 * call or its background check meets damage, and then the damaged screen replaces the app.
 */
export function RecoveryGate({ health: asked, children }: { health: Promise<Health | 'unknown'>; children: ReactNode }) {
  const [health, setHealth] = useState<Health | 'unknown' | null>(null);

  useEffect(() => {
    let live = true;
    void asked.then((h) => live && setHealth(h));
    return () => {
      live = false;
    };
  }, [asked]);

  const damaged = health !== null && health !== 'unknown' && health.status === 'corrupt';
  useEffect(() => {
    if (health === null || damaged) return;
    let live = true;
    const ask = () => {
      api.call('system.health', {}).then(
        (h) => live && h.status === 'corrupt' && setHealth(h),
        () => {
          // Not answering: the session's own calls say so.
        },
      );
    };
    const timer = setInterval(ask, HEALTH_POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && ask();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [health, damaged]);

  if (health === null) return null;
  if (health !== 'unknown' && health.status === 'corrupt') return <DamagedScreen health={health} />;
  return <>{children}</>;
}
