/**
 * The head office: tills ("installations") shipping their books to one PostgreSQL database.
 *
 * 1. Ingest. BENCH_HO_INSTALLATIONS (10) stores of BENCH_HO_SALES (10,000) sales each, then
 *    every store's sync started at once, each on a worker thread of its own through
 *    HeadOfficeLink with the host's defaults, as `tessera serve --head-office` runs it:
 *    sales and audit entries ingested per second, the time to drain, what tessera_ingest took
 *    inside PostgreSQL, where the CPU went, and PostgreSQL's bytes per sale beside the till's
 *    own. Beside them the till's side alone: the outbox read and serialised on one thread.
 *    The stores: one is built by the app's own orders.checkout (fsync off while it builds;
 *    the first sales are timed with it on), so its trail holds the real entries and chain a
 *    sale writes, then copied once per installation (the head office keys every row by
 *    installation, so equal ids in two shops are two shops' documents). Checkouts into
 *    every store would cost installations × sales checkouts (the rate is printed).
 * 2. End-to-end lag. The same stores open in cores on this thread, each selling
 *    BENCH_HO_LAG_RATE (5) sales a second with orders.checkout: BENCH_HO_LAG_SECONDS (20)
 *    with their links running, between two halves as long with shipping off (the baseline).
 *    The checkout's own p50/p99 both ways, and per sale the head office's
 *    change_log.received_at of its invoice (the ingest transaction's start, PostgreSQL's
 *    now()) less the invoice's issued_at, on the same clock.
 * 3. The catalogue down. A CSV of BENCH_HO_PRODUCTS (100,000) products (unique SKUs and
 *    barcodes, four tax rates, twelve categories) imported at the head office with
 *    importProducts, as `tessera headoffice import products` does; then one fresh till (a
 *    core on a folder of its own, no products) is attached by its link's first hello
 *    (HeadOfficeLink with the host's defaults, wired by coreCallbacks as the host wires it)
 *    and pulls it: the time from the link's start to the till at that version, split at the
 *    catalogue transaction's start in PostgreSQL (pg_stat_activity, sampled) and at the host
 *    receiving the version (onCatalogue wrapped), the till's RSS over it, its products
 *    counted against the head office's; catalogueSince alone on this thread beside it. Then
 *    a second import changing the price of 1,000 of them, the time until the till applied
 *    it, and a sale of one at its new price.
 *
 * The tills, their sync workers and PostgreSQL share this machine's cores (and whatever else
 * runs on it: the load average is printed). PostgreSQL: a superuser URL in BENCH_PG_URL or
 * TESSERA_TEST_PG_URL (the part is skipped without one); the bench's database and its
 * installations' roles are dropped at the end, also on failure or Ctrl+C.
 *
 * Run alone: `node --import tsx bench/headoffice.ts`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createCore, DB_FILE, type Core } from '../electron/core/core';
import { catalogueSince, importProducts, type CatalogueVersion } from '../electron/headoffice/catalogue';
import { coreCallbacks, HeadOfficeLink } from '../electron/headoffice/link';
import { Outbox } from '../electron/headoffice/outbox';
import type { HeadOfficeStatus } from '../shared/contract/headOffice';
import { lineAmounts, sumAmounts } from '../shared/domain/money';
import { headOfficeFigures, localFigures, testHeadOffice, type BookFigures, type TestHeadOffice } from '../tests/support/headOfficeDb';
import { pollUntil, quoteIdent, testPgUrl } from '../tests/support/postgres';
import { call, type Figure } from './alone';
import { usedBytes } from './lean';
import { categories, seedProducts, type SeededProduct } from './seed';
import { printTable, round, summarize, type Timing } from './stats';

const INSTALLATIONS = Number(process.env.BENCH_HO_INSTALLATIONS ?? 10);
const SALES = Number(process.env.BENCH_HO_SALES ?? 10_000);
const LAG_SECONDS = Number(process.env.BENCH_HO_LAG_SECONDS ?? 20);
const LAG_RATE = Number(process.env.BENCH_HO_LAG_RATE ?? 5);
const PRODUCTS = Number(process.env.BENCH_HO_PRODUCTS ?? 100_000);
/** Products whose price the second import changes. */
const REPRICED = Math.min(1_000, PRODUCTS);
/** Sales timed with fsync on before the rest of the template store is built with it off. */
const TIMED_SALES = Math.min(500, SALES);
/** A sync that ships nothing for this long has stalled: the bench stops with the links' states. */
const STALL_MS = 60_000;

const migrationsFolder = path.resolve(import.meta.dirname, '..', 'migrations');
const user = { username: 'admin', password: 'bench-password-1' };
const secs = (ms: number) => `${round(ms / 1000, 1)} s`;
const KB = (bytes: number) => `${round(bytes / 1024, 2)} KB`;
const MiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const perS = (n: number, ms: number) => round(n / (ms / 1000), 0);
const count = (n: number) => n.toLocaleString('en');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Set on Ctrl+C: the sales and waits stop while the database is dropped. */
let stopping = false;

/** The PostgreSQL superuser URL the part runs against, or null. */
export function benchPgUrl(): string | null {
  return process.env.BENCH_PG_URL?.trim() || testPgUrl();
}

/** Sale i: three lines of the seeded catalogue, paid in cash with change. */
function saleOf(products: SeededProduct[], i: number, key: string) {
  const picked = [0, 1, 2].map((k) => ({ product: products[(i * 7 + k * 13) % products.length] as SeededProduct, quantity: 1 + k }));
  const total = sumAmounts(picked.map(({ product, quantity }) => lineAmounts({ unitPrice: product.unitPrice, quantity, taxRateBp: product.taxRateBp }))).total;
  return {
    lines: picked.map(({ product, quantity }) => ({ productId: product.id, quantity })),
    tenders: [{ method: 'cash' as const, amount: total, tendered: total + 500 }],
    idempotencyKey: key,
  };
}

interface Template {
  dir: string;
  token: string;
  products: SeededProduct[];
  head: number;
  /** The store's bytes for its sales (trail included), per sale. */
  bytesPerSale: number;
  fsyncRate: number;
  buildRate: number;
  buildMs: number;
}

/** One store of `sales` sales made by orders.checkout, closed and checkpointed. */
async function buildTemplate(dir: string, sales: number): Promise<Template> {
  const t0 = performance.now();
  const core = createCore({ dataDir: dir, migrationsFolder, version: 'bench' });
  try {
    const { token } = await call(core, 'auth.setup', { ...user, displayName: 'Bench Admin' });
    const products = await seedProducts(core.store.sqlite, 2_000, new Date().toISOString());
    const db = core.store.sqlite;
    const before = usedBytes(db);
    const sell = (i: number) => call(core, 'orders.checkout', saleOf(products, i, `ho-seed-${i}`), token);
    let t = performance.now();
    for (let i = 0; i < TIMED_SALES; i++) await sell(i);
    const fsyncRate = perS(TIMED_SALES, performance.now() - t);
    // The rest without fsync: the same writes through the same code, the disk's wait left out.
    const synchronous = db.pragma('synchronous', { simple: true }) as number;
    db.pragma('synchronous = OFF');
    t = performance.now();
    for (let i = TIMED_SALES; i < sales; i++) await sell(i);
    const buildRate = sales > TIMED_SALES ? perS(sales - TIMED_SALES, performance.now() - t) : fsyncRate;
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytesPerSale = (usedBytes(db) - before) / sales;
    const head = new Outbox(db).head();
    return { dir, token, products, head, bytesPerSale, fsyncRate, buildRate, buildMs: performance.now() - t0 };
  } finally {
    core.close();
  }
}

/** The till's side alone: every batch of a store read and serialised as the sync loop does, on this thread. */
function outboxAlone(dbFile: string): { ms: number; entries: number; docs: number; batches: number; bytes: number } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const outbox = new Outbox(db);
    const t0 = performance.now();
    let after = 0;
    let docs = 0;
    let batches = 0;
    let bytes = 0;
    for (let batch = outbox.read(after, 500); batch !== null; batch = outbox.read(after, 500)) {
      bytes += JSON.stringify(batch.docs).length;
      docs += batch.docs.length;
      batches += 1;
      after = batch.upto;
    }
    return { ms: performance.now() - t0, entries: after, docs, batches, bytes };
  } finally {
    db.close();
  }
}

/** The machine's CPU time so far, all cores (/proc/stat, ms), or null off Linux. */
function machineCpu(): number | null {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return (fields.reduce((a, b) => a + b, 0) - idle) * 10; // USER_HZ ticks of 10 ms
  } catch {
    return null;
  }
}

/** The CPU time (ms) processes `pids` have used in their lives (/proc/<pid>/stat), or null. */
function processesCpu(pids: number[]): number | null {
  try {
    return pids.reduce((sum, pid) => {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) * 10;
    }, 0);
  } catch {
    return null;
  }
}

/** The PostgreSQL backends of the installations' sessions (the sync workers' connections). */
async function syncBackends(ho: TestHeadOffice): Promise<number[]> {
  const rows = await ho.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename IN (SELECT role_name FROM installations)');
  return rows.map((r) => r.pid);
}

interface Shop {
  name: string;
  dir: string;
  url: string;
  role: string;
}

interface Links {
  links: HeadOfficeLink[];
  /** Every state a link was seen in. */
  states: Set<string>;
  /** Resolves when every link's close() has (set by stopLinks). */
  closed: Promise<number> | null;
}

/** Links to the head office, one sync worker each, started at once. */
function startLinks(shops: Shop[]): Links {
  const links = shops.map((s) => new HeadOfficeLink({ url: s.url, dbFile: path.join(s.dir, DB_FILE) }));
  for (const link of links) link.start();
  return { links, states: new Set(), closed: null };
}

/**
 * Asks every link to close and resolves once their loops have stopped (no installation has a
 * session left): the time that took. `run.closed` resolves when close() itself has.
 */
async function stopLinks(ho: TestHeadOffice, run: Links): Promise<number> {
  const t0 = performance.now();
  run.closed ??= Promise.all(run.links.map((l) => l.close())).then(() => performance.now() - t0);
  await pollUntil(async () => (await syncBackends(ho)).length === 0, 30_000, 'the sync sessions to end');
  return performance.now() - t0;
}

/**
 * Resolves with the time (performance.now) the head office first held every shop's trail up to
 * its head; throws when a link is refused or diverges, or nothing ships for STALL_MS.
 */
async function drained(ho: TestHeadOffice, shops: Shop[], run: Links, progress = false): Promise<number> {
  const heads = new Map(
    shops.map((s) => {
      const db = new Database(path.join(s.dir, DB_FILE), { readonly: true });
      try {
        return [s.role, new Outbox(db).head()] as const;
      } finally {
        db.close();
      }
    }),
  );
  const total = [...heads.values()].reduce((a, b) => a + b, 0);
  let last = -1;
  let movedAt = performance.now();
  let printedAt = performance.now();
  while (!stopping) {
    const rows = await ho.query<{ role_name: string; shipped_seq: string }>('SELECT role_name, shipped_seq FROM installations');
    const now = performance.now();
    const shipped = rows.reduce((sum, r) => sum + Math.min(Number(r.shipped_seq), heads.get(r.role_name) ?? 0), 0);
    if (shipped >= total) return now;
    const statuses: HeadOfficeStatus[] = run.links.map((l) => l.status());
    for (const st of statuses) run.states.add(st.state);
    const failed = statuses.find((st) => st.state === 'refused' || st.state === 'diverged');
    if (failed) throw new Error(`a sync ${failed.state}: ${failed.error}`);
    if (shipped !== last) {
      last = shipped;
      movedAt = now;
    } else if (now - movedAt > STALL_MS) {
      throw new Error(`nothing shipped for ${STALL_MS / 1000} s (${count(shipped)} of ${count(total)} entries); the links: ${statuses.map((st) => `${st.state}${st.error ? ` (${st.error})` : ''}`).join(', ')}`);
    }
    if (progress && now - printedAt > 10_000) {
      printedAt = now;
      console.log(`  … ${count(shipped)} of ${count(total)} entries at the head office`);
    }
    await sleep(50);
  }
  throw new Error('stopped');
}

/** Every core sells `rate` sales a second for `seconds`, spread evenly; each checkout's own time. */
async function sellAtRate(cores: Core[], token: string, products: SeededProduct[], seconds: number, rate: number, prefix: string): Promise<{ latencies: number[]; late: number }> {
  const latencies: number[] = [];
  const interval = 1000 / rate;
  const perCore = Math.max(1, Math.round(seconds * rate));
  const start = performance.now() + 50;
  let late = 0;
  await Promise.all(
    cores.map(async (core, c) => {
      const offset = (interval * c) / cores.length;
      for (let k = 0; k < perCore && !stopping; k++) {
        const due = start + offset + k * interval;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        else late = Math.max(late, -wait);
        if (stopping) break;
        const t = performance.now();
        await call(core, 'orders.checkout', saleOf(products, k * cores.length + c, `${prefix}-${c}-${k}`), token);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, late };
}

const checkoutFigure = (t: Timing & { max: number }, late: number) =>
  `p50 ${round(t.p50, 1)} ms, p99 ${round(t.p99, 1)} ms, max ${round(t.max, 0)} ms (${count(t.n)} sales; at most ${round(late, 0)} ms behind schedule)`;

/** N copies' figures: what the head office must hold for N shops of the same books. */
function times(f: BookFigures, n: number): BookFigures {
  const scale = <T extends Record<string, Record<string, number>>>(o: T) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([kk, vv]) => [kk, vv * n]))])) as T;
  return { invoices: f.invoices * n, gross: f.gross * n, tax: f.tax * n, taxPerRate: scale(f.taxPerRate), tenders: scale(f.tenders), creditNotes: f.creditNotes * n, zReports: f.zReports * n };
}

interface Sizes {
  changeLog: number;
  documents: number;
  indexes: number;
  database: number;
}

async function sizes(ho: TestHeadOffice): Promise<Sizes> {
  const [r] = await ho.query<{ c: string; d: string; i: string; db: string }>(
    `SELECT pg_total_relation_size('change_log') AS c, pg_total_relation_size('documents') AS d,
       pg_indexes_size('change_log') + pg_indexes_size('documents') AS i, pg_database_size(current_database()) AS db`,
  );
  return { changeLog: Number(r!.c), documents: Number(r!.d), indexes: Number(r!.i), database: Number(r!.db) };
}

// ---- 3. the catalogue down ----

const CATALOGUE_RATES = ['0', '5.5', '10', '20'];
const catalogueWords = ['Coffee', 'Tea', 'Bread', 'Cheese', 'Apple', 'Honey', 'Soap', 'Candle', 'Notebook', 'Pen', 'Cable', 'Lamp', 'Mug', 'Plate', 'Towel', 'Scarf'];
const catalogueAdjectives = ['Organic', 'Large', 'Small', 'Blue', 'Classic', 'Deluxe', 'Mini', 'Family', 'Travel', 'Dark'];
/** Under a second in ms, else in seconds. */
const dur = (ms: number): string => (ms < 1000 ? `${round(ms, 0)} ms` : secs(ms));
/** "12.34" from minor units. */
const major = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/** Product i of the catalogue: its SKU, EAN-13 barcode and price (minor units; `repriced` adds 1.00). */
function catalogueProduct(i: number, repriced = false) {
  const digits = `2${String(i).padStart(11, '0')}`;
  const sum = [...digits].reduce((acc, d, k) => acc + Number(d) * (k % 2 === 0 ? 1 : 3), 0);
  const price = 50 + ((i * 7919) % 20_000) + (repriced ? 100 : 0);
  return { sku: `HO-${String(i).padStart(6, '0')}`, barcode: `${digits}${(10 - (sum % 10)) % 10}`, price, rate: CATALOGUE_RATES[i % CATALOGUE_RATES.length]! };
}

/** The CSV `tessera headoffice import products` reads, for products `indexes` (every column, a few names quoted). */
function catalogueCsv(indexes: Iterable<number>, repriced = false): string {
  const lines = ['sku,name,price,tax_rate,barcode,category,cost'];
  for (const i of indexes) {
    const p = catalogueProduct(i, repriced);
    const word = catalogueWords[i % catalogueWords.length]!;
    const adjective = catalogueAdjectives[Math.floor(i / catalogueWords.length) % catalogueAdjectives.length]!;
    const name = i % 10 === 0 ? `"${adjective} ${word}, pack of ${2 + (i % 5)} ""${i}"""` : `${adjective} ${word} ${i}`;
    lines.push(`${p.sku},${name},${major(p.price)},${p.rate},${p.barcode},${categories[i % categories.length]},${major(Math.floor(p.price * 0.6))}`);
  }
  return lines.join('\n') + '\n';
}

/** What the host's thread saw of one catalogue version (Date.now() times). */
interface Applied {
  version: number;
  items: number;
  /** onCatalogue called: the version fetched by the worker and handed over. */
  arrivedAt: number;
  appliedAt: number;
  applyMs: number;
}

/** This process's peak RSS (VmHWM, bytes) since it started or since resetPeakRss, or null off Linux. */
function peakRss(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m?.[1] ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Brings VmHWM down to the RSS of now (Linux 4.0 on), so that it gives the peak from here on; false when it cannot. */
function resetPeakRss(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Watches one installation's link: the process's RSS (the kernel's peak from the start of the
 * watch where it can say, else sampled every 20 ms and before and after each apply) and the
 * start of each catalogueSince transaction of the installation's session in PostgreSQL (its
 * xact_start, sampled from pg_stat_activity).
 */
function watchCatalogue(ho: TestHeadOffice, role: string) {
  let stopped: Promise<{ start: number; peak: number; end: number; kernel: boolean }> | null = null;
  const rss = () => process.memoryUsage.rss();
  const kernel = resetPeakRss();
  const start = rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, rss())), 20);
  const fetchStarts = new Set<number>();
  let polling = true;
  const polled = (async () => {
    while (polling && !stopping) {
      const rows = await ho
        .query<{ at: number }>("SELECT extract(epoch FROM xact_start) * 1000 AS at FROM pg_stat_activity WHERE usename = $1 AND query LIKE '%tessera_catalogue_since%'", [role])
        .catch(() => null);
      // The head office gone (dropped after a failure): nothing more to see.
      if (rows === null) break;
      for (const r of rows) fetchStarts.add(Math.round(Number(r.at)));
      await sleep(20);
    }
  })();
  return {
    start,
    sample: () => (peak = Math.max(peak, rss())),
    /** The first catalogue transaction seen starting after `after`, or null. */
    fetchStart: (after: number) => [...fetchStarts].sort((a, b) => a - b).find((at) => at >= after - 5) ?? null,
    /** Stops watching (once): the RSS before, at its peak and now. */
    stop: () =>
      (stopped ??= (async () => {
        clearInterval(timer);
        polling = false;
        await polled;
        peak = Math.max(peak, rss());
        // The sampling misses the inside of a synchronous apply; the kernel's peak does not.
        const highWater = kernel ? peakRss() : null;
        return { start, peak: Math.max(peak, highWater ?? 0), end: rss(), kernel: highWater !== null };
      })()),
  };
}
type Watch = ReturnType<typeof watchCatalogue>;

/** Resolves with the host's record of catalogue version `version` once applied; throws when the link says it could not be. */
async function tillAt(link: HeadOfficeLink, applied: Applied[], version: number, timeoutMs: number): Promise<Applied> {
  const t0 = Date.now();
  while (!stopping) {
    const done = applied.find((a) => a.version >= version);
    if (done) return done;
    const st = link.status();
    if (st.state === 'refused' || st.state === 'diverged' || (st.error !== null && /catalogue/.test(st.error))) throw new Error(`the till's link: ${st.state}: ${st.error}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`the till was not at catalogue version ${version} after ${dur(timeoutMs)} (its link: ${st.state}${st.error ? `, ${st.error}` : ''})`);
    await sleep(10);
  }
  throw new Error('stopped');
}

/** tessera_catalogue_put's calls and time so far in the head office (pg_stat_user_functions), once the import's session's statistics are in. */
async function catalogueBackendTime(ho: TestHeadOffice, callsBefore: number): Promise<{ calls: number; ms: number } | null> {
  const read = async () => {
    const [fn] = await ho.query<{ calls: string; total: number }>("SELECT calls, total_time AS total FROM pg_stat_user_functions WHERE funcname = 'tessera_catalogue_put'");
    return fn ? { calls: Number(fn.calls), ms: fn.total } : null;
  };
  const t0 = Date.now();
  for (let fn = await read(); Date.now() - t0 < 3_000; fn = await read()) {
    if (fn && fn.calls > callsBefore) return fn;
    await sleep(100);
  }
  return null;
}

/**
 * The catalogue down from the head office: PRODUCTS products imported, pulled and applied by a
 * fresh till; REPRICED new prices after; a sale at one. `cores` and `runs` are the caller's, for
 * its cleanup.
 */
async function benchCatalogue(ho: TestHeadOffice, work: string, cores: Core[], runs: Links[], add: (f: Figure) => void): Promise<void> {
  const watches: Watch[] = [];
  try {
    await catalogueSteps(ho, work, cores, runs, add, watches);
  } finally {
    // On failure too: their timer and polling would keep the process up.
    await Promise.all(watches.map((w) => w.stop()));
  }
}

async function catalogueSteps(ho: TestHeadOffice, work: string, cores: Core[], runs: Links[], add: (f: Figure) => void, watches: Watch[]): Promise<void> {
  const wall0 = performance.now();
  console.log(`  the catalogue: ${count(PRODUCTS)} products imported at the head office, then pulled by a fresh till`);
  const fnBefore = (await catalogueBackendTime(ho, -1)) ?? { calls: 0, ms: 0 };
  // ---- the import ----
  let t0 = performance.now();
  const csv = catalogueCsv(Array.from({ length: PRODUCTS }, (_, i) => i));
  const csvMs = performance.now() - t0;
  t0 = performance.now();
  const first = await importProducts(ho.url, csv);
  const importMs = performance.now() - t0;
  if (first.added !== PRODUCTS) throw new Error(`the import added ${first.added} products, not ${PRODUCTS}`);
  const fn = await catalogueBackendTime(ho, fnBefore.calls);
  const putMs = fn ? fn.ms - fnBefore.ms : null;
  add({
    name: `catalogue: ${count(PRODUCTS)} products imported at the head office (importProducts)`,
    figure: `${dur(importMs)}, ${count(perS(PRODUCTS, importMs))} products/s (a ${(csv.length / 2 ** 20).toFixed(1)} MiB CSV; tessera_catalogue_put ${putMs === null ? '?' : dur(putMs)} of it inside PostgreSQL, the rest parsing, checking and sending; ${first.taxClassesAdded} tax classes added), version ${first.version}`,
    target: '',
    met: null,
    data: { products: PRODUCTS, importMs: round(importMs), csvBytes: csv.length, csvMs: round(csvMs), putMs: putMs === null ? null : round(putMs), version: first.version, taxClassesAdded: first.taxClassesAdded },
  });

  // ---- a fresh till pulls it ----
  const dir = path.join(work, 'catalogue-till');
  const till = createCore({ dataDir: dir, migrationsFolder, version: 'bench' });
  cores.push(till);
  const { token } = await call(till, 'auth.setup', { ...user, displayName: 'Bench Admin' });
  const localCount = () => (till.store.sqlite.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
  const productsBefore = localCount();
  const installation = await ho.add('Bench catalogue shop');
  const role = new URL(installation.url).username;
  const link = new HeadOfficeLink({ url: installation.url, dbFile: path.join(dir, DB_FILE) });
  const run: Links = { links: [link], states: new Set(), closed: null };
  runs.push(run);
  // As the host wires its link (HeadOfficeControl), each callback timed on its way.
  const wired = coreCallbacks(() => till.services);
  const applied: Applied[] = [];
  let helloAt: number | null = null;
  const watch = watchCatalogue(ho, role);
  watches.push(watch);
  link.onHello = (hello) => {
    helloAt ??= Date.now();
    wired.onHello!(hello);
  };
  link.onCatalogue = (update: CatalogueVersion) => {
    const arrivedAt = Date.now();
    watch.sample();
    const t = performance.now();
    wired.onCatalogue!(update);
    const applyMs = performance.now() - t;
    watch.sample();
    applied.push({ version: update.version, items: update.items.length, arrivedAt, appliedAt: Date.now(), applyMs });
  };
  const startedAt = Date.now();
  link.start();
  const pulled = await tillAt(link, applied, first.version, Math.max(120_000, PRODUCTS * 5));
  const memory = await watch.stop();
  const totalMs = pulled.appliedAt - startedAt;
  const fetchAt = watch.fetchStart(helloAt ?? startedAt);
  const helloMs = (helloAt ?? startedAt) - startedAt;
  const waitMs = fetchAt === null ? null : fetchAt - (helloAt ?? startedAt);
  const fetchMs = fetchAt === null ? null : pulled.arrivedAt - fetchAt;
  add({
    name: '  a fresh till pulls it (HeadOfficeLink, the host\'s defaults)',
    figure:
      `at version ${pulled.version} ${dur(totalMs)} after the link started: the worker up and its hello ${dur(helloMs)}, ` +
      (fetchAt === null
        ? `then the fetch ${dur(pulled.arrivedAt - (helloAt ?? startedAt))} (its start not seen), `
        : `then ${dur(waitMs!)} to the catalogue's transaction, the fetch ${dur(fetchMs!)} (catalogueSince in the worker, ${count(pulled.items)} items, and the message to the host), `) +
      `the apply ${dur(pulled.applyMs)} (applyCatalogue, the till's thread busy all along)`,
    target: '',
    met: null,
    data: { totalMs, helloMs, waitMs, fetchMs, applyMs: round(pulled.applyMs), items: pulled.items, version: pulled.version },
  });
  add({
    name: `  the till's memory over it (process RSS, ${memory.kernel ? "the kernel's peak (VmHWM) from the link's start" : 'sampled every 20 ms and around the apply'})`,
    figure: `peak ${MiB(memory.peak)}, ${MiB(memory.peak - memory.start)} above the ${MiB(memory.start)} before the link started (${MiB(memory.end)} after)`,
    target: '',
    met: null,
    data: { startBytes: memory.start, peakBytes: memory.peak, endBytes: memory.end, kernelPeak: memory.kernel },
  });
  const [central] = await ho.query<{ n: string }>("SELECT count(*) AS n FROM catalogue_items WHERE kind = 'product'");
  const local = localCount();
  const equal = local === Number(central!.n);
  add({
    name: "  the till's products against the head office's",
    figure: `${equal ? 'equal' : 'DIFFERENT'}: ${count(local)} here (${count(productsBefore)} before), ${count(Number(central!.n))} at the head office`,
    target: '',
    met: null,
    data: { local, central: Number(central!.n), before: productsBefore },
  });
  if (!equal) throw new Error(`the till holds ${local} products, the head office ${central!.n}`);

  // ---- 1,000 new prices ----
  const step = Math.floor(PRODUCTS / REPRICED);
  const repriced = Array.from({ length: REPRICED }, (_, k) => k * step);
  t0 = performance.now();
  const second = await importProducts(ho.url, catalogueCsv(repriced, true));
  const reimportMs = performance.now() - t0;
  const importedAt = Date.now();
  if (second.changed !== REPRICED || second.added !== 0) throw new Error(`the second import changed ${second.changed} and added ${second.added} products`);
  const watch2 = watchCatalogue(ho, role);
  watches.push(watch2);
  const update = await tillAt(link, applied, second.version, 60_000);
  await watch2.stop();
  const fetch2At = watch2.fetchStart(importedAt);
  add({
    name: `catalogue: ${count(REPRICED)} new prices`,
    figure:
      `imported in ${dur(reimportMs)} (version ${second.version}); in the till ${dur(update.appliedAt - importedAt)} after` +
      (fetch2At === null ? '' : ` (${dur(fetch2At - importedAt)} until the loop's next look: it looks every 2 s; the fetch ${dur(update.arrivedAt - fetch2At)})`) +
      `, applied in ${dur(update.applyMs)} (${count(update.items)} items)`,
    target: '',
    met: null,
    data: { importMs: round(reimportMs), inTillMs: update.appliedAt - importedAt, waitMs: fetch2At === null ? null : fetch2At - importedAt, fetchMs: fetch2At === null ? null : update.arrivedAt - fetch2At, applyMs: round(update.applyMs), items: update.items, version: second.version },
  });

  // ---- a sale at the new price ----
  const sample = catalogueProduct(repriced[Math.floor(REPRICED / 2)]!, true);
  const product = till.services.products.findByCode(sample.barcode);
  const expected = lineAmounts({ unitPrice: sample.price, quantity: 2, taxRateBp: product.taxRateBp }).total;
  const sale = await call(
    till,
    'orders.checkout',
    { lines: [{ productId: product.id, quantity: 2 }], tenders: [{ method: 'cash', amount: expected, tendered: expected + 500 }], idempotencyKey: 'ho-catalogue-sale' },
    token,
  );
  const line = sale.order.lines[0]!;
  const sold = line.unitPrice === sample.price && line.listPrice === null && sale.invoice.total === expected;
  add({
    name: '  a sale of a repriced product at the till',
    figure: `${sold ? 'at the new price' : 'NOT at the new price'}: ${sample.sku} ${major(line.unitPrice)} (was ${major(sample.price - 100)}) × 2, invoice ${sale.invoice.number} of ${major(sale.invoice.total)}`,
    target: '',
    met: null,
    data: { sku: sample.sku, unitPrice: line.unitPrice, expectedUnitPrice: sample.price, total: sale.invoice.total, expectedTotal: expected, number: sale.invoice.number },
  });
  if (!sold) throw new Error(`${sample.sku} sold at ${line.unitPrice} (total ${sale.invoice.total}), not ${sample.price} (total ${expected})`);
  await stopLinks(ho, run);

  // ---- catalogueSince alone, on this thread: where the fetch goes ----
  const client = new pg.Client({ connectionString: installation.url });
  client.on('error', () => {});
  await client.connect();
  try {
    t0 = performance.now();
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const rows = await client.query('SELECT kind, id, data FROM tessera_catalogue_since(0, tessera_catalogue_head())');
    await client.query('COMMIT');
    const queryMs = performance.now() - t0;
    t0 = performance.now();
    const all = await catalogueSince(client, 0);
    const sinceMs = performance.now() - t0;
    t0 = performance.now();
    structuredClone(all);
    const cloneMs = performance.now() - t0;
    add({
      name: `  catalogueSince(0) alone on this thread (${count(rows.rowCount ?? 0)} items)`,
      figure: `${dur(sinceMs)}: the query's rows in ${dur(queryMs)}, zod's checks the rest; a structured clone of the result (the worker's message to the host) ${dur(cloneMs)}`,
      target: '',
      met: null,
      data: { items: rows.rowCount, sinceMs: round(sinceMs), queryMs: round(queryMs), cloneMs: round(cloneMs) },
    });
  } finally {
    await client.end().catch(() => {});
  }
  console.log(`  (the catalogue part: ${dur(performance.now() - wall0)})`);
}

/** The head office part: its figures (none, after one line saying why, without PostgreSQL). */
export async function benchHeadOffice(): Promise<Figure[]> {
  const adminUrl = benchPgUrl();
  if (!adminUrl) {
    console.log('  head office: skipped (no PostgreSQL: set BENCH_PG_URL or TESSERA_TEST_PG_URL to a superuser URL)');
    return [];
  }
  const figures: Figure[] = [];
  const add = (f: Figure) => {
    figures.push(f);
    console.log(`  ${f.name}: ${f.figure}`);
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-ho-'));
  let ho: TestHeadOffice | null = null;
  const runs: Links[] = [];
  const cores: Core[] = [];
  let cleaned: Promise<void> | null = null;
  /** Closes the links (waiting for them unless `quick`: the drop ends their sessions anyway), the cores, drops the database and roles. */
  const cleanup = (quick = false) =>
    (cleaned ??= (async () => {
      const closing = Promise.all(runs.map((r) => (r.closed ??= Promise.all(r.links.map((l) => l.close())).then(() => 0)))).catch(() => {});
      if (!quick) await closing;
      for (const core of cores) core.close();
      await ho?.drop();
      fs.rmSync(work, { recursive: true, force: true });
    })());
  // Ctrl+C mid-run: the database and roles go too.
  const onSignal = (signal: NodeJS.Signals) => {
    console.log(`\n  head office: ${signal}, dropping the bench's database and roles`);
    stopping = true;
    void cleanup(true).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const load = () => os.loadavg().map((l) => round(l, 1)).join(' ');
    console.log(`\nHead office: ${INSTALLATIONS} installations × ${count(SALES)} sales into PostgreSQL at ${new URL(adminUrl).host} (load average ${load()})`);
    // ---- the stores ----
    const template = await buildTemplate(path.join(work, 'template'), SALES);
    let t0 = performance.now();
    const shops: Shop[] = [];
    for (let i = 0; i < INSTALLATIONS; i++) {
      const dir = path.join(work, `shop-${i + 1}`);
      fs.mkdirSync(dir, { mode: 0o700 });
      fs.copyFileSync(path.join(template.dir, DB_FILE), path.join(dir, DB_FILE));
      shops.push({ name: `Bench shop ${i + 1}`, dir, url: '', role: '' });
    }
    const copyMs = performance.now() - t0;
    // The copies' writes flushed now, so that neither the ingest nor the checkouts pay for them.
    execFileSync('sync');
    const allSales = INSTALLATIONS * SALES;
    add({
      name: 'stores: one built by orders.checkout, copied per installation',
      figure: `${secs(template.buildMs)} for ${count(SALES)} sales (${template.buildRate}/s unsynced; ${template.fsyncRate}/s fsync'd: ${count(allSales)} would take ${secs((allSales / template.fsyncRate) * 1000)}), ${INSTALLATIONS} copies in ${secs(copyMs)}`,
      target: '',
      met: null,
      data: { sales: SALES, entries: template.head, buildMs: round(template.buildMs), buildRate: template.buildRate, fsyncRate: template.fsyncRate, copyMs: round(copyMs) },
    });

    // ---- the till's side alone ----
    const alone = outboxAlone(path.join(template.dir, DB_FILE));
    add({
      name: "  the till's side alone (Outbox.read + JSON of every batch, one thread)",
      figure: `${count(perS(alone.entries, alone.ms))} entries/s = ${count(perS(SALES, alone.ms))} sales/s (${alone.batches} batches, ${round(alone.docs / SALES, 2)} documents and ${KB(alone.bytes / SALES)} of JSON per sale)`,
      target: '',
      met: null,
      data: { ms: round(alone.ms), entries: alone.entries, docs: alone.docs, batches: alone.batches, jsonBytes: alone.bytes },
    });

    // ---- the head office ----
    ho = await testHeadOffice(adminUrl);
    const dbName = decodeURIComponent(new URL(ho.url).pathname.slice(1));
    // tessera_ingest's own time (pg_stat_user_functions), in the sync's sessions.
    await ho.query(`ALTER DATABASE ${quoteIdent(dbName)} SET track_functions = 'pl'`);
    for (const s of shops) {
      const added = await ho.add(s.name);
      s.url = added.url;
      s.role = new URL(added.url).username;
    }
    const before = await sizes(ho);

    // ---- 1. ingest: every sync at once ----
    t0 = performance.now();
    const startedAt = new Date();
    const [machine0, process0] = [machineCpu(), process.cpuUsage()];
    const ingest = startLinks(shops);
    runs.push(ingest);
    const end = await drained(ho, shops, ingest, true);
    const drainMs = end - t0;
    const [machine1, process1, backendsCpu] = [machineCpu(), process.cpuUsage(process0), processesCpu(await syncBackends(ho))];
    const [pgTimes] = await ho.query<{ first: Date; batches: string }>(
      'SELECT min(received_at) AS first, count(DISTINCT (installation_id, received_at)) AS batches FROM change_log',
    );
    const perShop = (await ho.query<{ ms: number }>('SELECT extract(epoch FROM last_received_at - $1::timestamptz) * 1000 AS ms FROM installations', [startedAt])).map((r) => Number(r.ms));
    const stopMs = await stopLinks(ho, ingest);
    const firstMs = pgTimes!.first.getTime() - startedAt.getTime();
    const flowMs = drainMs - firstMs;
    const entries = INSTALLATIONS * template.head;
    add({
      name: `ingest: ${INSTALLATIONS} syncs at once (HeadOfficeLink, a worker each), ${count(allSales)} sales`,
      figure: `${count(perS(allSales, flowMs))} sales/s, ${count(perS(entries, flowMs))} entries/s from the first batch in to the last (${secs(flowMs)}); drained ${secs(drainMs)} after the start, ${count(perS(allSales, drainMs))} sales/s (the first batch came in at ${secs(firstMs)}: the workers start from source, through tsx)`,
      target: '',
      met: null,
      data: { sales: allSales, entries, drainMs: round(drainMs), firstBatchMs: round(firstMs), flowMs: round(flowMs), salesPerS: perS(allSales, flowMs), entriesPerS: perS(entries, flowMs), salesPerSFromStart: perS(allSales, drainMs) },
    });
    add({
      name: '  each installation drained (its last batch in)',
      figure: `${secs(Math.min(...perShop))} to ${secs(Math.max(...perShop))} after the start; ${count(Number(pgTimes!.batches))} batches; states seen: ${[...ingest.states].join(', ')}`,
      target: '',
      met: null,
      data: { ms: perShop.map((v) => round(v)), batches: Number(pgTimes!.batches), states: [...ingest.states] },
    });
    {
      const inCores = (ms: number | null) => (ms === null ? null : round(ms / drainMs, 2));
      const cpu = { machine: machine0 === null || machine1 === null ? null : inCores(machine1 - machine0), tills: round((process1.user + process1.system) / 1000 / drainMs, 2), backends: inCores(backendsCpu) };
      const rest = cpu.machine === null || cpu.backends === null ? null : round(cpu.machine - cpu.tills - cpu.backends, 2);
      add({
        name: '  CPU over the drain, in cores',
        figure: `${cpu.machine ?? '?'} of ${os.cpus().length} busy: this process (the tills' sync workers) ${cpu.tills}, their PostgreSQL backends ${cpu.backends ?? '?'}, the rest (PostgreSQL's own processes, anything else running) ${rest ?? '?'}`,
        target: '',
        met: null,
        data: { ...cpu, rest, loadAverage: os.loadavg() },
      });
    }
    // The sessions' function statistics reach the view as they end.
    await sleep(1000);
    const [fn] = await ho.query<{ calls: string; total: number; self: number }>(
      "SELECT calls, total_time AS total, self_time AS self FROM pg_stat_user_functions WHERE funcname = 'tessera_ingest'",
    );
    if (fn) {
      const calls = Number(fn.calls);
      add({
        name: '  tessera_ingest inside PostgreSQL',
        figure: `${calls} calls, ${round(fn.total / calls, 1)} ms a batch, ${round(fn.total / (entries / 1000), 1)} ms per 1,000 entries (${secs(fn.total)} in all: ${round(fn.total / drainMs, 2)} backends in it on average)`,
        target: '',
        met: null,
        data: { calls, totalMs: round(fn.total), selfMs: round(fn.self), msPerBatch: round(fn.total / calls, 2) },
      });
    }
    const after = await sizes(ho);
    const docsBytes = after.changeLog + after.documents - before.changeLog - before.documents;
    add({
      name: '  PostgreSQL per sale (change_log + documents, their indexes and TOAST)',
      figure: `${KB(docsBytes / allSales)} (change_log ${KB((after.changeLog - before.changeLog) / allSales)}, documents ${KB((after.documents - before.documents) / allSales)}; indexes ${KB((after.indexes - before.indexes) / allSales)}); the database grew ${KB((after.database - before.database) / allSales)} a sale (${MiB(after.database - before.database)}); the till's store: ${KB(template.bytesPerSale)}`,
      target: '',
      met: null,
      data: { bytesPerSale: round(docsBytes / allSales), indexBytesPerSale: round((after.indexes - before.indexes) / allSales), databaseBytesPerSale: round((after.database - before.database) / allSales), tillBytesPerSale: round(template.bytesPerSale), before, after },
    });
    {
      const db = new Database(path.join(template.dir, DB_FILE), { readonly: true });
      const local = times(localFigures(db), INSTALLATIONS);
      db.close();
      t0 = performance.now();
      const central = await headOfficeFigures(ho);
      const viewsMs = performance.now() - t0;
      const agree = JSON.stringify(local) === JSON.stringify(central);
      add({
        name: "  the head office's books against the tills'",
        figure: `${agree ? 'equal' : 'DIFFERENT'} (${count(central.invoices)} invoices; the reporting views read in ${secs(viewsMs)})`,
        target: '',
        met: null,
        data: { agree, viewsMs: round(viewsMs), ...(agree ? {} : { local, central }) },
      });
    }
    // The ingest's housekeeping done now rather than by autovacuum and checkpoints in the middle of the lag part.
    t0 = performance.now();
    await ho.query('VACUUM (ANALYZE) change_log, documents');
    await ho.query('CHECKPOINT');
    execFileSync('sync');
    const settleMs = performance.now() - t0;

    // ---- 2. end-to-end lag: live sales while the syncs run, between two halves without ----
    for (const s of shops) cores.push(createCore({ dataDir: s.dir, migrationsFolder, version: 'bench' }));
    for (const [c, core] of cores.entries()) await call(core, 'orders.checkout', saleOf(template.products, c, `ho-warm-${c}`), template.token);
    console.log(`  selling ${LAG_RATE} sales/s in each of ${INSTALLATIONS} installations: ${LAG_SECONDS / 2} s shipping off, ${LAG_SECONDS} s on, ${LAG_SECONDS / 2} s off`);
    const off1 = await sellAtRate(cores, template.token, template.products, LAG_SECONDS / 2, LAG_RATE, 'ho-off1');
    const live = startLinks(shops);
    runs.push(live);
    await drained(ho, shops, live);
    const onStart = new Date();
    const on = await sellAtRate(cores, template.token, template.products, LAG_SECONDS, LAG_RATE, 'ho-on');
    const onEnd = new Date();
    await drained(ho, shops, live);
    await stopLinks(ho, live);
    const off2 = await sellAtRate(cores, template.token, template.products, LAG_SECONDS / 2, LAG_RATE, 'ho-off2');
    const lags = (
      await ho.query<{ ms: number }>(
        `SELECT extract(epoch FROM first - issued) * 1000 AS ms FROM (
           SELECT min(received_at) AS first, (data->>'issued_at')::timestamptz AS issued FROM change_log
           WHERE kind = 'invoice' AND received_at >= $1 GROUP BY installation_id, doc_id, data->>'issued_at'
         ) t WHERE issued >= $1 AND issued <= $2`,
        [onStart, onEnd],
      )
    ).map((r) => Number(r.ms));
    const lag = { ...summarize(lags), max: round(Math.max(...lags)) };
    add({
      name: `lag: invoice issued → in the head office (${INSTALLATIONS} × ${LAG_RATE} sales/s, ${LAG_SECONDS} s)`,
      figure: `p50 ${round(lag.p50, 0)} ms, p99 ${round(lag.p99, 0)} ms, max ${round(lag.max, 0)} ms (${count(lag.n)} of ${count(on.latencies.length)} sales)`,
      target: '',
      met: null,
      data: { ...lag, sales: on.latencies.length, states: [...live.states], settleMs: round(settleMs) },
    });
    const onT = { ...summarize(on.latencies), max: round(Math.max(...on.latencies)) };
    const offLatencies = [...off1.latencies, ...off2.latencies];
    const offT = { ...summarize(offLatencies), max: round(Math.max(...offLatencies)) };
    add({ name: '  checkout while shipping', figure: checkoutFigure(onT, on.late), target: '', met: null, data: { ...onT, lateMs: round(on.late) } });
    add({
      name: '  checkout with shipping off (the halves before and after)',
      figure: checkoutFigure(offT, Math.max(off1.late, off2.late)),
      target: '',
      met: null,
      data: { ...offT, lateMs: round(Math.max(off1.late, off2.late)), before: summarize(off1.latencies), after: summarize(off2.latencies) },
    });
    const closeMs = await ingest.closed!;
    add({
      name: '  HeadOfficeLink.close() (the ingest\'s links)',
      figure: `${secs(closeMs)} (their sync loops had stopped and disconnected after ${secs(stopMs)})`,
      target: '',
      met: null,
      data: { closeMs: round(closeMs), stopMs: round(stopMs) },
    });

    // ---- 3. the catalogue down ----
    await benchCatalogue(ho, work, cores, runs, add);
    console.log(`  (load average ${load()})`);
    return figures;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

// Run alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = performance.now();
  const figures = await benchHeadOffice();
  if (figures.length > 0) {
    console.log(`\nHead office bench (${secs(performance.now() - t0)})`);
    printTable(figures);
  }
}
