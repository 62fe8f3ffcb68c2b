/**
 * The soak: for BENCH_SOAK_SECONDS (60), two clients sell back to back (orders.checkout over
 * HTTP) while a third, every 0.5 s, reads the orders list, looks the latest invoice up by its
 * number and makes its PDF. (Not the unfiltered invoices list: its summary reads every invoice,
 * over 100 ms on a store of 200,000, a stall of its own that would hide the PDFs'.) Per minute: the sales' p50/p99, errors, the PDFs' and lists' times, the longest the
 * host's thread was held (event-loop delay), its resident memory and the WAL's size.
 * It runs twice on the same store, the PDFs drawn on the core's own thread and then on its PDF
 * worker, side by side. The host is a process of its own (soakHost.ts), as `tessera serve` is.
 * Run alone on a small store: `node --import tsx bench/soak.ts` (BENCH_ORDERS, default 20,000).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Input, Method, Output } from '../shared/contract';
import { lineAmounts, sumAmounts } from '../shared/domain/money';
import { DB_FILE } from '../electron/core/core';
import { runAlone, type Figure } from './alone';
import { keepAlive, rpc } from './http';
import type { SoakHostMessage, SoakPdf } from './soakHost';
import { round, summarize, type Timing } from './stats';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const READ_EVERY_MS = 500;
const SAMPLE_EVERY_MS = 1000;
/** What the PDF worker must give a sale: the issue's target for the same soak. */
const TARGET_P99_MS = 15;

interface Client {
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  close(): void;
}

/** A signed-in client on a kept-alive connection of its own, as a till's browser is. */
async function signIn(url: string, user: { username: string; password: string }): Promise<Client> {
  const agent = keepAlive();
  const { token } = await rpc(agent, url, null, 'auth.login', user);
  return { call: (method, input) => rpc(agent, url, token, method, input), close: () => agent.destroy() };
}

function startHost(dataDir: string, pdf: SoakPdf): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(path.join(import.meta.dirname, 'soakHost.ts'), [dataDir, pdf], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TESSERA_LOG: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: SoakHostMessage) => (m.type === 'ready' ? resolve({ child, url: m.url }) : reject(new Error('the soak host did not start'))));
    child.once('exit', (code) => reject(new Error(`the soak host exited with ${code}`)));
  });
}

function hostSample(child: ChildProcess): Promise<{ rss: number; heldMs: number; cpuWaitMs: number }> {
  return new Promise((resolve) => {
    const hear = (m: SoakHostMessage) => {
      if (m.type !== 'sample') return;
      child.off('message', hear);
      resolve(m);
    };
    child.on('message', hear);
    child.send('sample');
  });
}

function stopHost(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.send('stop');
  });
}

interface Minute {
  sales: number[];
  errors: number;
  pdfs: number[];
  lists: number[];
  heldMs: number;
  /** What the host's thread waited for a CPU, in ms per second (the machine's other load). */
  cpuWaitMs: number[];
  rssMiB: number;
  walMiB: number;
}

export interface SoakRun {
  pdf: SoakPdf;
  minutes: (Omit<Minute, 'sales' | 'pdfs' | 'lists' | 'cpuWaitMs'> & { sales: Timing; pdf: Timing; lists: Timing; cpuWaitMs: number })[];
  sales: Timing;
  errors: number;
}

/** Sale lines from the store's products, and the total a cash tender must cover. */
function saleOf(products: Output<'products.list'>['items'], i: number): { lines: Input<'orders.checkout'>['lines']; total: number } {
  const picked = [0, 1, 2].map((k) => ({ product: products[(i * 7 + k * 13) % products.length]!, quantity: 1 + k }));
  const total = sumAmounts(picked.map(({ product, quantity }) => lineAmounts({ unitPrice: product.unitPrice, quantity, taxRateBp: product.taxRateBp }))).total;
  return { lines: picked.map(({ product, quantity }) => ({ productId: product.id, quantity })), total };
}

async function soakOnce(dataDir: string, user: { username: string; password: string }, pdf: SoakPdf): Promise<SoakRun> {
  const host = await startHost(dataDir, pdf);
  const wal = path.join(dataDir, `${DB_FILE}-wal`);
  const [seller1, seller2, reader] = [await signIn(host.url, user), await signIn(host.url, user), await signIn(host.url, user)];
  const products = (await reader.call('products.list', { limit: 50 })).items;
  const lastInvoices: { id: string; number: string }[] = [];
  let n = 0;
  const sell = async (client: Client) => {
    const i = n++;
    const { lines, total } = saleOf(products, i);
    const sale = await client.call('orders.checkout', { lines, tenders: [{ method: 'cash', amount: total, tendered: total + 500 }], idempotencyKey: `soak-${process.pid}-${pdf}-${i}` });
    lastInvoices.push({ id: sale.invoice.id, number: sale.invoice.number });
    if (lastInvoices.length > 20) lastInvoices.shift();
  };
  // Warm up: the connections, the statements and (on its first PDF) the worker.
  for (let i = 0; i < 20; i++) await sell(seller1);
  await reader.call('invoices.pdf', { id: lastInvoices[0]!.id });

  await hostSample(host.child); // the start and warm-up held the thread too: not the soak's

  const minuteMs = Math.min(60, SECONDS) * 1000;
  const lastMinute = Math.ceil((SECONDS * 1000) / minuteMs) - 1;
  const minutes: Minute[] = [];
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  // A call that ends just after the soak counts in its last minute.
  const minute = () => (minutes[Math.min(lastMinute, Math.floor((performance.now() - t0) / minuteMs))] ??= { sales: [], errors: 0, pdfs: [], lists: [], heldMs: 0, cpuWaitMs: [], rssMiB: 0, walMiB: 0 });
  const sellFor = async (client: Client) => {
    while (performance.now() < end) {
      const start = performance.now();
      try {
        await sell(client);
        minute().sales.push(performance.now() - start);
      } catch {
        minute().errors++;
      }
    }
  };
  const readFor = async () => {
    while (performance.now() < end) {
      const start = performance.now();
      try {
        const latest = lastInvoices[lastInvoices.length - 1]!;
        await reader.call('orders.list', { limit: 50 });
        await reader.call('invoices.list', { limit: 50, query: latest.number });
        const t = performance.now();
        minute().lists.push(t - start);
        await reader.call('invoices.pdf', { id: latest.id });
        minute().pdfs.push(performance.now() - t);
      } catch {
        minute().errors++;
      }
      const rest = READ_EVERY_MS - (performance.now() - start);
      if (rest > 0) await new Promise((r) => setTimeout(r, Math.min(rest, end - performance.now())));
    }
  };
  // The host's thread, memory and the WAL: the largest seen each minute.
  const sampler = setInterval(() => {
    const m = minute();
    const walBytes = fs.statSync(wal, { throwIfNoEntry: false })?.size ?? 0;
    m.walMiB = Math.max(m.walMiB, walBytes / 2 ** 20);
    void hostSample(host.child).then(({ rss, heldMs, cpuWaitMs }) => {
      m.rssMiB = Math.max(m.rssMiB, rss / 2 ** 20);
      m.heldMs = Math.max(m.heldMs, heldMs);
      m.cpuWaitMs.push(cpuWaitMs);
    });
  }, SAMPLE_EVERY_MS);
  await Promise.all([sellFor(seller1), sellFor(seller2), readFor()]);
  clearInterval(sampler);
  for (const c of [seller1, seller2, reader]) c.close();
  await stopHost(host.child);

  const all = minutes.flatMap((m) => m.sales);
  return {
    pdf,
    minutes: minutes.map((m) => ({ sales: summarize(m.sales), pdf: summarize(m.pdfs), lists: summarize(m.lists), errors: m.errors, heldMs: round(m.heldMs, 0), cpuWaitMs: round(summarize(m.cpuWaitMs).mean, 0), rssMiB: round(m.rssMiB, 0), walMiB: round(m.walMiB, 1) })),
    sales: summarize(all),
    errors: minutes.reduce((s, m) => s + m.errors, 0),
  };
}

function printSideBySide(runs: SoakRun[]): void {
  const cell = (r: SoakRun, i: number) => {
    const m = r.minutes[i];
    if (!m) return '';
    const cols: [number, number][] = [[m.sales.n, 6], [round(m.sales.p50, 1), 6], [round(m.sales.p99, 1), 6], [m.errors, 4], [round(m.pdf.p50, 0), 5], [round(m.lists.p50, 1), 6], [m.heldMs, 5], [m.cpuWaitMs, 5], [m.rssMiB, 5], [m.walMiB, 5]];
    return cols.map(([v, w]) => String(v).padStart(w)).join(' ');
  };
  const head = ' sales    p50    p99  err   pdf  lists  held  wait   RSS   WAL';
  console.log(`\n  Soak, ${SECONDS} s each. Per minute: sales, their p50 and p99 (ms), errors, PDF and lists p50 (ms),`);
  console.log('  the longest the host\'s thread was held (ms), how long it waited for a CPU (ms per s, the machine\'s');
  console.log('  other load), the host\'s RSS and the WAL (MiB, largest)');
  console.log(`  min | ${runs.map((r) => `PDF ${r.pdf}`.padEnd(head.length)).join(' | ')}`);
  console.log(`      | ${runs.map(() => head).join(' | ')}`);
  const rows = Math.max(...runs.map((r) => r.minutes.length));
  for (let i = 0; i < rows; i++) console.log(`  ${String(i + 1).padStart(3)} | ${runs.map((r) => cell(r, i).padEnd(head.length)).join(' | ')}`);
}

/** The soak, PDFs on the core's thread then on the worker, as bench rows. */
export async function benchSoak(dataDir: string, user: { username: string; password: string }): Promise<Figure[]> {
  const runs = [await soakOnce(dataDir, user, 'in-thread'), await soakOnce(dataDir, user, 'worker')];
  printSideBySide(runs);
  return runs.map((r) => {
    const worstP99 = Math.max(...r.minutes.map((m) => m.sales.p99));
    const onWorker = r.pdf === 'worker';
    return {
      name: `soak ${SECONDS} s, PDFs ${onWorker ? 'on the worker' : 'on the core thread'}: sale latency`,
      figure: `p50 ${r.sales.p50} ms, p99 ${r.sales.p99} ms (worst minute ${worstP99} ms), ${r.errors} errors`,
      target: onWorker ? `p99 < ${TARGET_P99_MS} ms every minute, 0 errors` : '',
      met: onWorker ? worstP99 < TARGET_P99_MS && r.errors === 0 : null,
      data: r,
    };
  });
}

// Run alone: a small store of its own; the soak's hosts open it themselves.
if (import.meta.url === `file://${process.argv[1]}`) {
  await runAlone('soak', (core, user) => {
    const dir = core.dataDir;
    core.close();
    return benchSoak(dir, user);
  });
}
