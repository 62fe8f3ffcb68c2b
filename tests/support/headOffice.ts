/**
 * A head office for a test: a fresh PostgreSQL database with the schema, installations made
 * as the administrator would, and the figures the books must agree on, read on both sides.
 * The database and the figures are in headOfficeDb.ts (vitest-free, for the bench too),
 * re-exported here; the helpers below work on a test's sales store.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { HeadOfficeStatus } from '../../shared/contract/headOffice';
import { DB_FILE } from '../../electron/core/core';
import { Outbox } from '../../electron/headoffice/outbox';
import { coreCallbacks } from '../../electron/headoffice/link';
import { SyncLoop, type SyncOptions } from '../../electron/headoffice/sync';
import type { TestHeadOffice } from './headOfficeDb';
import { pollUntil } from './postgres';
import { unique, type SalesStore } from './sales';

export { headOfficeFigures, headOfficeMigrations, localFigures, testHeadOffice, type BookFigures, type TestHeadOffice } from './headOfficeDb';

/** A sale at the counter: `lines` of [unit price, tax rate bp, quantity], paid by `tenders` (which must add up to the total). */
export function sell(s: SalesStore, token: string, lines: [number, number, number][], tenders: { method: 'cash' | 'card'; amount: number }[]) {
  return s.t.ok(
    'orders.checkout',
    { lines: lines.map(([unitPrice, taxRateBp, quantity], i) => ({ name: `Item ${i}`, unitPrice, taxRateBp, quantity })), tenders, idempotencyKey: unique('ho') },
    token,
  );
}

/** The store's database, read-only (close it). */
export function dbOf(s: SalesStore): Database.Database {
  return new Database(path.join(s.t.dir, DB_FILE), { readonly: true });
}

/** The last entry of a store's trail. */
export function trailHead(s: SalesStore): number {
  const db = dbOf(s);
  try {
    return new Outbox(db).head();
  } finally {
    db.close();
  }
}

/** A sync loop on this thread over a store, quick to retry, with its latest status. */
export function runSync(ho: TestHeadOffice, s: SalesStore, url: string, opts: Partial<SyncOptions> = {}) {
  const role = new URL(url).username;
  // As the host wires its link: the attachment recorded at hello, catalogue versions applied in the core.
  const core = coreCallbacks(() => s.t.core.services);
  let last: HeadOfficeStatus | null = null;
  const seen = new Set<string>();
  const loop = new SyncLoop({
    url,
    dbFile: path.join(s.t.dir, DB_FILE),
    idleMs: 20,
    minBackoffMs: 20,
    maxBackoffMs: 200,
    ...opts,
    onCatalogue: async (update) => core.onCatalogue?.(update),
    onHello: (hello) => core.onHello?.(hello),
    onStatus: (st) => {
      last = st;
      seen.add(st.state);
    },
  });
  loop.start();
  return {
    status: () => last,
    /** Every state it has been in. */
    seen,
    /** Resolves once the head office holds every entry the store's trail has now. */
    synced: async (timeoutMs = 30_000) => {
      const head = trailHead(s);
      await pollUntil(async () => {
        const [row] = await ho.query<{ seq: string }>('SELECT shipped_seq AS seq FROM installations WHERE role_name = $1', [role]);
        return Number(row?.seq ?? 0) >= head;
      }, timeoutMs, 'the head office to hold every entry');
      return pollUntil(async () => (last?.state === 'synced' ? last : null), timeoutMs, 'the synced state');
    },
    stop: () => loop.stop(),
  };
}

/** Runs a sync loop until the head office holds every entry; returns its last status. */
export async function syncAll(ho: TestHeadOffice, s: SalesStore, url: string): Promise<HeadOfficeStatus> {
  const sync = runSync(ho, s, url);
  try {
    return await sync.synced();
  } finally {
    await sync.stop();
  }
}
