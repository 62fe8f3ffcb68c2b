import { create } from 'zustand';
import type { Input, Invoice, InvoiceStatus, Order, Output, Payment } from '../../../../shared/contract';
import { api, ApiError } from '../../api';
import { dayEnd, dayStart, withinDays } from '../orders/dates';
import { storeCurrency } from '../products/currency';
import { onSessionCleared } from '../session/store';

export interface InvoiceFilter {
  query: string;
  /** '' for every status. */
  status: '' | InvoiceStatus;
  /** Local days as date-input values; '' for no bound. */
  from: string;
  to: string;
}

export type Summary = Output<'invoices.list'>['summary'];

export interface InvoiceDetail {
  invoice: Invoice;
  /** The invoice's order: its state says whether it can still be cancelled or paid. */
  order: Order | null;
  /** Payments and refunds, oldest first; null where the role may not list payments. */
  payments: Payment[] | null;
}

export interface InvoicesState {
  filter: InvoiceFilter;
  items: Invoice[];
  nextCursor: string | null;
  summary: Summary | null;
  /** The store currency, for the summary of an empty filter. */
  currency: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  loadingMore: boolean;

  detailId: string | null;
  detail: InvoiceDetail | null;
  detailStatus: 'idle' | 'loading' | 'ready' | 'error';
  detailError: string | null;

  setFilter(patch: Partial<InvoiceFilter>): void;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  /** An invoice.changed event: the row is re-read in place and the summary recounted. */
  changed(id: string): Promise<void>;
  /** Loads one invoice with its order and (when `withPayments`) its payments and refunds. */
  loadDetail(id: string, withPayments: boolean): Promise<void>;
  /** Cancels the open invoice's order (refunding what was paid), then reloads the detail. Throws ApiError. */
  cancel(reason: string, withPayments: boolean): Promise<Order>;
}

export const PAGE = 50;
const emptyFilter: InvoiceFilter = { query: '', status: '', from: '', to: '' };
const initial = {
  filter: emptyFilter,
  items: [],
  nextCursor: null,
  summary: null,
  currency: null,
  status: 'idle',
  error: null,
  loadingMore: false,
  detailId: null,
  detail: null,
  detailStatus: 'idle',
  detailError: null,
} as const;

function listInput(filter: InvoiceFilter, extra: { cursor?: string; limit?: number } = {}): Input<'invoices.list'> {
  const query = filter.query.trim();
  const from = dayStart(filter.from);
  const to = dayEnd(filter.to);
  return {
    limit: extra.limit ?? PAGE,
    ...(filter.status ? { status: filter.status } : {}),
    ...(query ? { query } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(extra.cursor ? { cursor: extra.cursor } : {}),
  };
}

/** The invoice's place in the gapless sequence ("INV-000012" → 12). */
const seq = (invoice: Invoice) => Number(invoice.number.replace(/\D/g, ''));

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Every payment and refund of an invoice, oldest first (all pages). */
async function allPayments(invoiceId: string): Promise<Payment[]> {
  const all: Payment[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.call('payments.list', { invoiceId, limit: 500, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** List loads and detail loads are numbered; an answer to an older one is dropped. */
let listGeneration = 0;
let detailGeneration = 0;

export const useInvoices = create<InvoicesState>((set, get) => ({
  ...initial,
  items: [],

  setFilter(patch) {
    set({ filter: { ...get().filter, ...patch } });
    void get().load();
  },

  async load() {
    const mine = ++listGeneration;
    set({ status: get().items.length > 0 ? 'ready' : 'loading', error: null });
    try {
      const [page, currency] = await Promise.all([api.call('invoices.list', listInput(get().filter)), get().currency ?? storeCurrency()]);
      if (mine !== listGeneration) return;
      set({ items: page.items, nextCursor: page.nextCursor, summary: page.summary, currency, status: 'ready' });
    } catch (err) {
      if (mine === listGeneration) set({ status: 'error', error: message(err) });
    }
  },

  async loadMore() {
    const { nextCursor, loadingMore, filter } = get();
    if (!nextCursor || loadingMore) return;
    const mine = listGeneration;
    set({ loadingMore: true, error: null });
    try {
      const page = await api.call('invoices.list', listInput(filter, { cursor: nextCursor }));
      if (mine !== listGeneration) return;
      const seen = new Set(get().items.map((i) => i.id));
      set({ items: [...get().items, ...page.items.filter((i) => !seen.has(i.id))], nextCursor: page.nextCursor, summary: page.summary });
    } catch (err) {
      if (mine === listGeneration) set({ error: message(err) });
    } finally {
      set({ loadingMore: false });
    }
  },

  async changed(id) {
    if (get().status === 'idle') return;
    const mine = listGeneration;
    const { filter } = get();
    try {
      const [invoice, counted] = await Promise.all([api.call('invoices.get', { id }), api.call('invoices.list', listInput(filter, { limit: 1 }))]);
      if (mine !== listGeneration) return;
      const items = get().items;
      const fits = (!filter.status || invoice.status === filter.status) && withinDays(invoice.issuedAt, filter.from, filter.to);
      let next = items;
      if (items.some((i) => i.id === invoice.id)) {
        next = fits ? items.map((i) => (i.id === invoice.id ? invoice : i)) : items.filter((i) => i.id !== invoice.id);
      } else if (fits && !filter.query.trim() && (items.length === 0 || seq(invoice) > seq(items[0]!))) {
        // A new invoice (numbers are gapless and increasing): it belongs on top.
        next = [invoice, ...items];
      }
      set({ items: next, summary: counted.summary });
    } catch {
      // The next load catches up.
    }
  },

  async loadDetail(id, withPayments) {
    const mine = ++detailGeneration;
    const same = get().detailId === id && get().detail !== null;
    set({ detailId: id, detailStatus: same ? 'ready' : 'loading', detailError: null, ...(same ? {} : { detail: null }) });
    try {
      const invoice = await api.call('invoices.get', { id });
      const [order, payments] = await Promise.all([
        api.call('orders.get', { id: invoice.orderId }).catch((err: unknown) => {
          if (err instanceof ApiError && err.code === 'NOT_FOUND') return null;
          throw err;
        }),
        withPayments ? allPayments(id) : Promise.resolve(null),
      ]);
      if (mine !== detailGeneration) return;
      set({ detail: { invoice, order, payments }, detailStatus: 'ready' });
    } catch (err) {
      if (mine === detailGeneration) set({ detailStatus: 'error', detailError: message(err) });
    }
  },

  async cancel(reason, withPayments) {
    const detail = get().detail;
    if (!detail) throw new Error('No invoice is open.');
    const order = await api.call('orders.cancel', { id: detail.invoice.orderId, reason });
    await get().loadDetail(detail.invoice.id, withPayments);
    return order;
  },
}));

onSessionCleared(() => {
  listGeneration++;
  detailGeneration++;
  useInvoices.setState({ ...initial, items: [] });
});
