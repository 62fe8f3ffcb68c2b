/**
 * Fixtures for the sales tests (products, orders, invoices, payments): a signed-in store
 * with one user per role, products, invoiced and paid orders, and readers of the raw
 * SQLite rows (events, row counts) to check what a call wrote or did not write.
 *
 * Signing in costs an argon2 hash per user, so the users are made once per test file in a
 * template database; every store is a copy of that file (a fresh SQLite file, the same
 * users and still-valid sessions, like a restarted app).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Input, Invoice, Order, Payment, Product, PushEvent } from '../../shared/contract';
import { DB_FILE } from '../../electron/core/core';
import { getTableName, gt } from 'drizzle-orm';
import { counters, events, invoices, orderLines, orders, payments, products, users } from '../../electron/core/db/schema';
import type { TestHooks } from '../../electron/core/services/deps';
import type { EventEntry } from '../../electron/core/services/events';
import { manualClock, setupAdmin, startCore, tempDir, userWithRole, type TestCore, type Transport } from './core';

export const transports = ['in-process', 'http'] as const satisfies readonly Transport[];

/** Every store starts at this instant (UTC) with a manual clock. */
export const START = Date.parse('2026-06-01T09:00:00.000Z');
export const MINUTE = 60_000;

type RoleName = 'admin' | 'manager' | 'cashier' | 'support';

export interface SalesStore {
  t: TestCore;
  /** Session tokens per role. */
  admin: string;
  manager: string;
  cashier: string;
  support: string;
  /** User ids per role (for createdBy / actor checks). */
  userId: Record<RoleName, string>;
  close(): Promise<void>;
}

interface Template {
  dir: string;
  tokens: Record<RoleName, string>;
  userId: Record<RoleName, string>;
}

let template: Promise<Template> | null = null;

async function buildTemplate(): Promise<Template> {
  const t = await startCore('in-process', { clock: manualClock(START) });
  const admin = await setupAdmin(t);
  const tokens: Record<RoleName, string> = {
    admin,
    manager: await userWithRole(t, admin, 'manager'),
    cashier: await userWithRole(t, admin, 'cashier'),
    support: await userWithRole(t, admin, 'support'),
  };
  const userId = {} as Record<RoleName, string>;
  for (const role of Object.keys(tokens) as RoleName[]) userId[role] = (await t.ok('auth.me', {}, tokens[role])).id;
  await t.close();
  return { dir: t.dir, tokens, userId };
}

/** A fresh store (its own SQLite file) with an admin, manager1, cashier1 and support1 signed in. */
export async function openSalesStore(transport: Transport, opts: { hooks?: TestHooks } = {}): Promise<SalesStore> {
  const tpl = await (template ??= buildTemplate());
  const dir = tempDir('tessera-sales-');
  for (const suffix of ['', '-wal', '-shm']) {
    const from = path.join(tpl.dir, DB_FILE + suffix);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dir, DB_FILE + suffix));
  }
  const t = await startCore(transport, { dir, clock: manualClock(START), hooks: opts.hooks });
  return {
    t,
    ...tpl.tokens,
    userId: tpl.userId,
    async close() {
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The store's clock as the ISO text the core writes. */
export function nowIso(s: SalesStore): string {
  return new Date(s.t.clock()).toISOString();
}

/** Moves the clock forward, touching every session on the way so none goes idle. */
export async function advance(s: SalesStore, ms: number): Promise<void> {
  let left = ms;
  while (left > 0) {
    const step = Math.min(left, 20 * MINUTE);
    s.t.clock.advance(step);
    left -= step;
    for (const token of [s.admin, s.manager, s.cashier, s.support]) await s.t.ok('auth.me', {}, token);
  }
}

// ---- fixtures ----

let seq = 0;
/** A value unique within the test run (SKUs, idempotency keys, client request ids). */
export function unique(prefix: string): string {
  seq += 1;
  return `${prefix}-${seq}`;
}

export async function product(s: SalesStore, input: Partial<Input<'products.create'>> = {}): Promise<Product> {
  return s.t.ok('products.create', { sku: unique('SKU'), name: 'Widget', unitPrice: 1000, taxRateBp: 2000, ...input }, s.admin);
}

/** One custom line of 10.00 at 20 %: subtotal 1000, tax 200, total 1200. */
export const widgetLine = { name: 'Widget', unitPrice: 1000, taxRateBp: 2000, quantity: 1 } as const;

export async function order(s: SalesStore, input: Partial<Input<'orders.create'>> = {}, token = s.cashier): Promise<Order> {
  return s.t.ok('orders.create', { lines: [widgetLine], ...input }, token);
}

/** A RECEIVED order and its PENDING invoice (the order is then PROCESSING). */
export async function invoiced(s: SalesStore, input: Partial<Input<'orders.create'>> = {}, token = s.cashier): Promise<{ order: Order; invoice: Invoice }> {
  const created = await order(s, input, token);
  const invoice = await s.t.ok('invoices.generate', { orderId: created.id }, token);
  return { order: await s.t.ok('orders.get', { id: created.id }, token), invoice };
}

export async function pay(
  s: SalesStore,
  invoiceId: string,
  amount: number,
  extra: Partial<Input<'payments.pay'>> = {},
  token = s.cashier,
): Promise<{ payment: Payment; invoice: Invoice; order: Order }> {
  return s.t.ok('payments.pay', { invoiceId, method: 'cash', amount, idempotencyKey: unique('pay'), ...extra }, token);
}

/** An invoiced order paid in full (cash): the invoice is PAID and the order FULFILLED. */
export async function paidOrder(s: SalesStore, input: Partial<Input<'orders.create'>> = {}): Promise<{ order: Order; invoice: Invoice; payment: Payment }> {
  const { invoice } = await invoiced(s, input);
  return pay(s, invoice.id, invoice.total);
}

// ---- the raw rows ----

/** An audit entry as the event log wrote it, with its sequence number. */
export type EventRow = EventEntry & { seq: number };

export function lastSeq(s: SalesStore): number {
  return (s.t.core.store.sqlite.prepare('SELECT coalesce(max(seq), 0) AS n FROM events').get() as { n: number }).n;
}

/** Events after `afterSeq`, oldest first, with before/after parsed. */
export function eventsSince(s: SalesStore, afterSeq: number): EventRow[] {
  const rows = s.t.core.store.orm.select().from(events).where(gt(events.seq, afterSeq)).orderBy(events.seq).all();
  return rows.map(({ seq, at, actor, type, entity, entityId, before, after }) => ({
    seq,
    at,
    actor,
    type,
    entity,
    entityId,
    before: before === null ? null : JSON.parse(before),
    after: after === null ? null : JSON.parse(after),
  }));
}

/** The types of the events after `afterSeq`, leaving out sign-in bookkeeping. */
export function eventTypesSince(s: SalesStore, afterSeq: number): string[] {
  return eventsSince(s, afterSeq)
    .map((e) => e.type)
    .filter((type) => !type.startsWith('auth.'));
}

const TABLES = [products, orders, orderLines, invoices, payments, events, counters, users].map((table) => getTableName(table));

/** The push events published while `fn` runs, and its result. */
export async function published<T>(s: SalesStore, fn: () => Promise<T>): Promise<{ result: T; events: PushEvent[] }> {
  const events: PushEvent[] = [];
  const unsubscribe = s.t.core.bus.subscribe((e) => events.push(e));
  try {
    return { result: await fn(), events };
  } finally {
    unsubscribe();
  }
}

/** Row counts of the business tables, plus the content of the counters. */
export function snapshot(s: SalesStore) {
  const db = s.t.core.store.sqlite;
  const counts = Object.fromEntries(TABLES.map((table) => [table, (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]));
  const counters = db.prepare('SELECT name, value FROM counters ORDER BY name').all();
  return { counts, counters };
}

/** Runs a call that must be rejected and checks that it wrote nothing: no rows, no events, counters unchanged. */
export async function expectNoWrites<T>(s: SalesStore, call: () => Promise<T>): Promise<T> {
  const before = snapshot(s);
  const seqBefore = lastSeq(s);
  const result = await call();
  expect(snapshot(s)).toEqual(before);
  expect(lastSeq(s)).toBe(seqBefore);
  return result;
}

export function count(s: SalesStore, sql: string, ...params: unknown[]): number {
  return (s.t.core.store.sqlite.prepare(sql).get(...params) as { n: number }).n;
}

/** The paths of the issues in a VALIDATION error's details. */
export function issuePaths(error: { details?: unknown }): (string | number)[][] {
  const issues = (error.details as { issues?: { path: (string | number)[] }[] } | undefined)?.issues ?? [];
  return issues.map((i) => i.path);
}

/** Walks a keyset-paged list to the end; fails if it does not end within `maxPages`. */
export async function allPages<T extends { id: string }>(
  fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  maxPages = 100,
): Promise<{ items: T[]; pages: T[][] }> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetch(cursor);
    pages.push(page.items);
    if (page.nextCursor === null) return { items: pages.flat(), pages };
    cursor = page.nextCursor;
  }
  throw new Error(`the list did not end within ${maxPages} pages`);
}
