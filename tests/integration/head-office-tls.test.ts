/**
 * The head office over TLS, against a private cluster that takes TCP connections only with TLS
 * (hostssl, no plain host line): a till attached with sslmode=verify-full and the cluster's CA
 * ships its books over an encrypted session; without sslmode the server turns it away; with a
 * CA that did not sign the server's certificate the till turns the server away. In both failures
 * nothing is shipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HeadOfficeStatus } from '../../shared/contract/headOffice';
import { dbOf, headOfficeFigures, localFigures, runSync, sell, testHeadOffice, type TestHeadOffice } from '../support/headOffice';
import { pgSkipReason, pollUntil, privateCluster, testCertificateAuthority, testPgUrl, type TlsPrivateCluster } from '../support/postgres';
import { openSalesStore, type SalesStore } from '../support/sales';
import { openTill, signInAt } from '../support/till';

const adminUrl = testPgUrl();
if (!adminUrl) console.warn(pgSkipReason());

/** `url` with sslmode=verify-full and sslrootcert=`caFile`, or with no TLS parameter at all when `caFile` is null. */
function withTls(url: string, caFile: string | null): string {
  const u = new URL(url);
  u.searchParams.delete('sslmode');
  u.searchParams.delete('sslrootcert');
  if (caFile !== null) {
    u.searchParams.set('sslmode', 'verify-full');
    u.searchParams.set('sslrootcert', caFile);
  }
  return u.toString();
}

/** Why a connection over `url` fails: what the server or the TLS layer said. */
async function connectionError(url: string): Promise<{ code: string | undefined; message: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
    return { code, message: err instanceof Error ? err.message : String(err) };
  } finally {
    await client.end().catch(() => {});
  }
  throw new Error(`expected the connection over ${new URL(url).search} to fail, and it did not`);
}

async function tillWithASale(): Promise<SalesStore> {
  const s = await openSalesStore('in-process');
  const cashier = await signInAt(s, 'cashier');
  await openTill(s, cashier);
  await sell(s, cashier, [[1000, 2000, 2], [350, 700, 1]], [{ method: 'card', amount: 2775 }]);
  return s;
}

describe.skipIf(!adminUrl)('head office over TLS', () => {
  let cluster: TlsPrivateCluster;
  let ho: TestHeadOffice;
  let scratch: string;
  let otherCaFile: string;
  beforeAll(async () => {
    cluster = await privateCluster({ tls: true });
    ho = await testHeadOffice(cluster.url);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-tls-'));
    otherCaFile = path.join(scratch, 'other-ca.pem');
    fs.writeFileSync(otherCaFile, (await testCertificateAuthority('Not the head office CA')).cert);
  });
  afterAll(async () => {
    await ho?.drop().catch(() => {});
    await cluster?.destroy();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** What the head office holds from an installation: its position and its documents. */
  async function shipped(installationId: string): Promise<{ seq: number; documents: number }> {
    const [row] = await ho.query<{ seq: string; documents: string }>(
      'SELECT i.shipped_seq AS seq, (SELECT count(*) FROM documents d WHERE d.installation_id = i.id) AS documents FROM installations i WHERE i.id = $1',
      [installationId],
    );
    return { seq: Number(row!.seq), documents: Number(row!.documents) };
  }

  /** Runs a sync loop until it reports a failure; returns that status, the loop stopped. */
  async function firstFailure(s: SalesStore, url: string): Promise<HeadOfficeStatus> {
    const sync = runSync(ho, s, url);
    try {
      return await pollUntil(async () => {
        const st = sync.status();
        return st?.error ? st : null;
      }, 10_000, 'a failed sync status');
    } finally {
      await sync.stop();
    }
  }

  test('with sslmode=verify-full and the CA, the books arrive over a TLS session', async () => {
    const { url } = await ho.add('TLS Street');
    const tlsUrl = withTls(url, cluster.caFile);
    expect(new URL(tlsUrl).hostname).toBe('127.0.0.1');
    const s = await tillWithASale();
    const sync = runSync(ho, s, tlsUrl);
    try {
      expect(await sync.synced()).toMatchObject({ state: 'synced', pending: 0, error: null, installation: { name: 'TLS Street' } });
      // The loop stays connected while idle: its own session, as the server sees it.
      const sessions = await ho.query<{ ssl: boolean }>(
        "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = $1 AND a.application_name = 'tessera sync'",
        [new URL(url).username],
      );
      expect(sessions.length).toBeGreaterThan(0);
      expect(sessions.every((r) => r.ssl)).toBe(true);
      const db = dbOf(s);
      try {
        expect(await headOfficeFigures(ho, 'TLS Street')).toEqual(localFigures(db));
      } finally {
        db.close();
      }
    } finally {
      await sync.stop();
      await s.close();
    }
    const client = new pg.Client({ connectionString: tlsUrl });
    await client.connect();
    try {
      const r = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      expect(r.rows[0]?.ssl).toBe(true);
    } finally {
      await client.end();
    }
  });

  test('without sslmode the server refuses the connection and nothing is shipped', async () => {
    const { id, url } = await ho.add('Plain Street');
    const rules = await ho.query<{ type: string }>('SELECT DISTINCT type FROM pg_hba_file_rules ORDER BY type');
    expect(rules.map((r) => r.type)).toEqual(['hostssl', 'local']);
    const plainUrl = withTls(url, null);
    expect(await connectionError(plainUrl)).toMatchObject({ code: '28000', message: expect.stringMatching(/^no pg_hba\.conf entry for host "127\.0\.0\.1", .*, no encryption$/) });
    const s = await tillWithASale();
    try {
      // No retry will change the server's answer: refused, not offline.
      const st = await firstFailure(s, plainUrl);
      expect(st).toMatchObject({ state: 'refused', error: expect.stringMatching(/accepts only encrypted connections: add \?sslmode=verify-full/) });
      expect(st.pending).toBeGreaterThan(0);
      expect(await shipped(id)).toEqual({ seq: 0, documents: 0 });
    } finally {
      await s.close();
    }
  });

  test('with sslmode=verify-full and another CA, the till does not trust the server and nothing is shipped', async () => {
    const { id, url } = await ho.add('Wrong CA Street');
    const wrongUrl = withTls(url, otherCaFile);
    // Node's TLS check, before any password is sent.
    expect(await connectionError(wrongUrl)).toEqual({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify the first certificate' });
    const s = await tillWithASale();
    try {
      const st = await firstFailure(s, wrongUrl);
      // No retry will make the certificate trusted: someone must give the right CA.
      expect(st.state).toBe('refused');
      expect(st.error).toMatch(/certificate is not trusted .*sslrootcert/);
      expect(st.pending).toBeGreaterThan(0);
      expect(await shipped(id)).toEqual({ seq: 0, documents: 0 });
    } finally {
      await s.close();
    }
  });
});
