/**
 * Upgrading a store to the compact audit format (migration 0014): a store as 0013 left it,
 * with an audit trail of six full-snapshot entries per order (hex hashes, a valid chain), is
 * opened by this version. The migration is one transaction and rewrites no rows: it adds the
 * boundary and rebuilds the trail's type indexes. Figures: its time, the row counts and the
 * chain verified before and after. Alone: `node --import tsx bench/upgrade.ts` (BENCH_ORDERS,
 * default 20,000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../electron/core/db/open';
import { BULK_EVENT_TYPES } from '../electron/core/db/schema';
import { verifyTrail } from '../electron/core/services/backupCheck';
import { GENESIS_HASH, storedEntryHash } from '../electron/core/services/events';
import { migrationsBefore } from '../tests/support/migrations';
import { printTable } from './stats';
import type { Figure } from './alone';

const migrationsFolder = path.resolve(import.meta.dirname, '..', 'migrations');
const TAG = '0014_compact_audit';

/** An order as the earlier format snapshotted it: the whole record (about 1 KB). */
function snapshot(n: number, status: string): string {
  const line = (k: number) =>
    `{"amount":${1000 * (k + 1)},"discount":null,"lineDiscount":0,"listPrice":null,"name":"Product ${n % 997} ${k}","orderDiscount":0,"priceReason":null,"productId":"0190${String(n).padStart(8, '0')}-0000-7000-8000-00000000000${k}","quantity":${k + 1},"sku":"SKU-${n % 997}-${k}","subtotal":${1000 * (k + 1)},"tax":${200 * (k + 1)},"taxClassId":null,"taxRateBp":2000,"total":${1200 * (k + 1)},"unitPrice":1000}`;
  return `{"amountPaid":0,"createdAt":"2026-01-01T09:00:00.000Z","customer":null,"id":"order-${n}","lines":[${[0, 1, 2].map(line).join(',')}],"note":null,"number":${n},"status":"${status}","total":7200,"version":1}`;
}

/** The store's trail verified by the app's verifier, and its entries. */
async function verified(db: Database.Database): Promise<{ ok: boolean; entries: number }> {
  const { ok } = await verifyTrail(db);
  return { ok, entries: (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n };
}

export async function benchUpgrade(orders: number): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-upgrade-'));
  const before = migrationsBefore(TAG);
  const file = path.join(dir, 'tessera.db');
  try {
    openStore({ file, migrationsFolder: before }).sqlite.close();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const insert = db.prepare('INSERT INTO events (at, actor, type, entity, entity_id, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    let prev = GENESIS_HASH;
    const t0 = Date.parse('2026-01-01T09:00:00.000Z');
    const fill = db.transaction((from: number, to: number) => {
      for (let n = from; n < to; n++) {
        const at = new Date(t0 + n * 1000).toISOString();
        for (const type of BULK_EVENT_TYPES) {
          const entity = type.split('.')[0] as string;
          const created = type === 'order.created' || type === 'invoice.issued' || type === 'payment.received';
          const after = created ? snapshot(n, 'RECEIVED') : `{"amountPaid":7200,"status":"${type.split('.')[1]?.toUpperCase()}","total":7200,"version":2}`;
          const beforeJson = created ? null : `{"amountPaid":0,"status":"RECEIVED","total":7200,"version":1}`;
          const hash = storedEntryHash(prev, at, 'user-1', type, entity, `${entity}-${n}`, beforeJson, after);
          insert.run(at, 'user-1', type, entity, `${entity}-${n}`, beforeJson, after, prev, hash);
          prev = hash;
        }
      }
    });
    for (let n = 0; n < orders; n += 10_000) fill(n, Math.min(orders, n + 10_000));
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fs.statSync(file).size;
    const trailBefore = await verified(db);
    db.close();

    const started = performance.now();
    const store = openStore({ file, migrationsFolder, quickCheck: false });
    const ms = performance.now() - started;
    const trailAfter = await verified(store.sqlite);
    const compactFrom = (store.sqlite.prepare('SELECT compact_from AS c FROM audit_format').get() as { c: number }).c;
    store.sqlite.close();
    const entriesBefore = trailBefore.entries;
    const sameRows = trailBefore.ok && trailAfter.ok && entriesBefore === trailAfter.entries && compactFrom === entriesBefore + 1;
    return [
      {
        name: `upgrade to the compact audit format (${orders.toLocaleString('en')} orders' trail, ${entriesBefore.toLocaleString('en')} entries, ${(bytes / 2 ** 20).toFixed(0)} MiB)`,
        figure: `${(ms / 1000).toFixed(1)} s, one transaction, no row rewritten; ${sameRows ? 'entries and chain the same after' : 'ENTRIES OR CHAIN DIFFER'}`,
        target: '< 5 min',
        met: ms < 300_000 && sameRows,
        data: { ms: Math.round(ms), entries: entriesBefore, bytes, compactFrom, sameRows },
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(before, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchUpgrade(Number(process.env.BENCH_ORDERS ?? 20_000));
  for (const f of figures) console.log(`  ${f.name}: ${f.figure}`);
  printTable(figures);
}
