/**
 * The HTTP host as a real child process: start it on a data folder, wait for its ready
 * line, call it over real sockets, SIGKILL it. For the crash and concurrency tests.
 *
 * By default the child runs `serve()` of electron/server/main.ts from source under tsx: the
 * code `node bin/tessera.mjs serve` runs from its build. The UI is not needed here, and
 * rebuilding on a start (the sources change while people work) would only slow the tests
 * down. `entry: 'bin'` starts the real command line instead (building once, under a lock,
 * when out/ is missing or older than the sources).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Envelope } from '../../shared/errors';
import { TEST_SETUP_CODE, withSetupCode } from './setup-code';

const root = path.resolve(import.meta.dirname, '..', '..');
const READY = /Tessera is ready at (https?:\/\/[^\s/]+)\//;

export interface ServerProcess {
  /** http://127.0.0.1:PORT (no trailing slash). */
  base: string;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGKILL: no shutdown code runs. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (the host closes the database and exits); SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartOptions {
  dataDir: string;
  /** 'serve' (default): serve() under tsx; 'bin': node bin/tessera.mjs serve. */
  entry?: 'serve' | 'bin';
  port?: number;
  readyTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** More flags for `serve` (e.g. --host, --tls-self-signed). */
  args?: string[];
}

/** Children still running, killed when the test process exits so none is left behind. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Starts the host and resolves once it printed its ready line. (The same as
 * prepareServerProcess(opts).start().)
 */
export async function startServerProcess(opts: StartOptions): Promise<ServerProcess> {
  return prepareServerProcess(opts).start();
}

export interface PreparedServer {
  /** Lets the prepared process run serve() (open the data folder, listen) and waits for its ready line. */
  start(): Promise<ServerProcess>;
  /** Ends a prepared process that was never started. */
  discard(): Promise<void>;
}

/**
 * Spawns the host's process now, but lets it load its modules only: serve() runs (and the
 * data folder is touched) when start() is called. Loading the code under tsx is most of a
 * start's time, so a test that restarts the host many times prepares the next process
 * while the current one still runs, and the restart itself is only what serve() does.
 * With entry 'bin', start() spawns the command line then (nothing is prepared).
 */
export function prepareServerProcess(opts: StartOptions): PreparedServer {
  const args = ['--port', String(opts.port ?? 0), '--data-dir', opts.dataDir, ...(opts.args ?? [])];
  const serveUrl = pathToFileURL(path.join(root, 'electron', 'server', 'main.ts')).href;
  const script = [
    `const { serve } = await import(${JSON.stringify(serveUrl)});`,
    // Wait for the go line on stdin; a parent that goes away (stdin ends) takes this process with it.
    `process.stdin.once('end', () => process.exit(0));`,
    `await new Promise((resolve) => process.stdin.once('data', resolve));`,
    `try { await serve(JSON.parse(process.env.TESSERA_TEST_SERVE_ARGS)); }`,
    ` catch (err) { console.error('tessera: ' + (err instanceof Error ? err.message : String(err))); process.exit(2); }`,
  ].join('\n');
  const viaBin = (opts.entry ?? 'serve') === 'bin';
  const spawnChild = () =>
    spawn(process.execPath, viaBin ? [path.join(root, 'bin', 'tessera.mjs'), 'serve', ...args] : ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      // The setup code is known to the tests (rpc() sends it) unless opts.env sets its own ('' lets serve make one).
      env: { TESSERA_LOG: 'silent', ...process.env, TESSERA_SETUP_CODE: TEST_SETUP_CODE, ...opts.env, TESSERA_TEST_SERVE_ARGS: JSON.stringify(args) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  let child: ChildProcess | null = viaBin ? null : spawnChild();
  let out = '';
  let exited!: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  const watch = (c: ChildProcess) => {
    live.add(c);
    c.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    c.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    exited = new Promise((resolve) => {
      c.once('exit', (code, signal) => {
        live.delete(c);
        resolve({ code, signal });
      });
    });
  };
  if (child) watch(child);

  return {
    async discard() {
      if (!child) return;
      child.kill('SIGKILL');
      await exited;
    },
    async start() {
      if (!child) {
        child = spawnChild();
        watch(child);
      } else {
        child.stdin!.write('go\n');
      }
      const c = child;
      const timeoutMs = opts.readyTimeoutMs ?? 60_000;
      const base = await new Promise<string>((resolve, reject) => {
        const check = () => {
          const m = READY.exec(out);
          if (m?.[1]) {
            done();
            resolve(m[1]);
          }
        };
        const timer = setTimeout(() => {
          done();
          c.kill('SIGKILL');
          reject(new Error(`the HTTP host did not print its ready line within ${timeoutMs} ms:\n${out}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          c.stdout!.off('data', check);
          c.stderr!.off('data', check);
        };
        c.stdout!.on('data', check);
        c.stderr!.on('data', check);
        void exited.then(({ code, signal }) => {
          done();
          reject(new Error(`the HTTP host exited (${code ?? signal}) before it was ready:\n${out}`));
        });
        check();
      });
      const self: ServerProcess = {
        base,
        pid: c.pid!,
        child: c,
        exited,
        output: () => out,
        async kill() {
          if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
          await exited;
        },
        async stop(graceMs = 10_000) {
          if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
          const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
          const result = await exited;
          clearTimeout(timer);
          return result;
        },
      };
      return self;
    },
  };
}

export interface RpcAnswer {
  status: number;
  body: Envelope<unknown>;
}

/**
 * POST /rpc/<method> on a connection of its own (no keep-alive, no shared pool), like a
 * separate client. Rejects on a network error (host down, connection reset).
 */
export function rpc(base: string, method: string, input: unknown, token?: string, timeoutMs = 30_000): Promise<RpcAnswer> {
  const body = Buffer.from(JSON.stringify(withSetupCode(method, input) ?? {}), 'utf8');
  return new Promise<RpcAnswer>((resolve, reject) => {
    const req = http.request(
      `${base}/rpc/${method}`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          connection: 'close',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Envelope<unknown> });
          } catch {
            reject(new Error(`${method}: answer is not JSON (status ${res.statusCode}): ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** rpc() that must succeed; returns the value. */
export async function rpcOk<T = unknown>(base: string, method: string, input: unknown, token?: string): Promise<T> {
  const r = await rpc(base, method, input, token);
  if (!r.body.ok) throw new Error(`${method} failed (${r.status}): ${r.body.error.code} ${r.body.error.message}`);
  return r.body.value as T;
}

/** GET /health on a connection of its own: the status and the parsed body. */
export function health(base: string, timeoutMs = 10_000): Promise<{ status: number; body: { status?: string; problem?: string } }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/health`, { agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status?: string } });
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`/health: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
