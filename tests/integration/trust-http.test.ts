/**
 * Trust boundaries of the HTTP host, tried as an attacker would:
 * - DNS rebinding: a foreign Host or Origin gets 403 (FORBIDDEN) before anything runs;
 * - a fresh store's first admin over HTTP needs the one-time setup code `serve` printed;
 * - binding beyond loopback needs TLS; --tls-self-signed serves HTTPS with a kept certificate;
 * - no token in a URL: /events takes the Authorization header only;
 * - an event stream ends with its session (logout, expiry, deactivation, role change,
 *   password reset, restore) and delivers nothing after;
 * - a malformed URL is 400, never 500.
 * Every request goes to 127.0.0.1 only.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Core } from '../../electron/core/core';
import { openHost, type CoreHost } from '../../electron/core/coreHost';
import { IDLE_MS } from '../../electron/core/services/auth';
import { createHttpServer } from '../../electron/server/http';
import type { Envelope } from '../../shared/errors';
import { adminInput, manualClock, migrationsFolder, setupAdmin, startCore, tempDir, userWithRole, type TestCore } from '../support/core';
import { startServerProcess, type ServerProcess } from '../support/server-process';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): Envelope<unknown>;
}

/** One request on a connection of its own, with any headers (Host included). Only to loopback. */
function request(base: string, pathname: string, opts: { method?: string; headers?: Record<string, string>; body?: unknown; ca?: string } = {}): Promise<Answer> {
  const url = new URL(base);
  expect(['127.0.0.1', 'localhost', '[::1]']).toContain(url.hostname);
  const body = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      {
        host: url.hostname,
        port: url.port,
        path: pathname,
        method: opts.method ?? (body ? 'POST' : 'GET'),
        agent: false,
        ca: opts.ca,
        servername: opts.ca ? 'localhost' : undefined,
        headers: { connection: 'close', ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}), ...opts.headers },
        timeout: 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as Envelope<unknown> });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${pathname}: no answer`)));
    req.on('error', reject);
    req.end(body);
  });
}

const rpcAt = (base: string, method: string, input: unknown, headers: Record<string, string> = {}) => request(base, `/rpc/${method}`, { body: input, headers });

function expectForbidden(a: Answer): void {
  expect(a.status).toBe(403);
  expect(a.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
}

interface Stream {
  status: number;
  /** Everything received so far. */
  text(): string;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** GET /events: resolves once the answer's head arrived. */
function openStream(base: string, opts: { token?: string; pathname?: string; headers?: Record<string, string> } = {}): Promise<Stream> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: url.hostname,
        port: url.port,
        path: opts.pathname ?? '/events',
        agent: false,
        headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        const ended = new Promise<void>((done) => {
          res.once('end', () => done());
          res.once('close', () => done());
        });
        resolve({ status: res.statusCode ?? 0, text: () => text, ended, close: () => req.destroy() });
      },
    );
    req.on('error', reject);
  });
}

/** Polls `check` until it holds or the deadline passes. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether the stream ends within the deadline. */
async function endsWithin(stream: Stream, ms = 3_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([stream.ended.then(() => true), timeout]);
  clearTimeout(timer);
  return result;
}

const order = { lines: [{ name: 'Coffee', unitPrice: 250, quantity: 1 }] };

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('the HTTP host in process', () => {
  let t: TestCore;
  let server: http.Server;
  let base: string;
  let port: string;
  let admin: string;
  let staticDir: string;

  beforeAll(async () => {
    t = await startCore('in-process');
    admin = await setupAdmin(t);
    staticDir = tempDir('tessera-static-');
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Tessera</title>');
    server = createHttpServer(t.core, staticDir, { allowHosts: ['till.shop.example'] });
    base = await listen(server);
    port = new URL(base).port;
  });
  afterAll(async () => {
    await closeServer(server);
    await t.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  test('a foreign Host is refused on every path: sign-in, events, health, pages (DNS rebinding)', async () => {
    const evil = { host: `evil.example:${port}` };
    expectForbidden(await rpcAt(base, 'auth.login', { username: 'admin', password: adminInput.password }, evil));
    expectForbidden(await rpcAt(base, 'auth.status', {}, evil));
    const events = await openStream(base, { token: admin, headers: evil });
    expect(events.status).toBe(403);
    events.close();
    expectForbidden(await request(base, '/health', { headers: evil }));
    expectForbidden(await request(base, '/', { headers: evil }));
    // Without a port, with another port, or a name that only ends like an allowed one.
    for (const host of ['localhost', `127.0.0.1:${Number(port) + 1}`, `x.till.shop.example:${port}`, `127.0.0.1.evil.example:${port}`]) {
      expectForbidden(await request(base, '/health', { headers: { host } }));
    }
  });

  test('the names it serves are accepted: 127.0.0.1, localhost, [::1] and --allow-host names, on its port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, `till.shop.example:${port}`]) {
      const a = await rpcAt(base, 'auth.login', { username: 'admin', password: adminInput.password }, { host });
      expect(a.status, host).toBe(200);
    }
  });

  test('a present foreign Origin is refused on /rpc, /events and downloads; the own origin and none pass', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, 'null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${Number(port) + 1}`]) {
      expectForbidden(await rpcAt(base, 'auth.login', { username: 'admin', password: adminInput.password }, { origin }));
      const events = await openStream(base, { token: admin, headers: { origin } });
      expect(events.status, origin).toBe(403);
      events.close();
      expectForbidden(await request(base, `/exports/download/${'A'.repeat(32)}/x.csv`, { headers: { origin } }));
    }
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://till.shop.example:${port}`]) {
      expect((await rpcAt(base, 'auth.me', {}, { origin, authorization: `Bearer ${admin}` })).status, origin).toBe(200);
    }
    expect((await rpcAt(base, 'auth.me', {}, { authorization: `Bearer ${admin}` })).status).toBe(200);
  });

  test('/events takes no token in the URL; the Authorization header opens it', async () => {
    const byQuery = await openStream(base, { pathname: `/events?token=${encodeURIComponent(admin)}` });
    expect(byQuery.status).toBe(401);
    expect(JSON.parse(byQuery.text() || (await byQuery.ended, byQuery.text()))).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    byQuery.close();
    const byHeader = await openStream(base, { token: admin });
    expect(byHeader.status).toBe(200);
    byHeader.close();
  });

  test('a malformed URL is 400, never 500', async () => {
    for (const p of ['/%', '/%E0%A4%A', '/assets/%ZZ.js', '/rpc/%', '/events%']) {
      const a = await request(base, p, { method: p.startsWith('/rpc/') ? 'POST' : 'GET', body: p.startsWith('/rpc/') ? {} : undefined });
      expect(a.status, p).toBeLessThan(500);
      if (p !== '/rpc/%') expect(a.status, p).toBe(400);
    }
  });
});

describe('event streams end with their session', () => {
  let t: TestCore;
  let server: http.Server;
  let base: string;
  let admin: string;

  beforeAll(async () => {
    t = await startCore('in-process');
    admin = await setupAdmin(t);
    server = createHttpServer(t.core, null);
    base = await listen(server);
  });
  afterAll(async () => {
    await closeServer(server);
    await t.close();
  });

  let n = 0;
  /** A fresh cashier with an open stream that has seen an order event. */
  async function streamingCashier(): Promise<{ id: string; token: string; stream: Stream }> {
    const username = `cashier${++n}`;
    const token = await userWithRole(t, admin, 'cashier', username);
    const id = (await t.ok('auth.me', {}, token)).id;
    const stream = await openStream(base, { token });
    expect(stream.status).toBe(200);
    await t.ok('orders.create', order, admin);
    await until(() => stream.text().includes('event: order.changed'), 'the first event');
    return { id, token, stream };
  }

  /** After the session ended: the stream is closed and a later order reaches it no more. */
  async function expectEnded(stream: Stream): Promise<void> {
    expect(await endsWithin(stream)).toBe(true);
    const before = stream.text();
    await t.ok('orders.create', order, admin);
    expect(stream.text()).toBe(before);
  }

  test('logout', async () => {
    const { token, stream } = await streamingCashier();
    await t.ok('auth.logout', {}, token);
    await expectEnded(stream);
  });

  test('deactivation', async () => {
    const { id, stream } = await streamingCashier();
    await t.ok('users.update', { id, active: false }, admin);
    await expectEnded(stream);
  });

  test('role change', async () => {
    const { id, stream } = await streamingCashier();
    await t.ok('users.update', { id, role: 'support' }, admin);
    await expectEnded(stream);
  });

  test('password reset', async () => {
    const { id, stream } = await streamingCashier();
    await t.ok('users.setPassword', { id, password: 'a-new-password-1' }, admin);
    await expectEnded(stream);
  });

  test('idle expiry: the next event is not delivered, the stream ends', async () => {
    const { stream } = await streamingCashier();
    const before = stream.text();
    t.clock.advance(IDLE_MS + 1_000);
    // The admin's own session would have expired too: sign in again.
    admin = (await t.ok('auth.login', { username: adminInput.username, password: adminInput.password })).token;
    await t.ok('orders.create', order, admin);
    expect(await endsWithin(stream)).toBe(true);
    expect(stream.text()).toBe(before);
  });

  test('other sessions keep their stream: a rename ends nothing', async () => {
    const { id, stream } = await streamingCashier();
    await t.ok('users.update', { id, displayName: 'Renamed' }, admin);
    await t.ok('orders.create', order, admin);
    const seen = stream.text().split('event: order.changed').length;
    await t.ok('orders.create', order, admin);
    await until(() => stream.text().split('event: order.changed').length > seen, 'a later event');
    stream.close();
  });
});

describe('a restore ends every stream', () => {
  let host: CoreHost;
  let server: http.Server;
  let dir: string;

  afterEach(async () => {
    if (server) await closeServer(server);
    host?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('restore', async () => {
    dir = tempDir('tessera-trust-restore-');
    host = openHost({ dataDir: dir, migrationsFolder, version: 'test', clock: manualClock(), checkOutputs: true });
    const call = async <T>(method: string, input: unknown, token?: string): Promise<T> => {
      const r = await host.core.dispatch(method, input, token);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    };
    const admin = (await call<{ token: string }>('auth.setup', { username: 'admin', displayName: 'Admin', password: 'correct horse battery' })).token;
    await call('system.backup', {}, admin);
    const backups = await call<{ items: { name: string }[] }>('system.backups', {}, admin);
    server = createHttpServer(host.core as Core, null);
    const base = await listen(server);
    const stream = await openStream(base, { token: admin });
    expect(stream.status).toBe(200);
    await call('system.restore', { name: backups.items[0]!.name }, admin);
    expect(await endsWithin(stream)).toBe(true);
  });
});

describe('tessera serve', () => {
  const started: ServerProcess[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const freshDir = () => {
    const d = tempDir('tessera-trust-serve-');
    dirs.push(d);
    return d;
  };
  const admin = { username: 'admin', displayName: 'Admin', password: 'correct horse battery' };

  test('a fresh store prints a one-time setup code; auth.setup over HTTP needs it, a foreign Host cannot use it', async () => {
    const dataDir = freshDir();
    const s = await startServerProcess({ dataDir, env: { TESSERA_SETUP_CODE: '' } });
    started.push(s);
    const code = /^Setup code: (\S+)$/m.exec(s.output())?.[1];
    expect(code).toBeTruthy();
    const port = new URL(s.base).port;

    // The attack of the issue: a rebound name creates the first admin.
    expectForbidden(await rpcAt(s.base, 'auth.setup', { ...admin, setupCode: code }, { host: `evil.example:${port}` }));
    const status = await rpcAt(s.base, 'auth.status', {});
    expect(status.json()).toMatchObject({ ok: true, value: { needsSetup: true, needsSetupCode: true } });

    for (const setupCode of [undefined, '', 'WRONG-CODE-0000', `${code}x`]) {
      const a = await rpcAt(s.base, 'auth.setup', setupCode === undefined ? admin : { ...admin, setupCode });
      expect(a.status, String(setupCode)).toBe(400);
      const body = a.json();
      expect(body).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(JSON.stringify(!body.ok && body.error.details)).toContain('setupCode');
    }
    const ok = await rpcAt(s.base, 'auth.setup', { ...admin, setupCode: code!.toLowerCase() });
    expect(ok.status).toBe(200);
    expect((await rpcAt(s.base, 'auth.setup', { ...admin, setupCode: code })).json()).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // Set up: a restart prints no code.
    await s.stop();
    started.length = 0;
    const again = await startServerProcess({ dataDir, env: { TESSERA_SETUP_CODE: '' } });
    started.push(again);
    expect(again.output()).not.toMatch(/Setup code/);
  });

  test('TESSERA_SETUP_CODE gives the code for scripted installs', async () => {
    const s = await startServerProcess({ dataDir: freshDir(), env: { TESSERA_SETUP_CODE: 'scripted-install-code-1' } });
    started.push(s);
    expect(s.output()).not.toContain('scripted-install-code-1');
    expect((await rpcAt(s.base, 'auth.setup', { ...admin, setupCode: 'scripted-install-code-1' })).status).toBe(200);
  });

  test('binding beyond loopback without TLS refuses to start, saying why', async () => {
    for (const host of ['0.0.0.0', '::']) {
      const err = await startServerProcess({ dataDir: freshDir(), args: ['--host', host] }).then(
        (s) => {
          started.push(s);
          return 'it started';
        },
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      expect(err, host).toMatch(/exited \(2\)/);
      expect(err).toMatch(/--tls-cert.*--tls-self-signed|TLS/);
    }
  });

  test('--tls-self-signed: HTTPS with a certificate kept (0600) in the data folder, its fingerprint printed', async () => {
    const dataDir = freshDir();
    const args = ['--host', '0.0.0.0', '--tls-self-signed'];
    const s = await startServerProcess({ dataDir, args });
    started.push(s);
    expect(s.base).toMatch(/^https:\/\//);
    const certFile = path.join(dataDir, 'tls', 'cert.pem');
    const keyFile = path.join(dataDir, 'tls', 'key.pem');
    for (const f of [certFile, keyFile]) expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
    const cert = fs.readFileSync(certFile, 'utf8');
    const fingerprint = new crypto.X509Certificate(cert).fingerprint256;
    expect(s.output()).toContain(fingerprint);
    const local = `https://127.0.0.1:${new URL(s.base).port}`;
    const health = await request(local, '/health', { ca: cert, headers: { host: `127.0.0.1:${new URL(s.base).port}` } });
    expect(health.status).toBe(200);
    // Plain HTTP on the TLS port gets nothing.
    await expect(request(`http://127.0.0.1:${new URL(s.base).port}`, '/health')).rejects.toThrow();

    // The certificate is kept: a restart serves the same one.
    await s.stop();
    started.length = 0;
    const again = await startServerProcess({ dataDir, args });
    started.push(again);
    expect(fs.readFileSync(certFile, 'utf8')).toBe(cert);
    expect(again.output()).toContain(fingerprint);
  });
});
