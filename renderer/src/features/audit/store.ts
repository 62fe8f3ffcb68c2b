import { create } from 'zustand';
import type { Input, Output } from '../../../../shared/contract';
import type { AuditEntry } from '../../../../shared/contract/audit';
import { api } from '../../api';
import { onSessionCleared } from '../session/store';

export interface AuditFilter {
  /** '' for every entity. */
  entity: string;
  entityId: string;
  /** '' for every type. */
  type: string;
  /** YYYY-MM-DD or ''. */
  from: string;
  to: string;
}

export type VerifyResult = Output<'audit.verify'>;

export interface AuditState {
  filter: AuditFilter;
  items: AuditEntry[];
  nextCursor: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  loadingMore: boolean;
  entities: string[];
  types: string[];
  /** The store currency, for money in the summaries; null until known. */
  currency: string | null;
  verifying: boolean;
  verify: VerifyResult | null;
  verifyError: string | null;
  setFilter(patch: Partial<AuditFilter>): void;
  clearFilter(): void;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  runVerify(): Promise<void>;
}

const PAGE = 50;
export const emptyAuditFilter: AuditFilter = { entity: '', entityId: '', type: '', from: '', to: '' };
const initial = {
  filter: emptyAuditFilter,
  items: [],
  nextCursor: null,
  status: 'idle',
  error: null,
  loadingMore: false,
  entities: [],
  types: [],
  currency: null,
  verifying: false,
  verify: null,
  verifyError: null,
} as const;

/** Each load gets a number; an answer to an older load (the filter changed meanwhile) is dropped. */
let generation = 0;

function listInput(filter: AuditFilter, cursor?: string): Input<'audit.list'> {
  const entityId = filter.entityId.trim();
  return {
    limit: PAGE,
    ...(filter.entity ? { entity: filter.entity } : {}),
    ...(entityId ? { entityId } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const useAudit = create<AuditState>((set, get) => ({
  ...initial,
  items: [],
  entities: [],
  types: [],

  setFilter(patch) {
    set({ filter: { ...get().filter, ...patch } });
    void get().load();
  },

  clearFilter() {
    set({ filter: emptyAuditFilter });
    void get().load();
  },

  async load() {
    const mine = ++generation;
    set({ status: get().items.length > 0 ? 'ready' : 'loading', error: null });
    void api.call('audit.types', {}).then(
      (facets) => set({ entities: facets.entities, types: facets.types }),
      () => {},
    );
    if (get().currency === null) {
      void api.call('settings.get', {}).then(
        (s) => set({ currency: s.currency }),
        () => {},
      );
    }
    try {
      const page = await api.call('audit.list', listInput(get().filter));
      if (mine !== generation) return;
      set({ items: page.items, nextCursor: page.nextCursor, status: 'ready' });
    } catch (err) {
      if (mine !== generation) return;
      set({ status: 'error', error: message(err) });
    }
  },

  async loadMore() {
    const { nextCursor, filter, loadingMore } = get();
    if (!nextCursor || loadingMore) return;
    const mine = generation;
    set({ loadingMore: true });
    try {
      const page = await api.call('audit.list', listInput(filter, nextCursor));
      if (mine !== generation) return;
      const last = get().items[get().items.length - 1]?.seq ?? Infinity;
      set({ items: [...get().items, ...page.items.filter((e) => e.seq < last)], nextCursor: page.nextCursor });
    } catch (err) {
      if (mine === generation) set({ error: message(err) });
    } finally {
      set({ loadingMore: false });
    }
  },

  async runVerify() {
    if (get().verifying) return;
    set({ verifying: true, verifyError: null });
    try {
      const verify = await api.call('audit.verify', {});
      set({ verify });
    } catch (err) {
      set({ verify: null, verifyError: message(err) });
    } finally {
      set({ verifying: false });
    }
  },
}));

onSessionCleared(() => {
  generation++;
  useAudit.setState({ ...initial, items: [], entities: [], types: [] });
});
