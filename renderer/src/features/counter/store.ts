import { create } from 'zustand';
import type { Discount, Input, Order, Output, Product } from '../../../../shared/contract';
import type { Approval } from '../../../../shared/contract/approval';
import { MAX_LINES } from '../../../../shared/domain/money';
import { api, ApiError } from '../../api';
import { useStoreCurrency } from '../../data';
import { t as translate, type Translate } from '../../i18n';
import { newKey } from '../payment/keys';
import { approvalReason, type ApprovalReason } from '../session/ApprovalFields';
import { onSessionCleared } from '../session/store';
import type { CartLine, TypedPrice } from './cartLine';
import { codeIndex } from './codeIndex';
import { plainIssue } from './issues';
import { loadCart, saveCart } from './persist';
import { parseQuantity } from './quantity';
import { recordVoid } from './voids';

export { parseQuantity };

/** What the cashier is changing in a dialog: a line's price or discount, or (productId null) the order discount. */
export type Adjusting = { what: 'price'; productId: string } | { what: 'discount'; productId: string | null };

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
  /** Sent with every charge or hold of it: an order changed elsewhere since is refused (CONFLICT), never charged as it is now. */
  version: number;
  /** The content it was opened with, to tell whether the cashier changed it. */
  content: string;
  /** Its customer's details the cart does not show (tax id, address), kept while the customer's name is the same. */
  customerExtra?: { name: string; taxId?: string; address?: string };
}

type CheckoutInput = Input<'orders.checkout'>;

/**
 * Checkouts sent under one idempotency key whose outcome is unknown (the store did not answer):
 * kept with the cart, across a reload, until a definite answer. The next Pay reuses the key
 * whatever changed, so the store makes at most one of them; when it says the key was used
 * (CONFLICT), replaying the one it made (nothing written) tells which.
 */
export interface PendingCheckout {
  key: string;
  inputs: CheckoutInput[];
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

/**
 * What a Hold came to: the order held; a manager's approval the store asks for (or refused),
 * nothing placed on the cart; or null, refused with its errors placed on the cart. The cart is
 * kept on every refusal.
 */
export type HoldOutcome = { order: Order } | { approval: ApprovalReason; message: string } | null;

/** Where the counter is: ringing up the cart, taking its payment, or showing the sale just made. */
export type CounterStage = 'cart' | 'pay' | 'done';

export interface CounterState {
  lines: CartLine[];
  /** The order discount, spread over the lines. */
  orderDiscount: Discount | null;
  /** The price or discount dialog open (null: none). */
  adjusting: Adjusting | null;
  customer: CustomerDraft;
  customerOpen: boolean;
  note: string;
  held: HeldRef | null;
  /** Sent with orders.create: a repeated click or a retry after a network failure never makes a second order. */
  clientRequestId: string;
  /** Checkouts of this cart whose outcome is unknown (see PendingCheckout); null when none. */
  pending: PendingCheckout | null;
  errors: CartErrors;
    /** A refused Charge, Hold or Pay whose first error has not had the focus yet (the cart may mount after it, coming back from payment). */
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
  /** The typed quantity is settled (Enter, leaving the field, Charge, Hold): a decrease is recorded as a line void. */
  commitQuantity(productId: string): void;
  confirmQuantity(productId: string, quantity: number): void;
  /** Asks about the first line above `limit` not yet confirmed (or just `productId`'s); true when a question is open. */
  askQuantity(limit: number, productId?: string): boolean;
  /** The question is answered no: the quantity goes back to 1 for the cashier to retype. */
  declineQuantity(): void;
  step(productId: string, delta: 1 | -1): void;
  remove(productId: string): void;
  /** Types a price on the line (null: back to its product's price; an open price cannot be removed). */
  setPrice(productId: string, price: TypedPrice | null): void;
  setLineDiscount(productId: string, discount: Discount | null): void;
  setOrderDiscount(discount: Discount | null): void;
  /** Opens (or, with null, closes) the price or discount dialog. */
  adjust(what: Adjusting | null): void;
  setCustomer(patch: Partial<CustomerDraft>): void;
  setCustomerOpen(open: boolean): void;
  setNote(note: string): void;
  /** Empties the cart; a cart with lines is recorded as abandoned. */
  clear(): void;
  /** Checks the cart as it would be sent (nothing is sent). False with the errors placed when it cannot be. */
  check(): boolean;
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
  /**
   * Creates the order only (RECEIVED, waiting in the queue), or saves the reopened held one,
   * with the manager's approval when its discounts or typed prices need one; the cart is emptied.
   */
  hold(approval?: Approval): Promise<HoldOutcome>;
  /** Reopens a held order into the (empty) cart. Null when opened, else why it cannot be (shown to the cashier). */
  openHeld(order: Order): string | null;
  /**
   * The held order in the cart was changed, charged or removed elsewhere (a charge or hold was
   * refused): the cart takes it as it is now, or is emptied when it cannot be charged here, and
   * says so. Nothing is recorded as voided (the order is still in the queue).
   */
  heldChanged(): Promise<void>;
}

/** Until the settings are read: the preview only; the server's totals (in its currency) are what counts. */
const FALLBACK_CURRENCY = 'EUR';

/** The currency the cart and the product tiles show prices in: the store's. */
export function useCounterCurrency(): string {
  return useStoreCurrency() ?? FALLBACK_CURRENCY;
}


/** What is wrong with a typed quantity, shown at the field as it is typed; null when it is fine. */
export function quantityProblem(text: string, t: Translate = translate): string | null {
  if (text.trim() === '') return t('counter.quantityEmpty');
  if (parseQuantity(text) !== null) return null;
  if (/^\s*-/.test(text)) return t('counter.quantityNegative');
  if (/^\s*0+\s*$/.test(text)) return t('counter.quantityZero');
  return t('counter.quantityNotWhole');
}

/** Why a held order cannot be opened in (or charged from) the counter's cart; null when it can. */
export function heldProblem(order: Order, t: Translate = translate): string | null {
  const number = order.number;
  if (order.status === 'CANCELLED') return t('counter.heldCancelled', { number });
  if (order.invoiceId !== null && (order.status === 'RECEIVED' || order.status === 'PROCESSING')) {
    return t('counter.heldInvoiced', { number });
  }
  if (order.status !== 'RECEIVED') return t('counter.heldStatus', { number, status: order.status.toLowerCase() });
  if (order.lines.some((l) => l.productId === null)) {
    return t('counter.heldManualLines', { number });
  }
  return null;
}

const emptyCustomer: CustomerDraft = { name: '', email: '', phone: '' };

function freshCart() {
  return {
    lines: [] as CartLine[],
    orderDiscount: null as Discount | null,
    adjusting: null as Adjusting | null,
    customer: emptyCustomer,
    customerOpen: false,
    note: '',
    held: null as HeldRef | null,
    clientRequestId: newKey(),
    pending: null as PendingCheckout | null,
    errors: noCartErrors,
    lastTouched: null,
  };
}

function restored() {
  const saved = loadCart<CartLine, CustomerDraft, HeldRef, PendingCheckout>();
  if (!saved) return freshCart();
  return {
    ...freshCart(),
    lines: saved.lines,
    orderDiscount: saved.orderDiscount ?? null,
    customer: { ...emptyCustomer, ...saved.customer },
    note: saved.note ?? '',
    held: saved.held ?? null,
    pending: saved.pending && Array.isArray(saved.pending.inputs) ? saved.pending : null,
  };
}

/** The cart's content of a held order: its lines, customer and note as the cart holds them. */
function heldCart(order: Order) {
  const lines: CartLine[] = order.lines.flatMap((l): CartLine[] => {
    if (l.productId === null) return [];
    // The catalogue as this terminal knows it tells an open-price product (its typed price is kept) and its cost.
    const product = l.sku ? codeIndex.get(l.sku) : undefined;
    const openPrice = product?.id === l.productId && product.openPrice;
    // An override keeps its typed price over the product's list price.
    const price = l.listPrice !== null || openPrice ? { unitPrice: l.unitPrice, reason: l.priceReason ?? '' } : null;
    const unitPrice = l.listPrice ?? (openPrice ? product.unitPrice : l.unitPrice);
    return [
      { productId: l.productId, sku: l.sku ?? '', name: l.name, unitPrice, taxRateBp: l.taxRateBp, openPrice, cost: product?.cost ?? null, price, discount: l.discount, quantityText: String(l.quantity), confirmed: l.quantity, committed: l.quantity },
    ];
  });
  const customer: CustomerDraft = { name: order.customer?.name ?? '', email: order.customer?.email ?? '', phone: order.customer?.phone ?? '' };
  const c = order.customer;
  const customerExtra = c && (c.taxId || c.address) ? { name: c.name, ...(c.taxId ? { taxId: c.taxId } : {}), ...(c.address ? { address: c.address } : {}) } : undefined;
  return { lines, orderDiscount: order.discount, customer, note: order.note ?? '', customerExtra };
}

type OrderContent = Pick<Input<'orders.create'>, 'lines' | 'discount' | 'customer' | 'note'>;
type SentLine = OrderContent['lines'][number];

/** A cart line as sent: its typed price (with its reason when it overrides the product's) and its discount. */
function sentLine(l: CartLine, quantity: number): SentLine {
  const line: SentLine = { productId: l.productId, quantity };
  if (l.price && (l.openPrice || l.price.unitPrice !== l.unitPrice)) {
    line.unitPrice = l.price.unitPrice;
    const reason = l.price.reason.trim();
    if (reason) line.priceReason = reason;
  }
  if (l.discount) line.discount = l.discount;
  return line;
}

/** The lines and order discount a cart sends, as a key: equal keys sell the same. */
function soldKey(content: Pick<OrderContent, 'lines' | 'discount'>): string {
  return JSON.stringify([content.lines, content.discount ?? null]);
}

/**
 * The cart sells exactly what the held order it reopened sells (its lines and order discount;
 * its customer or note may differ). Sent without them, the order keeps its prices and the
 * manager's approval it was held with (the store's rule), so none is asked again.
 */
export function soldAsHeld(s: Pick<CounterState, 'lines' | 'orderDiscount' | 'held'>): boolean {
  if (!s.held?.content) return false;
  const lines: SentLine[] = [];
  for (const l of s.lines) {
    const quantity = parseQuantity(l.quantityText);
    if (quantity === null) return false;
    lines.push(sentLine(l, quantity));
  }
  try {
    return soldKey({ lines, discount: s.orderDiscount ?? undefined }) === soldKey(JSON.parse(s.held.content) as OrderContent);
  } catch {
    return false;
  }
}

/** What the cart changes of the held order it reopened: its lines and discount only when they differ (see soldAsHeld). */
function heldChanges(s: CounterState, content: OrderContent) {
  const sold = soldAsHeld(s) ? {} : { lines: content.lines, discount: content.discount ?? null };
  // A customer or note the cashier emptied is cleared (null), not kept.
  return { ...sold, customer: content.customer ?? null, note: content.note ?? null };
}

/** The order input of the cart, or the errors that keep it from being sent. */
function orderContent(s: CounterState): { content: OrderContent } | { errors: CartErrors } {
  const errors: CartErrors = { lines: {}, customer: {}, note: null, general: null };
  if (s.lines.length === 0) errors.general = translate('counter.cartEmptyError');
  if (s.lines.length > MAX_LINES) errors.general = translate('counter.tooManyLines', { max: MAX_LINES });
  const lines = s.lines.map((l) => {
    const quantity = parseQuantity(l.quantityText);
    if (quantity === null) errors.lines[l.productId] = quantityProblem(l.quantityText) ?? translate('counter.quantityNotWhole');
    else if (l.openPrice && !l.price) errors.lines[l.productId] = translate('counter.typePriceFirst');
    return sentLine(l, quantity ?? 0);
  });
  const c = { name: s.customer.name.trim(), email: s.customer.email.trim(), phone: s.customer.phone.trim() };
  let customer: OrderContent['customer'];
  if (c.name || c.email || c.phone) {
    if (!c.name) errors.customer.name = translate('counter.customerNameNeeded');
    customer = { name: c.name, ...(c.email ? { email: c.email } : {}), ...(c.phone ? { phone: c.phone } : {}) };
  }
  // A held order's tax id and address stay with its customer while the name is the same.
  const extra = s.held?.customerExtra;
  if (customer && extra && extra.name === customer.name) customer = { ...customer, ...extra };
  const note = s.note.trim();
  if (errors.general || Object.keys(errors.lines).length > 0 || Object.keys(errors.customer).length > 0) return { errors };
  const discount = s.orderDiscount;
  return { content: { lines, ...(discount ? { discount } : {}), ...(customer ? { customer } : {}), ...(note ? { note } : {}) } };
}

/** Places each issue of a refused order next to the line, customer field or note it names. */
export function cartErrors(err: unknown, lines: readonly CartLine[]): CartErrors {
  const errors: CartErrors = { lines: {}, customer: {}, note: null, general: null };
  if (!(err instanceof ApiError)) {
    errors.general = err instanceof Error ? err.message : translate('counter.somethingWrong');
    return errors;
  }
  const leftover: string[] = [];
  for (const issue of err.issues) {
    const [head, index, field] = issue.path;
    if (head === 'lines' && typeof index === 'number' && lines[index]) {
      const id = lines[index].productId;
      errors.lines[id] ??= plainIssue(typeof field === 'string' ? field : 'line', issue.message, undefined, issue.serverMessage);
    } else if (head === 'customer' && (index === 'name' || index === 'email' || index === 'phone')) {
      errors.customer[index] ??= plainIssue(`customer.${index}`, issue.message, undefined, issue.serverMessage);
    } else if (head === 'note') {
      errors.note ??= plainIssue('note', issue.message, undefined, issue.serverMessage);
    } else {
      leftover.push(plainIssue(typeof head === 'string' ? head : '', issue.message, undefined, issue.serverMessage));
    }
  }
  const placed = Object.keys(errors.lines).length + Object.keys(errors.customer).length + (errors.note ? 1 : 0);
  if (leftover.length > 0) errors.general = leftover.join(' ');
  else if (placed === 0) errors.general = err.code === 'INTERNAL' ? translate('counter.nothingLost', { message: err.message }) : err.message;
  return errors;
}

function without<T extends Record<string, unknown>>(record: T, key: string): T {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

/** The cart's lines as void lines: each at its settled quantity (else its typed one, when valid). */
function voidLines(lines: readonly CartLine[]): { productId: string; quantity: number }[] {
  return lines.flatMap((l) => {
    const quantity = l.committed ?? parseQuantity(l.quantityText);
    return quantity === null ? [] : [{ productId: l.productId, quantity }];
  });
}

/** Errors a charge or hold of the held order gets when it was changed, charged or removed elsewhere. */
export function heldGone(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  if (err.code === 'CONFLICT') return !err.issues.some((i) => i.path[0] === 'idempotencyKey');
  return err.code === 'INVALID_TRANSITION' || err.code === 'NOT_FOUND';
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
    set({ errors, focusRefusal: true, customerOpen: get().customerOpen || Object.keys(errors.customer).length > 0 || errors.note !== null });

  /** The cart becomes the held order as it is (lines, customer, note, version). */
  const load = (order: Order, notice: string | null) => {
    const { lines, orderDiscount, customer, note, customerExtra } = heldCart(order);
    const cart = { ...freshCart(), lines, orderDiscount, customer, note, held: { id: order.id, number: order.number, version: order.version, content: '', ...(customerExtra ? { customerExtra } : {}) } };
    // Its content as the cart would send it, to tell later whether the cashier changed it; one write (one save of the cart).
    const checked = orderContent({ ...get(), ...cart });
    set({ ...cart, held: { ...cart.held, content: 'content' in checked ? JSON.stringify(checked.content) : '' }, stage: 'cart', done: null, notice });
  };

  return {
    ...restored(),
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
        // A typed quantity not yet settled is settled first (a decrease is a void); the scan then settles the new one.
        get().commitQuantity(product.id);
        const quantity = (parseQuantity(existing.quantityText) ?? 0) + 1;
        touchLine(
          product.id,
          lines.map((l) => (l.productId === product.id ? { ...l, quantityText: String(quantity), committed: quantity } : l)),
        );
        return;
      }
      touchLine(product.id, [
        ...lines,
        { productId: product.id, sku: product.sku, name: product.name, unitPrice: product.unitPrice, taxRateBp: product.taxRateBp, openPrice: product.openPrice, cost: product.cost, quantityText: '1', committed: 1 },
      ]);
      // An open-price product asks for its price at once.
      if (product.openPrice) set({ adjusting: { what: 'price', productId: product.id } });
    },

    setPrice(productId, price) {
      const line = get().lines.find((l) => l.productId === productId);
      if (!line || (price === null && line.openPrice)) return;
      touchLine(productId, get().lines.map((l) => (l.productId === productId ? { ...l, price } : l)));
    },

    setLineDiscount(productId, discount) {
      touchLine(productId, get().lines.map((l) => (l.productId === productId ? { ...l, discount } : l)));
    },

    setOrderDiscount(discount) {
      set({ orderDiscount: discount, notice: null, errors: { ...get().errors, general: null } });
    },

    adjust(what) {
      set({ adjusting: what });
    },

    setQuantityText(productId, text) {
      touchLine(
        productId,
        get().lines.map((l) => (l.productId === productId ? { ...l, quantityText: text } : l)),
      );
    },

    commitQuantity(productId) {
      const line = get().lines.find((l) => l.productId === productId);
      if (!line) return;
      const quantity = parseQuantity(line.quantityText);
      // An empty or invalid quantity settles nothing: the line keeps its last settled quantity.
      if (quantity === null || quantity === line.committed) return;
      if (line.committed !== undefined && quantity < line.committed) {
        recordVoid({ kind: 'line', lines: [{ productId, quantity: line.committed - quantity }], ...heldRef() });
      }
      set({ lines: get().lines.map((l) => (l.productId === productId ? { ...l, committed: quantity } : l)) });
    },

    confirmQuantity(productId, quantity) {
      set({ lines: get().lines.map((l) => (l.productId === productId ? { ...l, confirmed: quantity } : l)), confirming: null });
      get().commitQuantity(productId);
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
      // Back to 1 from what was settled before the large quantity was typed: a decrease is a void.
      get().commitQuantity(c.productId);
    },

    step(productId, delta) {
      get().commitQuantity(productId);
      const line = get().lines.find((l) => l.productId === productId);
      if (!line) return;
      const n = parseQuantity(line.quantityText);
      const next = Math.max(1, (n ?? (delta > 0 ? 0 : 2)) + delta);
      get().setQuantityText(productId, String(next));
      get().commitQuantity(productId);
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

    check() {
      for (const l of get().lines) get().commitQuantity(l.productId);
      const checked = orderContent(get());
      if ('errors' in checked) refuse(checked.errors);
      return !('errors' in checked);
    },

    toPayment() {
      if (!get().check()) return false;
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
      // Always at the version the cart opened: an order changed elsewhere since is refused, not charged with tenders sized for its old total.
      if (JSON.stringify(content) === held.content) return { heldOrderId: held.id, version: held.version };
      return { heldOrderId: held.id, version: held.version, ...heldChanges(get(), content) };
    },

    refused(err) {
      const errors = cartErrors(err, get().lines);
      const placed = Object.keys(errors.lines).length + Object.keys(errors.customer).length + (errors.note ? 1 : 0);
      if (placed === 0) return false;
      refuse({ ...errors, general: errors.general ?? translate('counter.checkHighlighted') });
      set({ stage: 'cart' });
      return true;
    },

    finishSale(result) {
      set({ ...freshCart(), stage: 'done', done: result, notice: null });
    },

    newSale() {
      set({ stage: 'cart', done: null });
    },

    async hold(approval) {
      if (get().busy || !get().check()) return null;
      const checked = orderContent(get());
      if ('errors' in checked) return null;
      const { content } = checked;
      const sentLines = get().lines;
      const held = get().held;
      set({ busy: 'hold' });
      try {
        const order = held
          ? await api.call('orders.update', { id: held.id, version: held.version, ...heldChanges(get(), content), ...(approval ? { approval } : {}) })
          : await api.call('orders.create', { ...content, clientRequestId: get().clientRequestId, ...(approval ? { approval } : {}) });
        set({ ...freshCart(), notice: translate('counter.heldNotice', { number: order.number }) });
        return { order };
      } catch (err) {
        if (held && heldGone(err)) {
          set({ busy: null });
          await get().heldChanged();
          return null;
        }
        // A manager must approve (or the approval given was refused): the caller asks for it; the cart stays as it is.
        const reason = approvalReason(err);
        if (reason) return { approval: reason, message: err instanceof Error ? err.message : translate('counter.managerMustApprove') };
        refuse(cartErrors(err, sentLines));
        return null;
      } finally {
        set({ busy: null });
      }
    },

    openHeld(order) {
      if (get().lines.length > 0) return translate('counter.saleInProgress');
      const problem = heldProblem(order);
      if (problem) return problem;
      load(order, translate('counter.openedFromQueue', { number: order.number }));
      return null;
    },

    async heldChanged() {
      const held = get().held;
      if (!held) return;
      const number = held.number;
      const gone = (why: string) => {
        // The order is still in the queue (or already sold): nothing here is a void.
        set({ ...freshCart(), stage: 'cart', done: null, notice: null });
        refuse({ ...noCartErrors, general: translate('counter.changedElsewhere', { number, why }) });
      };
      let order: Order;
      try {
        order = await api.call('orders.get', { id: held.id });
      } catch (err) {
        gone(translate(err instanceof ApiError && err.code === 'NOT_FOUND' ? 'counter.heldRemoved' : 'counter.heldReopen'));
        return;
      }
      const problem = heldProblem(order);
      if (problem) {
        gone(problem);
        return;
      }
      load(order, null);
      refuse({ ...noCartErrors, general: translate('counter.changedElsewhereCheck', { number }) });
    },
  };
});

// The cart of this terminal survives a reload or a crashed window.
useCounter.subscribe((s, prev) => {
  if (s.lines !== prev.lines || s.orderDiscount !== prev.orderDiscount || s.customer !== prev.customer || s.note !== prev.note || s.held !== prev.held || s.pending !== prev.pending) {
    saveCart({ lines: s.lines, orderDiscount: s.orderDiscount, customer: s.customer, note: s.note, held: s.held, pending: s.pending });
  }
});

// Signing out parks the cart first (see park.ts); what is left stays with this terminal.
onSessionCleared(() => useCounter.setState({ stage: 'cart', done: null, busy: null, notice: null, errors: noCartErrors }));
