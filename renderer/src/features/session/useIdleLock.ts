import { useEffect } from 'react';
import { useSession } from './store';

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
/** How often idleness is checked: a lock comes at most this late. */
const CHECK_MS = 5_000;

/**
 * Locks the terminal after `minutes` without a key, click or touch (0 or undefined: never).
 * Timers and Date.now only, so a test's fake clock (Playwright's page.clock) drives it.
 */
export function useIdleLock(minutes: number | undefined): void {
  useEffect(() => {
    if (!minutes || minutes <= 0) return;
    const limitMs = minutes * 60_000;
    let last = Date.now();
    const seen = () => {
      last = Date.now();
    };
    for (const type of ACTIVITY) window.addEventListener(type, seen, { capture: true, passive: true });
    const timer = window.setInterval(() => {
      const s = useSession.getState();
      if (s.locked) last = Date.now();
      else if (Date.now() - last >= limitMs) void s.lock();
    }, CHECK_MS);
    return () => {
      window.clearInterval(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, seen, { capture: true });
    };
  }, [minutes]);
}
