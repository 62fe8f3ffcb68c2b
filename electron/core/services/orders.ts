import { asc, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Approval, Customer, Discount, HistoryEntry, LineInput, Order, OrderLine, Output, ParsedInput } from '../../../shared/contract';
import { approvalNeeds, approvesAlone, type ApprovalCause, type ApprovalNeed } from '../../../shared/domain/discountPolicy';
import { MAX_AMOUNT, MoneyRangeError } from '../../../shared/domain/money';
import { DiscountError, priceCart, type PricingRules } from '../../../shared/domain/pricing';
import { canTransition, enteredBy, isTerminal, transitions, type OrderStatus } from '../../../shared/domain/orderStatus';
import { AppError, listText, type ErrorList } from '../../../shared/errors';
import { iso } from '../clock';
import type { AuthService } from './auth';
import { counters, invoices, orderLines, orders, users } from '../db/schema';
import { newId } from '../ids';
import type { Actor, ServiceDeps } from './deps';
import { OrderSearch } from './orderSearch';
import { decodeCursor, toPage, Where, type SqlParams } from './paging';
import type { ProductService } from './products';
import { columnsOf, param, toOrder, type OrderRow } from './rows';
import type { SettingsService } from './settings';

/** What an event records of an order's state change (the lines are in its created/updated events). */
export function orderSummary(o: Pick<Order, 'status' | 'total' | 'amountPaid' | 'version' | 'invoiceId'>) {
  return { status: o.status, total: o.total, amountPaid: o.amountPaid, version: o.version, invoiceId: o.invoiceId };
}

/** The manager who approved a discount, override or sale below cost (verified before the transaction). */
export type Approver = { userId: string; displayName: string } | null;

/** A line with its product resolved: what pricing and the approval rule need. */
type ResolvedLine = Pick<OrderLine, 'productId' | 'sku' | 'name' | 'unitPrice' | 'listPrice' | 'priceReason' | 'quantity' | 'taxClassId' | 'taxRateBp' | 'discount'> & { cost: number | null };

/** What an order's content is priced from. */
type Content = { lines: ResolvedLine[]; discount: Discount | null };

/** A short-enough term is matched by substring in the trigram index; shorter ones by prefix. */
const TRIGRAM = 3;

/** The select list whose rows are the schema's row type (for the list's dynamic SQL). */
const ORDER_COLUMNS = columnsOf(orders);

/** The approval causes as the errors catalogue selects them. */
const approvalCauses: Record<ApprovalCause, string> = {
  'below-cost': 'belowCost',
  'order-discount': 'orderDiscount',
  'total-discount': 'totalDiscount',
  'line-discount': 'lineDiscount',
  'price-override': 'priceOverride',
};

/**
 * Why `operation` may not move order `number` from `from` to `to` (INVALID_TRANSITION), or null
 * when it may: shared/domain/orderStatus's transitionRefusal, as a keyed error.
 */
function transitionRefused(number: string | number, from: OrderStatus, to: OrderStatus, operation: string): AppError | null {
  if (!canTransition(from, to)) {
    if (isTerminal(from)) return AppError.of('INVALID_TRANSITION', 'orderStatusFinal', { number, from, to });
    const [first = '', second] = transitions[from];
    return AppError.of('INVALID_TRANSITION', 'orderCannotBecome', { number, from, to, options: second === undefined ? 'one' : 'two', first, second: second ?? '' });
  }
  if (enteredBy[to] !== operation) return AppError.of('INVALID_TRANSITION', 'orderWrongOperation', { number, from, to, operation: enteredBy[to], requested: operation });
  return null;
}

/** A discount larger than what it is taken off. */
function discountRefused(err: DiscountError): AppError {
  return AppError.rule(err.field, 'discountMoreThanAmount', { amount: err.amount });
}

export class OrderService {
  private readonly q;
  readonly search: OrderSearch;

  constructor(
    private readonly d: ServiceDeps,
    private readonly products: ProductService,
    private readonly settings: SettingsService,
    private readonly auth: Pick<AuthService, 'verifyApproval'>,
  ) {
    const s = d.sqlite;
    const db = drizzle(s);
    const id = sql.placeholder('id');
    this.search = new OrderSearch(d);
    this.q = {
      byId: db.select().from(orders).where(eq(orders.id, id)).prepare(),
      userName: db.select({ name: users.displayName }).from(users).where(eq(users.id, id)).prepare(),
      byRequest: db.select().from(orders).where(eq(orders.clientRequestId, sql.placeholder('key'))).prepare(),
      lines: db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(asc(orderLines.position)).prepare(),
      // The order's amount paid is its invoice's: kept in one table.
      paid: db.select({ amountPaid: invoices.amountPaid }).from(invoices).where(eq(invoices.id, id)).prepare(),
      nextNumber: db
        .insert(counters)
        .values({ name: 'order', value: 1 })
        .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + 1` } })
        .returning({ value: counters.value })
        .prepare(),
      insert: db
        .insert(orders)
        .values({
          id,
          number: sql.placeholder('number'),
          status: 'RECEIVED',
          customer: sql.placeholder('customer'),
          customerName: sql.placeholder('customerName'),
          note: sql.placeholder('note'),
          priceBasis: sql.placeholder('priceBasis'),
          discount: sql.placeholder('discount'),
          discountTotal: sql.placeholder('discountTotal'),
          approvedBy: sql.placeholder('approvedBy'),
          subtotal: sql.placeholder('subtotal'),
          tax: sql.placeholder('tax'),
          total: sql.placeholder('total'),
          currency: sql.placeholder('currency'),
          version: 1,
          clientRequestId: sql.placeholder('clientRequestId'),
          createdBy: sql.placeholder('createdBy'),
          createdAt: sql.placeholder('now'),
          updatedAt: sql.placeholder('now'),
        })
        .prepare(),
      insertLine: db
        .insert(orderLines)
        .values({
          orderId: sql.placeholder('orderId'),
          position: sql.placeholder('position'),
          productId: sql.placeholder('productId'),
          sku: sql.placeholder('sku'),
          name: sql.placeholder('name'),
          unitPrice: sql.placeholder('unitPrice'),
          listPrice: sql.placeholder('listPrice'),
          priceReason: sql.placeholder('priceReason'),
          quantity: sql.placeholder('quantity'),
          taxClassId: sql.placeholder('taxClassId'),
          taxRateBp: sql.placeholder('taxRateBp'),
          discount: sql.placeholder('discount'),
          lineDiscount: sql.placeholder('lineDiscount'),
          orderDiscount: sql.placeholder('orderDiscount'),
          subtotal: sql.placeholder('subtotal'),
          tax: sql.placeholder('tax'),
          total: sql.placeholder('total'),
        })
        .prepare(),
      deleteLines: db.delete(orderLines).where(eq(orderLines.orderId, id)).prepare(),
      updateContent: db
        .update(orders)
        .set({
          customer: param('customer'),
          customerName: param('customerName'),
          note: param('note'),
          priceBasis: param('priceBasis'),
          discount: param('discount'),
          discountTotal: param('discountTotal'),
          approvedBy: param('approvedBy'),
          subtotal: param('subtotal'),
          tax: param('tax'),
          total: param('total'),
          version: sql`${orders.version} + 1`,
          updatedAt: param('now'),
        })
        .where(eq(orders.id, id))
        .prepare(),
      setStatus: db
        .update(orders)
        .set({ status: param('status'), version: sql`${orders.version} + 1`, updatedAt: param('now') })
        .where(eq(orders.id, id))
        .prepare(),
      setStatusInvoice: db
        .update(orders)
        .set({ status: param('status'), invoiceId: param('invoiceId'), version: sql`${orders.version} + 1`, updatedAt: param('now') })
        .where(eq(orders.id, id))
        .prepare(),
      touch: db
        .update(orders)
        .set({ version: sql`${orders.version} + 1`, updatedAt: param('now') })
        .where(eq(orders.id, id))
        .prepare(),
      deleteOrder: db.delete(orders).where(eq(orders.id, id)).prepare(),
      history: s.prepare<{ id: string }, { seq: number; at: string; type: string; entity: string; after: string | null; actor_name: string | null }>(
        `SELECT e.seq, e.at, e.type, e.entity, e.after, u.display_name AS actor_name FROM events e LEFT JOIN users u ON u.id = e.actor
         WHERE (e.entity = 'order' AND e.entity_id = @id)
            OR (e.entity = 'invoice' AND e.entity_id = (SELECT invoice_id FROM orders WHERE id = @id))
            OR (e.entity = 'payment' AND e.entity_id IN (SELECT id FROM payments WHERE order_id = @id))
         ORDER BY e.seq`,
      ),
    };
  }

  // ---- reads ----

  row(id: string): OrderRow {
    const row = this.q.byId.get({ id });
    if (!row) throw AppError.of('NOT_FOUND', 'noOrder', { id });
    return row;
  }

  get(id: string): Order {
    return this.toOrder(this.row(id));
  }

  toOrder(r: OrderRow): Order {
    const amountPaid = r.invoiceId === null ? 0 : (this.q.paid.get({ id: r.invoiceId })?.amountPaid ?? 0);
    const approver = r.approvedBy === null ? null : (this.q.userName.get({ id: r.approvedBy })?.name ?? null);
    return toOrder(r, this.q.lines.all({ id: r.id }), amountPaid, approver);
  }

  /** The order's events with its invoice's and payments', from the audit trail. */
  history(id: string): HistoryEntry[] {
    this.row(id);
    return this.q.history.all({ id }).map((e) => {
      const after = (e.after === null ? {} : JSON.parse(e.after)) as { status?: unknown; amount?: unknown; reason?: unknown };
      return {
        seq: e.seq,
        at: e.at,
        type: e.type,
        entity: e.entity,
        actorName: e.actor_name,
        status: typeof after.status === 'string' ? after.status : null,
        amount: typeof after.amount === 'number' ? after.amount : null,
        reason: typeof after.reason === 'string' ? after.reason : null,
      };
    });
  }

  /** Newest first (by number), keyset-paged; `query` matches the number, customer name or line names. */
  list(input: ParsedInput<'orders.list'>): Output<'orders.list'> {
    const after = decodeCursor(input.cursor, ['number'] as const);
    const where = new Where().inList('status', input.status).timeRange('created_at', input.from, input.to, this.settings.get().timeZone);
    if (input.query) where.add(this.queryClause(input.query, where.params));
    if (after) where.add('number < @after', { after: after[0] });
    const rows = this.d
      .stmt(`SELECT ${ORDER_COLUMNS} FROM orders ${where.sql()} ORDER BY number DESC LIMIT @limit`).all({ ...where.params, limit: input.limit + 1 }) as OrderRow[];
    return toPage(rows, input.limit, (r) => this.toOrder(r), (r) => [r.number]);
  }

  /** The SQL condition (on `number`) for a search text; shared by the order and invoice lists. */
  queryClause(query: string, params: SqlParams, numberColumn = 'number'): string {
    const text = query.trim();
    const digits = /^#?0*(\d{1,15})$/.exec(text);
    const parts: string[] = [];
    if (digits?.[1]) {
      parts.push(`${numberColumn} = @qNumber`);
      params.qNumber = Number(digits[1]);
    }
    if (text.length >= TRIGRAM) {
      parts.push(this.search.clause(text, params, numberColumn));
    } else if (!digits) {
      // lower() on both sides: the index's own case folding, a range on lower(customer_name).
      parts.push(`${numberColumn} IN (SELECT number FROM orders WHERE lower(customer_name) >= lower(@qPrefix) AND lower(customer_name) < lower(@qPrefix) || char(1114111))`);
      params.qPrefix = text;
    }
    return `(${parts.join(' OR ')})`;
  }

  // ---- writes ----

  async create(input: ParsedInput<'orders.create'>, actor: Actor): Promise<Order> {
    if (input.clientRequestId !== undefined) {
      const first = this.q.byRequest.get({ key: input.clientRequestId });
      if (first) return this.toOrder(first);
    }
    const approver = await this.approverOf(input.approval);
    const order = this.d.tx(() => this.createInTx(input, actor, approver));
    this.search.written();
    return order;
  }

  /**
   * orders.create's writes inside the caller's transaction (orders.create, orders.checkout):
   * the order and its lines, its search text, its event. The caller calls search.written() after commit.
   */
  createInTx(input: Pick<ParsedInput<'orders.create'>, 'lines' | 'discount' | 'customer' | 'note' | 'clientRequestId'>, actor: Actor, approver: Approver = null): Order {
    const priced = this.price({ lines: input.lines.map((l, i) => this.resolve(l, i)), discount: input.discount ?? null }, actor, approver);
    const number = this.q.nextNumber.get()?.value ?? 1;
    const id = newId();
    const now = iso(this.d.clock());
    this.q.insert.run({
      id,
      number,
      ...this.contentParams(input.customer ?? null, input.note ?? null, priced),
      currency: this.settings.get().currency,
      clientRequestId: input.clientRequestId ?? null,
      createdBy: actor.userId,
      now,
    });
    this.writeLines(id, number, priced.lines, input.customer?.name ?? null);
    const created = this.get(id);
    this.d.events.append({ at: now, actor: actor.userId, type: 'order.created', entity: 'order', entityId: id, before: null, after: created });
    this.d.changed({ event: 'order.changed', data: { id, status: created.status } });
    return created;
  }

  async update(input: ParsedInput<'orders.update'>, actor: Actor): Promise<Order> {
    const approver = await this.approverOf(input.approval);
    const order = this.d.tx(() => this.updateInTx(input, actor, approver));
    this.search.written();
    return order;
  }

  /** orders.update's checks and writes inside the caller's transaction (orders.update, orders.checkout of a held order). */
  updateInTx(input: Omit<ParsedInput<'orders.update'>, 'approval'>, actor: Actor, approver: Approver = null): Order {
    const before = this.get(input.id);
    if (before.status !== 'RECEIVED') {
      throw AppError.of('INVALID_TRANSITION', 'orderNotChangeable', { number: before.number, status: before.status });
    }
    if (input.version !== before.version) {
      throw AppError.of('CONFLICT', 'orderVersionConflict', { number: before.number, version: before.version, sent: input.version });
    }
    const customer = input.customer === undefined ? before.customer : input.customer;
    const note = input.note === undefined ? before.note : input.note || null;
    // New lines are priced now; kept lines keep the prices they were taken at (a new discount re-spreads over them).
    const lines = input.lines ? input.lines.map((l, i) => this.resolve(l, i)) : before.lines.map((l) => this.kept(l));
    const discount = input.discount === undefined ? before.discount : input.discount;
    // What is sold and its discount unchanged (a note, a customer): the approval it had still stands.
    const unchanged = input.lines === undefined && input.discount === undefined;
    const stands = unchanged && before.approvedBy ? { userId: before.approvedBy.id, displayName: before.approvedBy.name } : null;
    const priced = this.price({ lines, discount }, actor, approver ?? stands);
    const now = iso(this.d.clock());
    this.q.updateContent.run({ id: before.id, ...this.contentParams(customer, note, priced), now });
    this.q.deleteLines.run({ id: before.id });
    this.search.remove(before.number);
    this.writeLines(before.id, before.number, priced.lines, customer?.name ?? null);
    const after = this.get(before.id);
    this.d.events.append({ at: now, actor: actor.userId, type: 'order.updated', entity: 'order', entityId: before.id, before, after });
    this.d.changed({ event: 'order.changed', data: { id: after.id, status: after.status } });
    return after;
  }

  delete(id: string, actor: Actor): void {
    this.d.tx(() => {
      const current = this.get(id);
      if (current.status !== 'RECEIVED' || current.invoiceId !== null) {
        throw AppError.of('INVALID_TRANSITION', 'orderNotDeletable', { number: current.number, status: current.status });
      }
      this.q.deleteLines.run({ id });
      this.search.remove(current.number);
      this.q.deleteOrder.run({ id });
      this.d.events.append({ at: iso(this.d.clock()), actor: actor.userId, type: 'order.deleted', entity: 'order', entityId: id, before: current, after: null });
      this.d.changed({ event: 'order.changed', data: { id, status: 'DELETED' } });
    });
    this.search.written();
  }

  /** SHIPPED and DELIVERED; every other state is entered by its own operation. */
  transition(input: ParsedInput<'orders.transition'>, actor: Actor): Order {
    return this.d.tx(() => {
      const before = this.get(input.id);
      this.moveTo(before, input.to, 'orders.transition', actor);
      return this.get(input.id);
    });
  }

  /**
   * Moves an order to `to` inside the caller's transaction, if the state machine lets
   * `operation` do it; records the change.
   */
  moveTo(before: Order, to: OrderStatus, operation: string, actor: Actor, detail: Record<string, unknown> = {}, invoiceId?: string): void {
    const refusal = transitionRefused(before.number, before.status, to, operation);
    if (refusal) throw refusal;
    const now = iso(this.d.clock());
    if (invoiceId === undefined) this.q.setStatus.run({ id: before.id, status: to, now });
    else this.q.setStatusInvoice.run({ id: before.id, status: to, invoiceId, now });
    const after = { ...orderSummary(before), status: to, version: before.version + 1, ...detail };
    this.d.events.append({ at: now, actor: actor.userId, type: `order.${to.toLowerCase()}`, entity: 'order', entityId: before.id, before: orderSummary(before), after });
    this.d.changed({ event: 'order.changed', data: { id: before.id, status: to } });
  }

  /** invoices.generate: the order goes PROCESSING with its invoice, one change, one version. */
  invoiced(before: Order, invoiceId: string, actor: Actor): void {
    this.moveTo(before, 'PROCESSING', 'invoices.generate', actor, {}, invoiceId);
  }

  /** Its invoice's amount paid changed (a payment or a refund): the order's version moves with it. */
  paymentRecorded(id: string, now: string): void {
    this.q.touch.run({ id, now });
  }

  // ---- helpers ----

  /** The rules every price is computed by: the store's basis and where tax is rounded. */
  rules(): PricingRules {
    const s = this.settings.get();
    return { pricesIncludeTax: s.pricesIncludeTax, taxRounding: s.taxRounding };
  }

  /** A given approval verified (argon2, before any transaction); none given: null. */
  async approverOf(approval: Approval | undefined): Promise<Approver> {
    if (approval === undefined) return null;
    const a = await this.auth.verifyApproval(approval);
    return { userId: a.userId, displayName: a.displayName };
  }

  /**
   * A line input with its product read: its price of the day (or the one typed: an open price,
   * or an override with its reason), its tax class's rate of the day, its cost.
   */
  private resolve(line: LineInput, i: number): ResolvedLine {
    const discount = line.discount ?? null;
    if (!('productId' in line)) {
      const taxRateBp = line.taxClassId === undefined ? (line.taxRateBp ?? 0) : this.products.classRate(line.taxClassId, ['lines', i, 'taxClassId']);
      if (line.taxRateBp !== undefined && line.taxRateBp !== taxRateBp) throw AppError.rule(['lines', i, 'taxRateBp'], 'taxRateMismatch', { rate: taxRateBp });
      return { productId: null, sku: null, name: line.name, unitPrice: line.unitPrice, listPrice: null, priceReason: null, quantity: line.quantity, taxClassId: line.taxClassId ?? null, taxRateBp, discount, cost: null };
    }
    const p = this.products.row(line.productId, ['lines', i, 'productId']);
    if (p.archived) throw AppError.rule(['lines', i, 'productId'], 'productArchived', { name: p.name });
    const base = { productId: p.id, sku: p.sku, name: p.name, quantity: line.quantity, taxClassId: p.taxClassId, taxRateBp: this.products.rateOf(p), discount, cost: p.cost };
    if (p.openPrice) {
      if (line.unitPrice === undefined) throw AppError.rule(['lines', i, 'unitPrice'], 'openPriceRequired', { name: p.name });
      return { ...base, unitPrice: line.unitPrice, listPrice: null, priceReason: line.priceReason ?? null };
    }
    if (line.unitPrice === undefined || line.unitPrice === p.unitPrice) {
      if (line.priceReason !== undefined && line.unitPrice === undefined) throw AppError.rule(['lines', i, 'priceReason'], 'priceReasonOnlyForOverride');
      return { ...base, unitPrice: p.unitPrice, listPrice: null, priceReason: null };
    }
    if (line.priceReason === undefined) throw AppError.rule(['lines', i, 'priceReason'], 'priceReasonRequired', { name: p.name });
    return { ...base, unitPrice: line.unitPrice, listPrice: p.unitPrice, priceReason: line.priceReason };
  }

  /** A line kept as it was priced (a held order whose discount changes): its product's cost read again. */
  private kept(l: OrderLine): ResolvedLine {
    const cost = l.productId === null ? null : (this.products.row(l.productId).cost ?? null);
    return { productId: l.productId, sku: l.sku, name: l.name, unitPrice: l.unitPrice, listPrice: l.listPrice, priceReason: l.priceReason, quantity: l.quantity, taxClassId: l.taxClassId, taxRateBp: l.taxRateBp, discount: l.discount, cost };
  }

  /**
   * Prices the content by the one rule (shared/domain/pricing) and checks who may: beyond the
   * cashier's limit, or below cost, FORBIDDEN APPROVAL_REQUIRED unless a manager approved (or is
   * the seller). Throws before anything is written.
   */
  private price(content: Content, actor: Actor, approver: Approver) {
    const rules = this.rules();
    content.lines.forEach((l, i) => {
      const amount = l.unitPrice * l.quantity;
      if (!Number.isSafeInteger(amount) || amount > MAX_AMOUNT) throw AppError.rule(['lines', i, 'quantity'], 'lineAmountTooLarge');
    });
    let cart;
    try {
      cart = priceCart(content.lines, content.discount, rules);
    } catch (err) {
      if (err instanceof DiscountError) throw discountRefused(err);
      if (err instanceof MoneyRangeError) throw AppError.rule('lines', 'orderTotalTooLarge');
      throw err;
    }
    const needs = approvalNeeds(content.lines, cart, this.settings.get().cashierMaxDiscountPercent);
    if (needs.length > 0 && approver === null && !approvesAlone(actor.role)) throw this.approvalRequired(needs, content);
    const lines = content.lines.map(({ cost: _cost, ...l }, i): OrderLine => {
      const p = cart.lines[i];
      if (!p) throw new Error('priced line missing');
      return { ...l, ...p };
    });
    return {
      lines,
      totals: cart.totals,
      priceBasis: rules.pricesIncludeTax ? ('gross' as const) : ('net' as const),
      discount: content.discount,
      // Only what needed approving names an approver: a manager's PIN sent along with a sale within the limit approves nothing.
      approvedBy: needs.length === 0 ? null : (approver?.userId ?? actor.userId),
    };
  }

  private approvalRequired(needs: ApprovalNeed[], content: Content): AppError {
    const max = this.settings.get().cashierMaxDiscountPercent;
    const what = needs.map((n) => ({ cause: approvalCauses[n.cause], name: n.line === undefined ? '' : (content.lines[n.line]?.name ?? ''), max }));
    const details = { reason: 'APPROVAL_REQUIRED', needs };
    if (what.length === 1) return AppError.of('FORBIDDEN', 'managerMustApproveOne', what[0], details);
    // Several: listed in one message, each reason kept keyed so a client says it in its language.
    const reasons: ErrorList = { key: 'approvalNeed', items: what };
    return AppError.of('FORBIDDEN', 'managerMustApprove', { reasons: listText(reasons) }, { ...details, lists: { reasons } });
  }

  private contentParams(customer: Customer | null, note: string | null, priced: ReturnType<OrderService['price']>) {
    return {
      customer: customer === null ? null : JSON.stringify(customer),
      customerName: customer?.name ?? null,
      note: note || null,
      priceBasis: priced.priceBasis,
      discount: priced.discount === null ? null : JSON.stringify(priced.discount),
      discountTotal: priced.totals.discount,
      approvedBy: priced.approvedBy,
      subtotal: priced.totals.subtotal,
      tax: priced.totals.tax,
      total: priced.totals.total,
    };
  }

  private writeLines(orderId: string, number: number, lines: OrderLine[], customerName: string | null): void {
    lines.forEach((l, position) => {
      const { amount: _amount, ...row } = l;
      this.q.insertLine.run({ orderId, position, ...row, discount: l.discount === null ? null : JSON.stringify(l.discount) });
    });
    this.search.add(number, customerName, lines.map((l) => l.name));
  }
}
