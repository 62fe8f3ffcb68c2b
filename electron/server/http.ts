import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { errorStatus, type Envelope, type ErrorCode } from '../../shared/errors';
import type { Core } from '../core/core';
import type { Caller } from '../core/rpc/types';
import { endsSession } from '../core/sessionSignals';
import { contentTypeOf } from './contentTypes';
import { contentSecurityPolicy } from './csp';
import { hostAllowed, originAllowed, type HostPolicy } from './trust';

export const MAX_BODY_BYTES = 1024 * 1024;
const SSE_HEARTBEAT_MS = 25_000;

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function sendEnvelope(res: http.ServerResponse, envelope: Envelope<unknown>): void {
  sendJson(res, envelope.ok ? 200 : errorStatus[envelope.error.code], envelope);
}

const statusCodes: Partial<Record<number, ErrorCode>> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

function fail(res: http.ServerResponse, status: number, message: string): void {
  sendJson(res, status, { ok: false, error: { code: status >= 500 ? 'INTERNAL' : (statusCodes[status] ?? 'VALIDATION'), message } });
}

/** A request path that cannot be decoded (`/%`): the client's mistake, 400. */
class MalformedUrl extends Error {}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw new MalformedUrl(pathname);
  }
}

function bearer(req: http.IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** Reads the body up to the limit; null when it was larger (the caller answers 413). */
function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function handleRpc(core: Core, method: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    return fail(res, 415, 'Send the input as JSON (Content-Type: application/json).');
  }
  const body = await readBody(req);
  if (body === null) return fail(res, 413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  let input: unknown = {};
  if (body.length > 0) {
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return fail(res, 400, 'The request body is not valid JSON.');
    }
  }
  sendEnvelope(res, await core.dispatch(method, input, bearer(req), HTTP_CALLER));
}

const HTTP_CALLER: Caller = { transport: 'http' };

/** An open /events stream and the session it belongs to. */
interface Stream {
  tokenHash: string;
  userId: string;
  end(): void;
}

/**
 * GET /events: the push events, for a session named by the Authorization header only (a
 * token in the address ends up in logs and history). The stream ends with its session:
 * at once when told (logout, deactivation, role change, password reset, restore), and
 * at the next event or heartbeat after it expired.
 */
function handleEvents(core: Core, streams: Set<Stream>, url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (url.searchParams.has('token')) return fail(res, 401, 'Send the session token in the Authorization header, never in the address.');
  const session = core.session(bearer(req));
  if (!session) return fail(res, 401, 'Sign in first.');
  const { tokenHash } = session;
  const live = () => core.sessionLive(tokenHash);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write(': connected\n\n');
  let open = true;
  const stream: Stream = {
    tokenHash,
    userId: session.userId,
    end() {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(stream);
      res.end();
    },
  };
  const unsubscribe = core.bus.subscribe((e) => {
    if (!live()) return stream.end();
    res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
  });
  const heartbeat = setInterval(() => (live() ? res.write(': ping\n\n') : stream.end()), SSE_HEARTBEAT_MS);
  streams.add(stream);
  req.on('close', () => stream.end());
}

/**
 * GET /exports/download/<ticket>/<name>: an exported file, by the random short-lived ticket
 * exports.download gave a signed-in exporter. No path comes from the client.
 */
function serveExport(core: Core, url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
  const found = core.download(url.pathname.split('/')[3] ?? '');
  if (!found) return fail(res, 404, 'This download link has expired or does not exist; export the file again.');
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': found.bytes,
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(found.fileName)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') return void res.end();
  fs.createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
}

function serveStatic(staticDir: string, url: URL, res: http.ServerResponse): void {
  const rel = decodePath(url.pathname).replace(/^\/+/, '');
  let file = path.resolve(staticDir, rel);
  if (!file.startsWith(path.resolve(staticDir) + path.sep) && file !== path.resolve(staticDir)) return fail(res, 404, 'Not found.');
  // Unknown paths without an extension are client routes: serve the app.
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    if (path.extname(rel)) return fail(res, 404, 'Not found.');
    file = path.join(staticDir, 'index.html');
  }
  const headers: Record<string, string> = {
    'content-type': contentTypeOf(file),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (file.endsWith('.html')) {
    headers['content-security-policy'] = contentSecurityPolicy;
    headers['x-frame-options'] = 'DENY';
  }
  res.writeHead(200, headers);
  fs.createReadStream(file).pipe(res);
}

export interface HttpHostOptions {
  /** Names besides 127.0.0.1, localhost and [::1] that clients reach the host by (`--allow-host`). */
  allowHosts?: readonly string[];
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/** The HTTP host: the contract at POST /rpc/<method>, /health, /events (SSE) and the UI. No business logic. */
export function createHttpServer(core: Core, staticDir: string | null, opts: HttpHostOptions = {}): http.Server {
  const policy: HostPolicy = { allowHosts: opts.allowHosts ?? [], tls: opts.tls !== undefined };
  const streams = new Set<Stream>();
  const onRequest: http.RequestListener = (req, res) => {
    const local = { port: req.socket.localPort, address: req.socket.localAddress };
    // Before anything runs: a name this host does not serve is a rebound one.
    if (!hostAllowed(req.headers.host, local, policy)) {
      req.resume();
      return fail(res, 403, 'This host name is not served here. Open Tessera at the address it printed, or start it with --allow-host NAME.');
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      req.resume();
      return fail(res, 400, 'The address is not a valid URL.');
    }
    const guarded = url.pathname.startsWith('/rpc/') || url.pathname === '/events' || url.pathname.startsWith('/exports/download/');
    const origin = req.headers.origin;
    if (guarded && origin !== undefined && !originAllowed(origin, local, policy)) {
      req.resume();
      return fail(res, 403, 'Calls from another web site are refused.');
    }
    const route = async () => {
      if (url.pathname.startsWith('/rpc/')) {
        if (req.method !== 'POST') return fail(res, 405, 'Use POST for /rpc/<method>.');
        return handleRpc(core, url.pathname.slice(5), req, res);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'Method not allowed.');
      if (url.pathname === '/health') {
        const health = await core.dispatch('system.health', {});
        return health.ok ? sendJson(res, 200, health.value) : sendEnvelope(res, health);
      }
      if (url.pathname === '/events') return handleEvents(core, streams, url, req, res);
      if (url.pathname.startsWith('/exports/download/')) return serveExport(core, url, req, res);
      if (staticDir) return serveStatic(staticDir, url, res);
      return fail(res, 404, 'Not found.');
    };
    route().catch((err: unknown) => {
      if (!res.headersSent) fail(res, err instanceof MalformedUrl ? 400 : 500, err instanceof MalformedUrl ? 'The address is not a valid URL.' : 'Something went wrong on our side.');
      else res.end();
    });
  };
  const server = opts.tls ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, onRequest) : http.createServer(onRequest);
  const unsubscribe = core.sessions.subscribe((ended) => {
    for (const stream of [...streams]) if (endsSession(ended, stream)) stream.end();
  });
  server.once('close', unsubscribe);
  server.keepAliveTimeout = 65_000;
  return server;
}
