// Electron host: which URLs are the app's own, and which requests the window may make.
// Pure functions (no Electron import) so they can be tested without Electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type UrlCheck = (url: string) => boolean;

export interface AppLocation {
  /** The built renderer page, out/renderer/index.html. */
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

function localFile(parsed: URL): string | null {
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return null;
  try {
    return normalise(fileURLToPath(parsed));
  } catch {
    return null;
  }
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether a URL is the app's own page: the built index.html (file://) or, in
 * development, a page of the dev server's origin. Query and hash are ignored.
 */
export function createAppUrlCheck(location: AppLocation): UrlCheck {
  const devOrigin = httpOrigin(location.devServerUrl);
  const page = normalise(location.rendererFile);
  return (url) => {
    const parsed = parse(url);
    if (!parsed) return false;
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return devOrigin !== null && parsed.origin === devOrigin;
    return localFile(parsed) === page;
  };
}

/**
 * Whether the window may load a resource: files of the built renderer, the dev
 * server (HTTP and its hot-reload socket), in-memory data: and blob: URLs, and
 * the developer tools. Everything else, remote content above all, is refused.
 */
export function createRequestCheck(location: AppLocation): UrlCheck {
  const devOrigin = httpOrigin(location.devServerUrl);
  const devSocketOrigin = devOrigin === null ? null : devOrigin.replace(/^http/, 'ws');
  const rendererDir = normalise(path.dirname(location.rendererFile)) + path.sep;
  return (url) => {
    const parsed = parse(url);
    if (!parsed) return false;
    switch (parsed.protocol) {
      case 'file:': {
        const file = localFile(parsed);
        return file !== null && file.startsWith(isWindows ? rendererDir.toLowerCase() : rendererDir);
      }
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
