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
