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
import { createCore, DB_FILE, type Core } from '../electron/core/core';
import { HeadOfficeLink } from '../electron/headoffice/link';
import { Outbox } from '../electron/headoffice/outbox';
import type { HeadOfficeStatus } from '../shared/contract/headOffice';
import { lineAmounts, sumAmounts } from '../shared/domain/money';
import { headOfficeFigures, localFigures, testHeadOffice, type BookFigures, type TestHeadOffice } from '../tests/support/headOfficeDb';
import { pollUntil, quoteIdent, testPgUrl } from '../tests/support/postgres';
import { call, type Figure } from './alone';
import { usedBytes } from './lean';
import { seedProducts, type SeededProduct } from './seed';
import { printTable, round, summarize, type Timing } from './stats';

const INSTALLATIONS = Number(process.env.BENCH_HO_INSTALLATIONS ?? 10);
const SALES = Number(process.env.BENCH_HO_SALES ?? 10_000);
const LAG_SECONDS = Number(process.env.BENCH_HO_LAG_SECONDS ?? 20);
const LAG_RATE = Number(process.env.BENCH_HO_LAG_RATE ?? 5);
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

    // ---- 3. the other direction ----
    add({ name: 'catalogue push to the tills (100,000 products)', figure: 'not measured yet: the head office → till direction is not built yet', target: '', met: null, data: null });
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
