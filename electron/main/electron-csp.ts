// Electron host: the Content-Security-Policy the window gets (no Electron import, so the build config can use it).
import { contentSecurityPolicy } from '../server/csp';

export { contentSecurityPolicy };

/**
 * Development only (`npm run dev`): Vite's dev server injects an inline module
 * script (React Fast Refresh's preamble) and inline styles (CSS hot reload), so
 * the dev page allows inline scripts and styles. Built pages never get this.
 */
export function devContentSecurityPolicy(policy: string = contentSecurityPolicy): string {
  return policy
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
}
