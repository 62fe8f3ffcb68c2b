import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Input, Method, Output } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { TEST_SETUP_CODE, withSetupCode } from './setup-code';

const root = path.resolve(import.meta.dirname, '..', '..');
const READY = /Tessera is ready at (http:\/\/\S+?)\/? /;

export interface TesseraServer {
  baseURL: string;
  dataDir: string;
  /** The one-time setup code the host expects (what `tessera serve` would print); call() sends it with auth.setup. */
  setupCode: string;
  /** A contract call over HTTP, for arranging data behind the UI's back. Throws on `{ ok: false }`. */
  call<M extends Method>(method: M, input: Input<M>, token?: string): Promise<Output<M>>;
}

/** Starts `tessera serve --port 0` on a fresh data folder (with `env` added); resolves once it prints its address. */
export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<{ server: TesseraServer; stop: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['bin/tessera.mjs', 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    // Runs the build the global setup made; never builds (parallel servers would race on out/).
    env: { ...process.env, TESSERA_LOG: 'warn', TESSERA_SETUP_CODE: TEST_SETUP_CODE, TESSERA_NO_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseURL = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tessera serve did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = READY.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tessera serve exited (${code}) before it was ready:\n${output}`));
    });
  });

  const call = async <M extends Method>(method: M, input: Input<M>, token?: string): Promise<Output<M>> => {
    const res = await fetch(`${baseURL}/rpc/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(withSetupCode(method, input)),
    });
    const body = (await res.json()) as Envelope<Output<M>>;
    if (!body.ok) throw new Error(`${method} failed: ${body.error.code} ${body.error.message}`);
    return body.value;
  };

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { server: { baseURL, dataDir, setupCode: TEST_SETUP_CODE, call }, stop };
}

/** `server`: a fresh Tessera per test (its own data folder); `baseURL` points the page at it. */
export const test = base.extend<{ server: TesseraServer }>({
  // Playwright reads the fixture's dependencies from the destructuring pattern, so it must be there even when empty.
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use) => {
    const { server, stop } = await startServer();
    try {
      await use(server);
    } finally {
      await stop();
    }
  },
  baseURL: async ({ server }, use) => {
    await use(server.baseURL);
  },
});

export { expect };

/** A full-page screenshot at test-results/screens/<name>.png, for looking at every screen. */
export async function screen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(root, 'test-results', 'screens', `${name}.png`), fullPage: true, animations: 'disabled' });
}

/**
 * Counts the print dialogs the page opens instead of opening them (the browser host prints
 * receipts through window.print). Returns a reader of the count.
 */
export async function countPrints(page: Page): Promise<() => Promise<number>> {
  // Runs in the page; the tests compile without the DOM's types.
  type Printing = { print: () => void; printCalls?: number };
  await page.evaluate(() => {
    const w = globalThis as unknown as Printing;
    w.printCalls = 0;
    w.print = () => {
      w.printCalls = (w.printCalls ?? 0) + 1;
    };
  });
  return () => page.evaluate(() => (globalThis as unknown as Printing).printCalls ?? 0);
}
