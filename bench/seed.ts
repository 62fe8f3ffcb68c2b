/**
 * Builds a realistic store fast, in the shapes the services write: products, orders with
 * 1–8 lines (70 % paid, 10 % cancelled), their invoices and payments, the order search
 * index and the counters. The audit trail of the seeded history is left out (it is
 * append-only history, not read by any list).
 *
 * Speed comes from loading in bulk (see bulkLoad): no journal, no foreign-key lookups and
 * no secondary indexes while rows are appended in primary-key order, many rows a
 * statement; the indexes are then re-created from their own schema text. The work is
 * split in parts that draw the same deterministic orders (writeOrders): this thread
 * writes orders and their lines into the store while a worker thread writes invoices and
 * payments, then the search index, into side files, which are copied into the store with
 * SQLite's table-to-table transfer as each is ready.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Sqlite } from '../electron/core/db/open';
import { invoices, orderLines, orders as ordersTable, payments as paymentsTable, products as productsTable } from '../electron/core/db/schema';
import { invoiceNumber } from '../electron/core/services/invoices';
import { lineAmounts, sumAmounts, taxBreakdown, type Amounts } from '../shared/domain/money';
import { insertInto } from './sql';

/** '?' for each of `keys`: statement parameters in that order. */
export function params<K extends string>(...keys: K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, '?'])) as Record<K, string>;
}

const first = ['Anna', 'Ben', 'Chloé', 'David', 'Emma', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Klara', 'Luca', 'Mia', 'Noah', 'Olga', 'Paul', 'Rosa', 'Sven', 'Tara', 'Zoë'];
const last = ['Schmidt', 'Müller', 'Dubois', 'Rossi', 'García', 'Novak', 'Jensen', 'Kowalski', 'Smith', 'Silva', 'Nagy', 'Horvat', 'Larsen', 'Moreau', 'Fischer'];
const words = ['Coffee', 'Tea', 'Bread', 'Cheese', 'Apple', 'Pear', 'Honey', 'Soap', 'Candle', 'Notebook', 'Pen', 'Cable', 'Lamp', 'Mug', 'Plate', 'Towel', 'Sock', 'Scarf', 'Glove', 'Brush'];
const adjectives = ['Organic', 'Large', 'Small', 'Blue', 'Red', 'Classic', 'Deluxe', 'Mini', 'Family', 'Travel', 'Green', 'Dark'];
export const categories = ['Drinks', 'Bakery', 'Dairy', 'Fruit', 'Home', 'Office', 'Electronics', 'Kitchen', 'Clothing', 'Garden', 'Toys', 'Beauty'];
const rates = [0, 700, 2000];
const paidStatuses = ['FULFILLED', 'SHIPPED', 'DELIVERED'] as const;

/** A small fast deterministic PRNG (mulberry32), so every run seeds the same store. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32 well-mixed bits of `x` (the mulberry32 step). */
function mix(x: number): number {
  let t = (x + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

const hex2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A UUIDv7 like the app's (electron/core/ids.ts), stamped with the seeded time `ms` rather
 * than now, and a pure function of (ms, n) so that every part derives the same ids: a
 * 26-bit counter `n` after the version keeps ids unique and increasing within a
 * millisecond (so every table is appended to in primary-key order), 48 bits mixed from
 * `n` follow.
 */
function seedId(ms: number, n: number): string {
  const a = (n >>> 14) & 0xfff;
  const b = 0x8000 | (n & 0x3fff);
  const hi = Math.floor(ms / 0x1000000);
  const lo = ms % 0x1000000;
  const x = mix(n);
  const y = mix(n ^ 0x5bd1e995) & 0xffff;
  return (
    hi.toString(16).padStart(6, '0') +
    hex2[lo >>> 16] +
    '-' +
    hex2[(lo >>> 8) & 0xff] +
    hex2[lo & 0xff] +
    '-7' +
    a.toString(16).padStart(3, '0') +
    '-' +
    b.toString(16) +
    '-' +
    hex2[x >>> 24] +
    hex2[(x >>> 16) & 0xff] +
    hex2[(x >>> 8) & 0xff] +
    hex2[x & 0xff] +
    hex2[y >>> 8] +
    hex2[y & 0xff]
  );
}

type SqlValue = string | number | null;

/**
 * Appends rows to one table `per` rows a statement (far fewer calls into SQLite), from one
 * reused argument array. It is spread into run(): better-sqlite3 binds arguments faster
 * than the elements of an array argument. flush() writes what is left one row at a time.
 */
class Appender {
  private readonly many: Database.Statement<SqlValue[]>;
  private readonly one: Database.Statement<SqlValue[]>;
  private readonly args: SqlValue[];
  private readonly width: number;
  private at = 0;

  constructor(db: Sqlite, { into: head, row: tuple }: { into: string; row: string }, per: number) {
    this.width = tuple.split('?').length - 1;
    this.many = db.prepare<SqlValue[]>(`${head} VALUES ${new Array<string>(per).fill(tuple).join(', ')}`);
    this.one = db.prepare<SqlValue[]>(`${head} VALUES ${tuple}`);
    this.args = new Array<SqlValue>(this.width * per).fill(null);
  }

  add(...values: SqlValue[]): void {
    const args = this.args;
    let at = this.at;
    for (let i = 0; i < values.length; i++) args[at++] = values[i] as SqlValue;
    if (at === args.length) {
      this.many.run(...args);
      at = 0;
    }
    this.at = at;
  }

  flush(): void {
    for (let i = 0; i < this.at; i += this.width) this.one.run(...this.args.slice(i, i + this.width));
    this.at = 0;
  }
}

/** Starts timing a phase; the returned function records its wall milliseconds in `into`. */
function phase(into: Record<string, number>, name: string): () => void {
  const t0 = performance.now();
  return () => {
    into[name] = Math.round(performance.now() - t0);
  };
}

/**
 * No journal and no syncs (a crash mid-seed loses a store that is rebuilt anyway), no
 * foreign-key lookups per row (parents are written first or copied in with their
 * children), temporary sorts in memory on two threads (CREATE INDEX). A 256 MiB cache:
 * rows are appended, more did not help.
 */
function fastPragmas(db: Sqlite): void {
  // better-sqlite3's defensive mode forbids journal_mode=OFF (and writing FTS5's tables).
  db.unsafeMode(true);
  if (db.pragma('journal_mode = OFF', { simple: true }) !== 'off') throw new Error('seed: could not turn the journal off (is another connection open?)');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  db.pragma('threads = 2');
}

const pragmasKept = ['journal_mode', 'synchronous', 'foreign_keys', 'cache_size', 'temp_store', 'threads'] as const;

interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/**
 * Runs `load` with the store in bulk-load mode (fastPragmas) and puts everything back
 * afterwards. The secondary indexes of `tables` are dropped, then re-created from the SQL
 * sqlite_master holds for them, whatever migrations made them, so nothing drifts; `load`
 * may re-create a table's indexes earlier with `restore(table)`. Triggers stay: the rows
 * they write are part of what the app writes. Afterwards sqlite_master must read exactly
 * as before, and the pragmas as they were.
 */
async function bulkLoad<T>(db: Sqlite, tables: readonly string[], load: (restore: (table: string) => void) => T | Promise<T>, phases: Record<string, number> = {}): Promise<T> {
  if (db.inTransaction) throw new Error('bulkLoad cannot run inside a transaction');
  const schema = () => db.prepare<[], SchemaRow>('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
  const before = schema();
  let indexes = db
    .prepare<string[], { name: string; tbl_name: string; sql: string }>(
      `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')}) ORDER BY rowid`,
    )
    .all(...tables);
  const saved = pragmasKept.map((name) => [name, db.pragma(name, { simple: true }) as string | number] as const);
  const restore = (table: string | null) => {
    const now = indexes.filter((i) => table === null || i.tbl_name === table);
    if (now.length === 0) return;
    indexes = indexes.filter((i) => !now.includes(i));
    const done = phase(phases, `indexes ${table ?? tables.join(', ')}`);
    db.transaction(() => {
      for (const i of now) db.exec(i.sql);
    })();
    done();
  };
  let result: T;
  try {
    fastPragmas(db);
    db.transaction(() => {
      for (const i of indexes) db.exec(`DROP INDEX "${i.name.replaceAll('"', '""')}"`);
    })();
    result = await load(restore);
  } finally {
    restore(null);
    for (const [name, value] of saved) db.pragma(`${name} = ${value}`);
    db.unsafeMode(false);
  }
  for (const [name, value] of saved) {
    const now = db.pragma(name, { simple: true }) as string | number;
    if (now !== value) throw new Error(`bulkLoad: pragma ${name} is ${now}, was ${value}`);
  }
  if (JSON.stringify(schema()) !== JSON.stringify(before)) throw new Error('bulkLoad: the schema differs from before the load');
  return result;
}

export interface SeededProduct {
  id: string;
  sku: string;
  barcode: string;
  name: string;
  unitPrice: number;
  taxRateBp: number;
}

export function barcodeOf(i: number): string {
  return `2${String(i).padStart(12, '0')}`;
}

export async function seedProducts(db: Sqlite, count: number, now: string): Promise<SeededProduct[]> {
  const r = rng(1);
  const ms = Date.parse(now);
  const products: SeededProduct[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `${adjectives[i % adjectives.length]} ${words[Math.floor(r() * words.length)]} ${i}`;
    products.push({ id: seedId(ms, i), sku: `SKU-${String(i).padStart(6, '0')}`, barcode: barcodeOf(i), name, unitPrice: 50 + Math.floor(r() * 20_000), taxRateBp: rates[i % 3] ?? 0 });
  }
  await bulkLoad(db, ['products'], () => {
    const insert = new Appender(db, insertInto(productsTable, { ...params('id', 'sku', 'barcode', 'name', 'nameKey', 'unitPrice', 'taxRateBp', 'category'), archived: '0', ...params('createdAt', 'updatedAt') }), 32);
    db.transaction(() => {
      products.forEach((p, k) => insert.add(p.id, p.sku, p.barcode, p.name, p.name.toLowerCase(), p.unitPrice, p.taxRateBp, categories[(k + 1) % categories.length] ?? null, now, now));
      insert.flush();
    })();
  });
  return products;
}

export interface SeedOptions {
  orders: number;
  userId: string;
  products: SeededProduct[];
  /** Orders spread evenly over this span, ending now. */
  spanDays: number;
  end: number;
  currency: string;
  seller: string;
  /** Orders per transaction. */
  batch?: number;
}

/** What one pass over the seeded orders writes: orders and their lines; invoices and payments; or the order search index. */
type Part = 'orders' | 'invoices' | 'search';

/** A line's amounts as the services price it. */
interface PricedLine extends Amounts {
  quantity: number;
  taxRateBp: number;
}

/**
 * Writes `part` of the seeded orders into `db`. Every part draws the same orders from the
 * same PRNG and ids, so the parts fit together.
 */
function writeOrders(db: Sqlite, o: SeedOptions, part: Part): { invoices: number; payments: number } {
  const r = rng(2);
  const { products } = o;
  const batch = o.batch ?? 50_000;
  const step = (o.spanDays * 86_400_000) / o.orders;
  const start = o.end - o.spanDays * 86_400_000;
  // Line amounts (and the invoices' frozen line JSON, keys in OrderLine order) of product k
  // with quantity q (1–3) at [3k + q - 1], computed on first use.
  const priced = new Array<PricedLine | undefined>(products.length * 3);
  const json = new Array<string | undefined>(products.length * 3);
  const names = first.flatMap((f) => last.map((l) => `${f} ${l}`));
  const customers = names.map((name) => JSON.stringify({ name }));
  const orderRows =
    part === 'orders'
      ? new Appender(
          db,
          insertInto(ordersTable, {
            ...params('id', 'number', 'status', 'customer', 'customerName'),
            note: 'NULL',
            ...params('subtotal', 'tax', 'total', 'currency', 'invoiceId', 'version'),
            clientRequestId: 'NULL',
            ...params('createdBy', 'createdAt', 'updatedAt'),
          }),
          16,
        )
      : null;
  const lineRows = part === 'orders' ? new Appender(db, insertInto(orderLines, params('orderId', 'position', 'productId', 'sku', 'name', 'unitPrice', 'quantity', 'taxRateBp', 'subtotal', 'tax', 'total')), 32) : null;
  const counter = part === 'orders' ? db.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value') : null;
  const invoiceRows =
    part === 'invoices'
      ? new Appender(
          db,
          insertInto(invoices, {
            ...params('id', 'seq', 'number', 'orderId', 'orderNumber', 'status', 'currency', 'lines', 'taxBreakdown', 'seller', 'customer'),
            ...params('customerName', 'subtotal', 'tax', 'total', 'amountPaid', 'issuedAt', 'paidAt', 'cancelledAt', 'cancelReason'),
          }),
          8,
        )
      : null;
  const paymentRows =
    part === 'invoices'
      ? new Appender(
          db,
          insertInto(paymentsTable, {
            ...params('id', 'invoiceId', 'orderId', 'method'),
            kind: "'payment'",
            ...params('amount', 'tendered', 'change'),
            reference: 'NULL',
            refundOf: 'NULL',
            idempotencyKey: '?',
            requestHash: 'NULL',
            ...params('createdBy', 'createdAt'),
          }),
          16,
        )
      : null;
  // One row a statement: FTS5 takes several VALUES rows a statement markedly slower.
  const searchRows = part === 'search' ? db.prepare('INSERT INTO orders_search (rowid, body) VALUES (?, ?)') : null;
  const lines: PricedLine[] = [];
  const lineJson: string[] = [];
  const lineNames: string[] = [];
  const bodies: string[] = [];
  let seq = 0;
  let payments = 0;
  const write = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const ms = Math.round(start + n * step);
      // (The search part needs only names: it skips ids, dates and amounts, not a draw.)
      const id = searchRows ? '' : seedId(ms, 4 * n);
      const nLines = 1 + Math.floor(r() * 8);
      lines.length = 0;
      lineJson.length = 0;
      lineNames.length = 0;
      for (let i = 0; i < nLines; i++) {
        const k = Math.floor(r() * products.length);
        const quantity = 1 + Math.floor(r() * 3);
        const p = products[k] as SeededProduct;
        if (searchRows) {
          lineNames.push(p.name);
          continue;
        }
        const at3 = 3 * k + quantity - 1;
        let l = priced[at3];
        if (!l) {
          // One literal shape for every line (a spread would make their property loads megamorphic).
          const a = lineAmounts({ unitPrice: p.unitPrice, quantity, taxRateBp: p.taxRateBp });
          l = priced[at3] = { subtotal: a.subtotal, tax: a.tax, total: a.total, quantity, taxRateBp: p.taxRateBp };
        }
        lines.push(l);
        lineRows?.add(id, i, p.id, p.sku, p.name, p.unitPrice, quantity, p.taxRateBp, l.subtotal, l.tax, l.total);
        if (invoiceRows) lineJson.push(json[at3] ?? (json[at3] = JSON.stringify({ productId: p.id, sku: p.sku, name: p.name, unitPrice: p.unitPrice, quantity, taxRateBp: p.taxRateBp, subtotal: l.subtotal, tax: l.tax, total: l.total })));
      }
      const c = r() < 0.6 ? Math.floor(r() * first.length) * last.length + Math.floor(r() * last.length) : -1;
      const customerName = c < 0 ? null : (names[c] as string);
      const customer = c < 0 ? null : (customers[c] as string);
      const roll = r();
      if (searchRows) {
        // The search text of an order as the orders service indexes it: the customer's name, then the line names, one a line.
        bodies.push([customerName ?? '', ...lineNames].join('\n'));
        continue;
      }
      const at = new Date(ms).toISOString();
      const number = n + 1;
      const totals = sumAmounts(lines);
      // 70 % paid (fulfilled, shipped or delivered), 10 % cancelled, 20 % open.
      const paid = roll < 0.7;
      const cancelled = !paid && roll < 0.8;
      const open = !paid && !cancelled;
      const invoiced = paid || (cancelled && roll < 0.75) || (open && roll < 0.9);
      const invoiceId = invoiced ? seedId(ms, 4 * n + 1) : null;
      if (invoiced) seq += 1;
      if (orderRows) {
        const status = paid ? paidStatuses[n % 3] : cancelled ? 'CANCELLED' : invoiced ? 'PROCESSING' : 'RECEIVED';
        orderRows.add(id, number, status ?? null, customer, customerName, totals.subtotal, totals.tax, totals.total, o.currency, invoiceId, paid ? 4 : invoiced ? 2 : 1, o.userId, at, at);
      }
      if (invoiceRows && paymentRows && invoiceId) {
        const invStatus = paid ? 'PAID' : cancelled ? 'CANCELLED' : 'PENDING';
        invoiceRows.add(invoiceId, seq, invoiceNumber(seq), id, number, invStatus, o.currency, `[${lineJson.join(',')}]`, JSON.stringify(taxBreakdown(lines)), o.seller, customer, customerName, totals.subtotal, totals.tax, totals.total, paid ? totals.total : 0, at, paid ? at : null, cancelled ? at : null, cancelled ? 'Customer changed their mind' : null);
        if (paid) {
          // Two thirds in one payment, the rest split cash + card.
          if (n % 3 === 0 && totals.total > 1) {
            const half = Math.floor(totals.total / 2);
            paymentRows.add(seedId(ms, 4 * n + 2), invoiceId, id, 'cash', half, half, 0, `seed-${number}-0`, o.userId, at);
            paymentRows.add(seedId(ms, 4 * n + 3), invoiceId, id, 'card', totals.total - half, null, null, `seed-${number}-1`, o.userId, at);
            payments += 2;
          } else {
            const cash = n % 2 === 0;
            paymentRows.add(seedId(ms, 4 * n + 2), invoiceId, id, cash ? 'cash' : 'card', totals.total, cash ? totals.total : null, cash ? 0 : null, `seed-${number}-0`, o.userId, at);
            payments += 1;
          }
        }
      }
    }
    orderRows?.flush();
    lineRows?.flush();
    invoiceRows?.flush();
    paymentRows?.flush();
    counter?.run('order', to);
    counter?.run('invoice', seq);
    // A batch's search rows after the pass over it: FTS5 builds faster so than between other rows.
    if (searchRows) bodies.forEach((body, i) => searchRows.run(from + i + 1, body));
    bodies.length = 0;
  });
  for (let from = 0; from < o.orders; from += batch) write(from, Math.min(o.orders, from + batch));
  return { invoices: seq, payments };
}

/** A part the worker writes into a side file: its tables and indexes as the store defines them, and statements to run first. */
interface SidePart {
  part: Exclude<Part, 'orders'>;
  file: string;
  schema: string[];
  indexes: string[];
  setup: string[];
}

interface SideJob {
  tesseraSeedSide: true;
  options: SeedOptions;
  parts: SidePart[];
}

interface SideDone {
  part: Part;
  invoices: number;
  payments: number;
  phases: Record<string, number>;
}

/** The worker: each part into its side file, posted as soon as its file is complete and closed. */
function side(job: SideJob): void {
  for (const s of job.parts) {
    const phases: Record<string, number> = {};
    const db = new Database(s.file);
    try {
      fastPragmas(db);
      for (const sql of [...s.schema, ...s.setup]) db.exec(sql);
      let done = phase(phases, `${s.part} rows`);
      const counts = writeOrders(db, job.options, s.part);
      done();
      if (s.indexes.length > 0) {
        done = phase(phases, `${s.part} indexes`);
        db.transaction(() => {
          for (const sql of s.indexes) db.exec(sql);
        })();
        done();
      }
      db.close();
      parentPort?.postMessage({ part: s.part, ...counts, phases } satisfies SideDone);
    } finally {
      if (db.open) db.close();
    }
  }
}

/** Starts the worker: `next()` resolves with each part as it is done, in order; `stop()` ends it early. */
function runSide(job: SideJob): { next: () => Promise<SideDone>; stop: () => Promise<void> } {
  // Workers do not inherit the `--import tsx` hooks (Node 20): register them, then load this file.
  const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const worker = new Worker(code, { eval: true, workerData: job });
  const ready: SideDone[] = [];
  let waiting: { resolve: (d: SideDone) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', (d: SideDone) => {
    if (waiting) waiting.resolve(d);
    else ready.push(d);
    waiting = null;
  });
  const fail = (err: Error) => {
    failure ??= err;
    waiting?.reject(failure);
    waiting = null;
  };
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`the seed worker exited (code ${code}) before finishing`)));
  return {
    next: () => {
      const d = ready.shift();
      if (d) return Promise.resolve(d);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    stop: async () => {
      await worker.terminate();
      await exited;
    },
  };
}

/** The store's tables this thread writes, those the worker's first part writes, and the search index its second part builds. */
const ownTables = ['orders', 'order_lines'];
const sideTables = ['invoices', 'payments'];
const searchTable = 'orders_search';

export async function seedOrders(db: Sqlite, o: SeedOptions): Promise<{ invoices: number; payments: number; phases: Record<string, number> }> {
  if (db.prepare('SELECT 1 FROM orders LIMIT 1').get()) throw new Error('seedOrders expects a store without orders');
  if (db.memory) throw new Error('seedOrders needs a store in a file (the worker writes next to it)');
  const phases: Record<string, number> = {};
  const sql = (where: string, ...params: string[]) => db.prepare<string[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE ${where} ORDER BY rowid`).all(...params);
  const ofSide = `tbl_name IN (${sideTables.map(() => '?').join(', ')})`;
  const searchSql = sql('name = ?', searchTable)[0]?.sql;
  if (!searchSql) throw new Error(`seedOrders: the store has no ${searchTable}`);
  // FTS5's own tables holding the index (its config table is made anew with the table; the
  // orders waiting to be indexed are none of its tables and stay empty).
  const shadow = ['data', 'idx', 'docsize', 'content'].map((t) => `${searchTable}_${t}`);
  const searchStorage = sql(`type = 'table' AND name IN (${shadow.map(() => '?').join(', ')})`, ...shadow).map((t) => t.name);
  const parts: SidePart[] = [
    {
      part: 'invoices',
      file: `${db.name}.seed-invoices`,
      schema: sql(`type = 'table' AND ${ofSide}`, ...sideTables).map((t) => t.sql),
      indexes: sql(`type = 'index' AND sql IS NOT NULL AND ${ofSide}`, ...sideTables).map((i) => i.sql),
      setup: [],
    },
    {
      // FTS5 builds the index under the same definition from the same text; in the side file
      // it may buffer more pending data between flushes (its `hashsize`, kept in the config
      // table that is not copied): fewer, larger segments to merge.
      part: 'search',
      file: `${db.name}.seed-search`,
      schema: [searchSql],
      indexes: [],
      setup: [`INSERT INTO ${searchTable} (${searchTable}, rank) VALUES ('hashsize', ${64 * 2 ** 20})`],
    },
  ];
  for (const p of parts) fs.rmSync(p.file, { force: true });
  const worker = runSide({ tesseraSeedSide: true, options: o, parts });
  let finished = false;
  /** Copies `tables` from a finished side file into the store: SQLite's transfer optimisation (empty destination, same definition) copies the records as they are. */
  const copyIn = async (part: SidePart | undefined, tables: string[], before: () => void) => {
    if (!part) throw new Error('seedOrders: no such part');
    let done = phase(phases, `wait ${part.part}`);
    const d = await worker.next();
    done();
    if (d.part !== part.part) throw new Error(`seedOrders: the worker finished ${d.part}, expected ${part.part}`);
    Object.assign(phases, d.phases);
    done = phase(phases, `copy ${part.part}`);
    before();
    db.prepare('ATTACH ? AS seed_side').run(part.file);
    try {
      db.transaction(() => {
        for (const table of tables) db.exec(`INSERT INTO main."${table}" SELECT * FROM seed_side."${table}"`);
      })();
    } finally {
      db.exec('DETACH seed_side');
    }
    fs.rmSync(part.file, { force: true });
    done();
    return d;
  };
  try {
    const result = await bulkLoad(
      db,
      [...ownTables, ...sideTables],
      async (restore) => {
        const done = phase(phases, 'rows');
        const counts = writeOrders(db, o, 'orders');
        done();
        for (const table of ownTables) restore(table);
        // The side tables' indexes first: the transfer copies each with its table.
        const invoices = await copyIn(parts[0], sideTables, () => sideTables.forEach((table) => restore(table)));
        if (invoices.invoices !== counts.invoices) throw new Error(`seedOrders: the worker wrote ${invoices.invoices} invoices, expected ${counts.invoices}`);
        await copyIn(parts[1], searchStorage, () => {
          // The search table is made anew, as migrated, so that no FTS5 state this connection
          // may have cached about it survives; its fresh storage is then replaced by the side file's.
          db.exec(`DROP TABLE main."${searchTable}"`);
          db.exec(searchSql);
          for (const table of searchStorage) db.exec(`DELETE FROM main."${table}"`);
        });
        finished = true;
        return { invoices: counts.invoices, payments: invoices.payments, phases };
      },
      phases,
    );
    return result;
  } finally {
    if (!finished) await worker.stop();
    for (const p of parts) fs.rmSync(p.file, { force: true });
  }
}

// In the worker (last, once everything above is defined).
if (!isMainThread && (workerData as Partial<SideJob> | null)?.tesseraSeedSide) side(workerData as SideJob);
