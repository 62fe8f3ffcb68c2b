// Electron host: the main window and the guards on everything it may load or open.
import { BrowserWindow, type Session, type WebContents } from 'electron';
import { createLogger } from '../core/log';
import { createCrashReload } from './crashReload';
import { APP_PAGE_URL, type UrlCheck } from './electron-urls';

export interface MainWindowOptions {
  /** out/preload/index.cjs */
  preload: string;
  /** `npm run dev` only: the renderer's dev server. */
  devServerUrl?: string;
  icon?: string;
  /** Developer tools: in a checkout only, never in a package. */
  devTools: boolean;
}

/** Opens the main window on the app's own page. The guards come from `guardContents` (every WebContents gets them). */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Tessera',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: opts.devTools,
    },
  });
  win.once('ready-to-show', () => win.show());
  // A crashed page comes back by itself, signed in and with its cart (see crashReload).
  const reloadAfter = createCrashReload();
  win.webContents.on('render-process-gone', (_event, details) => {
    if (reloadAfter(details.reason)) win.webContents.reload();
    else if (details.reason !== 'clean-exit') createLogger('window').error('the page keeps stopping; not reloaded again', { reason: details.reason });
  });
  if (opts.devServerUrl) void win.loadURL(opts.devServerUrl);
  else void win.loadURL(APP_PAGE_URL);
  return win;
}

/**
 * Every WebContents (the window, and anything that might ever be created):
 * no new windows, no navigation away from the app's own page, no <webview>.
 */
export function guardContents(contents: WebContents, isAppUrl: UrlCheck): void {
  // The developer tools (a checkout only) navigate their own devtools:// pages.
  const allowed = (url: string) => isAppUrl(url) || url.startsWith('devtools://');
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!allowed(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!allowed(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!allowed(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export interface SessionGuards {
  /** The Content-Security-Policy header put on every response. */
  contentSecurityPolicy: string;
  /** Which requests may go out at all (see createRequestCheck). */
  isAllowedRequest: UrlCheck;
}

/** Permissions the UI may use; everything else (camera, geolocation, notifications…) is refused. */
const allowedPermissions = new Set(['clipboard-sanitized-write']);

/** Session-wide guards: the CSP header, no remote requests, no permissions. */
export function guardSession(ses: Session, guards: SessionGuards): void {
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(allowedPermissions.has(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => allowedPermissions.has(permission));
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !guards.isAllowedRequest(details.url) });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') responseHeaders[name] = value;
    }
    responseHeaders['Content-Security-Policy'] = [guards.contentSecurityPolicy];
    callback({ responseHeaders });
  });
}
