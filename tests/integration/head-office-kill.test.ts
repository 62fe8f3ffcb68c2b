/**
 * `tessera serve --head-office` as a real process, SIGKILLed while it sells and ships: after
 * the restart its sync worker resumes from what PostgreSQL committed, and the head office
 * ends with every acknowledged sale once, its figures equal to the till's.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HeadOfficeStatus } from '../../shared/contract/headOffice';
import { DB_FILE } from '../../electron/core/core';
import { tempDir } from '../support/core';
import { headOfficeFigures, localFigures, testHeadOffice, type TestHeadOffice } from '../support/headOffice';
import { pgSkipReason, pollUntil, testPgUrl } from '../support/postgres';
import { rpc, rpcOk, startServerProcess, type ServerProcess } from '../support/server-process';

const adminUrl = testPgUrl();
if (!adminUrl) console.warn(pgSkipReason());

describe.skipIf(!adminUrl)('a till killed mid-sync', () => {
  let ho: TestHeadOffice;
  let server: ServerProcess | null = null;
  beforeAll(async () => {
    ho = await testHeadOffice(adminUrl!);
  });
  afterAll(async () => {
    await server?.kill();
    await ho?.drop();
  });

  test('resumes after a SIGKILL and the head office holds each sale once', async () => {
    const { url } = await ho.add('Kill Street');
    const dir = tempDir('tessera-ho-kill-');
    // The URL through the environment, as the docs advise (it keeps the password out of the process list).
    const env = { TESSERA_HEAD_OFFICE_URL: url };
    server = await startServerProcess({ dataDir: dir, env });
    let base = server.base;
    const admin = (await rpcOk<{ token: string }>(base, 'auth.setup', { username: 'admin', displayName: 'Admin', password: 'correct horse battery' })).token;
    await rpcOk(base, 'cashSessions.open', { registerId: 'register-1', openingFloat: 5000 }, admin);
    const sale = (n: number) =>
      rpc(base, 'orders.checkout', { lines: [{ name: `Item ${n}`, unitPrice: 100 + n, taxRateBp: 2000, quantity: 1 }], tenders: [{ method: 'card', amount: Math.round((100 + n) * 1.2) }], idempotencyKey: `kill-${n}` }, admin);
    for (let n = 0; n < 20; n++) expect((await sale(n)).body.ok).toBe(true);
    const status = () => rpcOk<HeadOfficeStatus>(base, 'headOffice.status', {}, admin);
    const first = await pollUntil(async () => ((await status()).state === 'synced' ? status() : null), 20_000, 'the first sync');
    expect(first.installation?.name).toBe('Kill Street');
    expect(first.target).not.toContain(new URL(url).password);

    // Sales in flight while the process is killed: some are answered, some not.
    const inFlight = Array.from({ length: 30 }, (_, i) => sale(100 + i).catch(() => null));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await server.kill();
    await Promise.all(inFlight);

    server = await startServerProcess({ dataDir: dir, env });
    base = server.base;
    const token = (await rpcOk<{ token: string }>(base, 'auth.login', { username: 'admin', password: 'correct horse battery' })).token;
    for (let n = 200; n < 210; n++) expect((await rpc(base, 'orders.checkout', { lines: [{ name: `After ${n}`, unitPrice: 300, taxRateBp: 2000, quantity: 1 }], tenders: [{ method: 'cash', amount: 360 }], idempotencyKey: `kill-${n}` }, token)).body.ok).toBe(true);
    const head = () => {
      const db = new Database(path.join(dir, DB_FILE), { readonly: true });
      try {
        return (db.prepare('SELECT max(seq) AS seq FROM events').get() as { seq: number }).seq;
      } finally {
        db.close();
      }
    };
    const last = head();
    await pollUntil(async () => {
      const [row] = await ho.query<{ seq: string }>("SELECT shipped_seq AS seq FROM installations WHERE name = 'Kill Street'");
      return Number(row?.seq) >= last;
    }, 20_000, 'the head office to catch up');
    await server.stop();
    server = null;
    const db = new Database(path.join(dir, DB_FILE), { readonly: true });
    try {
      expect(await headOfficeFigures(ho, 'Kill Street')).toEqual(localFigures(db));
      const [docs] = await ho.query<{ n: string }>("SELECT count(*) AS n FROM documents d JOIN installations i ON i.id = d.installation_id WHERE i.name = 'Kill Street' AND d.kind = 'invoice'");
      expect(Number(docs!.n)).toBe((db.prepare('SELECT count(*) AS n FROM invoices').get() as { n: number }).n);
    } finally {
      db.close();
    }
  });
});
