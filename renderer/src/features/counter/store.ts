import { create } from 'zustand';
import type { Input, Order, Output, Product } from '../../../../shared/contract';
import { MAX_LINES } from '../../../../shared/domain/money';
import { api, ApiError } from '../../api';
import { useStoreCurrency } from '../../data';
import { newKey } from '../payment/keys';
import { onSessionCleared } from '../session/store';
import { plainIssue } from './issues';
import { loadCart, saveCart } from './persist';
import { recordVoid } from './voids';

/** One product in the cart. The quantity is kept as typed; it is checked at the field and when sent. */
export interface CartLine {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  taxRateBp: number;
  quantityText: string;
  /** A quantity above the store's confirmation limit that the cashier confirmed. */
  confirmed?: number;
}

export interface CustomerDraft {
  name: string;
  email: string;
  phone: string;
}

export type CustomerField = keyof CustomerDraft;

/** A held order reopened in the cart: charged or held again in place of a new order. */
export interface HeldRef {
  id: string;
  number: number;
  version: number;
  /** The content it was opened with, to tell whether the cashier changed it. */
  content: string;
}

/** Contract errors, placed next to what caused them. */
export interface CartErrors {
  /** By product id. */
  lines: Record<string, string>;
  customer: Partial<Record<CustomerField, string>>;
  note: string | null;
  general: string | null;
}

export const noCartErrors: CartErrors = { lines: {}, customer: {}, note: null, general: null };

export type SaleResult = Output<'orders.checkout'>;

/** Where the counter is: ringing up the cart, taking its payment, or showing the sale just made. */
export type CounterStage = 'cart' | 'pay' | 'done';

export interface CounterState {
  lines: CartLine[];
  customer: CustomerDraft;
  customerOpen: boolean;
  note: string;
  held: HeldRef | null;
  /** Sent with orders.create: a repeated click or a retry after a network failure never makes a second order. */
  clientRequestId: string;
  errors: CartErrors;
  /** Counts refused Charge/Hold attempts: the cart moves the focus to the first error when it changes. */
  refusals: number;
  /** A refusal whose first error has not had the focus yet (the cart may mount after it, coming back from payment). */
  focusRefusal: boolean;
  busy: 'hold' | null;
  /** The product id of the line last added or changed (highlighted, scrolled into view). */
  lastTouched: string | null;
  stage: CounterStage;
  /** The sale just made (stage 'done'). */
  done: SaleResult | null;
  /** A short message shown in the cart ("Order #3 held."), in place of a toast over the buttons. */
  notice: string | null;
  /** A quantity above the store's limit waiting for the cashier's yes ("Sell 99,999 × Mug?"). */
  confirming: { productId: string; quantity: number } | null;

  addProduct(product: Product): void;
  setQuantityText(productId: string, text: string): void;
  confirmQuantity(productId: string, quantity: number): void;
  /** Asks about the first line above `limit` not yet confirmed (or just `productId`'s); true when a question is open. */
  askQuantity(limit: number, productId?: string): boolean;
  /** The question is answered no: the quantity goes back to 1 for the cashier to retype. */
  declineQuantity(): void;
  step(productId: string, delta: 1 | -1): void;
  remove(productId: string): void;
  setCustomer(patch: Partial<CustomerDraft>): void;
  setCustomerOpen(open: boolean): void;
  setNote(note: string): void;
  /** Empties the cart; a cart with lines is recorded as abandoned. */
  clear(): void;
  /** Checks the cart and moves to its payment step (nothing is sent). False with the errors placed when it cannot be sent. */
  toPayment(): boolean;
  backToCart(): void;
  /** The sale as `orders.checkout` content (without tenders and key), or null when the cart cannot be sent. */
  saleContent(): Omit<Input<'orders.checkout'>, 'tenders' | 'idempotencyKey'> | null;
  /** Places a refused checkout's cart issues at their lines and goes back to the cart; true when some were placed. */
  refused(err: unknown): boolean;
  /** The sale is made: the cart is emptied and the done panel shows it. */
  finishSale(result: SaleResult): void;
  /** From the done panel: an empty cart. */
  newSale(): void;
  /** Creates the order only (RECEIVED, waiting in the queue), or saves the reopened held one; the cart is emptied. */
  hold(): Promise<Order | null>;
  /** Reopens a held order into the (empty) cart. False when the cart has a sale in progress. */
  openHeld(order: Order): boolean;
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

/** What is wrong with a typed quantity, shown at the field as it is typed; null when it is fine. */
export function quantityProblem(text: string): string | null {
  if (text.trim() === '') return 'Type a quantity, 1 or more.';
  if (parseQuantity(text) !== null) return null;
  if (/^\s*-/.test(text)) return 'Quantity can’t be negative. Type 1 or more, or remove the line.';
  if (/^\s*0+\s*$/.test(text)) return 'Quantity can’t be 0. Type 1 or more, or remove the line.';
  return 'Type a whole number, 1 or more.';
}

const emptyCustomer: CustomerDraft = { name: '', email: '', phone: '' };

function freshCart() {
  return {
    lines: [] as CartLine[],
    customer: emptyCustomer,
    customerOpen: false,
    note: '',
    held: null as HeldRef | null,
    clientRequestId: newKey(),
    errors: noCartErrors,
    lastTouched: null,
  };
}

function restored() {
  const saved = loadCart<CartLine, CustomerDraft, HeldRef>();
  if (!saved) return freshCart();
  return { ...freshCart(), lines: saved.lines, customer: { ...emptyCustomer, ...saved.customer }, note: saved.note ?? '', held: saved.held ?? null };
}

type OrderContent = Pick<Input<'orders.create'>, 'lines' | 'customer' | 'note'>;

/** The order input of the cart, or the errors that keep it from being sent. */
function orderContent(s: CounterState): { content: OrderContent } | { errors: CartErrors } {
  const errors: CartErrors = { lines: {}, customer: {}, note: null, general: null };
  if (s.lines.length === 0) errors.general = 'The cart is empty. Scan or pick a product first.';
  if (s.lines.length > MAX_LINES) errors.general = `An order can have at most ${MAX_LINES} lines.`;
  const lines = s.lines.map((l) => {
    const quantity = parseQuantity(l.quantityText);
    if (quantity === null) errors.lines[l.productId] = quantityProblem(l.quantityText) ?? 'Type a whole number, 1 or more.';
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
export function cartErrors(err: unknown, lines: readonly CartLine[]): CartErrors {
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

/** The cart's lines as void lines (those with a valid quantity). */
function voidLines(lines: readonly CartLine[]): { productId: string; quantity: number }[] {
  return lines.flatMap((l) => {
    const quantity = parseQuantity(l.quantityText);
    return quantity === null ? [] : [{ productId: l.productId, quantity }];
  });
}

export const useCounter = create<CounterState>((set, get) => {
  /** A cart change: clears the error of what changed. */
  const touchLine = (productId: string, lines: CartLine[]) => {
    const errors = get().errors;
    set({
      lines,
      lastTouched: productId,
      notice: null,
      errors: { ...errors, lines: without(errors.lines, productId), general: null },
    });
  };

  const heldRef = (): { heldOrderId?: string } => {
    const held = get().held;
    return held ? { heldOrderId: held.id } : {};
  };

  const refuse = (errors: CartErrors) =>
    set({ errors, refusals: get().refusals + 1, focusRefusal: true, customerOpen: get().customerOpen || Object.keys(errors.customer).length > 0 || errors.note !== null });

  return {
    ...restored(),
    refusals: 0,
    focusRefusal: false,
    busy: null,
    stage: 'cart',
    done: null,
    notice: null,
    confirming: null,

    addProduct(product) {
      // From the done panel, the first product starts the next sale.
      if (get().stage === 'done') set({ stage: 'cart', done: null });
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

    confirmQuantity(productId, quantity) {
      set({ lines: get().lines.map((l) => (l.productId === productId ? { ...l, confirmed: quantity } : l)), confirming: null });
    },

    askQuantity(limit, productId) {
      for (const l of get().lines) {
        if (productId !== undefined && l.productId !== productId) continue;
        const quantity = parseQuantity(l.quantityText);
        if (quantity !== null && quantity > limit && l.confirmed !== quantity) {
          set({ confirming: { productId: l.productId, quantity } });
          return true;
        }
      }
      return false;
    },

    declineQuantity() {
      const c = get().confirming;
      if (!c) return;
      set({ confirming: null, lastTouched: c.productId, lines: get().lines.map((l) => (l.productId === c.productId ? { ...l, quantityText: '1' } : l)) });
    },

    step(productId, delta) {
      const line = get().lines.find((l) => l.productId === productId);
      if (!line) return;
      const n = parseQuantity(line.quantityText);
      const next = Math.max(1, (n ?? (delta > 0 ? 0 : 2)) + delta);
      if (delta < 0 && n !== null && next < n) recordVoid({ kind: 'line', lines: [{ productId, quantity: n - next }], ...heldRef() });
      get().setQuantityText(productId, String(next));
    },

    remove(productId) {
      const errors = get().errors;
      const line = get().lines.find((l) => l.productId === productId);
      if (line) recordVoid({ kind: 'line', lines: voidLines([line]), ...heldRef() });
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
      const lines = voidLines(get().lines);
      if (lines.length > 0) recordVoid({ kind: 'cart', lines, ...heldRef() });
      set({ ...freshCart(), stage: 'cart', done: null, notice: null });
    },

    toPayment() {
      const checked = orderContent(get());
      if ('errors' in checked) {
        refuse(checked.errors);
        return false;
      }
      set({ stage: 'pay', errors: noCartErrors, notice: null });
      return true;
    },

    backToCart() {
      if (get().stage === 'pay') set({ stage: 'cart' });
    },

    saleContent() {
      const checked = orderContent(get());
      if ('errors' in checked) return null;
      const { content } = checked;
      const held = get().held;
      if (!held) return content;
      if (JSON.stringify(content) === held.content) return { heldOrderId: held.id };
      return { heldOrderId: held.id, version: held.version, ...content };
    },

    refused(err) {
      const errors = cartErrors(err, get().lines);
      const placed = Object.keys(errors.lines).length + Object.keys(errors.customer).length + (errors.note ? 1 : 0);
      if (placed === 0) return false;
      refuse({ ...errors, general: errors.general ?? 'Check the highlighted fields, then charge again.' });
      set({ stage: 'cart' });
      return true;
    },

    finishSale(result) {
      set({ ...freshCart(), stage: 'done', done: result, notice: null });
    },

    newSale() {
      set({ stage: 'cart', done: null });
    },

    async hold() {
      if (get().busy) return null;
      const checked = orderContent(get());
      if ('errors' in checked) {
        refuse(checked.errors);
        return null;
      }
      const { content } = checked;
      const sentLines = get().lines;
      const held = get().held;
      set({ busy: 'hold' });
      try {
        const order = held
          ? await api.call('orders.update', { id: held.id, version: held.version, lines: content.lines, customer: content.customer ?? null, note: content.note ?? null })
          : await api.call('orders.create', { ...content, clientRequestId: get().clientRequestId });
        set({ ...freshCart(), notice: `Order #${order.number} held.` });
        return order;
      } catch (err) {
        refuse(cartErrors(err, sentLines));
        return null;
      } finally {
        set({ busy: null });
      }
    },

    openHeld(order) {
      if (get().lines.length > 0 || order.status !== 'RECEIVED' || order.invoiceId !== null) return false;
      const lines: CartLine[] = order.lines.flatMap((l) =>
        l.productId === null ? [] : [{ productId: l.productId, sku: l.sku ?? '', name: l.name, unitPrice: l.unitPrice, taxRateBp: l.taxRateBp, quantityText: String(l.quantity), confirmed: l.quantity }],
      );
      const customer: CustomerDraft = { name: order.customer?.name ?? '', email: order.customer?.email ?? '', phone: order.customer?.phone ?? '' };
      set({ ...freshCart(), lines, customer, note: order.note ?? '', stage: 'cart', done: null, notice: `Order #${order.number} opened from the queue.` });
      const checked = orderContent(get());
      const content = 'content' in checked ? JSON.stringify(checked.content) : '';
      set({ held: { id: order.id, number: order.number, version: order.version, content } });
      return true;
    },
  };
});

// The cart of this terminal survives a reload or a crashed window.
useCounter.subscribe((s, prev) => {
  if (s.lines !== prev.lines || s.customer !== prev.customer || s.note !== prev.note || s.held !== prev.held) {
    saveCart({ lines: s.lines, customer: s.customer, note: s.note, held: s.held });
  }
});

// Signing out parks the cart first (see park.ts); what is left stays with this terminal.
onSessionCleared(() => useCounter.setState({ stage: 'cart', done: null, busy: null, notice: null, errors: noCartErrors }));
