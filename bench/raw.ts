/**
 * The baseline: the rows of one sale written with plain prepared better-sqlite3 statements
 * in the same three transactions the services use (create; issue; pay), or in the one of
 * orders.checkout (the same rows and its idempotency row), with no
 * validation, sessions, roles or events hashing — what SQLite alone costs.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { newId } from '../electron/core/ids';
import { invoiceNumber } from '../electron/core/services/invoices';
import { SEARCH_BATCH } from '../electron/core/services/orderSearch';
import { lineAmounts, sumAmounts, taxBreakdown } from '../shared/domain/money';
import { orderLines, orders } from '../electron/core/db/schema';
import { params, type SeededProduct } from './seed';
import { insertSql } from './sql';

export function rawSale(db: Database.Database, userId: string, products: SeededProduct[]) {
  const s = {
    counter: db.prepare<[string], { value: number }>('UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value'),
    product: db.prepare<[string], { id: string; sku: string; name: string; unit_price: number; tax_rate_bp: number }>('SELECT * FROM products WHERE id = ?'),
    order: db.prepare(
      insertSql(orders, {
        ...params('id', 'number'),
        ...{ status: "'RECEIVED'", customer: 'NULL', customerName: 'NULL', note: 'NULL' },
        ...params('subtotal', 'tax', 'total'),
        ...{ currency: "'EUR'", version: '1' },
        ...params('createdBy', 'createdAt', 'updatedAt'),
      }),
    ),
    line: db.prepare(insertSql(orderLines, params('orderId', 'position', 'productId', 'sku', 'name', 'unitPrice', 'quantity', 'taxRateBp', 'subtotal', 'tax', 'total'))),
    search: db.prepare('INSERT INTO orders_search_pending (number, body, body_lower) VALUES (?, ?, ?)'),
    indexSearch: db.prepare('INSERT INTO orders_search (rowid, body) SELECT number, body FROM orders_search_pending ORDER BY number'),
    clearSearch: db.prepare('DELETE FROM orders_search_pending'),
    event: db.prepare("INSERT INTO events (at, actor, type, entity, entity_id, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, NULL, ?, '', ?)"),
    invoice: db.prepare(
      `INSERT INTO invoices (id, seq, number, order_id, order_number, status, currency, lines, tax_breakdown, seller, subtotal, tax, total, amount_paid, issued_at)
       VALUES (?, ?, ?, ?, ?, 'PENDING', 'EUR', ?, ?, '{}', ?, ?, ?, 0, ?)`,
    ),
    orderStatus: db.prepare('UPDATE orders SET status = ?, invoice_id = coalesce(?, invoice_id), version = version + 1, updated_at = ? WHERE id = ?'),
    payment: db.prepare(
      `INSERT INTO payments (id, invoice_id, order_id, method, kind, amount, tendered, change, idempotency_key, request_hash, created_by, created_at)
       VALUES (?, ?, ?, 'cash', 'payment', ?, ?, 500, ?, '', ?, ?)`,
    ),
    paid: db.prepare("UPDATE invoices SET amount_paid = amount_paid + ?, status = 'PAID', paid_at = ? WHERE id = ?"),
    orderPaid: db.prepare('UPDATE orders SET version = version + 1 WHERE id = ?'),
  };
  const hash = (v: string) => crypto.createHash('sha256').update(v).digest('hex');

  const create = db.transaction((i: number) => {
    const now = new Date().toISOString();
    const lines = [0, 1, 2].map((k) => {
      const p = s.product.get((products[(i * 7 + k * 13) % products.length] as SeededProduct).id)!;
      const quantity = 1 + k;
      return { p, quantity, ...lineAmounts({ unitPrice: p.unit_price, quantity, taxRateBp: p.tax_rate_bp }), taxRateBp: p.tax_rate_bp };
    });
    const totals = sumAmounts(lines);
    const number = s.counter.get('order')!.value;
    const id = newId();
    s.order.run(id, number, totals.subtotal, totals.tax, totals.total, userId, now, now);
    lines.forEach((l, k) => s.line.run(id, k, l.p.id, l.p.sku, l.p.name, l.p.unit_price, l.quantity, l.taxRateBp, l.subtotal, l.tax, l.total));
    const body = ['', ...lines.map((l) => l.p.name)].join('\n');
    s.search.run(number, body, body.toLowerCase());
    const after = JSON.stringify({ id, number, lines });
    s.event.run(now, userId, 'order.created', 'order', id, after, hash(after));
    return { id, number, lines, totals };
  });
  const issue = db.transaction((o: ReturnType<typeof create>) => {
    const now = new Date().toISOString();
    const seq = s.counter.get('invoice')!.value;
    const id = newId();
    s.orderStatus.run('PROCESSING', id, now, o.id);
    s.invoice.run(id, seq, invoiceNumber(seq), o.id, o.number, JSON.stringify(o.lines), JSON.stringify(taxBreakdown(o.lines)), o.totals.subtotal, o.totals.tax, o.totals.total, now);
    s.event.run(now, userId, 'order.processing', 'order', o.id, '{}', hash(o.id));
    s.event.run(now, userId, 'invoice.issued', 'invoice', id, '{}', hash(id));
    return id;
  });
  const pay = db.transaction((o: ReturnType<typeof create>, invoiceId: string, i: number) => {
    const now = new Date().toISOString();
    const id = newId();
    s.payment.run(id, invoiceId, o.id, o.totals.total, o.totals.total + 500, `raw-${process.pid}-${i}-${now}`, userId, now);
    s.paid.run(o.totals.total, now, invoiceId);
    s.orderPaid.run(o.id);
    s.orderStatus.run('FULFILLED', null, now, o.id);
    for (const type of ['payment.received', 'invoice.paid', 'order.fulfilled']) s.event.run(now, userId, type, 'x', id, '{}', hash(type + id));
  });
  // The search text goes into the index SEARCH_BATCH orders at a time, as the services do.
  let pending = 0;
  const indexSearch = db.transaction(() => {
    s.indexSearch.run();
    s.clearSearch.run();
  });

  // The one-transaction sale (orders.checkout): the same rows and events, plus its idempotency row.
  const checkoutRow = db.prepare('INSERT INTO checkouts (idempotency_key, request_hash, order_id, change, created_at) VALUES (?, ?, ?, 500, ?)');
  const checkout = db.transaction((i: number) => {
    const order = create(i);
    const invoiceId = issue(order);
    pay(order, invoiceId, i);
    checkoutRow.run(`raw-co-${process.pid}-${i}-${performance.now()}`, hash(order.id), order.id, new Date().toISOString());
  });

  /** One sale; with `lat`, each transaction's time in ms is pushed to lat.create, lat.generate and lat.pay. */
  const sale = (i: number, lat?: Record<string, number[]>) => {
    const t0 = performance.now();
    const order = create(i);
    if (++pending >= SEARCH_BATCH) {
      indexSearch();
      pending = 0;
    }
    const t1 = performance.now();
    const invoiceId = issue(order);
    const t2 = performance.now();
    pay(order, invoiceId, i);
    const t3 = performance.now();
    lat?.create?.push(t1 - t0);
    lat?.generate?.push(t2 - t1);
    lat?.pay?.push(t3 - t2);
  };
  /** One sale in one transaction (as orders.checkout); with `lat`, its time in ms is pushed to lat.checkout. */
  sale.checkout = (i: number, lat?: Record<string, number[]>) => {
    const t0 = performance.now();
    checkout(i);
    if (++pending >= SEARCH_BATCH) {
      indexSearch();
      pending = 0;
    }
    lat?.checkout?.push(performance.now() - t0);
  };
  return sale;
}
