/**
 * The lean floor a sale is measured against: one fsync'd transaction per sale writing the
 * least a shop must keep (the order, its three lines, the invoice, the payment, their
 * status updates and one event row), with primary keys and unique numbers only, in a file
 * of its own on the same disk. Also the figures of what a process wrote (/proc/<pid>/io)
 * and of what a store holds, for the write path's targets.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE orders (id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE, status TEXT NOT NULL, total INTEGER NOT NULL, invoice_id TEXT, created_at TEXT NOT NULL);
CREATE TABLE order_lines (order_id TEXT NOT NULL, position INTEGER NOT NULL, product_id TEXT, name TEXT NOT NULL, unit_price INTEGER NOT NULL, quantity INTEGER NOT NULL, tax_rate_bp INTEGER NOT NULL, total INTEGER NOT NULL, PRIMARY KEY (order_id, position));
CREATE TABLE invoices (id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, order_id TEXT NOT NULL, status TEXT NOT NULL, total INTEGER NOT NULL, tax INTEGER NOT NULL, amount_paid INTEGER NOT NULL, issued_at TEXT NOT NULL);
CREATE TABLE payments (id TEXT PRIMARY KEY, invoice_id TEXT NOT NULL, method TEXT NOT NULL, amount INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE events (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL, entity_id TEXT NOT NULL, body TEXT NOT NULL, hash BLOB NOT NULL);
`;

/** Sales per second for `sales` lean sales in a fresh file under `dir` (removed after), and its bytes per sale. */
export function leanFloor(dir: string, sales: number): { rate: number; bytesPerSale: number } {
  const file = path.join(dir, 'lean-floor.db');
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
    const s = {
      order: db.prepare("INSERT INTO orders (id, number, status, total, created_at) VALUES (?, ?, 'RECEIVED', ?, ?)"),
      line: db.prepare('INSERT INTO order_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      invoice: db.prepare("INSERT INTO invoices VALUES (?, ?, ?, 'PENDING', ?, ?, 0, ?)"),
      payment: db.prepare("INSERT INTO payments VALUES (?, ?, 'cash', ?, ?)"),
      orderDone: db.prepare("UPDATE orders SET status = 'FULFILLED', invoice_id = ? WHERE id = ?"),
      invoicePaid: db.prepare("UPDATE invoices SET status = 'PAID', amount_paid = total WHERE id = ?"),
      event: db.prepare('INSERT INTO events (at, type, entity_id, body, hash) VALUES (?, ?, ?, ?, ?)'),
    };
    let prev = Buffer.alloc(32);
    const one = db.transaction((n: number) => {
      const at = new Date().toISOString();
      const orderId = crypto.randomUUID();
      const invoiceId = crypto.randomUUID();
      s.order.run(orderId, n, 3000, at);
      for (let k = 0; k < 3; k++) s.line.run(orderId, k, `product-${k}`, `Product ${k}`, 1000, 1, 2000, 1000);
      s.invoice.run(invoiceId, `INV-${String(n).padStart(6, '0')}`, orderId, 3000, 500, at);
      s.payment.run(crypto.randomUUID(), invoiceId, 3000, at);
      s.orderDone.run(invoiceId, orderId);
      s.invoicePaid.run(invoiceId);
      const body = `{"order":"${orderId}","invoice":"${invoiceId}","total":3000}`;
      prev = crypto.createHash('sha256').update(prev).update(body).digest();
      s.event.run(at, 'sale', orderId, body, prev);
    });
    for (let i = 1; i <= 20; i++) one(i);
    const used0 = usedBytes(db);
    const t0 = performance.now();
    for (let i = 0; i < sales; i++) one(100 + i);
    const rate = sales / ((performance.now() - t0) / 1000);
    return { rate, bytesPerSale: (usedBytes(db) - used0) / sales };
  } finally {
    db.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}

/** Bytes the store's pages hold (its pages less the free ones), through any open connection to it. */
export function usedBytes(db: Database.Database): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * (db.pragma('page_size', { simple: true }) as number);
}

/** A process's bytes written to the storage layer and its write calls so far (Linux), or null elsewhere. */
export function ioOf(pid: number | undefined): { writeBytes: number; writeCalls: number } | null {
  if (pid === undefined) return null;
  try {
    const text = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    return { writeBytes: field('write_bytes'), writeCalls: field('syscw') };
  } catch {
    return null;
  }
}
