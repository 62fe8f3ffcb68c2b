/**
 * When the window's page dies (a renderer crash, out of memory), the main process reloads it:
 * the session (this window's sessionStorage) and the cart (localStorage) come back with it.
 * A page that dies again and again is not reloaded for ever: after `limit` deaths within
 * `windowMs` it is left as it is (the main process logs it), so a crash loop cannot spin the CPU.
 */
export interface CrashReloadOptions {
  limit?: number;
  windowMs?: number;
  now?: () => number;
}

/** Reasons that are not a crash: the page was closed on purpose. */
const NOT_A_CRASH = new Set(['clean-exit', 'killed']);

export function createCrashReload({ limit = 3, windowMs = 60_000, now = Date.now }: CrashReloadOptions = {}): (reason: string) => boolean {
  const deaths: number[] = [];
  return (reason) => {
    if (NOT_A_CRASH.has(reason)) return false;
    const t = now();
    while (deaths.length > 0 && t - deaths[0]! > windowMs) deaths.shift();
    deaths.push(t);
    return deaths.length <= limit;
  };
}
