/**
 * What the bench's parts share: a typed call into the core, and running one part alone on a
 * small store of its own (`node --import tsx bench/<part>.ts`, BENCH_ORDERS, default 20,000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Input, Method, Output } from '../shared/contract';
import { createCore, type Core } from '../electron/core/core';
import { seedOrders, seedProducts } from './seed';
import { printTable, type Row } from './stats';

export type Figure = Row & { data: unknown };

export async function call<M extends Method>(core: Core, method: M, input: Input<M>, token?: string): Promise<Output<M>> {
  const r = await core.dispatch(method, input, token);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as Output<M>;
}

/** A store of its own with `orders` orders over 30 days and 2,000 products, in a new temporary folder; its core is open. */
export async function seededStore(name: string, orders: number): Promise<{ dir: string; core: Core; user: { username: string; password: string } }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tessera-bench-${name}-`));
  const core = createCore({ dataDir: dir, migrationsFolder: path.resolve(import.meta.dirname, '..', 'migrations'), version: 'bench' });
  const user = { username: 'admin', password: 'bench-password-1' };
  const admin = await call(core, 'auth.setup', { ...user, displayName: 'Bench Admin' });
  const settings = core.services.settings;
  const products = await seedProducts(core.store.sqlite, 2_000, new Date().toISOString());
  await seedOrders(core.store.sqlite, { orders, userId: admin.user.id, products, spanDays: 30, end: Date.now() - 3_600_000, currency: settings.get().currency, seller: JSON.stringify(settings.seller()) });
  return { dir, core, user };
}

/** Seeds a store of BENCH_ORDERS orders over 30 days, runs `part` on it, prints its figures and removes the store. */
export async function runAlone(name: string, part: (core: Core, user: { username: string; password: string }) => Promise<Figure[]>): Promise<void> {
  const orders = Number(process.env.BENCH_ORDERS ?? 20_000);
  const { dir, core, user } = await seededStore(name, orders);
  console.log(`Store: ${orders.toLocaleString('en')} orders in ${dir}`);
  const rows: Row[] = [];
  for (const r of await part(core, user)) {
    rows.push(r);
    console.log(`  ${r.name}: ${r.figure}`, JSON.stringify(r.data));
  }
  printTable(rows);
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
