import type { Product, PushEvent } from '../../../../shared/contract';
import type { DataClient } from '../../data';

/** Products per products.list page while loading the index (the contract's largest page). */
const PAGE = 500;

export type IndexState = 'empty' | 'loading' | 'ready' | 'failed';

/**
 * The catalog's barcodes and SKUs, in this window, so that a scan shows its line without a round
 * trip. The server stays the authority: the index is loaded once a session (archived products
 * too, so a code answers exactly as products.findByCode would), kept current by product.changed
 * push events, and every scan it answers is checked against the server afterwards (see verify).
 */
export class CodeIndex {
  private readonly byId = new Map<string, Product>();
  private readonly byBarcode = new Map<string, Product>();
  private readonly bySku = new Map<string, Product>();
  private client: DataClient | null = null;
  private stopPush: (() => void) | null = null;
  /** Bumped by reset: answers for an earlier session are dropped. */
  private generation = 0;
  private listeners = new Set<() => void>();
  state: IndexState = 'empty';

  /**
   * The product `code` names, or undefined when the index cannot say (the server is asked).
   * A barcode is looked up first, as the server does; a SKU only once every product is loaded,
   * since a barcode not loaded yet would win over it.
   */
  get(code: string): Product | undefined {
    const byBarcode = this.byBarcode.get(code);
    if (byBarcode) return byBarcode;
    return this.state === 'ready' ? this.bySku.get(code) : undefined;
  }

  /** Keeps `product` unless an answer at least as new is already kept. Returns whether it changed what is kept. */
  put(product: Product): boolean {
    const old = this.byId.get(product.id);
    if (old && old.updatedAt > product.updatedAt) return false;
    if (old) {
      if (old.barcode !== null && this.byBarcode.get(old.barcode) === old) this.byBarcode.delete(old.barcode);
      if (this.bySku.get(old.sku) === old) this.bySku.delete(old.sku);
    }
    this.byId.set(product.id, product);
    if (product.barcode !== null) this.byBarcode.set(product.barcode, product);
    this.bySku.set(product.sku, product);
    return old === undefined || old.updatedAt !== product.updatedAt;
  }

  /** Forgets the product with this id (a server answer says the index was wrong about it). */
  drop(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    if (old.barcode !== null && this.byBarcode.get(old.barcode) === old) this.byBarcode.delete(old.barcode);
    if (this.bySku.get(old.sku) === old) this.bySku.delete(old.sku);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Called with every state change (e.g. to show that scans are answered locally). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Loads the catalog for the session `client` calls with (once; again after reset or a failure).
   * Push events are followed from before the first page, so no change slips between pages.
   * `onChanged` hears of every product a push event changed, with its current state.
   */
  start(client: DataClient, onChanged: (product: Product) => void): void {
    if (this.client === client && (this.state === 'loading' || this.state === 'ready')) return;
    this.reset();
    this.client = client;
    const generation = this.generation;
    this.stopPush = client.onPush((event: PushEvent) => {
      if (event.event !== 'product.changed') return;
      client.call('products.get', { id: event.data.id }).then(
        (product) => {
          if (generation !== this.generation) return;
          this.put(product);
          onChanged(product);
        },
        () => {
          // Unreadable now: the server answers this product's codes until it is read again.
          if (generation === this.generation) this.drop(event.data.id);
        },
      );
    });
    this.setState('loading');
    void this.load(client, generation);
  }

  private async load(client: DataClient, generation: number): Promise<void> {
    let cursor: string | undefined;
    try {
      do {
        const page = await client.call('products.list', { includeArchived: true, limit: PAGE, ...(cursor ? { cursor } : {}) });
        if (generation !== this.generation) return;
        for (const p of page.items) this.put(p);
        cursor = page.nextCursor ?? undefined;
        // Between pages the window is left to the cashier: a scan or a key is never queued behind a page.
        await idle();
        if (generation !== this.generation) return;
      } while (cursor);
      this.setState('ready');
    } catch {
      // Unreachable or signed out: scans go to the server; the next counter start tries again.
      if (generation === this.generation) this.setState('failed');
    }
  }

  /** Forgets everything (signing out, another session). */
  reset(): void {
    this.generation++;
    this.stopPush?.();
    this.stopPush = null;
    this.client = null;
    this.byId.clear();
    this.byBarcode.clear();
    this.bySku.clear();
    this.setState('empty');
  }

  private setState(state: IndexState): void {
    if (this.state === state) return;
    this.state = state;
    for (const l of this.listeners) l();
  }
}

function idle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 200 });
    else setTimeout(resolve, 0);
  });
}

/** This window's index. */
export const codeIndex = new CodeIndex();
