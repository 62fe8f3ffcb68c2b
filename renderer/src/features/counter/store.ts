import { create } from 'zustand';
import type { Input, Invoice, Order, Product } from '../../../../shared/contract';
import { MAX_LINES } from '../../../../shared/domain/money';
import { api, ApiError } from '../../api';
import { useStoreCurrency } from '../../data';
import { newKey } from '../payment/keys';
import { onSessionCleared } from '../session/store';
import { plainIssue } from './issues';

/** One product in the cart. The quantity is kept as typed; it is checked when the order is sent. */
export interface CartLine {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  taxRateBp: number;
  quantityText: string;
}

export interface CustomerDraft {
  name: string;
  email: string;
  phone: string;
}

export type CustomerField = keyof CustomerDraft;

/** Contract errors, placed next to what caused them. */
export interface CartErrors {
  /** By product id. */
  lines: Record<string, string>;
  customer: Partial<Record<CustomerField, string>>;
  note: string | null;
  general: string | null;
}

export const noCartErrors: CartErrors = { lines: {}, customer: {}, note: null, general: null };

export interface CounterState {
  lines: CartLine[];
  customer: CustomerDraft;
  customerOpen: boolean;
  note: string;
  /** Sent with orders.create: a repeated click or a retry after a network failure never makes a second order. */
  clientRequestId: string;
  /** The order made from this cart when Charge stopped after creating it (e.g. the invoice failed); retried, it is reused. */
  order: Order | null;
  /** What `order` was made from, to tell whether the cart changed since. */
  orderContent: string | null;
  errors: CartErrors;
  /** Counts refused Charge/Hold attempts: the cart moves the focus to the first error when it changes. */
  refusals: number;
  busy: 'charge' | 'hold' | null;
  /** The product id of the line last added or changed (highlighted, scrolled into view). */
  lastTouched: string | null;

  addProduct(product: Product): void;
  setQuantityText(productId: string, text: string): void;
  step(productId: string, delta: 1 | -1): void;
  remove(productId: string): void;
  setCustomer(patch: Partial<CustomerDraft>): void;
  setCustomerOpen(open: boolean): void;
  setNote(note: string): void;
  clear(): void;
  /** Creates the order and issues its invoice; the cart is emptied. Null when refused (errors are set, the cart is kept). */
  charge(): Promise<{ order: Order; invoice: Invoice } | null>;
  /** Creates the order only (RECEIVED, waiting in the queue); the cart is emptied. */
  hold(): Promise<Order | null>;
}

/** Until the settings are read: the preview only; the server's totals (in its currency) are what counts. */
const FALLBACK_CURRENCY = 'EUR';

/** The currency the cart and the product tiles show prices in: the store's. */
export function useCounterCurrency(): string {
  return useStoreCurrency() ?? FALLBACK_CURRENCY;
}

/** The quantity typed in a line, or null when it is not a whole number of at least 1. */
export function parseQuantity(text: string): number | null {
  if (!/^\s*\d{1,9}\s*$/.test(text)) return null;
  const n = Number(text.trim());
  return n >= 1 ? n : null;
}

const emptyCustomer: CustomerDraft = { name: '', email: '', phone: '' };

function freshCart() {
  return {
    lines: [] as CartLine[],
    customer: emptyCustomer,
    customerOpen: false,
    note: '',
    clientRequestId: newKey(),
    order: null,
    orderContent: null,
    errors: noCartErrors,
    lastTouched: null,
  };
}

type OrderContent = Pick<Input<'orders.create'>, 'lines' | 'customer' | 'note'>;

/** The order input of the cart, or the errors that keep it from being sent. */
function orderContent(s: CounterState): { content: OrderContent } | { errors: CartErrors } {
  const errors: CartErrors = { lines: {}, customer: {}, note: null, general: null };
  if (s.lines.length === 0) errors.general = 'The cart is empty. Scan or pick a product first.';
  if (s.lines.length > MAX_LINES) errors.general = `An order can have at most ${MAX_LINES} lines.`;
  const lines = s.lines.map((l) => {
    const quantity = parseQuantity(l.quantityText);
    if (quantity === null) errors.lines[l.productId] = 'Type a whole number, 1 or more.';
    return { productId: l.productId, quantity: quantity ?? 0 };
  });
  const c = { name: s.customer.name.trim(), email: s.customer.email.trim(), phone: s.customer.phone.trim() };
  let customer: OrderContent['customer'];
  if (c.name || c.email || c.phone) {
    if (!c.name) errors.customer.name = 'Type the customer’s name, or clear the email and phone.';
    customer = { name: c.name, ...(c.email ? { email: c.email } : {}), ...(c.phone ? { phone: c.phone } : {}) };
  }
  const note = s.note.trim();
  if (errors.general || Object.keys(errors.lines).length > 0 || Object.keys(errors.customer).length > 0) return { errors };
  return { content: { lines, ...(customer ? { customer } : {}), ...(note ? { note } : {}) } };
}

/** Places each issue of a refused order next to the line, customer field or note it names. */
function cartErrors(err: unknown, lines: readonly CartLine[]): CartErrors {
  const errors: CartErrors = { lines: {}, customer: {}, note: null, general: null };
  if (!(err instanceof ApiError)) {
    errors.general = err instanceof Error ? err.message : 'Something went wrong. Try again.';
    return errors;
  }
  const leftover: string[] = [];
  for (const issue of err.issues) {
    const [head, index, field] = issue.path;
    if (head === 'lines' && typeof index === 'number' && lines[index]) {
      const id = lines[index].productId;
      errors.lines[id] ??= plainIssue(typeof field === 'string' ? field : 'line', issue.message);
    } else if (head === 'customer' && (index === 'name' || index === 'email' || index === 'phone')) {
      errors.customer[index] ??= plainIssue(`customer.${index}`, issue.message);
    } else if (head === 'note') {
      errors.note ??= plainIssue('note', issue.message);
    } else {
      leftover.push(plainIssue(typeof head === 'string' ? head : '', issue.message));
    }
  }
  const placed = Object.keys(errors.lines).length + Object.keys(errors.customer).length + (errors.note ? 1 : 0);
  if (leftover.length > 0) errors.general = leftover.join(' ');
  else if (placed === 0) errors.general = err.code === 'INTERNAL' ? `${err.message} Nothing in the cart was lost.` : err.message;
  return errors;
}

function without<T extends Record<string, unknown>>(record: T, key: string): T {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export const useCounter = create<CounterState>((set, get) => {
  /** A cart change: clears the error of what changed. */
  const touchLine = (productId: string, lines: CartLine[]) => {
    const errors = get().errors;
    set({
      lines,
      lastTouched: productId,
      errors: { ...errors, lines: without(errors.lines, productId), general: null },
    });
  };

  /** Sends the cart as an order (or updates the order made from it before), keeping the cart on any error. */
  const sendOrder = async (): Promise<Order | null> => {
    const checked = orderContent(get());
    if ('errors' in checked) {
      set({ errors: checked.errors, customerOpen: get().customerOpen || Object.keys(checked.errors.customer).length > 0 });
      return null;
    }
    const { content } = checked;
    const fingerprint = JSON.stringify(content);
    const sentLines = get().lines;
    const existing = get().order;
    let order: Order;
    try {
      if (!existing) {
        order = await api.call('orders.create', { ...content, clientRequestId: get().clientRequestId });
      } else if (get().orderContent !== fingerprint) {
        order = await api.call('orders.update', {
          id: existing.id,
          version: existing.version,
          lines: content.lines,
          customer: content.customer ?? null,
          note: content.note ?? null,
        });
      } else {
        order = existing;
      }
    } catch (err) {
      const errors = cartErrors(err, sentLines);
      set({ errors, customerOpen: get().customerOpen || Object.keys(errors.customer).length > 0 || errors.note !== null });
      return null;
    }
    set({ order, orderContent: fingerprint });
    return order;
  };

  return {
    ...freshCart(),
    refusals: 0,
    busy: null,

    addProduct(product) {
      const lines = get().lines;
      const existing = lines.find((l) => l.productId === product.id);
      if (existing) {
        const n = parseQuantity(existing.quantityText);
        const quantityText = String((n ?? 0) + 1);
        touchLine(
          product.id,
          lines.map((l) => (l.productId === product.id ? { ...l, quantityText } : l)),
        );
        return;
      }
      touchLine(product.id, [
        ...lines,
        { productId: product.id, sku: product.sku, name: product.name, unitPrice: product.unitPrice, taxRateBp: product.taxRateBp, quantityText: '1' },
      ]);
    },

    setQuantityText(productId, text) {
      touchLine(
        productId,
        get().lines.map((l) => (l.productId === productId ? { ...l, quantityText: text } : l)),
      );
    },

    step(productId, delta) {
      const line = get().lines.find((l) => l.productId === productId);
      if (!line) return;
      const n = parseQuantity(line.quantityText) ?? (delta > 0 ? 0 : 2);
      get().setQuantityText(productId, String(Math.max(1, n + delta)));
    },

    remove(productId) {
      const errors = get().errors;
      set({
        lines: get().lines.filter((l) => l.productId !== productId),
        lastTouched: null,
        errors: { ...errors, lines: without(errors.lines, productId), general: null },
      });
    },

    setCustomer(patch) {
      const errors = get().errors;
      let customerErrors = errors.customer;
      for (const key of Object.keys(patch)) customerErrors = without(customerErrors, key);
      set({ customer: { ...get().customer, ...patch }, errors: { ...errors, customer: customerErrors, general: null } });
    },

    setCustomerOpen(open) {
      set({ customerOpen: open });
    },

    setNote(note) {
      set({ note, errors: { ...get().errors, note: null } });
    },

    clear() {
      set({ ...freshCart() });
    },

    async charge() {
      if (get().busy) return null;
      set({ busy: 'charge' });
      let result: { order: Order; invoice: Invoice } | null = null;
      try {
        const order = await sendOrder();
        if (!order) return null;
        let invoice: Invoice;
        try {
          invoice = await api.call('invoices.generate', { orderId: order.id });
        } catch (err) {
          // Issued already (a retry after a lost answer): take that invoice.
          if (err instanceof ApiError && err.code === 'CONFLICT') invoice = await api.call('invoices.getByOrder', { orderId: order.id });
          else throw err;
        }
        set({ ...freshCart() });
        result = { order, invoice };
        return result;
      } catch (err) {
        set({ errors: cartErrors(err, get().lines) });
        return null;
      } finally {
        // The cart is editable again before the focus moves to what was refused.
        set({ busy: null, ...(result ? {} : { refusals: get().refusals + 1 }) });
      }
    },

    async hold() {
      if (get().busy) return null;
      set({ busy: 'hold' });
      let order: Order | null = null;
      try {
        order = await sendOrder();
        if (order) set({ ...freshCart() });
        return order;
      } finally {
        set({ busy: null, ...(order ? {} : { refusals: get().refusals + 1 }) });
      }
    },
  };
});

onSessionCleared(() => useCounter.setState({ ...freshCart(), busy: null }));
