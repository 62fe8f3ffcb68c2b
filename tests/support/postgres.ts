/**
 * PostgreSQL for the head-office tests and the bench: the shared server named by
 * TESSERA_TEST_PG_URL (a superuser URL; .ci/run sets one up), a fresh database per test,
 * private throwaway clusters to stop and restart (optionally TLS-only), and a TCP proxy that can
 * drop connections.
 *
 * No vitest here: the bench imports this file too. Test files skip themselves with
 * `describe.skipIf(!testPgUrl())` and print pgSkipReason().
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { generate } from 'selfsigned';

const execFileAsync = promisify(execFile);

/** TESSERA_TEST_PG_URL (a superuser URL), or null when the PostgreSQL tests cannot run. */
export function testPgUrl(): string | null {
  const url = process.env.TESSERA_TEST_PG_URL?.trim();
  return url ? url : null;
}

/** Why the PostgreSQL tests are skipped, or null when they run. */
export function pgSkipReason(): string | null {
  return testPgUrl() ? null : 'PostgreSQL tests skipped: set TESSERA_TEST_PG_URL to a superuser URL (.ci/run does)';
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The same URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** A connected client whose 'error' events are swallowed: failures surface through the awaited calls, not as a crash. */
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  return client;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function pgCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

export interface FreshDatabase {
  url: string;
  name: string;
  /** Ends every other connection to it and drops it; a second call does nothing. */
  drop(): Promise<void>;
}

/** A new empty database `tessera_t_<random>` on the server of `adminUrl` (a superuser URL). */
export async function freshDatabase(adminUrl: string): Promise<FreshDatabase> {
  const name = `tessera_t_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (c) =>
    // template0: copying template1 fails while anyone else is connected to it (parallel test files);
    // UTF8 and C whatever the cluster's defaults (a cluster made without a locale is SQL_ASCII).
    c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`),
  );
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: async () => {
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
  };
}

/**
 * Drops the roles whose names start with `prefix` (except the session's own), after
 * DROP OWNED BY in each database where they own objects or hold privileges. Returns the names dropped.
 *
 * Roles are cluster-wide and test files run in parallel: pass a prefix no other running
 * test's roles share, or this drops theirs too.
 */
export async function dropRolesLike(adminUrl: string, prefix: string): Promise<string[]> {
  if (!prefix) throw new Error('dropRolesLike: an empty prefix would match every role');
  const dropped: string[] = [];
  return withClient(adminUrl, async (admin) => {
    const adminDb = (await admin.query<{ db: string }>('SELECT current_database() AS db')).rows[0]?.db ?? 'postgres';
    // A few passes: another session may grant something to a role between its DROP OWNED and DROP ROLE.
    for (let pass = 0; ; pass++) {
      const roles = (
        await admin.query<{ oid: number; rolname: string }>(
          'SELECT oid, rolname FROM pg_roles WHERE starts_with(rolname, $1) AND rolname <> session_user ORDER BY rolname',
          [prefix],
        )
      ).rows;
      if (roles.length === 0) return dropped;
      // pg_shdepend is cluster-wide: it names the databases to clean without visiting every one.
      // dbid 0 means shared objects (grants on databases), which DROP OWNED anywhere revokes.
      const deps = (
        await admin.query<{ rolname: string; datname: string | null }>(
          `SELECT DISTINCT r.rolname, d.datname
             FROM pg_shdepend s JOIN pg_roles r ON r.oid = s.refobjid LEFT JOIN pg_database d ON d.oid = s.dbid
            WHERE s.refclassid = 'pg_authid'::regclass AND r.oid = ANY($1::oid[])`,
          [roles.map((r) => r.oid)],
        )
      ).rows;
      const byDb = new Map<string, string[]>();
      for (const { rolname, datname } of deps) {
        const db = datname ?? adminDb;
        byDb.set(db, [...(byDb.get(db) ?? []), rolname]);
      }
      for (const [db, names] of byDb) {
        const run = async (c: pg.Client) => {
          for (const n of names) {
            try {
              await c.query(`DROP OWNED BY ${quoteIdent(n)}`);
            } catch (err) {
              if (pgCode(err) !== '42704') throw err; // gone meanwhile
            }
          }
        };
        try {
          if (db === adminDb) await run(admin);
          else await withClient(withDatabase(adminUrl, db), run);
        } catch (err) {
          if (pgCode(err) !== '3D000') throw err; // the database was dropped meanwhile: nothing left in it
        }
      }
      let lastError: unknown = null;
      for (const { rolname } of roles) {
        try {
          await admin.query(`DROP ROLE IF EXISTS ${quoteIdent(rolname)}`);
          dropped.push(rolname);
        } catch (err) {
          lastError = err;
        }
      }
      if (lastError !== null && pass >= 2) throw lastError;
    }
  });
}

/** Resolves with `check()`'s value once it is truthy; throws (with the last error) after `timeoutMs`. */
export async function pollUntil<T>(check: () => Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`${what}: not within ${timeoutMs} ms${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A free TCP port on 127.0.0.1 (free now; nothing holds it for the caller). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('freePort: no TCP address');
  return address.port;
}

/** The server binaries: pg_config's, else the newest of Debian's /usr/lib/postgresql/<version>/bin. */
export function pgBinDir(): string {
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // libpq-dev's own pg_config answers /usr/bin, which has psql but no server.
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  } catch {
    // No pg_config: Debian's layout below.
  }
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
    : [];
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  if (versions[0] === undefined) throw new Error('No PostgreSQL server binaries (pg_config --bindir, /usr/lib/postgresql/*/bin)');
  return path.join(base, versions[0], 'bin');
}

export interface PrivateClusterOptions {
  /**
   * TLS only: a certificate for 127.0.0.1, ::1 and localhost signed by a CA of the cluster's own,
   * ssl = on, and pg_hba.conf with hostssl lines and no plain host line, so a TCP connection
   * without TLS is turned away by the server.
   */
  tls?: boolean;
}

export interface PrivateCluster {
  /**
   * Superuser URL (user postgres, database postgres) over TCP on 127.0.0.1; with `tls`, it
   * carries sslmode=verify-full&sslrootcert=<caFile> (and so do URLs derived from it).
   */
  url: string;
  port: number;
  /** The temporary directory: data/, server.log and the unix socket. */
  dir: string;
  /** Starts the server (if down); resolves once it accepts connections. */
  start(): Promise<void>;
  /** Fast shutdown (connections dropped, no crash recovery on the next start); resolves once it is down. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops it and removes the directory. */
  destroy(): Promise<void>;
  /** With `tls`: the CA certificate (PEM) that signed the server's; null without. */
  caFile: string | null;
}

export interface TlsPrivateCluster extends PrivateCluster {
  caFile: string;
}

export interface TestCa {
  /** PEM. */
  cert: string;
  /** PEM (PKCS#8). */
  key: string;
}

// EC P-256: generated in milliseconds, where RSA keys would cost a cluster start's worth.
const certBase = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' } as const;
const certValidity = () => ({ notBeforeDate: new Date(Date.now() - 60_000), notAfterDate: new Date(Date.now() + 86_400_000) });

/** A new certificate authority of its own, trusted by nothing else (a day's validity). */
export async function testCertificateAuthority(commonName: string): Promise<TestCa> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    ...certBase,
    ...certValidity(),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** A server certificate for the loopback addresses and localhost, signed by `ca`. */
async function loopbackServerCertificate(ca: TestCa): Promise<TestCa> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    ...certBase,
    ...certValidity(),
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** Clusters not yet destroyed: stopped at exit so a failed test leaves no server behind. */
const liveClusters = new Set<{ pgCtl: string[]; dir: string }>();
process.once('exit', () => {
  for (const c of liveClusters) {
    try {
      execFileSync(c.pgCtl[0] ?? 'pg_ctl', [...c.pgCtl.slice(1), 'stop', '-m', 'immediate', '-w', '-t', '10'], { stdio: 'ignore', cwd: c.dir });
    } catch {
      // Already down.
    }
    fs.rmSync(c.dir, { recursive: true, force: true });
  }
});

/**
 * A new cluster of its own in a temporary directory, started, for tests that stop, restart or
 * crash the server. Password authentication over TCP on 127.0.0.1 (a free port), settings for
 * speed over durability.
 *
 * As root, PostgreSQL refuses to run: initdb and pg_ctl then run as the postgres OS user
 * (runuser), which owns the directory.
 */
export function privateCluster(opts: PrivateClusterOptions & { tls: true }): Promise<TlsPrivateCluster>;
export function privateCluster(opts?: PrivateClusterOptions): Promise<PrivateCluster>;
export async function privateCluster(opts: PrivateClusterOptions = {}): Promise<PrivateCluster> {
  const bin = pgBinDir();
  // Made before any directory exists: nothing to clean up if this fails.
  let tls: { ca: TestCa; server: TestCa } | null = null;
  if (opts.tls) {
    const ca = await testCertificateAuthority('Tessera test head office CA');
    tls = { ca, server: await loopbackServerCertificate(ca) };
  }
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const command = (tool: string): string[] =>
    asRoot ? ['runuser', '-u', 'postgres', '--', path.join(bin, tool)] : [path.join(bin, tool)];
  // cwd: the server tools complain when they cannot read the current directory (root's, as postgres).
  const run = async (tool: string, args: string[]): Promise<void> => {
    const [cmd = tool, ...pre] = command(tool);
    try {
      await execFileAsync(cmd, [...pre, ...args], { cwd: dir, timeout: 60_000 });
    } catch (err) {
      const stderr = typeof err === 'object' && err !== null && 'stderr' in err ? String(err.stderr) : '';
      const serverLog = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${tool} ${args.join(' ')} failed: ${err instanceof Error ? err.message : String(err)}\n${stderr}\n${serverLog}`);
    }
  };

  /** Writes a file into the directory, owned by the server's OS user (PostgreSQL insists on owning its key file). */
  const writeForServer = (name: string, text: string, mode: number): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text, { mode });
    fs.chmodSync(file, mode); // the umask may have narrowed it
    if (asRoot) {
      const { uid, gid } = fs.statSync(dir);
      fs.chownSync(file, uid, gid);
    }
    return file;
  };

  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const pwfile = writeForServer('pwfile', `${password}\n`, 0o600);
  try {
    await run('initdb', [
      '-D', data, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256',
      '--encoding=UTF8', '--locale=C', '--no-sync',
    ]);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  fs.appendFileSync(
    path.join(data, 'postgresql.conf'),
    [
      '',
      '# Test cluster: loopback only, fast to start and stop, durability off.',
      `listen_addresses = '127.0.0.1'`,
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'shared_buffers = 16MB',
      'max_wal_size = 64MB',
      'checkpoint_timeout = 30min',
      '',
    ].join('\n'),
  );

  let url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  let caFile: string | null = null;
  if (tls) {
    caFile = writeForServer('ca.pem', tls.ca.cert, 0o644);
    const certFile = writeForServer('server.crt', tls.server.cert, 0o644);
    // The server refuses a key file that others may read.
    const keyFile = writeForServer('server.key', tls.server.key, 0o600);
    fs.appendFileSync(path.join(data, 'postgresql.conf'), ['ssl = on', `ssl_cert_file = '${certFile}'`, `ssl_key_file = '${keyFile}'`, ''].join('\n'));
    // initdb's TCP lines become hostssl: with no plain host line, a connection without TLS matches nothing.
    const hba = path.join(data, 'pg_hba.conf');
    fs.writeFileSync(hba, fs.readFileSync(hba, 'utf8').replace(/^host(?=\s)/gm, 'hostssl'));
    const u = new URL(url);
    u.searchParams.set('sslmode', 'verify-full');
    u.searchParams.set('sslrootcert', caFile);
    url = u.toString();
  }
  const entry = { pgCtl: [...command('pg_ctl'), '-D', data], dir };
  liveClusters.add(entry);
  // pg_ctl status: 0 running, 3 not (also after a crash, when postmaster.pid is stale).
  const running = async (): Promise<boolean> => {
    const [cmd = 'pg_ctl', ...pre] = command('pg_ctl');
    try {
      await execFileAsync(cmd, [...pre, '-D', data, 'status'], { cwd: dir, timeout: 30_000 });
      return true;
    } catch (err) {
      if (typeof err === 'object' && err !== null && 'code' in err && err.code === 3) return false;
      throw err;
    }
  };

  const start = async () => {
    if (await running()) return;
    await run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', 'start']);
    // pg_ctl -w waits for "ready"; one real login also proves the URL and password.
    await pollUntil(() => withClient(url, async (c) => (await c.query('SELECT 1')).rowCount === 1), 30_000, 'private cluster accepting connections');
  };
  const stop = async () => {
    if (!(await running())) return;
    await run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  };
  const cluster: PrivateCluster = {
    url,
    port,
    dir,
    caFile,
    start,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    destroy: async () => {
      await stop();
      liveClusters.delete(entry);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await start();
  } catch (err) {
    await cluster.destroy().catch(() => {});
    throw err;
  }
  return cluster;
}

export interface TcpProxy {
  port: number;
  /** `originalUrl` with its host and port replaced by the proxy's. */
  url(originalUrl: string): string;
  /** Destroys every open connection at once, on both sides. */
  cutAll(): void;
  /** While on, new connections are accepted and destroyed at once; open ones are untouched. */
  refuse(on: boolean): void;
  /** Connections open through the proxy now. */
  openConnections(): number;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 (a free port) to targetHost:targetPort, to break connections on demand. */
export async function tcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: targetHost, port: targetPort });
    const pair = { client, upstream };
    pairs.add(pair);
    // Either side failing or closing ends both, as a real broken link would.
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      s.on('error', end);
      s.on('close', end);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('tcpProxy: no TCP address');
  const port = address.port;
  const cutAll = () => {
    for (const { client, upstream } of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    port,
    url: (originalUrl) => {
      const u = new URL(originalUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cutAll,
    refuse: (on) => {
      refusing = on;
    },
    openConnections: () => pairs.size,
    close: async () => {
      refusing = true;
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
