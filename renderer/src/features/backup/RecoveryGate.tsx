import { useEffect, useState, type ReactNode } from 'react';
import type { Health } from '../../../../shared/contract/system';
import { DamagedScreen } from './DamagedScreen';

/**
 * Waits for the core's health (asked for at start, see main.tsx) before the app starts:
 * when the start-up check found the database damaged, the damaged-database screen is all
 * there is. Any other answer (or none, 'unknown': the app's own start shows "not
 * answering") lets the app start.
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

  if (health === null) return null;
  if (health !== 'unknown' && health.status === 'corrupt') return <DamagedScreen health={health} />;
  return <>{children}</>;
}
