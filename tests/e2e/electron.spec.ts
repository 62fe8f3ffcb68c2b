// Smoke test of the Electron host: build, launch on a fresh data folder, check
// the window, the bridge and the security settings from the page's side.
// Runs only where Electron's binary is installed (not with ELECTRON_SKIP_BINARY_DOWNLOAD).
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Electron's binary, found the way the electron package does but without its download fallback. */
function electronBinary(): { found: true; path: string } | { found: false; reason: string } {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist');
  if (!executable && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return { found: false, reason: 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); skipping the Electron smoke test' };
  }
  const file = path.join(distDir, executable || 'electron');
  return fs.existsSync(file) ? { found: true, path: file } : { found: false, reason: `Electron binary not found at ${file}; skipping the Electron smoke test` };
}

const binary = electronBinary();
if (!binary.found) console.log(binary.reason);

function run(args: string[], what: string): void {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
}

test.describe('Electron host', () => {
  test.skip(!binary.found, binary.found ? '' : binary.reason);
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let page: Page;
  let userData: string;
  let appDir: string;

  test.beforeAll(async () => {
    test.setTimeout(600_000);
    // better-sqlite3 built for Electron, as `npm start` does (a no-op once built).
    run([path.join(root, 'scripts', 'electron-native.mjs')], 'scripts/electron-native.mjs');
    // The app laid out as a package in a temp folder: fresh bundles, and the out/ that
    // other tests serve is left alone.
    appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-electron-app-'));
    run([path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', path.join(appDir, 'out'), '--logLevel', 'error'], 'electron-vite build');
    fs.copyFileSync(path.join(root, 'package.json'), path.join(appDir, 'package.json'));
    for (const name of ['node_modules', 'migrations', '.electron-native', 'resources']) {
      fs.symlinkSync(path.join(root, name), path.join(appDir, name), 'junction');
    }

    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-electron-data-'));
    const args = [appDir, `--user-data-dir=${userData}`];
    if (process.platform === 'linux') {
      // Chromium refuses to run as root with its OS sandbox; the renderer sandbox (no Node in the page) still applies.
      if (process.getuid?.() === 0) args.push('--no-sandbox');
      if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) args.push('--ozone-platform=headless');
    }
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE' && k !== 'ELECTRON_RENDERER_URL') env[k] = v;
    if (!binary.found) return;
    app = await electron.launch({
      executablePath: binary.path,
      args,
      cwd: appDir,
      env: { ...env, TESSERA_LOG: 'warn' },
      timeout: 60_000,
    });
    page = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close();
    for (const dir of [userData, appDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('opens on the setup screen of a fresh data folder', async () => {
    await expect(page.getByRole('heading', { name: /^(Set up Tessera|Sign in)$/ })).toBeVisible({ timeout: 30_000 });
    expect(await page.title()).toBe('Tessera');
    expect(page.url()).toMatch(/^app:\/\/tessera\/index\.html/);
    expect(fs.existsSync(path.join(userData, 'tessera.db'))).toBe(true);
  });

  test('the page sees exactly window.tessera = { invoke, on } and no Node', async () => {
    const seen = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      const bridge = g.tessera as Record<string, unknown> | undefined;
      return {
        keys: bridge ? Object.keys(bridge).sort() : null,
        types: bridge ? [typeof bridge.invoke, typeof bridge.on] : null,
        require: typeof g.require,
        process: typeof g.process,
        module: typeof g.module,
      };
    });
    expect(seen).toEqual({ keys: ['invoke', 'on'], types: ['function', 'function'], require: 'undefined', process: 'undefined', module: 'undefined' });
  });

  test('invoke reaches the core and answers with an envelope', async () => {
    const status = await page.evaluate(async () => {
      const bridge = (globalThis as unknown as { tessera: { invoke(m: string, i: unknown): Promise<unknown> } }).tessera;
      return bridge.invoke('auth.status', {});
    });
    expect(status).toEqual({ ok: true, value: { needsSetup: true, user: null } });
    const unknown = await page.evaluate(async () => {
      const bridge = (globalThis as unknown as { tessera: { invoke(m: string, i: unknown): Promise<unknown> } }).tessera;
      return bridge.invoke('no.such.method', {});
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  test('window.open and navigation away are refused', async () => {
    const opened = await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
  });

  test('receipts.print lays the receipt out in a hidden window and closes it again', async () => {
    const answer = await page.evaluate(async () => {
      type Envelope = { ok: boolean; value: Record<string, unknown> };
      const bridge = (globalThis as unknown as { tessera: { invoke(m: string, i: unknown, t?: string): Promise<Envelope> } }).tessera;
      const setup = await bridge.invoke('auth.setup', { username: 'admin', displayName: 'Electron Admin', password: 'electron-password-1' });
      const token = setup.value.token as string;
      const order = await bridge.invoke('orders.create', { lines: [{ name: 'Receipt roll', unitPrice: 250, quantity: 2 }] }, token);
      const invoice = await bridge.invoke('invoices.generate', { orderId: order.value.id }, token);
      return bridge.invoke('receipts.print', { invoiceId: invoice.value.id, width: 80 }, token);
    });
    // Printed on the default printer, or (a machine without one) left to the page's print dialog.
    expect(answer.ok).toBe(true);
    expect(['printed', 'unavailable']).toContain(answer.value.status);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  test('the main process keeps the data in --user-data-dir and guards the window', async () => {
    const seen = await app.evaluate(({ app: electronApp, BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]!.webContents;
      return {
        userData: electronApp.getPath('userData'),
        willNavigate: contents.listenerCount('will-navigate'),
        willAttachWebview: contents.listenerCount('will-attach-webview'),
      };
    });
    expect(seen.userData).toBe(path.resolve(userData));
    expect(seen.willNavigate).toBeGreaterThan(0);
    expect(seen.willAttachWebview).toBeGreaterThan(0);
  });

  test('a crashed page comes back by itself in the same window', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.forcefullyCrashRenderer());
    const window = await app.firstWindow();
    await expect(window.locator('#root')).not.toBeEmpty({ timeout: 30_000 });
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
