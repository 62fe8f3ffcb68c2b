// Electron host: the app:// scheme the built renderer is served from (see electron-urls.ts).
import { protocol } from 'electron';
import fs from 'node:fs/promises';
import { contentTypeOf } from '../server/contentTypes';
import { contentSecurityPolicy } from './electron-csp';
import { APP_SCHEME, resolveAppFile } from './electron-urls';

/** Before the app is ready: app:// behaves like https (a secure, standard origin with fetch). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Once ready: app://tessera/<path> answers the file of the renderer's folder, and nothing outside it. */
export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await fs.readFile(file);
      const headers: Record<string, string> = { 'content-type': contentTypeOf(file), 'x-content-type-options': 'nosniff' };
      // The page's policy as a header: frame-ancestors works only there (the meta tag carries the rest).
      if (file.endsWith('.html')) headers['content-security-policy'] = contentSecurityPolicy;
      return new Response(body, { status: 200, headers });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
