import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Order, Output, ParsedInput } from '../../../shared/contract';
import { formatMoney, tenderChange } from '../../../shared/domain/currency';
import { MAX_AMOUNT, MoneyRangeError } from '../../../shared/domain/money';
import { priceCart } from '../../../shared/domain/pricing';
import { AppError, errorIssue } from '../../../shared/errors';
import { iso } from '../clock';
import { checkouts, counterVoids } from '../db/schema';
import type { CashSessionService } from './cashSessions';
import type { Actor, ServiceDeps } from './deps';
import { canonicalJson } from './events';
import type { InvoiceService } from './invoices';
import type { Approver, OrderService } from './orders';
import { maxChangeOf, tenderTakes, type PaymentService } from './payments';
import type { ProductService } from './products';
import type { SettingsService } from './settings';

type CheckoutInput = ParsedInput<'orders.checkout'>;
type CheckoutResult = Output<'orders.checkout'>;

/** A held order's customer or note sent as null (cleared), told apart from absent (kept) in the hash. */
const CLEARED = { cleared: true };

/**
 * The hash an idempotency key is bound to: every field of the input but the key, absent ones
 * as null (a tender's voucher code only when given, so keys from before vouchers hash as they
 * did). A held order's customer or note sent as null (clear it) hashes apart from absent
 * (keep it); on a new sale both mean none.
 */
function requestHashOf(input: CheckoutInput): string {
  const { idempotencyKey: _key, ...rest } = input;
  const held = rest.heldOrderId !== undefined;
  const cleared = (v: unknown) => (v === null && held ? CLEARED : (v ?? null));
  return crypto
    .createHash('sha256')
    .update(
      canonicalJson({
        lines: rest.lines ?? null,
        customer: cleared(rest.customer),
        note: cleared(rest.note),
        heldOrderId: rest.heldOrderId ?? null,
        // Only when given, so keys from before discounts hash as they did; an approval is no part of what is sold.
        ...(rest.discount === undefined ? {} : { discount: cleared(rest.discount) }),
        version: rest.version ?? null,
        tenders: rest.tenders.map((t) => ({ method: t.method, amount: t.amount, tendered: t.tendered ?? null, reference: t.reference ?? null, ...(t.code === undefined ? {} : { code: t.code }) })),
      }),
    )
    .digest('hex');
}

/** One sale in one transaction: the order, its invoice and every tender (orders.checkout). */
export class CheckoutService {
  private readonly q;

  constructor(
    private readonly d: ServiceDeps,
    private readonly orders: OrderService,
    private readonly invoices: InvoiceService,
    private readonly payments: PaymentService,
    private readonly products: ProductService,
    private readonly settings: SettingsService,
    private readonly cashSessions: Pick<CashSessionService, 'requireOpenFor' | 'openFor'>,
  ) {
    const db = drizzle(d.sqlite);
    const ph = (name: string) => sql.placeholder(name);
    this.q = {
      byKey: db.select().from(checkouts).where(eq(checkouts.idempotencyKey, ph('key'))).prepare(),
      insert: db
        .insert(checkouts)
        .values({ idempotencyKey: ph('key'), requestHash: ph('requestHash'), orderId: ph('orderId'), change: ph('change'), createdAt: ph('now') })
        .prepare(),
    };
  }

  /**
   * Creates the order (or takes the held one), issues its invoice and records every tender
   * through the same code as orders.create/update, invoices.generate and payments.pay, in one
   * transaction: the whole sale or nothing. A repeated key answers the first sale as it is now.
   */
  async checkout(input: CheckoutInput, actor: Actor): Promise<CheckoutResult> {
    // A used key is answered (or refused, CONFLICT) by the key alone: a retry's approval is not
    // checked again, so a PIN changed since neither refuses the first sale nor counts as a failure.
    const used = this.q.byKey.get({ key: input.idempotencyKey }) !== undefined;
    const approver = used ? null : await this.orders.approverOf(input.approval);
    const result = this.d.tx(() => this.checkoutInTx(input, actor, approver).result);
    this.committed();
    return result;
  }

  /**
   * orders.checkout inside the caller's transaction (a gift voucher's sale, an exchange's new
   * sale): `replayed` is true when the key was already used for this input (the first sale is
   * answered and nothing is written). The caller calls `committed()` once its transaction commits.
   */
  checkoutInTx(input: CheckoutInput, actor: Actor, approver: Approver = null): { result: CheckoutResult; replayed: boolean } {
    const requestHash = requestHashOf(input);
    const first = this.q.byKey.get({ key: input.idempotencyKey });
    if (first) {
      if (first.requestHash !== requestHash) {
        throw AppError.of('CONFLICT', 'saleKeyReused', undefined, { issues: [errorIssue(['idempotencyKey'], 'usedWithOtherInput')] });
      }
      return { result: this.answer(first.orderId, first.change), replayed: true };
    }
    // A sale always takes money: the register must be open before anything is written.
    this.cashSessions.requireOpenFor(actor);
    this.checkTenders(input.tenders);
    const order = this.takeOrder(input, actor, approver);
    this.checkTotal(input.tenders, order.total);
    const invoice = this.invoices.issueInTx(order.id, actor);
    let change = 0;
    input.tenders.forEach((t, i) => {
      const id = this.payments.payInTx({ invoiceId: invoice.id, method: t.method, amount: t.amount, tendered: t.tendered, reference: t.reference, code: t.code }, actor, null, ['tenders', i]);
      // Change is given on what the cash took (rounded when it cleared the balance).
      change += this.payments.get(id).change ?? 0;
    });
    this.q.insert.run({ key: input.idempotencyKey, requestHash, orderId: order.id, change, now: iso(this.d.clock()) });
    this.d.hooks.beforeCommit?.('orders.checkout');
    return { result: this.answer(order.id, change), replayed: false };
  }

  /** After a caller's transaction that ran checkoutInTx has committed: the order search sees the new order. */
  committed(): void {
    this.orders.search.written();
  }

  /**
   * Counter voids: the lines priced at the products' current prices, one `counter.line_voided`
   * event per line (kind line) or one `counter.cart_abandoned` with every line (kind cart).
   */
  recordVoid(input: ParsedInput<'orders.recordVoid'>, actor: Actor): Output<'orders.recordVoid'> {
    const lines = input.lines.map((l, i) => {
      const p = this.products.row(l.productId, ['lines', i, 'productId']);
      try {
        // What the line would have cost: the sale's rule (its class's rate of the day, the store's price basis).
        const { total } = priceCart([{ unitPrice: p.unitPrice, quantity: l.quantity, taxRateBp: this.products.rateOf(p) }], null, this.orders.rules()).totals;
        return { productId: p.id, sku: p.sku, name: p.name, quantity: l.quantity, unitPrice: p.unitPrice, amount: total };
      } catch (err) {
        if (err instanceof MoneyRangeError) throw AppError.rule(['lines', i, 'quantity'], 'lineAmountTooLarge');
        throw err;
      }
    });
    const amount = lines.reduce((sum, l) => sum + l.amount, 0);
    if (amount > MAX_AMOUNT) throw AppError.rule('lines', 'linesTooLarge');
    const held = input.heldOrderId === undefined ? {} : { heldOrderId: input.heldOrderId };
    const base = { at: iso(this.d.clock()), actor: actor.userId, entity: 'counter', entityId: input.heldOrderId ?? null, before: null };
    const cashier = { cashier: actor.username, cashierName: actor.displayName };
    this.d.tx(() => {
      // The Z report counts them per cash session (none needed: nothing is paid).
      const voided = { cashSessionId: this.cashSessions.openFor(actor), userId: actor.userId, createdAt: base.at };
      if (input.kind === 'line') {
        for (const line of lines) {
          this.d.db.insert(counterVoids).values({ ...voided, kind: 'line', amount: line.amount }).run();
          this.d.events.append({ ...base, type: 'counter.line_voided', after: { ...cashier, ...line, ...held } });
        }
      } else {
        this.d.db.insert(counterVoids).values({ ...voided, kind: 'cart', amount }).run();
        this.d.events.append({ ...base, type: 'counter.cart_abandoned', after: { ...cashier, lines, amount, ...held } });
      }
    });
    return { recorded: lines.length, amount };
  }

  /**
   * A new order from the input's lines, or the held RECEIVED one (its content replaced through
   * orders.update's code, customer or note null clearing them). A held order's `version` given
   * alone still has to be its current one (CONFLICT otherwise): tenders sized for what the
   * cashier saw are never applied to an order changed since.
   */
  private takeOrder(input: CheckoutInput, actor: Actor, approver: Approver): Order {
    if (input.heldOrderId === undefined) {
      // The contract requires lines when no held order is named.
      return this.orders.createInTx({ lines: input.lines ?? [], discount: input.discount ?? undefined, customer: input.customer ?? undefined, note: input.note ?? undefined }, actor, approver);
    }
    const held = this.orders.get(input.heldOrderId);
    if (held.status !== 'RECEIVED' || held.invoiceId !== null) {
      throw AppError.of('INVALID_TRANSITION', 'heldOrderNotChargeable', { number: held.number, status: held.status });
    }
    const replaces = input.lines !== undefined || input.customer !== undefined || input.note !== undefined || input.discount !== undefined;
    if (input.version !== undefined && (replaces || input.version !== held.version)) {
      return this.orders.updateInTx({ id: held.id, version: input.version, lines: input.lines, discount: input.discount, customer: input.customer, note: input.note }, actor, approver);
    }
    return held;
  }

  /**
   * The tenders may not take more than the total: each takes its share of what is left, cash
   * that clears it taking the rounded balance (payments.tenderTakes, the rule payInTx applies).
   */
  private checkTotal(tenders: CheckoutInput['tenders'], total: number): void {
    const increment = this.settings.get().cashRounding;
    let left = total;
    for (const t of tenders) {
      const { taken, rounding, over } = tenderTakes(left, t, increment);
      if (over) {
        const paying = tenders.reduce((sum, x) => sum + x.amount, 0);
        throw AppError.rule('tenders', 'tendersOverTotal', { paying: this.money(paying), total: this.money(total) });
      }
      left -= taken + rounding;
    }
  }

  /**
   * The tender rules that need no order: `tendered` only for cash and at least the amount; the
   * change (Σ tendered − amount over cash) within the store's `maxChange`. Returns the change.
   */
  private checkTenders(tenders: CheckoutInput['tenders']): number {
    const maxChange = maxChangeOf(this.settings.get());
    let change = 0;
    tenders.forEach((t, i) => {
      if (t.tendered === undefined) return;
      if (t.method !== 'cash') throw AppError.rule(['tenders', i, 'tendered'], 'tenderedCashTendersOnly');
      if (t.tendered < t.amount) throw AppError.rule(['tenders', i, 'tendered'], 'atLeastAmount');
      change += tenderChange(t);
      if (change > maxChange) throw AppError.rule(['tenders', i, 'tendered'], 'tooMuchChange', { max: this.money(maxChange) });
    });
    return change;
  }

  private answer(orderId: string, change: number): CheckoutResult {
    return { order: this.orders.get(orderId), invoice: this.invoices.getByOrder(orderId), payments: this.payments.tendersOf(orderId), change };
  }

  private money(amount: number): string {
    const s = this.settings.get();
    return formatMoney(amount, s.currency, s.locale);
  }
}
