/**
 * Where the session token outlives a reload: `sessionStorage`, so it belongs to this tab
 * (or the desktop window) alone, ends with it, and is never shared with another tab.
 * A reload or a crashed window's restart resumes the session; closing the tab forgets it.
 */
const KEY = 'tessera.session';

export function savedToken(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string | null): void {
  try {
    if (token === null) window.sessionStorage.removeItem(KEY);
    else window.sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode, quota): the session still works until the next reload.
  }
}

const LOCK_KEY = 'tessera.locked';

/** True when this tab's terminal was locked on screen and not opened since (the server may not know yet). */
export function savedLock(): boolean {
  try {
    return window.sessionStorage.getItem(LOCK_KEY) === '1';
  } catch {
    return false;
  }
}

export function saveLock(locked: boolean): void {
  try {
    if (locked) window.sessionStorage.setItem(LOCK_KEY, '1');
    else window.sessionStorage.removeItem(LOCK_KEY);
  } catch {
    // Storage refused: the lock holds on screen and on the server, not across a reload.
  }
}
