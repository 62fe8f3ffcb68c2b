/**
 * The dispatcher and the HTTP host: unknown methods, sessions, internal errors that
 * reveal nothing, the HTTP status of every error code, and the host's own limits.
 */
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { errorStatus, type Envelope } from '../../shared/errors';
import type { Core } from '../../electron/core/core';
import { createHttpServer, MAX_BODY_BYTES } from '../../electron/server/http';
import { adminInput, setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';

const admin = { username: adminInput.username, password: adminInput.password };
/** What an internal error's message must not show. */
const INTERNALS = /sqlite|database|connection|not open|TypeError|Error:|injected|trigger|\bat \S+ \(|\.ts\b|\.js\b|node_modules|SELECT|INSERT|UPDATE/i;

describe.each(['in-process', 'http'] as const)('dispatcher over %s', (transport) => {
  let t: TestCore | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
    vi.restoreAllMocks();
  });

  test('an unknown method is NOT_FOUND, whatever its name', async () => {
    t = await startCore(transport);
    const token = await setupAdmin(t);
    for (const name of ['users.delete', 'nope', 'users', 'auth.', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'AUTH.ME']) {
      const r = await t.raw(name, {}, token);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error.code, name).toBe('NOT_FOUND');
    }
  });

  test('a protected method without, or with a garbage, token is UNAUTHENTICATED', async () => {
    t = await startCore(transport);
    const token = await setupAdmin(t);
    for (const bad of [undefined, '', 'garbage', `${token}a`, token.slice(0, -1), 'Bearer x', 'x'.repeat(5000)]) {
      const err = await t.fail('users.list', {}, bad);
      expect(err.code).toBe('UNAUTHENTICATED');
    }
    // Public methods still answer, as nobody.
    expect(await t.ok('auth.status', {}, 'garbage')).toEqual({ needsSetup: false, user: null, registerId: null, language: 'en' });
    expect((await t.ok('system.health', {}, 'garbage')).status).toBe('ok');
  });

  test('an input that is absent or not an object is handled, never thrown', async () => {
    t = await startCore(transport);
    const token = await setupAdmin(t);
    expect((await t.raw('auth.me', undefined, token)).ok).toBe(true);
    for (const input of ['x', 1, [], true]) {
      const r = await t.raw('auth.me', input, token);
      expect(!r.ok && r.error.code).toBe('VALIDATION');
    }
  });

  test('an internal failure is INTERNAL with an errorId, a message that reveals nothing, and a logged stack', async () => {
    t = await startCore(transport);
    const token = await setupAdmin(t);
    const lines: string[] = [];
    const previous = process.env.TESSERA_LOG;
    process.env.TESSERA_LOG = 'error';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    let errs;
    try {
      // A failure inside a transaction: a trigger refuses the event row.
      t.core.store.sqlite.exec(
        "CREATE TEMP TRIGGER fail_event BEFORE INSERT ON main.events BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
      );
      const first = await t.fail('users.create', { username: 'nia', displayName: 'Nia', role: 'cashier', password: 'nia-password' }, token);
      t.core.store.sqlite.exec('DROP TRIGGER temp.fail_event');
      // The database goes away under the core.
      t.core.store.sqlite.close();
      const second = await t.fail('auth.me', {}, token);
      errs = [first, second];
    } finally {
      process.env.TESSERA_LOG = previous;
    }
    for (const err of errs) {
      expect(err.code).toBe('INTERNAL');
      expect(err.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Object.keys(err).sort()).toEqual(['code', 'errorId', 'key', 'message', 'params']);
      expect(err.message).toContain(err.errorId);
      expect(err.message).not.toMatch(INTERNALS);
    }
    expect(errs[0]!.errorId).not.toBe(errs[1]!.errorId);
    const logged = lines.map((l) => JSON.parse(l) as { level: string; errorId: string; method: string; stack: string });
    expect(logged.map((l) => [l.level, l.errorId, l.method])).toEqual([
      ['error', errs[0]!.errorId, 'users.create'],
      ['error', errs[1]!.errorId, 'auth.me'],
    ]);
    expect(logged[0]!.stack).toContain('injected failure');
    expect(logged[1]!.stack).toMatch(/not open/i);
  });
});

describe('HTTP host', () => {
  let t: TestCore | undefined;
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    await t?.close();
    t = undefined;
    stop = undefined;
  });

  /** A core reached by plain fetch, so each answer's status and headers can be read. */
  async function serve(): Promise<{ t: TestCore; base: string }> {
    t = await startCore('in-process');
    const server = createHttpServer(t.core as Core, null);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stop = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    return { t, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  async function post(base: string, method: string, body: unknown, token?: string) {
    const res = await fetch(`${base}/rpc/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Envelope<unknown>, headers: res.headers };
  }

  function expectError(r: { status: number; body: Envelope<unknown> }, code: keyof typeof errorStatus, status: number) {
    expect(r.body.ok).toBe(false);
    if (!r.body.ok) expect(r.body.error.code).toBe(code);
    expect(errorStatus[code]).toBe(status);
    expect(r.status).toBe(status);
  }

  test('each error code gets the HTTP status of the contract table; success is 200 with the envelope', async () => {
    const { t, base } = await serve();
    const setup = await post(base, 'auth.setup', adminInput);
    expect(setup.status).toBe(200);
    expect(setup.body).toMatchObject({ ok: true, value: { user: { username: 'admin', role: 'admin' } } });
    expect(setup.headers.get('content-type')).toMatch(/^application\/json/);
    const token = (setup.body as { value: { token: string } }).value.token;
    const cashier = await userWithRole(t, token, 'cashier');

    expectError(await post(base, 'users.create', { username: 'x', displayName: 'X', role: 'boss', password: 'p' }, token), 'VALIDATION', 400);
    expectError(await post(base, 'auth.me', {}), 'UNAUTHENTICATED', 401);
    expectError(await post(base, 'auth.login', { username: 'admin', password: 'wrong-password' }), 'UNAUTHENTICATED', 401);
    expectError(await post(base, 'users.list', {}, cashier), 'FORBIDDEN', 403);
    expectError(await post(base, 'no.such', {}, token), 'NOT_FOUND', 404);
    expectError(await post(base, 'users.update', { id: 'no-such-user', displayName: 'X' }, token), 'NOT_FOUND', 404);
    expectError(await post(base, 'auth.setup', adminInput), 'CONFLICT', 409);
    expectError(await post(base, 'users.create', { username: 'cashier1', displayName: 'X', role: 'cashier', password: 'p'.repeat(8) }, token), 'CONFLICT', 409);
    for (let i = 0; i < 5; i++) await post(base, 'auth.login', { username: 'ghost', password: `guess-${i}-guess` });
    expectError(await post(base, 'auth.login', { username: 'ghost', password: 'guess-again' }), 'RATE_LIMITED', 429);

    t.core.store.sqlite.close();
    const internal = await post(base, 'auth.me', {}, token);
    expectError(internal, 'INTERNAL', 500);
    if (!internal.body.ok) {
      expect(internal.body.error.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(internal.body.error.message).not.toMatch(INTERNALS);
    }
  });

  test('the token is read from "Authorization: Bearer"; any other scheme is UNAUTHENTICATED', async () => {
    const { t, base } = await serve();
    const token = await setupAdmin(t);
    const call = (authorization: string) =>
      fetch(`${base}/rpc/auth.me`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: '{}' });
    expect((await call(`Bearer ${token}`)).status).toBe(200);
    expect((await call(`Basic ${token}`)).status).toBe(401);
    expect((await call(token)).status).toBe(401);
    expect((await call('Bearer ')).status).toBe(401);
  });

  test('a body over 1 MiB is 413, declared or streamed; exactly 1 MiB is read', async () => {
    const { base } = await serve();
    const json = (size: number) => {
      const head = '{"username":"admin","password":"';
      return head + 'p'.repeat(size - head.length - 2) + '"}';
    };
    expect(Buffer.byteLength(json(MAX_BODY_BYTES + 1))).toBe(1024 * 1024 + 1);

    const over = await fetch(`${base}/rpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json(MAX_BODY_BYTES + 1) });
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ ok: false, error: { message: expect.stringMatching(/larger than/) } });

    // Without a Content-Length (chunked), the limit still holds.
    const bytes = new TextEncoder().encode(json(2 * MAX_BODY_BYTES));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
        controller.close();
      },
    });
    const chunked = await fetch(`${base}/rpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);

    // At the limit the body is parsed and the dispatcher answers (the password is too long).
    const atLimit = await fetch(`${base}/rpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json(MAX_BODY_BYTES) });
    expect(atLimit.status).toBe(400);
    expect(await atLimit.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: ['password'] }] } } });
  });

  test('a declared Content-Length over 1 MiB is refused with 413 before the body is sent', async () => {
    const { base } = await serve();
    const { hostname, port } = new URL(base);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(
          `POST /rpc/auth.status HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${5 * MAX_BODY_BYTES}\r\n\r\n`,
        );
      });
      let text = '';
      socket.on('data', (d) => {
        text += d.toString();
        if (text.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
      setTimeout(() => {
        socket.destroy();
        resolve(text);
      }, 2000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  test('a body that is not declared as JSON is 415; JSON with a charset is fine', async () => {
    const { base } = await serve();
    const send = (headers: Record<string, string>, body = '{}') => fetch(`${base}/rpc/auth.status`, { method: 'POST', headers, body });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      const res = await send({ 'content-type': type });
      expect(res.status, type).toBe(415);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    const untyped = await fetch(`${base}/rpc/auth.status`, { method: 'POST', body: new Uint8Array([123, 125]) });
    expect(untyped.status).toBe(415);
    expect((await send({ 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect((await send({ 'content-type': 'Application/JSON' })).status).toBe(200);
  });

  test('malformed JSON is 400 VALIDATION; an empty body is the empty input', async () => {
    const { base } = await serve();
    for (const body of ['{', '{"username": }', "{'a': 1}", 'undefined', '{"a":1}}']) {
      const res = await fetch(`${base}/rpc/auth.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, body).toBe(400);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/not valid JSON/) } });
    }
    const empty = await fetch(`${base}/rpc/auth.status`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(empty.status).toBe(200);
    // Over HTTP a fresh store's setup needs the setup code `tessera serve` printed.
    expect(await empty.json()).toEqual({ ok: true, value: { needsSetup: true, needsSetupCode: true, user: null, registerId: null, language: 'en' } });
  });

  test('GET /health is 200 { status, version, schemaVersion }; /rpc wants POST', async () => {
    const { t, base } = await serve();
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: 'test', schemaVersion: t.core.store.schemaVersion });
    expect(t.core.store.schemaVersion).toBeGreaterThanOrEqual(1);

    expect((await fetch(`${base}/rpc/auth.status`)).status).toBe(405);
    const unknown = await fetch(`${base}/no-such-page`);
    expect(unknown.status).toBe(404);
  });

  test('sign-in and a protected call work end to end with the token from the body', async () => {
    const { base } = await serve();
    await post(base, 'auth.setup', adminInput);
    const login = await post(base, 'auth.login', admin);
    expect(login.status).toBe(200);
    const token = (login.body as { value: { token: string } }).value.token;
    const me = await post(base, 'auth.me', {}, token);
    expect(me).toMatchObject({ status: 200, body: { ok: true, value: { username: 'admin', role: 'admin' } } });
    expect(me.headers.get('cache-control')).toBe('no-store');
  });
});
