/**
 * orders.checkout under SIGKILL: the HTTP host runs as a child process on a temp data folder
 * while a driver sells with orders.checkout (two tenders each, cash with change) as fast as
 * it can; the host is killed at random moments and restarted on the same folder. An
 * interrupted sale is sent again with the same idempotency key half of the time (its answer
 * must then be the whole sale) and given up otherwise (it may have committed or not).
 *
 * Afterwards the file is read: every acknowledged sale is there, whole; every order in the
 * file is a whole sale (its invoice PAID, its payments adding up, its checkout row, each of
 * its audit events) or is absent, never half; order and invoice numbers have no gap; the
 * audit chain verifies.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { Output } from '../../shared/contract';
import { DB_FILE } from '../../electron/core/core';
import { tempDir } from '../support/core';
import { health, prepareServerProcess, rpc, rpcOk, startServerProcess, type PreparedServer, type ServerProcess } from '../support/server-process';
import { crashRandom, sleep } from '../support/crashRandom';

const KILLS = Number(process.env.TESSERA_CHECKOUT_KILLS ?? 8);
const { seed: SEED, random, between } = crashRandom();

const dir = tempDir('tessera-checkout-crash-');
let server: ServerProcess | null = null;
const warm: PreparedServer[] = [];

afterAll(async () => {
  await server?.kill();
  await Promise.all(warm.splice(0).map((p) => p.discard()));
  fs.rmSync(dir, { recursive: true, force: true });
});

type Sale = Output<'orders.checkout'>;

test(`every checkout is whole or absent after ${KILLS} SIGKILLs mid-checkout`, async () => {
  console.log(`checkout crash seed ${SEED} (TESSERA_CRASH_SEED=${SEED} replays the timings)`);
  server = await startServerProcess({ dataDir: dir });
  let base = server.base;
  let generation = 0;
  let nextHost: () => void = () => {};
  let hostUp = new Promise<void>((r) => (nextHost = r));
  const admin = (await rpcOk<{ token: string }>(base, 'auth.setup', { username: 'admin', displayName: 'Admin', password: 'correct horse battery' })).token;
  await rpcOk(base, 'users.create', { username: 'cashier', displayName: 'Cashier', role: 'cashier', password: 'cashier-password-1' }, admin);
  const cashier = (await rpcOk<{ token: string }>(base, 'auth.login', { username: 'cashier', password: 'cashier-password-1' })).token;

  const acked = new Map<string, Sale>();
  let abandoned = 0;
  let retried = 0;
  let stopping = false;
  let answeredSinceUp = false;

  async function sale(n: number): Promise<void> {
    const total = between(200, 90_000);
    const card = between(1, total - 1);
    const input = {
      lines: [{ name: `Crash item ${n}`, unitPrice: total, quantity: 1 }],
      tenders: [
        { method: 'card', amount: card },
        { method: 'cash', amount: total - card, tendered: total - card + between(0, 2000) },
      ],
      idempotencyKey: `crash-co-${n}`,
    };
    for (let attempt = 0; ; attempt++) {
      const gen = generation;
      try {
        const r = await rpc(base, 'orders.checkout', input, cashier, 20_000);
        answeredSinceUp = true;
        if (!r.body.ok) throw new Error(`orders.checkout ${n}: ${r.body.error.code} ${r.body.error.message}`);
        const value = r.body.value as Sale;
        expect(value.order.status).toBe('FULFILLED');
        expect(value.invoice.status).toBe('PAID');
        acked.set(input.idempotencyKey, value);
        return;
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('orders.checkout')) throw err;
        // The host went away mid-call: wait for the next one, then retry or give the sale up.
        while (generation === gen) await hostUp;
        if (random() < 0.5) {
          abandoned += 1;
          return;
        }
        retried += 1;
      }
    }
  }

  for (let i = 0; i < Math.min(4, KILLS); i++) warm.push(prepareServerProcess({ dataDir: dir }));
  const driver = (async () => {
    let n = 0;
    while (!stopping) await sale(++n);
    return n;
  })();
  driver.catch(() => {});
  try {
    for (let k = 0; k < KILLS; k++) {
      // Wait until the current host has answered a sale, then kill it 20–300 ms later.
      while (!answeredSinceUp) await Promise.race([sleep(5), driver]);
      await Promise.race([sleep(between(20, 300)), driver]);
      const next = warm.shift() ?? prepareServerProcess({ dataDir: dir });
      if (k + warm.length + 1 < KILLS) warm.push(prepareServerProcess({ dataDir: dir }));
      await server.kill();
      server = await next.start();
      expect((await health(server.base)).body.status).toBe('ok');
      base = server.base;
      answeredSinceUp = false;
      generation += 1;
      nextHost();
      hostUp = new Promise<void>((r) => (nextHost = r));
    }
  } finally {
    stopping = true;
  }
  await driver;
  const verify = await rpcOk<{ ok: boolean; entries: number }>(base, 'audit.verify', {}, admin);
  expect(verify.ok).toBe(true);
  await server.kill();
  server = null;

  const db = new Database(path.join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    type Row = Record<string, string | number | null>;
    const orders = db.prepare('SELECT * FROM orders ORDER BY number').all() as Row[];
    const checkouts = new Map((db.prepare('SELECT * FROM checkouts').all() as Row[]).map((c) => [c.order_id as string, c]));
    const invoiceOf = db.prepare('SELECT * FROM invoices WHERE order_id = ?');
    const paymentsOf = db.prepare("SELECT * FROM payments WHERE order_id = ? AND kind = 'payment' ORDER BY rowid");
    const eventsOf = db.prepare(
      `SELECT type FROM events WHERE (entity = 'order' AND entity_id = @order) OR (entity = 'invoice' AND entity_id = @invoice)
       OR (entity = 'payment' AND entity_id IN (SELECT id FROM payments WHERE order_id = @order)) ORDER BY seq`,
    );

    // Every order in the file is a whole sale: no order without its invoice, payments, key and events.
    for (const o of orders) {
      const label = `order ${o.number}`;
      const checkout = checkouts.get(o.id as string);
      expect(checkout, `${label} has its checkout row`).toBeDefined();
      expect(o.status, label).toBe('FULFILLED');
      const inv = invoiceOf.get(o.id) as Row | undefined;
      expect(inv, `${label} has its invoice`).toMatchObject({ status: 'PAID', total: o.total, amount_paid: o.total });
      const pays = paymentsOf.all(o.id) as Row[];
      expect(pays, label).toHaveLength(2);
      expect(pays.reduce((sum, p) => sum + (p.amount as number), 0), label).toBe(o.total);
      expect(checkout!.change, label).toBe(pays[1]!.change);
      expect((eventsOf.all({ order: o.id, invoice: inv!.id }) as { type: string }[]).map((e) => e.type), label).toEqual([
        'order.created',
        'order.processing',
        'invoice.issued',
        'payment.received',
        'payment.received',
        'invoice.paid',
        'order.fulfilled',
      ]);
    }
    expect(checkouts.size).toBe(orders.length);

    // Every acknowledged sale is there, as acknowledged.
    const byId = new Map(orders.map((o) => [o.id as string, o]));
    for (const [key, sale] of acked) {
      expect(byId.get(sale.order.id), `acknowledged ${key}`).toMatchObject({ total: sale.order.total, status: 'FULFILLED' });
      expect(checkouts.get(sale.order.id)).toMatchObject({ idempotency_key: key, change: sale.change });
    }

    // Numbers without a gap: a sale rolled back by a kill used none.
    const numbers = orders.map((o) => o.number as number);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const seqs = (db.prepare('SELECT seq FROM invoices ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    console.log(`checkout crash: ${KILLS} kills; ${acked.size} sales acknowledged, ${orders.length} in the file; ${retried} retried, ${abandoned} given up; ${verify.entries} audit entries verified`);
    expect(acked.size).toBeGreaterThan(0);
  } finally {
    db.close();
  }
}, 240_000);
