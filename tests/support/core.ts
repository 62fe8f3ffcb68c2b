import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Input, Method, Output } from '../../shared/contract';
import type { Envelope, ErrorBody } from '../../shared/errors';
import { createCore, type Core } from '../../electron/core/core';
import type { HostHooks, Platform } from '../../electron/core/platform';
import type { TestHooks } from '../../electron/core/services/deps';
import { createHttpServer } from '../../electron/server/http';
import { TEST_SETUP_CODE, withSetupCode } from './setup-code';

export { TEST_SETUP_CODE, withSetupCode };

export const migrationsFolder = path.resolve(import.meta.dirname, '..', '..', 'migrations');

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2026-06-01T09:00:00.000Z')) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms: number) => {
    now += ms;
  };
  clock.set = (ms: number) => {
    now = ms;
  };
  return clock;
}

export function tempDir(prefix = 'tessera-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type Transport = 'in-process' | 'http';
export type Call = (method: string, input: unknown, token?: string) => Promise<Envelope<unknown>>;

export interface TestCore {
  core: Core;
  dir: string;
  clock: ReturnType<typeof manualClock>;
  /** Raw call: any method name and input, as a client could send. */
  raw: Call;
  /** Typed call that must succeed. */
  ok<M extends Method>(method: M, input: Input<M>, token?: string): Promise<Output<M>>;
  /** Typed call that must fail; returns the error. */
  fail<M extends Method>(method: M, input: unknown, token?: string): Promise<ErrorBody>;
  /** The HTTP status of the last HTTP call (http transport only). */
  close(): Promise<void>;
}

/** A core on a fresh SQLite file in a temp folder, reached in-process or over the HTTP host. */
export async function startCore(
  transport: Transport = 'in-process',
  opts: { dir?: string; clock?: ReturnType<typeof manualClock>; hooks?: TestHooks; platform?: Platform; host?: HostHooks } = {},
): Promise<TestCore> {
  const dir = opts.dir ?? tempDir();
  const clock = opts.clock ?? manualClock();
  const core = createCore({ dataDir: dir, migrationsFolder, version: 'test', clock, checkOutputs: true, hooks: opts.hooks, platform: opts.platform, host: opts.host });
  core.services.auth.setupCode.set(TEST_SETUP_CODE);
  let raw: Call = (m, i, t) => core.dispatch(m, i, t);
  let stopHttp = async () => {};
  if (transport === 'http') {
    const server = createHttpServer(core, null);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    raw = async (m, i, t) => {
      const res = await fetch(`${base}/rpc/${m}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(t ? { authorization: `Bearer ${t}` } : {}) },
        body: JSON.stringify(withSetupCode(m, i) ?? {}),
      });
      return (await res.json()) as Envelope<unknown>;
    };
    stopHttp = () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  }
  const self: TestCore = {
    core,
    dir,
    clock,
    raw,
    async ok(method, input, token) {
      const r = await raw(method, input, token);
      if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
      return r.value as Output<typeof method>;
    },
    async fail(method, input, token) {
      const r = await raw(method, input, token);
      if (r.ok) throw new Error(`${method} succeeded but was expected to fail: ${JSON.stringify(r.value)}`);
      return r.error;
    },
    async close() {
      await stopHttp();
      core.close();
    },
  };
  return self;
}

export const adminInput = { username: 'admin', displayName: 'Ada Admin', password: 'correct horse battery', setupCode: TEST_SETUP_CODE };

/** Sets the store up and returns the admin's token. */
export async function setupAdmin(t: TestCore): Promise<string> {
  return (await t.ok('auth.setup', adminInput)).token;
}

/** Creates a user of `role` and signs them in; returns the token. */
export async function userWithRole(t: TestCore, adminToken: string, role: 'admin' | 'manager' | 'cashier' | 'support', username = `${role}1`): Promise<string> {
  const password = `${role}-password-1`;
  await t.ok('users.create', { username, displayName: `${role} user`, role, password }, adminToken);
  return (await t.ok('auth.login', { username, password })).token;
}
