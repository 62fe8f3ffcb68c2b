/**
 * Builds a realistic store fast, with plain prepared SQL in large transactions, in the
 * shapes the services write: products, orders with 1–8 lines (70 % paid, 10 % cancelled),
 * their invoices and payments, and the order search index. The audit trail of the seeded
 * history is left out (it is append-only history, not read by any list).
 */
import type { Sqlite } from '../electron/main/db/open';
import { newId } from '../electron/main/ids';
import { invoiceNumber } from '../electron/main/services/invoices';
import { lineAmounts, sumAmounts, taxBreakdown } from '../shared/domain/money';

const first = ['Anna', 'Ben', 'Chloé', 'David', 'Emma', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Klara', 'Luca', 'Mia', 'Noah', 'Olga', 'Paul', 'Rosa', 'Sven', 'Tara', 'Zoë'];
const last = ['Schmidt', 'Müller', 'Dubois', 'Rossi', 'García', 'Novak', 'Jensen', 'Kowalski', 'Smith', 'Silva', 'Nagy', 'Horvat', 'Larsen', 'Moreau', 'Fischer'];
const words = ['Coffee', 'Tea', 'Bread', 'Cheese', 'Apple', 'Pear', 'Honey', 'Soap', 'Candle', 'Notebook', 'Pen', 'Cable', 'Lamp', 'Mug', 'Plate', 'Towel', 'Sock', 'Scarf', 'Glove', 'Brush'];
const adjectives = ['Organic', 'Large', 'Small', 'Blue', 'Red', 'Classic', 'Deluxe', 'Mini', 'Family', 'Travel', 'Green', 'Dark'];
export const categories = ['Drinks', 'Bakery', 'Dairy', 'Fruit', 'Home', 'Office', 'Electronics', 'Kitchen', 'Clothing', 'Garden', 'Toys', 'Beauty'];
const rates = [0, 700, 2000];

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

export function seedProducts(db: Sqlite, count: number, now: string): SeededProduct[] {
  const r = rng(1);
  const insert = db.prepare(
    `INSERT INTO products (id, sku, barcode, name, name_key, unit_price, tax_rate_bp, category, archived, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const products: SeededProduct[] = [];
  db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const name = `${adjectives[i % adjectives.length]} ${words[Math.floor(r() * words.length)]} ${i}`;
      const p = { id: newId(), sku: `SKU-${String(i).padStart(6, '0')}`, barcode: barcodeOf(i), name, unitPrice: 50 + Math.floor(r() * 20_000), taxRateBp: rates[i % 3] ?? 0 };
      insert.run(p.id, p.sku, p.barcode, name, name.toLowerCase(), p.unitPrice, p.taxRateBp, categories[i % categories.length], now, now);
      products.push(p);
    }
  })();
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
  batch?: number;
}

export function seedOrders(db: Sqlite, o: SeedOptions): { invoices: number; payments: number } {
  const r = rng(2);
  const q = {
    order: db.prepare(
      `INSERT INTO orders (id, number, status, customer, customer_name, note, subtotal, tax, total, currency, invoice_id, amount_paid, version, client_request_id, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
    ),
    line: db.prepare(
      `INSERT INTO order_lines (order_id, position, product_id, sku, name, unit_price, quantity, tax_rate_bp, subtotal, tax, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    invoice: db.prepare(
      `INSERT INTO invoices (id, seq, number, order_id, order_number, status, currency, lines, tax_breakdown, seller, customer, customer_name, subtotal, tax, total, amount_paid, issued_at, paid_at, cancelled_at, cancel_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    payment: db.prepare(
      `INSERT INTO payments (id, invoice_id, order_id, method, kind, amount, tendered, change, reference, refund_of, idempotency_key, request_hash, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, ?)`,
    ),
    search: db.prepare('INSERT INTO orders_search (rowid, body) VALUES (?, ?)'),
    counter: db.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
  };
  const batch = o.batch ?? 20_000;
  const step = (o.spanDays * 86_400_000) / o.orders;
  const start = o.end - o.spanDays * 86_400_000;
  let seq = 0;
  let payments = 0;
  const write = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const at = new Date(start + n * step).toISOString();
      const nLines = 1 + Math.floor(r() * 8);
      const lines = [];
      for (let i = 0; i < nLines; i++) {
        const p = o.products[Math.floor(r() * o.products.length)] as SeededProduct;
        const quantity = 1 + Math.floor(r() * 3);
        lines.push({ productId: p.id, sku: p.sku, name: p.name, unitPrice: p.unitPrice, quantity, taxRateBp: p.taxRateBp, ...lineAmounts({ ...p, quantity }) });
      }
      const totals = sumAmounts(lines);
      const hasCustomer = r() < 0.6;
      const customerName = hasCustomer ? `${first[Math.floor(r() * first.length)]} ${last[Math.floor(r() * last.length)]}` : null;
      const customer = customerName ? JSON.stringify({ name: customerName }) : null;
      const roll = r();
      // 70 % paid (fulfilled, shipped or delivered), 10 % cancelled, 20 % open.
      const paid = roll < 0.7;
      const cancelled = !paid && roll < 0.8;
      const open = !paid && !cancelled;
      const invoiced = paid || (cancelled && roll < 0.75) || (open && roll < 0.9);
      const status = paid ? (['FULFILLED', 'SHIPPED', 'DELIVERED'] as const)[n % 3] : cancelled ? 'CANCELLED' : invoiced ? 'PROCESSING' : 'RECEIVED';
      const id = newId();
      const invoiceId = invoiced ? newId() : null;
      const number = n + 1;
      q.order.run(id, number, status, customer, customerName, totals.subtotal, totals.tax, totals.total, o.currency, invoiceId, paid ? totals.total : 0, paid ? 4 : invoiced ? 2 : 1, o.userId, at, at);
      lines.forEach((l, i) => q.line.run(id, i, l.productId, l.sku, l.name, l.unitPrice, l.quantity, l.taxRateBp, l.subtotal, l.tax, l.total));
      q.search.run(number, [customerName ?? '', ...lines.map((l) => l.name)].join('\n'));
      if (invoiceId) {
        seq += 1;
        const invStatus = paid ? 'PAID' : cancelled ? 'CANCELLED' : 'PENDING';
        q.invoice.run(invoiceId, seq, invoiceNumber(seq), id, number, invStatus, o.currency, JSON.stringify(lines), JSON.stringify(taxBreakdown(lines)), o.seller, customer, customerName, totals.subtotal, totals.tax, totals.total, paid ? totals.total : 0, at, paid ? at : null, cancelled ? at : null, cancelled ? 'Customer changed their mind' : null);
        if (paid) {
          // Two thirds in one payment, the rest split cash + card.
          const split = n % 3 === 0 && totals.total > 1;
          const parts = split ? [Math.floor(totals.total / 2), totals.total - Math.floor(totals.total / 2)] : [totals.total];
          parts.forEach((amount, i) => {
            const method = split ? (i === 0 ? 'cash' : 'card') : n % 2 ? 'card' : 'cash';
            q.payment.run(newId(), invoiceId, id, method, 'payment', amount, method === 'cash' ? amount : null, method === 'cash' ? 0 : null, null, `seed-${number}-${i}`, o.userId, at);
            payments += 1;
          });
        }
      }
    }
    q.counter.run('order', to);
    q.counter.run('invoice', seq);
  });
  for (let from = 0; from < o.orders; from += batch) write(from, Math.min(o.orders, from + batch));
  return { invoices: seq, payments };
}
