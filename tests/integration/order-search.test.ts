// The order search text is indexed in batches: an order must be found the moment it is
// written, while it waits and after it went into the full-text index, by the order and
// invoice lists alike; edits, deletes and restarts must never lose or duplicate it.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Order } from '../../shared/contract';
import { SEARCH_BATCH, SEARCH_IDLE_MS } from '../../electron/core/services/orderSearch';
import { startCore } from '../support/core';
import { count, openSalesStore, order, type SalesStore } from '../support/sales';

let s: SalesStore;
beforeEach(async () => {
  s = await openSalesStore('in-process');
});
afterEach(() => s.close());

const waiting = () => count(s, 'SELECT count(*) AS n FROM orders_search_pending');
const indexed = () => count(s, 'SELECT count(*) AS n FROM orders_search_docsize');
const found = async (query: string, token = s.support) => (await s.t.ok('orders.list', { query, limit: 500 }, token)).items.map((o) => o.number).sort((a, b) => a - b);
/** The idle timer's step on the store's clock: not indexed a moment too early, indexed once the idle time has passed. */
function indexedWhenIdle(): void {
  const search = s.t.core.services.orders.search;
  const before = waiting();
  s.t.clock.advance(SEARCH_IDLE_MS - 1);
  search.idleTick();
  expect(waiting()).toBe(before);
  s.t.clock.advance(1);
  search.idleTick();
  expect(waiting()).toBe(0);
}

describe('order search indexed in batches', () => {
  test('a new order is found at once, and still after the idle moment put it into the index', async () => {
    const o = await order(s, { customer: { name: 'Zoë Quartermaine' }, lines: [{ name: 'Flat white', unitPrice: 350, quantity: 1 }] });
    expect(waiting()).toBe(1);
    for (const q of ['quarter', 'ZOË QUA', 'flat white', 'zo']) expect(await found(q), q).toEqual([o.number]);
    indexedWhenIdle();
    expect(indexed()).toBe(1);
    for (const q of ['quarter', 'ZOË QUA', 'flat white', 'zo']) expect(await found(q), q).toEqual([o.number]);
    expect(await found('nobody like this')).toEqual([]);
  });

  test(`${SEARCH_BATCH} orders in a row go into the index without an idle moment; each is found once`, async () => {
    const made: Order[] = [];
    for (let i = 0; i < SEARCH_BATCH + 10; i++) made.push(await order(s, { customer: { name: `Guest ${String(i).padStart(3, '0')} Lindqvist` } }));
    expect(waiting()).toBe(10);
    expect(indexed()).toBe(SEARCH_BATCH);
    expect(await found('lindqvist')).toEqual(made.map((o) => o.number));
    expect(await found('guest 007 ')).toEqual([made[7]!.number]);
    expect(await found(`guest ${SEARCH_BATCH + 3} `)).toEqual([made[SEARCH_BATCH + 3]!.number]);
  });

  test('an edit replaces the text and a delete removes it, whether it waits or is indexed', async () => {
    const early = await order(s, { customer: { name: 'Early Bird' }, lines: [{ name: 'Quince jam', unitPrice: 400, quantity: 1 }] });
    indexedWhenIdle();
    const late = await order(s, { customer: { name: 'Late Owl' }, lines: [{ name: 'Quince tart', unitPrice: 500, quantity: 1 }] });
    expect(await found('quince')).toEqual([early.number, late.number]);

    for (const o of [early, late]) {
      await s.t.ok('orders.update', { id: o.id, version: o.version, lines: [{ name: `Medlar ${o.number}`, unitPrice: 300, quantity: 1 }] }, s.cashier);
    }
    expect(await found('quince')).toEqual([]);
    expect(await found('medlar')).toEqual([early.number, late.number]);
    expect(await found('early bird')).toEqual([early.number]);

    await s.t.ok('orders.delete', { id: early.id }, s.cashier);
    expect(await found('medlar')).toEqual([late.number]);
    indexedWhenIdle();
    expect(indexed()).toBe(1);
    await s.t.ok('orders.delete', { id: late.id }, s.cashier);
    expect(await found('medlar')).toEqual([]);
    expect(indexed()).toBe(0);
  });

  test('the invoice list finds an invoice by its waiting order’s customer', async () => {
    const o = await order(s, { customer: { name: 'Marguerite Okonkwo' } });
    const invoice = await s.t.ok('invoices.generate', { orderId: o.id }, s.cashier);
    expect(waiting()).toBe(1);
    expect((await s.t.ok('invoices.list', { query: 'okonkwo' }, s.support)).items.map((i) => i.id)).toEqual([invoice.id]);
  });

  test('orders still waiting when the store closes are indexed at the next start and found once', async () => {
    const o = await order(s, { customer: { name: 'Ingrid Halvorsen' } });
    const dir = s.t.dir;
    await s.t.close();
    s.t = await startCore('in-process', { dir });
    expect(waiting()).toBe(0);
    expect(indexed()).toBe(1);
    expect(await found('halvorsen')).toEqual([o.number]);
  });

  test('the index is never merged inside a write: automerge is off, the segments wait for idle steps, and a write in between makes them wait again', async () => {
    const sqlite = s.t.core.store.sqlite;
    const search = s.t.core.services.orders.search;
    expect(sqlite.prepare("SELECT v FROM orders_search_config WHERE k = 'automerge'").pluck().get()).toBe(0);
    const segments = () => count(s, 'SELECT count(DISTINCT segid) AS n FROM orders_search_idx');
    const made: Order[] = [];
    for (let i = 0; i < SEARCH_BATCH * 6; i++) made.push(await order(s, { customer: { name: `Guest ${i} Oyelaran` } }));
    // One segment per batch: FTS5's automerge (4 on a level) would have merged them in a sale.
    expect(segments()).toBeGreaterThanOrEqual(6);
    // Not idle yet: nothing merges.
    search.idleTick();
    expect(segments()).toBeGreaterThanOrEqual(6);
    s.t.clock.advance(SEARCH_IDLE_MS);
    search.idleTick();
    const afterOne = segments();
    // A sale in between: the steps wait for the next idle moment.
    made.push(await order(s, { customer: { name: 'Guest late Oyelaran' } }));
    search.idleTick();
    expect(segments()).toBe(afterOne);
    s.t.clock.advance(SEARCH_IDLE_MS);
    for (let step = 0; step < 200; step++) search.idleTick();
    expect(segments()).toBeLessThanOrEqual(3);
    // Still found, each once, from the first batch to the last order.
    for (const i of [0, 300, SEARCH_BATCH * 6 - 1]) expect(await found(`guest ${i} oyelaran`)).toEqual([made[i]!.number]);
    expect(await found('guest late')).toEqual([made.at(-1)!.number]);
    expect(count(s, 'SELECT count(*) AS n FROM orders_search_docsize')).toBe(made.length);
  });
});
