/**
 * Runs `task` once the browser has nothing else to do, at the earliest `afterMs` from now
 * (where idle callbacks do not exist: soon after that). Returns the cancel function.
 */
export function whenIdle(task: () => void, afterMs = 0): () => void {
  let idle: number | null = null;
  const timer = window.setTimeout(() => {
    if (typeof window.requestIdleCallback === 'function') idle = window.requestIdleCallback(task, { timeout: 2_000 });
    else task();
  }, afterMs);
  return () => {
    window.clearTimeout(timer);
    if (idle !== null) window.cancelIdleCallback(idle);
  };
}
