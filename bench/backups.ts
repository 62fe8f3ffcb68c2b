/**
 * Backups that fit a small disk: 14 days of the store as the app keeps them (a day's sales,
 * then the daily automatic backup with its rotation), the total of the kept backups against
 * the store's own size, beside what the same backups took as plain database copies (the
 * format before compression); and the time of one backup and of one restore, compressed and
 * plain. BENCH_BACKUP_DAYS (14) and BENCH_BACKUP_SALES (sales a day, 200) resize it.
 *
 * Run alone on a small store of its own: `node --import tsx bench/backups.ts` (BENCH_ORDERS).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, DB_FILE, type Core } from '../electron/core/core';
import { openStore, type Store } from '../electron/core/db/open';
import { restoreDatabase } from '../electron/core/restore';
import { KEEP_AUTOMATIC } from '../electron/core/services/backup';
import { call, runAlone, type Figure } from './alone';
import { round, summarize } from './stats';

const DAY = 24 * 60 * 60_000;
const migrationsFolder = path.resolve(import.meta.dirname, '..', 'migrations');
const MiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const secs = (ms: number) => `${round(ms / 1000, 1)} s`;

/** The store's own size: its pages, whatever its WAL holds (what a plain backup copies). */
function storeBytes(core: Core): number {
  const db = core.store.sqlite;
  return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
}

/** A day's sales at the counter: order, invoice, paid in cash, for products of the catalogue. */
async function daySales(core: Core, token: string, count: number, day: number): Promise<void> {
  const products = core.store.sqlite.prepare('SELECT id FROM products WHERE archived = 0 LIMIT 1000').all() as { id: string }[];
  for (let i = 0; i < count; i++) {
    const lines = [0, 1, 2].map((k) => ({ productId: products[(day * count + i * 7 + k * 13) % products.length]!.id, quantity: 1 + k }));
    const order = await call(core, 'orders.create', { lines }, token);
    const invoice = await call(core, 'invoices.generate', { orderId: order.id }, token);
    await call(core, 'payments.pay', { invoiceId: invoice.id, method: 'cash', amount: invoice.total, idempotencyKey: `bench-backup-${day}-${i}` }, token);
  }
}

/** Restores `file` into a folder of its own, as `tessera restore` does (checks included); its time. */
async function timedRestore(file: string): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-restore-'));
  const dbPath = path.join(dir, DB_FILE);
  let store: Store | null = null;
  const t0 = performance.now();
  try {
    await restoreDatabase(file, path.basename(file), {
      dbPath,
      migrationsFolder,
      stamp: 'bench',
      release: () => Promise.resolve({ carried: [], sound: true }),
      open: () => (store = openStore({ file: dbPath, migrationsFolder })).sqlite,
      by: { at: new Date().toISOString(), actorId: null, by: 'bench' },
    });
    return performance.now() - t0;
  } finally {
    (store as Store | null)?.sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The backups part, on the store in `dataDir` (nothing else may have it open). */
export async function benchBackups(dataDir: string, user: { username: string; password: string }): Promise<Figure[]> {
  const days = Number(process.env.BENCH_BACKUP_DAYS ?? KEEP_AUTOMATIC);
  const salesPerDay = Number(process.env.BENCH_BACKUP_SALES ?? 200);
  let now = Date.now();
  const core = createCore({ dataDir, migrationsFolder, version: 'bench', clock: () => now });
  console.log(`\nBackups: ${days} days of ${salesPerDay} sales, a daily automatic backup each (store ${MiB(storeBytes(core))})`);
  const plainSizes = new Map<string, number>();
  const backupMs: number[] = [];
  let plain: { ms: number; bytes: number; file: string } | null = null;
  try {
    for (let day = 1; day <= days; day++) {
      now += DAY; // the next calendar day: its automatic backup is due
      const { token } = await call(core, 'auth.login', user);
      await daySales(core, token, salesPerDay, day);
      const made = await core.services.backup.autoBackup();
      if (!made) throw new Error(`day ${day}: the automatic backup failed (${core.services.backup.list().lastFailure?.reason ?? 'not made'})`);
      plainSizes.set(made.name, storeBytes(core));
      backupMs.push(made.durationMs);
      console.log(`  day ${day}: ${made.name} ${MiB(made.bytes)} of ${MiB(storeBytes(core))} in ${secs(made.durationMs)}`);
    }
    // The format before: a plain, checked database copy of the same store.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-plain-')), 'plain.db');
    const r = await core.services.backup.backupTo(file, 'bench');
    plain = { ms: r.durationMs, bytes: r.bytes, file };
  } finally {
    core.close();
  }
  if (!plain) throw new Error('the plain copy was not made');
  const reopened = createCore({ dataDir, migrationsFolder, version: 'bench', clock: () => now });
  const store = storeBytes(reopened);
  const kept = reopened.services.backup.located().filter((b) => b.kind === 'automatic');
  reopened.close();
  const total = kept.reduce((sum, b) => sum + b.bytes, 0);
  const plainTotal = kept.reduce((sum, b) => sum + (plainSizes.get(b.name) ?? plain.bytes), 0);
  const newest = kept[0]!;
  const restoreMs = await timedRestore(newest.file);
  const plainRestoreMs = await timedRestore(plain.file);
  fs.rmSync(path.dirname(plain.file), { recursive: true, force: true });
  const backup = summarize(backupMs);
  const ratio = total / store;
  // Fewer days than are kept (BENCH_BACKUP_DAYS): the figure for 14 of the same mean size.
  const full = kept.length >= KEEP_AUTOMATIC ? ratio : (ratio / kept.length) * KEEP_AUTOMATIC;
  const projected = kept.length >= KEEP_AUTOMATIC ? '' : `, ${KEEP_AUTOMATIC} would be ${round(full, 2)}×`;
  return [
    {
      name: `${kept.length} kept daily backups / store size`,
      figure: `${round(ratio, 2)}× (${MiB(total)} for a ${MiB(store)} store${projected}); plain copies: ${round(plainTotal / store, 2)}× (${MiB(plainTotal)})`,
      target: `≤ 4× for ${KEEP_AUTOMATIC}`,
      met: full <= 4,
      data: {
        kept: kept.length,
        totalBytes: total,
        storeBytes: store,
        ratio: round(ratio, 3),
        ratioWhenAllKept: round(full, 3),
        plainTotalBytes: plainTotal,
        plainRatio: round(plainTotal / store, 3),
        compression: round(plainSizes.get(newest.name)! / newest.bytes, 2),
      },
    },
    {
      name: 'one daily backup (snapshot, check, compress, read back)',
      figure: `${secs(backup.p50)} median, ${MiB(newest.bytes)}; plain copy: ${secs(plain.ms)}, ${MiB(plain.bytes)}`,
      target: '',
      met: null,
      data: { ms: backup, bytes: newest.bytes, plainMs: round(plain.ms), plainBytes: plain.bytes },
    },
    {
      name: 'restore with its checks (into an empty folder)',
      figure: `${secs(restoreMs)} compressed; plain: ${secs(plainRestoreMs)}`,
      target: '',
      met: null,
      data: { ms: round(restoreMs), plainMs: round(plainRestoreMs) },
    },
  ];
}

// Run alone: a small store of its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  await runAlone('backups', (core, user) => {
    const dir = path.dirname(core.store.file);
    core.close();
    return benchBackups(dir, user);
  });
}
