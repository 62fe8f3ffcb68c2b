import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useDataClient } from '../../data';
import { DamagedScreen } from './DamagedScreen';
import { healthQuery, isDamaged } from './health';

export { HEALTH_POLL_MS } from './health';

/**
 * Waits for the core's health (asked for at start, see app/start.ts) before the app starts:
 * when the start-up check found the database damaged, the damaged-database screen is all
 * there is. Any other answer (or none, 'unknown': the app's own start shows "not
 * answering") lets the app start. While it runs the health is asked again (see health.ts):
 * the core switches to recovery the moment any call or its background check meets damage,
 * and then the damaged screen replaces the app.
 */
export function RecoveryGate({ children }: { children: ReactNode }) {
  const { data: health } = useQuery(healthQuery(useDataClient()));
  if (health === undefined) return null;
  if (isDamaged(health)) return <DamagedScreen health={health} />;
  return <>{children}</>;
}
