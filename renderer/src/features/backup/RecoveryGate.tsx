import { useEffect, useState, type ReactNode } from 'react';
import type { Health } from '../../../../shared/contract/system';
import { api } from '../../api';
import { DamagedScreen } from './DamagedScreen';

/**
 * Asks the core how it is before the app starts: when the start-up check found the
 * database damaged, the damaged-database screen is all there is. Any other answer (or
 * none: the app's own start shows "not answering") lets the app start.
 */
export function RecoveryGate({ children }: { children: ReactNode }) {
  const [health, setHealth] = useState<Health | 'unknown' | null>(null);

  useEffect(() => {
    let live = true;
    api.call('system.health', {}).then(
      (h) => live && setHealth(h),
      () => live && setHealth('unknown'),
    );
    return () => {
      live = false;
    };
  }, []);

  if (health === null) return null;
  if (health !== 'unknown' && health.status === 'corrupt') return <DamagedScreen health={health} />;
  return <>{children}</>;
}
