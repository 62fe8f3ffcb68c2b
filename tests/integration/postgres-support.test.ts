/**
 * The PostgreSQL test support itself, against a real server: fresh databases and role
 * clean-up, a private cluster stopped and started, and the proxy that breaks connections.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropRolesLike,
  freshDatabase,
  pgSkipReason,
  pollUntil,
  privateCluster,
  quoteIdent,
  tcpProxy,
  testPgUrl,
  type PrivateCluster,
  type TcpProxy,
} from '../support/postgres';

const adminUrl = testPgUrl() ?? '';
const skipReason = pgSkipReason();
if (skipReason) console.warn(skipReason);

/** A client whose 'error' events (a dropped connection) surface through the awaited calls instead of crashing the file. */
function client(url: string): pg.Client {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  c.on('error', () => {});
  return c;
}

async function queryOnce<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = client(url);
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end().catch(() => {});
  }
}

describe.skipIf(!adminUrl)('PostgreSQL test support', () => {
  it('creates a fresh database and drops it with a connection still open', async () => {
    const db = await freshDatabase(adminUrl);
    expect(db.name).toMatch(/^tessera_t_[0-9a-f]+$/);
    const inside = client(db.url);
    await inside.connect();
    try {
      const [row] = (await inside.query<{ db: string; enc: string }>(
        'SELECT current_database() AS db, pg_encoding_to_char(encoding) AS enc FROM pg_database WHERE datname = current_database()',
      )).rows;
      expect(row).toEqual({ db: db.name, enc: 'UTF8' });

      await db.drop();
      await expect(inside.query('SELECT 1')).rejects.toThrow();
    } finally {
      await inside.end().catch(() => {});
    }
    const left = await queryOnce<{ n: number }>(adminUrl, `SELECT count(*)::int AS n FROM pg_database WHERE datname = '${db.name}'`);
    expect(left[0]?.n).toBe(0);
    await db.drop(); // a second drop does nothing
  });

  it('drops prefixed roles that own objects and hold grants', async () => {
    // A prefix of this run's own, so parallel files' roles are left alone.
    const prefix = `tessera_i_support${randomBytes(3).toString('hex')}_`;
    const owner = `${prefix}owner`;
    const reader = `${prefix}reader`;
    const db = await freshDatabase(adminUrl);
    try {
      await queryOnce(adminUrl, `CREATE ROLE ${quoteIdent(owner)} LOGIN PASSWORD 'x'; CREATE ROLE ${quoteIdent(reader)} LOGIN`);
      await queryOnce(
        db.url,
        `CREATE TABLE t (id int); ALTER TABLE t OWNER TO ${quoteIdent(owner)}; GRANT SELECT ON t TO ${quoteIdent(reader)};
         GRANT CONNECT ON DATABASE ${quoteIdent(db.name)} TO ${quoteIdent(reader)}`,
      );
      const dropped = await dropRolesLike(adminUrl, prefix);
      expect(dropped.sort()).toEqual([owner, reader]);
      const left = await queryOnce<{ n: number }>(adminUrl, `SELECT count(*)::int AS n FROM pg_roles WHERE starts_with(rolname, '${prefix}')`);
      expect(left[0]?.n).toBe(0);
      // The owned table went with its owner; the database stays.
      const tables = await queryOnce<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM pg_class WHERE relname = 't' AND relkind = 'r'`);
      expect(tables[0]?.n).toBe(0);
      expect(await dropRolesLike(adminUrl, prefix)).toEqual([]);
    } finally {
      await db.drop();
      await dropRolesLike(adminUrl, prefix);
    }
  });

  describe('a private cluster', () => {
    let cluster: PrivateCluster | null = null;
    afterAll(async () => {
      await cluster?.destroy();
    });

    it('answers, refuses while stopped, answers again after start and restart, and is removed on destroy', async () => {
      cluster = await privateCluster();
      const c = cluster;
      expect(c.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
      expect((await queryOnce<{ one: number }>(c.url, 'SELECT 1 AS one'))[0]?.one).toBe(1);
      await queryOnce(c.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES (\'before\')');

      await c.stop();
      await expect(queryOnce(c.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
      await c.stop(); // already down: nothing to do

      await c.start();
      expect(await queryOnce<{ v: string }>(c.url, 'SELECT v FROM kept')).toEqual([{ v: 'before' }]);

      const before = await queryOnce<{ t: Date }>(c.url, 'SELECT pg_postmaster_start_time() AS t');
      await c.restart();
      const after = await queryOnce<{ t: Date }>(c.url, 'SELECT pg_postmaster_start_time() AS t');
      expect(after[0]?.t.getTime()).toBeGreaterThan(before[0]?.t.getTime() ?? Infinity);

      await c.destroy();
      cluster = null;
      expect(fs.existsSync(c.dir)).toBe(false);
    });
  });

  describe('the TCP proxy', () => {
    let proxy: TcpProxy;
    let proxied: string;
    beforeAll(async () => {
      const target = new URL(adminUrl);
      proxy = await tcpProxy(target.hostname, Number(target.port || 5432));
      proxied = proxy.url(adminUrl);
    });
    afterAll(async () => {
      await proxy.close();
    });

    it('passes queries through', async () => {
      expect(new URL(proxied).port).toBe(String(proxy.port));
      expect((await queryOnce<{ v: string }>(proxied, "SELECT 'through' AS v"))[0]?.v).toBe('through');
    });

    it('cutAll() fails a query in flight at once', async () => {
      const c = client(proxied);
      await c.connect();
      const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      expect(pid).toBeTypeOf('number');
      try {
        const sleeping = c.query('SELECT pg_sleep(5)');
        const outcome = sleeping.then(
          () => 'answered',
          (err: unknown) => (err instanceof Error ? err.message : String(err)),
        );
        // Cut only once the server is really running the query.
        await pollUntil(
          async () => (await queryOnce<{ n: number }>(adminUrl, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ${pid} AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`))[0]?.n === 1,
          5_000,
          'pg_sleep running',
        );
        const cutAt = Date.now();
        proxy.cutAll();
        expect(await outcome).toMatch(/terminated|ECONNRESET/i);
        expect(Date.now() - cutAt).toBeLessThan(1_000);
        expect(proxy.openConnections()).toBe(0);
      } finally {
        await c.end().catch(() => {});
        // The server notices the lost client only when pg_sleep ends: end the backend now.
        await queryOnce(adminUrl, `SELECT pg_terminate_backend(${pid})`);
      }
    });

    it('refuse(true) fails new connections; refuse(false) lets them through again', async () => {
      proxy.refuse(true);
      const startedAt = Date.now();
      await expect(queryOnce(proxied, 'SELECT 1')).rejects.toThrow();
      expect(Date.now() - startedAt).toBeLessThan(2_000);
      proxy.refuse(false);
      expect((await queryOnce<{ one: number }>(proxied, 'SELECT 1 AS one'))[0]?.one).toBe(1);
    });
  });
});
