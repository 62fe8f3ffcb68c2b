/**
 * Crash safety with real processes. The HTTP host runs as a child process on a temp data
 * folder; a driver here runs sales (orders.create → invoices.generate → payments.pay in
 * full) over HTTP as fast as it can, while the host is SIGKILLed at random moments 20
 * times and restarted on the same folder. Like a real client, the driver retries an
 * interrupted call after the restart with the same clientRequestId / idempotency key
 * (a retried invoices.generate that answers CONFLICT means the first attempt committed:
 * the driver then reads the invoice with invoices.getByOrder).
 *
 * Afterwards, with the host stopped, the SQLite file is opened read-only and checked:
 * every acknowledged order, invoice and payment is there; no invoice is PAID without its
 * payments and a FULFILLED order; amounts paid = payments − refunds; invoice numbers have
 * no gap; one order per clientRequestId, one payment per key; integrity and foreign keys
 * clean.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { Invoice, Order, Payment } from '../../shared/contract';
import { DB_FILE } from '../../electron/core/core';
import { LOCK_FILE } from '../../electron/core/dataLock';
import type { Envelope } from '../../shared/errors';
import { tempDir } from '../support/core';
import { health, prepareServerProcess, rpc, rpcOk, startServerProcess, type PreparedServer, type ServerProcess } from '../support/server-process';
import { crashRandom, sleep } from '../support/crashRandom';

const KILLS = Number(process.env.TESSERA_CRASH_KILLS ?? 20);
const { seed: SEED, random, between } = crashRandom();

const dir = tempDir('tessera-crash-');
let server: ServerProcess | null = null;
/**
 * The next hosts' processes, spawned ahead so they load their code while the current one
 * serves; each opens the data folder only when started. Loading is most of a start's time.
 */
const warm: PreparedServer[] = [];
const WARM = 6;

afterAll(async () => {
  await server?.kill();
  await Promise.all(warm.splice(0).map((p) => p.discard()));
  if (process.env.TESSERA_KEEP_CRASH_DIR) console.log(`crash test data folder kept: ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
});

/** The host as the driver sees it: its address, and a promise of the next one after a restart. */
class Host {
  generation = 0;
  base = '';
  private next!: () => void;
  private nextUp: Promise<void> = this.reset();

  private reset(): Promise<void> {
    return (this.nextUp = new Promise<void>((resolve) => (this.next = resolve)));
  }

  up(base: string): void {
    this.base = base;
    this.generation += 1;
    const wake = this.next;
    this.reset();
    wake();
  }

  /** Resolves once a host newer than `generation` is up. */
  async after(generation: number): Promise<void> {
    while (this.generation <= generation) await this.nextUp;
  }

  private answeredGen = 0;
  private onAnswer: (() => void) | null = null;

  /** The driver got an answer from the host of `generation`. */
  answered(generation: number): void {
    if (generation <= this.answeredGen) return;
    this.answeredGen = generation;
    this.onAnswer?.();
  }

  /** Resolves once the current host has answered a call (it serves, not only listens). */
  async serving(): Promise<void> {
    while (this.answeredGen < this.generation) await new Promise<void>((resolve) => (this.onAnswer = resolve));
  }
}

interface Acked {
  orders: Map<string, Order>;
  invoices: Map<string, Invoice>;
  payments: Map<string, Payment>;
}

test(`every acknowledged sale survives ${KILLS} SIGKILLs of the HTTP host`, async () => {
  const started = Date.now();
  console.log(`crash test seed ${SEED} (TESSERA_CRASH_SEED=${SEED} replays the timings)`);
  const host = new Host();
  server = await startServerProcess({ dataDir: dir });
  host.up(server.base);
  const admin = (await rpcOk<{ token: string }>(host.base, 'auth.setup', { username: 'admin', displayName: 'Admin', password: 'correct horse battery' })).token;
  await rpcOk(host.base, 'users.create', { username: 'cashier', displayName: 'Cashier', role: 'cashier', password: 'cashier-password-1' }, admin);
  const cashier = (await rpcOk<{ token: string }>(host.base, 'auth.login', { username: 'cashier', password: 'cashier-password-1' })).token;

  const acked: Acked = { orders: new Map(), invoices: new Map(), payments: new Map() };
  /** Sale numbers fully acknowledged (payment answered) before each kill. */
  const ackedAtKill: number[] = [];
  let interrupted = 0;
  let recoveredInvoices = 0;
  let stopping = false;

  /**
   * One call, retried after a restart when the connection fails. Returns the envelope and
   * whether an earlier attempt was interrupted (its outcome unknown to the client).
   */
  async function call(method: string, input: unknown, token: string): Promise<{ answer: Envelope<unknown>; retried: boolean }> {
    let retried = false;
    for (;;) {
      const generation = host.generation;
      try {
        const r = await rpc(host.base, method, input, token, 20_000);
        host.answered(generation);
        return { answer: r.body, retried };
      } catch {
        // The host went away mid-call (or before it): wait for the next one and send it again.
        interrupted += 1;
        retried = true;
        await host.after(generation);
      }
    }
  }

  function must<T>(method: string, answer: Envelope<unknown>): T {
    if (!answer.ok) throw new Error(`${method} failed: ${answer.error.code} ${answer.error.message}`);
    return answer.value as T;
  }

  let sales = 0;
  async function sale(n: number): Promise<void> {
    const lines = Array.from({ length: between(1, 3) }, (_, i) => ({
      name: `Item ${n}.${i}`,
      unitPrice: between(1, 50_000),
      taxRateBp: [0, 700, 2000][between(0, 2)]!,
      quantity: between(1, 3),
    }));
    const created = await call('orders.create', { lines, clientRequestId: `crash-order-${n}` }, cashier);
    const order = must<Order>('orders.create', created.answer);
    acked.orders.set(order.id, order);

    const generated = await call('invoices.generate', { orderId: order.id }, cashier);
    let invoice: Invoice;
    if (!generated.answer.ok && generated.answer.error.code === 'CONFLICT' && generated.retried) {
      // The interrupted attempt committed; the invoice is there.
      recoveredInvoices += 1;
      invoice = must<Invoice>('invoices.getByOrder', (await call('invoices.getByOrder', { orderId: order.id }, cashier)).answer);
    } else {
      invoice = must<Invoice>('invoices.generate', generated.answer);
    }
    expect(invoice.orderId).toBe(order.id);
    expect(invoice.total).toBe(order.total);
    acked.invoices.set(invoice.id, invoice);

    const method = random() < 0.5 ? 'cash' : 'card';
    const paid = await call('payments.pay', { invoiceId: invoice.id, method, amount: invoice.total, idempotencyKey: `crash-pay-${n}` }, cashier);
    const value = must<{ payment: Payment; invoice: Invoice; order: Order }>('payments.pay', paid.answer);
    expect(value.invoice.status).toBe('PAID');
    expect(value.order.status).toBe('FULFILLED');
    acked.payments.set(value.payment.id, value.payment);
    sales += 1;
  }

  for (let i = 0; i < Math.min(WARM, KILLS); i++) warm.push(prepareServerProcess({ dataDir: dir }));
  const driver = (async () => {
    let n = 0;
    while (!stopping) await sale(++n);
    return n;
  })();
  driver.catch(() => {}); // awaited below; this only keeps a failure from being reported twice

  let kills = 0;
  const downtimes: number[] = [];
  try {
    for (let k = 0; k < KILLS; k++) {
      // A random moment 50–400 ms after the host (the first one, or the one restarted) answered the driver.
      await Promise.race([host.serving(), driver]);
      await Promise.race([sleep(between(50, 400)), driver]);
      ackedAtKill.push(sales);
      const next = warm.shift() ?? prepareServerProcess({ dataDir: dir });
      if (k + warm.length + 1 < KILLS) warm.push(prepareServerProcess({ dataDir: dir }));
      const down = Date.now();
      await server.kill();
      kills += 1;
      server = await next.start();
      // The start found the database sound: after a kill it checks the whole file before opening it
      // (a damaged one is served as the recovery screen only).
      const h = await health(server.base);
      expect(h, `after kill ${kills}: ${server.output()}`).toMatchObject({ status: 200, body: { status: 'ok' } });
      host.up(server.base);
      downtimes.push(Date.now() - down);
    }
  } finally {
    stopping = true;
  }
  const started_ = await driver;
  await server.kill();
  server = null;

  // Every restart took the folder from a SIGKILLed owner: the kernel's lock went with it and
  // the lock file stayed (nobody deleted it). What the kills and restarts left is private.
  expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
  if (process.platform !== 'win32') {
    expect((fs.statSync(dir).mode & 0o777).toString(8)).toBe('700');
    for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, LOCK_FILE]) {
      expect(`${f} ${(fs.statSync(path.join(dir, f)).mode & 0o777).toString(8)}`).toBe(`${f} 600`);
    }
  }

  // ---- the host is stopped: read the file ----
  const db = new Database(path.join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);

    type OrderRow = { id: string; status: string; total: number; invoice_id: string | null; client_request_id: string | null };
    type InvoiceRow = { id: string; seq: number; number: string; order_id: string; status: string; total: number; amount_paid: number };
    type PaymentRow = { id: string; invoice_id: string; order_id: string; kind: string; amount: number; idempotency_key: string | null };
    const orders = new Map((db.prepare('SELECT * FROM orders').all() as OrderRow[]).map((r) => [r.id, r]));
    const invoices = new Map((db.prepare('SELECT * FROM invoices').all() as InvoiceRow[]).map((r) => [r.id, r]));
    const payments = new Map((db.prepare('SELECT * FROM payments').all() as PaymentRow[]).map((r) => [r.id, r]));

    // Every acknowledged row is there, as it was acknowledged.
    for (const [id, o] of acked.orders) expect(orders.get(id), `acknowledged order ${o.number}`).toMatchObject({ total: o.total, client_request_id: expect.any(String) });
    for (const [id, i] of acked.invoices) expect(invoices.get(id), `acknowledged invoice ${i.number}`).toMatchObject({ number: i.number, order_id: i.orderId, total: i.total });
    for (const [id, p] of acked.payments) {
      expect(payments.get(id), `acknowledged payment ${id}`).toMatchObject({ invoice_id: p.invoiceId, amount: p.amount, kind: 'payment' });
      expect(invoices.get(p.invoiceId ?? '')?.status).toBe('PAID');
      expect(orders.get(p.orderId ?? '')?.status).toBe('FULFILLED');
    }

    // One order per clientRequestId, one payment per idempotency key: retries made no doubles.
    expect(new Set([...orders.values()].map((o) => o.client_request_id)).size).toBe(orders.size);
    const keyed = [...payments.values()].filter((p) => p.idempotency_key !== null);
    expect(new Set(keyed.map((p) => p.idempotency_key)).size).toBe(keyed.length);
    // The driver finished every sale it started, so every order is paid in full exactly once.
    expect(orders.size).toBe(started_);
    expect(invoices.size).toBe(started_);
    expect(payments.size).toBe(started_);

    // Money adds up, PAID only with its payments and a FULFILLED (or later) order.
    const net = new Map<string, number>();
    for (const p of payments.values()) net.set(p.invoice_id, (net.get(p.invoice_id) ?? 0) + (p.kind === 'refund' ? -p.amount : p.amount));
    for (const inv of invoices.values()) {
      const order = orders.get(inv.order_id)!;
      expect(order.invoice_id).toBe(inv.id);
      expect(inv.amount_paid, `invoice ${inv.number} amount_paid`).toBe(net.get(inv.id) ?? 0);
      if (inv.status === 'PAID') {
        expect(net.get(inv.id), `${inv.number} is PAID`).toBe(inv.total);
        expect(['FULFILLED', 'SHIPPED', 'DELIVERED']).toContain(order.status);
      }
    }

    // Invoice numbers 1..N without a gap, each number its sequence.
    const seqs = [...invoices.values()].map((i) => i.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    for (const inv of invoices.values()) expect(inv.number).toBe(`INV-${String(inv.seq).padStart(6, '0')}`);

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `crash test: ${kills} kills survived; ${acked.payments.size} sales acknowledged (${ackedAtKill.at(-1) ?? 0} before the last kill), ` +
        `${orders.size} sales checked in the file; ${interrupted} interrupted calls retried, ${recoveredInvoices} invoices found committed on retry; ` +
        `restart (kill to ready) ${Math.round(downtimes.reduce((a, b) => a + b, 0) / Math.max(1, downtimes.length))} ms on average; ${seconds} s`,
    );
    expect(kills).toBe(KILLS);
    expect(acked.payments.size).toBeGreaterThan(0);
  } finally {
    db.close();
  }
}, 300_000);
