import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { api, useReachability } from '../api';
import { useT } from '../i18n';
import { Button } from './Button';

const RECHECK_MS = 4_000;

/**
 * Shown while the store's host does not answer: what happened, that nothing on screen is lost,
 * and Retry. It also checks by itself every few seconds; once the host answers, the banner goes
 * and the screen's data is read again.
 */
export function OfflineBanner() {
  const t = useT();
  const unreachable = useReachability((s) => s.unreachable);
  const queryClient = useQueryClient();
  const [checking, setChecking] = useState(false);

  const retry = useCallback(async () => {
    setChecking(true);
    try {
      await api.call('system.health', {});
      await queryClient.refetchQueries({ type: 'active' });
    } catch {
      // Still unreachable: the banner stays (the transport keeps the state).
    } finally {
      setChecking(false);
    }
  }, [queryClient]);

  useEffect(() => {
    if (!unreachable) return;
    const timer = window.setInterval(() => void retry(), RECHECK_MS);
    return () => window.clearInterval(timer);
  }, [unreachable, retry]);

  if (!unreachable) return null;
  return (
    <div className="offline" role="alert">
      <span className="offline__icon" aria-hidden="true" />
      <p className="offline__text">{t('shell.offline')}</p>
      <Button variant="secondary" onClick={() => void retry()} busy={checking}>
        {t('common.retry')}
      </Button>
    </div>
  );
}
