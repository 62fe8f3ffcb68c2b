// Electron host: which URLs are the app's own, and which requests the window may make.
// Pure functions (no Electron import) so they can be tested without Electron.
//
// The built renderer is served from the privileged `app://tessera/` scheme, never from
// file://, so the `grantFileProtocolExtraPrivileges` fuse can be off: a file:// page would
// otherwise read any file the OS user can.
import path from 'node:path';

export type UrlCheck = (url: string) => boolean;

/** The scheme and host the built renderer is served from. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tessera';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window opens. */
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

export interface AppLocation {
  /** The built renderer page, out/renderer/index.html: its folder is what app:// serves. */
  rendererFile: string;
  /** The dev server's URL (`npm run dev` only). */
  devServerUrl?: string;
}

const isWindows = process.platform === 'win32';

function normalise(p: string): string {
  const resolved = path.resolve(p);
  return isWindows ? resolved.toLowerCase() : resolved;
}

function httpOrigin(url: string | undefined): string | null {
  if (!url) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The file of the built renderer an app:// URL names, or null: another scheme or host, a
 * path that leaves the renderer's folder (`..`, encoded or not), a NUL, a backslash or a
 * malformed escape. Query and hash are ignored; `/` is the page.
 */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${rel}`);
  return file.startsWith(root + path.sep) ? file : null;
}

/**
 * Whether a URL is the app's own page: app://tessera/index.html (or `/`) or, in
 * development, a page of the dev server's origin. Query and hash are ignored.
 */
export function createAppUrlCheck(location: AppLocation): UrlCheck {
  const devOrigin = httpOrigin(location.devServerUrl);
  const page = normalise(location.rendererFile);
  const dir = path.dirname(location.rendererFile);
  return (url) => {
    const parsed = parse(url);
    if (!parsed) return false;
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return devOrigin !== null && parsed.origin === devOrigin;
    const file = resolveAppFile(dir, url);
    return file !== null && normalise(file) === page;
  };
}

/**
 * Whether the window may load a resource: files of the built renderer (app://), the dev
 * server (HTTP and its hot-reload socket), in-memory data: and blob: URLs, and the
 * developer tools. Everything else, file:// and remote content above all, is refused.
 */
export function createRequestCheck(location: AppLocation): UrlCheck {
  const devOrigin = httpOrigin(location.devServerUrl);
  const devSocketOrigin = devOrigin === null ? null : devOrigin.replace(/^http/, 'ws');
  const dir = path.dirname(location.rendererFile);
  return (url) => {
    const parsed = parse(url);
    if (!parsed) return false;
    switch (parsed.protocol) {
      case `${APP_SCHEME}:`:
        return resolveAppFile(dir, url) !== null;
      case 'http:':
      case 'https:':
        return devOrigin !== null && parsed.origin === devOrigin;
      case 'ws:':
      case 'wss:':
        return devSocketOrigin !== null && `${parsed.protocol}//${parsed.host}` === devSocketOrigin;
      case 'data:':
      case 'blob:':
      case 'devtools:':
        return true;
      default:
        return false;
    }
  };
}
