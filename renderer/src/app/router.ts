import { useSyncExternalStore } from 'react';

/**
 * A tiny hash router: the route is the part after `#`, e.g. `#/admin/users` → `/admin/users`.
 * Hash routes work the same from file:// (Electron) and from the HTTP host.
 */
function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function current(): string {
  const path = window.location.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : `/${path}`;
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, current);
}

export function navigate(path: string, { replace = false } = {}): void {
  const hash = `#${path}`;
  if (window.location.hash === hash) return;
  if (replace) window.location.replace(hash);
  else window.location.hash = hash;
}

export function href(path: string): string {
  return `#${path}`;
}
