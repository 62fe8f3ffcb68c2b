// The Electron host's security, checked without Electron: the IPC handler and
// URL checks with fake events, the preload bundle run against a fake 'electron',
// and the built main bundle's window options.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { devContentSecurityPolicy } from '../../electron/main/electron-csp';
import { APP_PAGE_URL, createAppUrlCheck, createRequestCheck, resolveAppFile } from '../../electron/main/electron-urls';
import { createInvokeHandler, createSenderCheck, type ContentsLike, type FrameLike, type InvokeEventLike } from '../../electron/main/ipc';
import type { Dispatch } from '../../electron/core/rpc/dispatcher';
import { contentSecurityPolicy, headerOnlyDirectives } from '../../electron/server/csp';
import type { Envelope } from '../../shared/errors';

const root = path.resolve(import.meta.dirname, '..', '..');
const rendererFile = path.join(root, 'out', 'renderer', 'index.html');
const appUrl = `${APP_PAGE_URL}#/counter`;

function frame(url: string, extra: Partial<FrameLike> = {}): FrameLike {
  return { url, parent: null, processId: 4, routingId: 1, ...extra };
}

function fakeWindow(url = appUrl) {
  const mainFrame = frame(url);
  const contents: ContentsLike = { mainFrame, isDestroyed: () => false };
  return { contents, mainFrame };
}

const okEnvelope: Envelope<unknown> = { ok: true, value: { needsSetup: true, user: null } };

describe('the IPC invoke handler', () => {
  const isAppUrl = createAppUrlCheck({ rendererFile });

  function setup(url = appUrl) {
    const win = fakeWindow(url);
    const dispatch = vi.fn<Dispatch>(async () => okEnvelope);
    const handler = createInvokeHandler(dispatch, createSenderCheck(() => win.contents, isAppUrl));
    return { win, dispatch, handler };
  }

  it('dispatches a call from the main window’s top frame and returns the envelope', async () => {
    const { win, dispatch, handler } = setup();
    const event: InvokeEventLike = { sender: win.contents, senderFrame: win.mainFrame };
    await expect(handler(event, 'auth.status', {}, 'token-1')).resolves.toEqual(okEnvelope);
    // The call is marked as the desktop window's: it needs no setup code.
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('auth.status', {}, 'token-1', { transport: 'ipc' });
  });

  it('accepts a fresh frame object for the same top frame', async () => {
    const { win, dispatch, handler } = setup();
    const event: InvokeEventLike = { sender: win.contents, senderFrame: frame(appUrl) };
    await expect(handler(event, 'auth.status', undefined, undefined)).resolves.toEqual(okEnvelope);
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('auth.status', undefined, undefined, { transport: 'ipc' });
  });

  const foreign: [string, (w: ReturnType<typeof fakeWindow>) => InvokeEventLike][] = [
    ['another WebContents', (w) => ({ sender: { mainFrame: w.mainFrame }, senderFrame: w.mainFrame })],
    ['an iframe of the window', (w) => ({ sender: w.contents, senderFrame: frame(appUrl, { parent: w.mainFrame, routingId: 7 }) })],
    ['a frame without a parent that is not the top frame', (w) => ({ sender: w.contents, senderFrame: frame(appUrl, { routingId: 9 }) })],
    ['a remote page', (w) => ({ sender: w.contents, senderFrame: { ...w.mainFrame, url: 'https://example.com/' } })],
    ['another local file', (w) => ({ sender: w.contents, senderFrame: { ...w.mainFrame, url: pathToFileURL('/tmp/evil.html').href } })],
    ['a destroyed frame', (w) => ({ sender: w.contents, senderFrame: null })],
  ];
  for (const [name, makeEvent] of foreign) {
    it(`refuses ${name} with FORBIDDEN and does not dispatch`, async () => {
      const { win, dispatch, handler } = setup();
      const result = await handler(makeEvent(win), 'users.list', {}, 'token-1');
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(dispatch).not.toHaveBeenCalled();
    });
  }

  it('refuses everything when the window is gone or shows a foreign page', async () => {
    const dispatch = vi.fn<Dispatch>(async () => okEnvelope);
    const win = fakeWindow();
    const gone = createInvokeHandler(dispatch, createSenderCheck(() => null, isAppUrl));
    expect(await gone({ sender: win.contents, senderFrame: win.mainFrame }, 'auth.status', {}, undefined)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const navigated = setup('https://example.com/');
    expect(await navigated.handler({ sender: navigated.win.contents, senderFrame: navigated.win.mainFrame }, 'auth.status', {}, undefined)).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(dispatch).not.toHaveBeenCalled();
    expect(navigated.dispatch).not.toHaveBeenCalled();
  });

  it('treats a sender check that throws as untrusted', async () => {
    const dispatch = vi.fn<Dispatch>(async () => okEnvelope);
    const handler = createInvokeHandler(dispatch, () => {
      throw new Error('frame disposed');
    });
    expect(await handler({ sender: {}, senderFrame: null }, 'auth.status', {}, undefined)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('rejects malformed arguments without dispatching', async () => {
    const { win, dispatch, handler } = setup();
    const event: InvokeEventLike = { sender: win.contents, senderFrame: win.mainFrame };
    expect(await handler(event, 42, {}, undefined)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await handler(event, 'auth.me', {}, { forged: true })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('never throws across IPC, even if the dispatcher does', async () => {
    const win = fakeWindow();
    const handler = createInvokeHandler(
      async () => {
        throw new Error('boom');
      },
      createSenderCheck(() => win.contents, isAppUrl),
    );
    await expect(handler({ sender: win.contents, senderFrame: win.mainFrame }, 'auth.status', {}, undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });
});

describe('the app’s own URLs and allowed requests', () => {
  const built = { rendererFile };
  const dev = { rendererFile, devServerUrl: 'http://localhost:5173/' };

  it('knows the built page, ignoring query and hash, and nothing else', () => {
    const isAppUrl = createAppUrlCheck(built);
    expect(isAppUrl(APP_PAGE_URL)).toBe(true);
    expect(isAppUrl('app://tessera/')).toBe(true);
    expect(isAppUrl(appUrl)).toBe(true);
    expect(isAppUrl(`${APP_PAGE_URL}?x=1`)).toBe(true);
    expect(isAppUrl('app://tessera/other.html')).toBe(false);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    // The page is never a file:// URL: the file protocol's extra privileges are off.
    expect(isAppUrl(pathToFileURL(rendererFile).href)).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('javascript:alert(1)')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('app:// serves only the files of the renderer’s folder', () => {
    const dir = path.dirname(rendererFile);
    expect(resolveAppFile(dir, 'app://tessera/assets/index.js')).toBe(path.join(dir, 'assets', 'index.js'));
    expect(resolveAppFile(dir, 'app://tessera/')).toBe(rendererFile);
    expect(resolveAppFile(dir, 'app://tessera/index.html?x#/counter')).toBe(rendererFile);
    // Dot segments are resolved by the URL parser itself and stay inside the folder.
    for (const url of ['app://tessera/../../package.json', 'app://tessera/%2e%2e/%2e%2e/package.json']) {
      expect(resolveAppFile(dir, url), url).toBe(path.join(dir, 'package.json'));
    }
    for (const attack of [
      'app://tessera/..%2f..%2fpackage.json',
      'app://tessera/assets/..%5c..%5cpackage.json',
      'app://tessera/index.html%00.png',
      'app://tessera/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      expect(resolveAppFile(dir, attack), attack).toBeNull();
    }
  });

  it('in development also knows the dev server’s origin', () => {
    const isAppUrl = createAppUrlCheck(dev);
    expect(isAppUrl('http://localhost:5173/#/orders')).toBe(true);
    expect(isAppUrl('http://localhost:5174/')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/')).toBe(false);
  });

  it('lets the window load its own files and nothing remote', () => {
    const allowed = createRequestCheck(built);
    expect(allowed('app://tessera/assets/index.js')).toBe(true);
    expect(allowed('data:image/png;base64,AAAA')).toBe(true);
    expect(allowed(pathToFileURL(path.join(root, 'out', 'renderer', 'assets', 'index.js')).href)).toBe(false);
    expect(allowed('file:///etc/passwd')).toBe(false);
    expect(allowed('app://tessera/..%2f..%2frenderer-evil/x.js')).toBe(false);
    expect(allowed('https://cdn.example.com/lib.js')).toBe(false);
    expect(allowed('http://localhost:5173/')).toBe(false);
    expect(allowed('wss://example.com/socket')).toBe(false);
    expect(allowed('ftp://example.com/')).toBe(false);
  });

  it('in development allows the dev server and its hot-reload socket', () => {
    const allowed = createRequestCheck(dev);
    expect(allowed('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(allowed('ws://localhost:5173/?token=abc')).toBe(true);
    expect(allowed('ws://localhost:9999/')).toBe(false);
    expect(allowed('https://example.com/')).toBe(false);
  });

  it('relaxes the CSP for the dev server only where Vite needs it', () => {
    const relaxed = devContentSecurityPolicy(contentSecurityPolicy);
    expect(relaxed).toContain("script-src 'self' 'unsafe-inline'");
    expect(relaxed).toContain("style-src 'self' 'unsafe-inline'");
    expect(relaxed).not.toContain('unsafe-eval');
    expect(relaxed).toContain("default-src 'self'");
    expect(contentSecurityPolicy).not.toContain('unsafe-');
  });
});

// ---- The built bundles -------------------------------------------------------

/** A fresh `electron-vite build` into a temp folder: the bundles of the current sources, and out/ is left alone. */
const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-electron-build-'));
const mainBundle = path.join(buildDir, 'main', 'index.js');
const preloadBundle = path.join(buildDir, 'preload', 'index.cjs');
const builtPage = path.join(buildDir, 'renderer', 'index.html');
let buildLog = '';

beforeAll(() => {
  const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const r = spawnSync(process.execPath, [cli, 'build', '--outDir', buildDir, '--logLevel', 'error'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  buildLog = `exit ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`;
}, 180_000);

afterAll(() => {
  fs.rmSync(buildDir, { recursive: true, force: true });
});

function readBuilt(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`electron-vite build did not produce ${path.relative(buildDir, file)}:\n${buildLog}`);
  return fs.readFileSync(file, 'utf8');
}

describe('the built Electron bundles', () => {
  let main = '';
  let preload = '';

  beforeAll(() => {
    // The entry and any chunks split off it (shared with the export worker).
    const chunksDir = path.join(buildDir, 'main', 'chunks');
    const chunks = fs.existsSync(chunksDir) ? fs.readdirSync(chunksDir).filter((f) => f.endsWith('.js')) : [];
    main = [readBuilt(mainBundle), ...chunks.map((f) => fs.readFileSync(path.join(chunksDir, f), 'utf8'))].join('\n');
    preload = readBuilt(preloadBundle);
  });

  it('opens the window isolated, sandboxed, without Node and with web security', () => {
    expect(main).toMatch(/contextIsolation:\s*true/);
    expect(main).toMatch(/sandbox:\s*true/);
    expect(main).toMatch(/nodeIntegration:\s*false/);
    expect(main).toMatch(/nodeIntegrationInSubFrames:\s*false/);
    expect(main).toMatch(/webviewTag:\s*false/);
    expect(main).not.toMatch(/contextIsolation:\s*false/);
    expect(main).not.toMatch(/sandbox:\s*false/);
    expect(main).not.toMatch(/nodeIntegration\w*:\s*true/);
    expect(main).not.toMatch(/webSecurity:\s*false/);
    expect(main).not.toMatch(/allowRunningInsecureContent:\s*true/);
    expect(main).toMatch(/enableSandbox\(\)/);
    // Developer tools in a checkout only.
    expect(main).toMatch(/devTools:\s*!app\.isPackaged/);
    // The page comes from the app:// scheme, never file://.
    expect(main).toMatch(/registerSchemesAsPrivileged\(/);
    expect(main).toMatch(/protocol\.handle\(/);
    expect(main).not.toMatch(/\.loadFile\(/);
  });

  it('blocks window.open and navigation away from the app', () => {
    expect(main).toMatch(/setWindowOpenHandler\(\(\)\s*=>\s*\(\{\s*action:\s*"deny"\s*\}\)\)/);
    expect(main).toMatch(/\.on\("will-navigate",/);
    expect(main).toMatch(/\.on\("will-frame-navigate",/);
    expect(main).toMatch(/\.on\("will-attach-webview",/);
    expect(main).toMatch(/"web-contents-created"/);
  });

  it('binds exactly one invoke channel and sets the CSP header', () => {
    // Calls, not the comments that mention them.
    expect(main.match(/^\s*ipcMain\.handle\(/gm)).toEqual([expect.stringContaining('ipcMain.handle(')]);
    expect(main).toMatch(/ipcMain\.handle\(INVOKE_CHANNEL,/);
    expect(main).toMatch(/INVOKE_CHANNEL = "tessera:invoke"/);
    expect(main).not.toMatch(/^\s*ipcMain\.(on|once|handleOnce)\(/m);
    expect(main).toMatch(/onHeadersReceived\(/);
    expect(main).toMatch(/onBeforeRequest\(/);
    expect(main).toMatch(/setPermissionRequestHandler\(/);
  });

  it('keeps native modules external to the main bundle', () => {
    expect(main).toMatch(/from "better-sqlite3"/);
    expect(main).toMatch(/from "argon2"/);
  });

  it('bundles the preload as one CommonJS file that requires only electron', () => {
    const required = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect(preload).not.toMatch(/\bimport\(/);
  });

  describe('the preload, run against a fake electron', () => {
    type Listener = (event: unknown, message: unknown) => void;
    function runPreload() {
      const exposed = new Map<string, unknown>();
      const listeners = new Map<string, Set<Listener>>();
      const invoke = vi.fn(async (..._args: unknown[]) => okEnvelope);
      const electron = {
        contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
        ipcRenderer: {
          invoke,
          on(channel: string, l: Listener) {
            if (!listeners.has(channel)) listeners.set(channel, new Set());
            listeners.get(channel)!.add(l);
          },
          removeListener(channel: string, l: Listener) {
            listeners.get(channel)?.delete(l);
          },
        },
      };
      const module = { exports: {} };
      const require = (id: string) => {
        if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
        return electron;
      };
      vm.runInNewContext(preload, { require, module, exports: module.exports, console }, { filename: preloadBundle });
      const emit = (channel: string, message: unknown) => {
        for (const l of listeners.get(channel) ?? []) l({ senderId: 0, ports: [] }, message);
      };
      return { exposed, listeners, invoke, emit };
    }

    it('exposes window.tessera with exactly invoke and on', () => {
      const { exposed } = runPreload();
      expect([...exposed.keys()]).toEqual(['tessera']);
      const api = exposed.get('tessera') as Record<string, unknown>;
      expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
      expect(typeof api.invoke).toBe('function');
      expect(typeof api.on).toBe('function');
    });

    it('invoke goes over the one channel', async () => {
      const { exposed, invoke } = runPreload();
      const api = exposed.get('tessera') as { invoke: (m: string, i: unknown, t?: string) => Promise<unknown> };
      await expect(api.invoke('orders.list', { limit: 5 }, 'tok')).resolves.toEqual(okEnvelope);
      expect(invoke).toHaveBeenCalledExactlyOnceWith('tessera:invoke', 'orders.list', { limit: 5 }, 'tok');
    });

    it('on delivers only the named event’s data, never the IPC event, and unsubscribes', () => {
      const { exposed, listeners, emit } = runPreload();
      const api = exposed.get('tessera') as { on: (e: string, cb: (d: unknown) => void) => () => void };
      const seen: unknown[][] = [];
      const off = api.on('order.changed', (...args: unknown[]) => seen.push(args));
      emit('tessera:event', { event: 'invoice.changed', data: { id: 'i1', status: 'PAID' } });
      emit('tessera:event', { event: 'order.changed', data: { id: 'o1', status: 'FULFILLED' } });
      expect(seen).toEqual([[{ id: 'o1', status: 'FULFILLED' }]]);
      off();
      expect(listeners.get('tessera:event')?.size ?? 0).toBe(0);
      emit('tessera:event', { event: 'order.changed', data: { id: 'o2', status: 'SHIPPED' } });
      expect(seen).toHaveLength(1);
    });
  });
});

describe('the renderer page’s CSP', () => {
  const page = path.join(root, 'renderer', 'index.html');

  function metaPolicy(html: string): string | null {
    const tag = /<meta\b[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(html)?.[0];
    const content = tag ? /content=(["'])([\s\S]*?)\1/i.exec(tag)?.[2] : undefined;
    return content === undefined ? null : content.replace(/\s+/g, ' ').trim();
  }

  function directives(policy: string): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const part of policy.split(';')) {
      const [name, ...values] = part.trim().split(/\s+/);
      if (name) map.set(name.toLowerCase(), values);
    }
    return map;
  }

  it('renderer/index.html carries a strict CSP meta tag, the same policy the hosts send', () => {
    expect(fs.existsSync(page), 'renderer/index.html is missing').toBe(true);
    const policy = metaPolicy(fs.readFileSync(page, 'utf8'));
    expect(policy, 'no Content-Security-Policy meta tag').not.toBeNull();
    const d = directives(policy!);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    // frame-ancestors is ignored in a meta tag (and logs an error): the hosts send it as a header.
    const header = directives(contentSecurityPolicy);
    for (const name of headerOnlyDirectives) {
      expect(d.has(name), `${name} in the meta tag`).toBe(false);
      expect(header.get(name)).toEqual(["'none'"]);
      header.delete(name);
    }
    expect(d).toEqual(header);
  });

  it('the built page keeps the policy and has no inline scripts', () => {
    const html = readBuilt(builtPage);
    expect(metaPolicy(html)).toBe(metaPolicy(fs.readFileSync(page, 'utf8')));
    // The icon the page names, and the one browsers ask for unprompted, are both in the build (app:// serves them).
    expect(html).toMatch(/<link\b[^>]*rel="icon"[^>]*href="\.\/favicon\.svg"/);
    for (const icon of ['favicon.svg', 'favicon.ico']) expect(fs.existsSync(path.join(buildDir, 'renderer', icon)), icon).toBe(true);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
  });
});
