// Electron host: the app:// scheme the built renderer is served from (see electron-urls.ts).
import { protocol } from 'electron';
import fs from 'node:fs/promises';
import { contentTypeOf } from '../server/contentTypes';
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
      return new Response(body, { status: 200, headers: { 'content-type': contentTypeOf(file), 'x-content-type-options': 'nosniff' } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
