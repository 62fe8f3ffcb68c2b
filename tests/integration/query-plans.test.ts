/**
 * Every list query, with each kind of filter, is planned from an index: a full scan of a
 * table would make the list slow at a million orders. The SQL the services actually run is
 * recorded and explained with its own parameters.
 */
import Database, { type Statement } from 'better-sqlite3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Input, Method } from '../../shared/contract';
import { setupAdmin, startCore, type TestCore } from '../support/core';

let t: TestCore;
let token: string;
let invoiceId: string;
let productId: string;
let orderId: string;
const recorded: { sql: string; params: unknown[] }[] = [];
/** Every index some recorded query was planned through. */
const used = new Set<string>();
const proto = Database.prototype as unknown as { prepare: (sql: string) => Statement };
const prepare = proto.prepare;

beforeAll(async () => {
  // Record every read: statements prepared as the services are built and those prepared on first use (list queries).
  proto.prepare = function (this: Database.Database, sql: string) {
    const stmt = prepare.call(this, sql);
    // Reads, and the writes that find their rows (an UPDATE or DELETE with a WHERE).
    if (/^\s*(SELECT|WITH|UPDATE|DELETE)\b/i.test(sql)) {
      for (const fn of ['all', 'get', 'iterate', 'run'] as const) {
        const original = stmt[fn].bind(stmt) as (...args: unknown[]) => unknown;
        (stmt as unknown as Record<string, unknown>)[fn] = (...args: unknown[]) => {
          recorded.push({ sql, params: args });
          return original(...args);
        };
      }
    }
    return stmt;
  };
  t = await startCore('in-process');
  token = await setupAdmin(t);
  const p = await t.ok('products.create', { sku: 'A-1', name: 'Apple', unitPrice: 100, category: 'Fruit', barcode: '4000001' }, token);
  // Enough apples that a search for them walks the name order rather than sorting its matches.
  t.core.store.sqlite.exec(`
    WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 3200)
    INSERT INTO products (id, sku, barcode, name, name_key, unit_price, tax_rate_bp, category, archived, created_at, updated_at)
    SELECT 'plan-' || i, 'A-' || i, '400' || i, 'Apple ' || i, 'apple ' || i, 100, 0, 'Fruit', i % 7 = 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n`);
  const o = await t.ok('orders.create', { lines: [{ productId: p.id, quantity: 1 }], customer: { name: 'Zoë Novak' } }, token);
  const inv = await t.ok('invoices.generate', { orderId: o.id }, token);
  await t.ok('payments.pay', { invoiceId: inv.id, method: 'cash', amount: inv.total, idempotencyKey: 'plan-1' }, token);
  invoiceId = inv.id;
  productId = p.id;
  orderId = o.id;
  // An open cash session with the sale in it, for the X report's queries.
  const db = t.core.store.sqlite;
  const adminId = (await t.ok('auth.me', {}, token)).id;
  db.prepare("INSERT INTO cash_sessions (id, register_id, status, opening_float, opened_by, opened_at) VALUES ('plan-session', 'register-1', 'OPEN', 0, ?, '2026-01-01T00:00:00.000Z')").run(adminId);
  db.prepare("UPDATE invoices SET cash_session_id = 'plan-session', issued_by = ?").run(adminId);
  db.prepare("UPDATE payments SET cash_session_id = 'plan-session'").run();
});

afterAll(async () => {
  proto.prepare = prepare;
  await t?.close();
});

const lists: [Method, Input<Method>][] = [
  ['orders.list', {}],
  ['orders.list', { status: ['DELIVERED'] }],
  ['orders.list', { from: '2026-01-01', to: '2026-01-31' }],
  ['orders.list', { query: 'Zoë' }],
  ['orders.list', { query: 'Zo' }],
  ['orders.list', { query: '#1' }],
  ['invoices.list', {}],
  ['invoices.list', { status: 'PAID' }],
  ['invoices.list', { from: '2026-01-01', to: '2026-01-31' }],
  ['invoices.list', { query: 'INV-000001' }],
  ['invoices.list', { query: 'INV-R1-000001' }],
  ['invoices.list', { query: 'Novak' }],
  ['payments.list', {}],
  ['payments.list', { invoiceId: 'x' }],
  ['payments.list', { orderId: 'x' }],
  ['payments.list', { method: 'cash' }],
  ['payments.list', { from: '2026-01-01', to: '2026-01-31' }],
  ['products.list', {}],
  ['products.list', { category: 'Fruit' }],
  ['products.list', { includeArchived: true }],
  ['products.list', { category: 'Fruit', includeArchived: true }],
  // Thousands of matches: along the name order (SKUs and barcodes too, or by a set of a few).
  ['products.list', { query: 'app' }],
  ['products.list', { query: 'app', category: 'Fruit' }],
  ['products.list', { query: 'app', includeArchived: true }],
  ['products.list', { query: 'a-' }],
  ['products.list', { query: 'ap' }],
  // Few matches: by rowid from the trigram index, its terms (1–2 characters), SKU and barcode ranges.
  ['products.list', { query: 'apple 123' }],
  ['products.list', { query: 'apple 123', category: 'Fruit', includeArchived: true }],
  ['products.list', { query: 'A-123' }],
  ['products.list', { query: '40012' }],
  ['products.list', { query: '9' }],
  ['products.list', { query: 'zq', includeArchived: true }],
  ['products.findByCode', { code: '4000001' }],
  ['products.findByCode', { code: 'A-1' }],
  ['orders.history', { id: 'x' }],
  ['audit.list', {}],
  ['audit.list', { type: 'payment.received' }],
  ['audit.list', { type: 'settings.updated' }],
  ['audit.types', {}],
  ['audit.list', { entity: 'order' }],
  ['audit.list', { entity: 'user' }],
  ['audit.list', { entity: 'user', type: 'user.created' }],
  ['audit.list', { entityId: 'x' }],
  ['audit.list', { from: '2026-01-01', to: '2026-01-31' }],
  ['cashSessions.list', {}],
  ['cashSessions.list', { registerId: 'register-1' }],
  ['cashSessions.list', { from: '2026-01-01', to: '2026-01-31' }],
  ['system.backups', {}],
  ['reports.x', { sessionId: 'plan-session' }],
  ['reports.zList', {}],
  ['reports.zList', { registerId: 'register-1' }],
  ['reports.zList', { from: '2026-01-01', to: '2026-01-31' }],
  ['reports.daySummary', { date: '2026-01-01' }],
  ['reports.dashboard', {}],
];

/** Every SELECT recorded since `recorded` was emptied is planned from an index. */
function expectNoFullScans(): void {
  expect(recorded.length).toBeGreaterThan(0);
  for (const { sql, params } of recorded) {
    // The audit chain's head: the last row along the rowid (seq), read backwards with LIMIT 1 ("SCAN events" stops at once).
    if (/from "events" order by "events"\."seq" desc limit \?$/i.test(sql.trim())) continue;
    const plan = (t.core.store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params.length > 0 ? params : [{}])) as { detail: string }[]).map((r) => r.detail);
    // "SCAN x" without an index reads the whole table; SCAN ... USING (COVERING) INDEX walks an index in order.
    // settings holds a handful of keys and is read whole on purpose; orders_search_pending holds
    // at most SEARCH_BATCH orders not yet in the search index, and a search reads them all.
    for (const d of plan) for (const m of d.matchAll(/USING (?:COVERING )?INDEX (\w+)/g)) used.add(m[1]!);
    // The audit list without a filter walks the trail from its newest entry and stops at the
    // page's end; the backups list reads the records of the kept backups (rotation removes the others).
    const walksFromNewest = /FROM events e .*ORDER BY e\.seq DESC LIMIT/s.test(sql) && !plan.some((d) => d.includes('TEMP B-TREE'));
    const tables = /^\s*SELECT name, kind, created_at AS createdAt, bytes FROM backups$/.test(sql) ? '|backups' : '';
    // A recursive query's own rows (WITH RECURSIVE v) are no table.
    const ctes = [...sql.matchAll(/WITH RECURSIVE (\w+)/g)].map((m) => `|${m[1]}`).join('');
    const allowed = new RegExp(`^SCAN (settings|orders_search_pending|CONSTANT ROW${tables}${ctes}${walksFromNewest ? '|e' : ''})$`);
    const fullScans = plan.filter((d) => /^SCAN \w+$/.test(d.trim()) && !allowed.test(d.trim()));
    expect(fullScans, `${sql}\n${plan.join('\n')}`).toEqual([]);
  }
}

// The returns of an invoice: each call's reads (the invoice's tenders and their refunds, its returned lines, its credit notes) from indexes.
const returnCalls: [string, () => [Method, Input<Method>]][] = [
  ['returns.returnable', () => ['returns.returnable', { invoiceId }]],
  ['returns.create to the tenders', () => ['returns.create', { invoiceId, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'plan' }], idempotencyKey: 'plan-return-1' }]],
  ['returns.receiptlessPrice', () => ['returns.receiptlessPrice', { productId }]],
  ['creditNotes.list', () => ['creditNotes.list', {}]],
  ['creditNotes.list by invoice', () => ['creditNotes.list', { invoiceId }]],
  ['creditNotes.list by number', () => ['creditNotes.list', { query: 'CN-000001' }]],
  ['creditNotes.list by invoice number', () => ['creditNotes.list', { query: 'INV-000001' }]],
  ['creditNotes.list by a register\'s number', () => ['creditNotes.list', { query: 'CN-R1-000001' }]],
  ['creditNotes.list by dates', () => ['creditNotes.list', { from: '2026-01-01', to: '2026-12-31' }]],
];

// Calls whose reads and writes find one record or one person's rows.
const detailCalls: [string, () => Promise<[Method, Input<Method>]>][] = [
  ['orders.history', async () => ['orders.history', { id: orderId }]],
  [
    'vouchers.get',
    async () => {
      const sold = await t.ok('vouchers.sell', { amount: 500, tenders: [{ method: 'card', amount: 500 }], idempotencyKey: 'plan-voucher' }, token);
      recorded.length = 0;
      return ['vouchers.get', { code: sold.voucher.code }];
    },
  ],
  [
    'users.setPassword (ends the user\'s sessions)',
    async () => {
      const user = await t.ok('users.create', { username: 'plan-user', displayName: 'Plan', role: 'cashier', password: 'plan-password-1' }, token);
      recorded.length = 0;
      return ['users.setPassword', { id: user.id, password: 'plan-password-2' }];
    },
  ],
  ['system.backup', async () => ['system.backup', {}]],
  // Its code must not be printed on earlier invoices or credit notes.
  ['registers.create', async () => ['registers.create', { code: 'PLAN-1', name: 'Plan' }]],
];

test.each(detailCalls)('%s is planned without a full table scan', async (_name, call) => {
  recorded.length = 0;
  const [method, input] = await call();
  const answer = await t.raw(method, input, token);
  expect(answer.ok, JSON.stringify(answer)).toBe(true);
  expectNoFullScans();
});

test('the daily backup (made, then the oldest rotated out) is planned without a full table scan', async () => {
  recorded.length = 0;
  expect(await t.core.services.backup.autoBackup()).not.toBeNull();
  expectNoFullScans();
});

test('a refused sign-in (counting the user\'s recent failures) is planned without a full table scan', async () => {
  recorded.length = 0;
  const answer = await t.raw('auth.login', { username: 'plan-nobody', password: 'not-the-password' });
  expect(answer.ok).toBe(false);
  expectNoFullScans();
});

test.each(returnCalls)('%s is planned without a full table scan', async (_name, call) => {
  recorded.length = 0;
  const [method, input] = call();
  const answer = await t.raw(method, input, token);
  expect(answer.ok, JSON.stringify(answer)).toBe(true);
  expectNoFullScans();
});

test.each(lists)('%s %j is planned without a full table scan', async (method, input) => {
  recorded.length = 0;
  const first = await t.raw(method, input, token);
  // A page with a cursor runs the keyset form of the query too.
  const cursor = first.ok ? (first.value as { nextCursor?: string | null }).nextCursor : null;
  if (cursor) await t.raw(method, { ...input, cursor, limit: 1 }, token);
  expectNoFullScans();
});

test('every index that is not a uniqueness rule is used by one of the queries above', () => {
  const indexes = t.core.store.sqlite
    .prepare<[], { name: string; unique: number }>("SELECT m.name, il.\"unique\" AS \"unique\" FROM sqlite_master m, pragma_index_list(m.tbl_name) il WHERE m.type = 'index' AND il.name = m.name")
    .all();
  const unused = indexes.filter((i) => i.unique === 0 && !used.has(i.name)).map((i) => i.name);
  expect(unused).toEqual([]);
});
