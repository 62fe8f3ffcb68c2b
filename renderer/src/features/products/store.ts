import { create } from 'zustand';
import type { Input, Product } from '../../../../shared/contract';
import { api } from '../../api';
import { onSessionCleared } from '../session/store';
import { storeCurrency } from './currency';

export interface ProductFilter {
  query: string;
  /** '' for every category. */
  category: string;
  includeArchived: boolean;
}

export interface ProductsState {
  filter: ProductFilter;
  items: Product[];
  nextCursor: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Why the last load failed. */
  error: string | null;
  loadingMore: boolean;
  categories: string[];
  /** The store currency prices are typed and shown in; null until known. */
  currency: string | null;
  setFilter(patch: Partial<ProductFilter>): void;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  /** The mutations throw ApiError for the dialog to show next to its fields; on success the list is updated in place. */
  create(input: Input<'products.create'>): Promise<Product>;
  update(input: Input<'products.update'>): Promise<Product>;
}

const PAGE = 50;
const emptyFilter: ProductFilter = { query: '', category: '', includeArchived: false };
const initial = { filter: emptyFilter, items: [], nextCursor: null, status: 'idle', error: null, loadingMore: false, categories: [], currency: null } as const;

/** Each load gets a number; an answer to an older load (the filter changed meanwhile) is dropped. */
let generation = 0;

function listInput(filter: ProductFilter, cursor?: string): Input<'products.list'> {
  const query = filter.query.trim();
  return {
    limit: PAGE,
    ...(query ? { query } : {}),
    ...(filter.category ? { category: filter.category } : {}),
    ...(filter.includeArchived ? { includeArchived: true } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

function byName(a: Product, b: Product): number {
  const n = a.name.toLowerCase().localeCompare(b.name.toLowerCase());
  return n !== 0 ? n : a.id.localeCompare(b.id);
}

/** Whether a product belongs in the list under `filter` (the query is left to the server). */
function fits(p: Product, filter: ProductFilter): boolean {
  return (filter.includeArchived || !p.archived) && (!filter.category || p.category === filter.category);
}

export const useProducts = create<ProductsState>((set, get) => {
  const refreshCategories = async () => {
    try {
      const { items } = await api.call('products.categories', {});
      set({ categories: items });
    } catch {
      // The filter keeps the categories it had.
    }
  };

  /** Puts a saved product in place (or takes it out when it no longer fits the filter). */
  const place = (product: Product) => {
    const { items, filter } = get();
    const rest = items.filter((p) => p.id !== product.id);
    set({ items: fits(product, filter) ? [...rest, product].sort(byName) : rest });
    if (product.category && !get().categories.includes(product.category)) void refreshCategories();
  };

  return {
    ...initial,
    items: [],
    categories: [],

    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
      void get().load();
    },

    async load() {
      const mine = ++generation;
      set({ status: get().items.length > 0 ? 'ready' : 'loading', error: null });
      if (get().status === 'loading' || get().categories.length === 0) void refreshCategories();
      const currency = storeCurrency();
      try {
        const page = await api.call('products.list', listInput(get().filter));
        const known = await currency;
        if (mine !== generation) return;
        set({ items: page.items, nextCursor: page.nextCursor, status: 'ready', currency: known });
      } catch (err) {
        if (mine !== generation) return;
        set({ status: 'error', error: err instanceof Error ? err.message : String(err) });
        // The currency alone lets New product work while the list cannot be read.
        const known = await currency.catch(() => null);
        if (mine === generation && known) set({ currency: known });
      }
    },

    async loadMore() {
      const { nextCursor, filter, loadingMore } = get();
      if (!nextCursor || loadingMore) return;
      const mine = generation;
      set({ loadingMore: true });
      try {
        const page = await api.call('products.list', listInput(filter, nextCursor));
        if (mine !== generation) return;
        const seen = new Set(get().items.map((p) => p.id));
        set({ items: [...get().items, ...page.items.filter((p) => !seen.has(p.id))], nextCursor: page.nextCursor });
      } catch (err) {
        if (mine === generation) set({ error: err instanceof Error ? err.message : String(err) });
      } finally {
        set({ loadingMore: false });
      }
    },

    async create(input) {
      const product = await api.call('products.create', input);
      place(product);
      return product;
    },

    async update(input) {
      const product = await api.call('products.update', input);
      place(product);
      return product;
    },
  };
});

onSessionCleared(() => {
  generation++;
  useProducts.setState({ ...initial, items: [], categories: [] });
});
