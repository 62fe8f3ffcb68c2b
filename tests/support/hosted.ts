import type { AddressInfo } from 'node:net';
import type { Input, Method, Output } from '../../shared/contract';
import type { Envelope, ErrorBody } from '../../shared/errors';
import { openHost, type CoreHost, type HostOptions } from '../../electron/core/coreHost';
import { createHttpServer } from '../../electron/server/http';
import { type manualClock, migrationsFolder } from './core';

/** The host (as `tessera serve` and the desktop run it) on a data folder, behind a real HTTP server. */
export interface Hosted {
  host: CoreHost;
  dir: string;
  base: string;
  clock: ReturnType<typeof manualClock>;
  raw(method: string, input: unknown, token?: string): Promise<{ status: number; body: Envelope<unknown> }>;
  ok<M extends Method>(method: M, input: Input<M>, token?: string): Promise<Output<M>>;
  fail(method: string, input: unknown, token?: string): Promise<ErrorBody & { status: number }>;
  /** The same call the desktop makes: through the host's dispatcher (IPC), not HTTP. */
  ipc<M extends Method>(method: M, input: Input<M>, token?: string): Promise<Envelope<Output<M>>>;
  close(): Promise<void>;
}

export async function hostOverHttp(dir: string, clock: ReturnType<typeof manualClock>, extra: Partial<HostOptions> = {}): Promise<Hosted> {
  const host = openHost({ dataDir: dir, migrationsFolder, version: 'test', clock, checkOutputs: true, ...extra });
  const server = createHttpServer(host.core, null);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed = false;
  const self: Hosted = {
    host,
    dir,
    base,
    clock,
    async raw(method, input, token) {
      const res = await fetch(`${base}/rpc/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(input ?? {}),
      });
      return { status: res.status, body: (await res.json()) as Envelope<unknown> };
    },
    async ok(method, input, token) {
      const { body } = await self.raw(method, input, token);
      if (!body.ok) throw new Error(`${method} failed: ${body.error.code} ${body.error.message}`);
      return body.value as Output<typeof method>;
    },
    async fail(method, input, token) {
      const { status, body } = await self.raw(method, input, token);
      if (body.ok) throw new Error(`${method} succeeded but was expected to fail: ${JSON.stringify(body.value)}`);
      return { ...body.error, status };
    },
    async ipc(method, input, token) {
      return (await host.dispatch(method, input, token)) as Envelope<Output<typeof method>>;
    },
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      host.close();
    },
  };
  return self;
}
