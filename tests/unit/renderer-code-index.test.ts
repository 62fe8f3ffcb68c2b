/**
 * The counter's code index: answers a code exactly as products.findByCode would (barcode
 * first; a SKU only once every product is loaded, archived ones included), follows
 * product.changed events, never lets an older answer replace a newer one, and forgets
 * everything on reset.
 */
import { describe, expect, it } from 'vitest';
import type { Input, Method, Output, Product, PushEvent } from '../../shared/contract';
import type { DataClient } from '../../renderer/src/data';
import { CodeIndex } from '../../renderer/src/features/counter/codeIndex';

const at = (s: number) => `2026-12-06T10:00:${String(s).padStart(2, '0')}.000Z`;

function product(n: number, patch: Partial<Product> = {}): Product {
  return { id: `p${n}`, sku: `SKU-${n}`, barcode: `400000000${n}`, name: `Product ${n}`, unitPrice: 100 * n, taxClassId: 'tc-0', taxRateBp: 0, openPrice: false, cost: null, category: null, archived: false, createdAt: at(0), updatedAt: at(0), ...patch };
}

/** A store of products behind a client: pages of products.list, products.get, and push events the test sends. */
function store(initial: Product[], pageSize = 2) {
  const products = new Map(initial.map((p) => [p.id, p]));
  const listeners = new Set<(e: PushEvent) => void>();
  let listCalls = 0;
  let failList = false;
  const client: DataClient = {
    async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      await Promise.resolve();
      if (method === 'products.list') {
        listCalls++;
        if (failList) throw new Error('unreachable');
        const all = [...products.values()].sort((a, b) => a.id.localeCompare(b.id));
        const start = Number((input as { cursor?: string }).cursor ?? 0);
        const items = all.slice(start, start + pageSize);
        return { items, nextCursor: start + pageSize < all.length ? String(start + pageSize) : null } as Output<M>;
      }
      if (method === 'products.get') {
        const p = products.get((input as { id: string }).id);
        if (!p) throw new Error('not found');
        return p as Output<M>;
      }
      throw new Error(`unexpected ${method}`);
    },
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    client,
    products,
    listCalls: () => listCalls,
    failLists: () => (failList = true),
    push: (id: string) => listeners.forEach((l) => l({ event: 'product.changed', data: { id } })),
    listeners: () => listeners.size,
  };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((r) => setTimeout(r, 1));
  }
}

describe('code index', () => {
  it('loads every page, archived products too, and answers barcodes and SKUs once ready', async () => {
    const s = store([product(1), product(2), product(3, { archived: true }), product(4, { barcode: null })]);
    const index = new CodeIndex();
    index.start(s.client, () => {});
    expect(index.state).toBe('loading');
    await until(() => index.state === 'ready');
    expect(index.size).toBe(4);
    expect(index.get('4000000001')?.id).toBe('p1');
    expect(index.get('SKU-2')?.id).toBe('p2');
    expect(index.get('4000000003')?.archived).toBe(true);
    expect(index.get('SKU-4')?.id).toBe('p4');
    expect(index.get('NOPE')).toBeUndefined();
    // Exact, as the server's unique indexes are.
    expect(index.get('sku-2')).toBeUndefined();
  });

  it('a barcode wins over a SKU, and a SKU is not answered before the load is complete', async () => {
    // p2's SKU is p1's barcode: the server answers p1 (barcode first).
    const s = store([product(1), product(2, { sku: '4000000001' })]);
    const index = new CodeIndex();
    index.put(product(2, { sku: '4000000001' }));
    expect(index.get('4000000001')).toBeUndefined();
    index.start(s.client, () => {});
    await until(() => index.state === 'ready');
    expect(index.get('4000000001')?.id).toBe('p1');
  });

  it('follows product.changed: a new price, a new barcode (the old one no longer answers), an archive', async () => {
    const s = store([product(1), product(2)]);
    const index = new CodeIndex();
    const changed: Product[] = [];
    index.start(s.client, (p) => changed.push(p));
    await until(() => index.state === 'ready');
    s.products.set('p1', product(1, { unitPrice: 999, barcode: '5000000001', updatedAt: at(5) }));
    s.push('p1');
    await until(() => changed.length === 1);
    expect(changed[0]?.unitPrice).toBe(999);
    expect(index.get('5000000001')?.unitPrice).toBe(999);
    expect(index.get('4000000001')).toBeUndefined();
    s.products.set('p2', product(2, { archived: true, updatedAt: at(6) }));
    s.push('p2');
    await until(() => changed.length === 2);
    expect(index.get('SKU-2')?.archived).toBe(true);
  });

  it('an older answer never replaces a newer one', () => {
    const index = new CodeIndex();
    expect(index.put(product(1, { unitPrice: 500, updatedAt: at(9) }))).toBe(true);
    expect(index.put(product(1, { unitPrice: 100, updatedAt: at(1) }))).toBe(false);
    expect(index.get('4000000001')?.unitPrice).toBe(500);
  });

  it('reset forgets everything and stops following events; a failed load leaves scans to the server', async () => {
    const s = store([product(1)]);
    const index = new CodeIndex();
    index.start(s.client, () => {});
    await until(() => index.state === 'ready');
    expect(s.listeners()).toBe(1);
    index.reset();
    expect(index.state).toBe('empty');
    expect(index.get('4000000001')).toBeUndefined();
    expect(s.listeners()).toBe(0);

    const down = store([product(1)]);
    down.failLists();
    index.start(down.client, () => {});
    await until(() => index.state === 'failed');
    expect(index.get('SKU-1')).toBeUndefined();
    // The next start tries again.
    index.start(down.client, () => {});
    await until(() => down.listCalls() === 2);
  });
});
