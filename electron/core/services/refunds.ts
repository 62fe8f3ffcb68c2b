import { eq } from 'drizzle-orm';
import type { PaymentMethod, RefundInput } from '../../../shared/contract';
import { roundCash } from '../../../shared/domain/cash';
import { formatMoney } from '../../../shared/domain/currency';
import { refundToTenders, type PaidTender } from '../../../shared/domain/returns';
import { AppError } from '../../../shared/errors';
import { payments } from '../db/schema';
import { newId } from '../ids';
import type { CashSessionService } from './cashSessions';
import type { Actor, ServiceDeps } from './deps';
import { toPayment, type InvoiceRow, type PaymentRow } from './rows';
import type { SettingsService } from './settings';
import type { VoucherService } from './vouchers';

/** A tender as paid, net of its refunds: `left` in what it settled (rounding included), `leftOut` in money handed over. */
export interface Tender extends PaidTender {
  leftOut: number;
  /** The payment's reference (a card authorisation), kept on its refund. */
  reference: string | null;
}

/** Where refund rows of one credit note go. */
export interface RefundTarget {
  /** The invoice corrected (null: a return without a receipt). */
  invoice: InvoiceRow | null;
  creditNoteId: string | null;
  actor: Actor;
  now: string;
}

/** What the rows moved: `out` handed back (money and vouchers), `rounding` = out − due over the cash rows. */
export interface Refunded {
  out: number;
  rounding: number;
}

/**
 * Refund rows (payments of kind 'refund'): back to the original tenders, as given (another
 * tender or a voucher), or moved to an exchange's new invoice. Same columns as payments.ts's
 * rows; every row goes through the actor's open cash session (requireOpenFor), as payments do.
 */
export class RefundService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly settings: SettingsService,
    private readonly cashSessions: Pick<CashSessionService, 'requireOpenFor'>,
    private readonly vouchers: Pick<VoucherService, 'issueInTx' | 'restoreInTx'>,
  ) {}

  /** The invoice's payments, oldest first, each net of what was refunded of it (refund_of). */
  tenders(invoiceId: string): Tender[] {
    const rows = this.d
      .stmt(
        // The refunds are read through the invoice (its index), not by refund_of (none: a scan of every payment).
        `WITH back AS (
           SELECT refund_of AS id, sum(amount - rounding) AS back, sum(amount) AS backOut
           FROM payments WHERE invoice_id = @invoiceId AND kind = 'refund' AND refund_of IS NOT NULL GROUP BY refund_of)
         SELECT p.id, p.method, p.reference, p.voucher_code AS voucherCode, p.amount + p.rounding AS paid, p.amount AS paidOut,
           coalesce(b.back, 0) AS back, coalesce(b.backOut, 0) AS backOut
         FROM payments p LEFT JOIN back b ON b.id = p.id WHERE p.invoice_id = @invoiceId AND p.kind = 'payment' ORDER BY p.rowid`,
      )
      .all({ invoiceId }) as { id: string; method: string; reference: string | null; voucherCode: string | null; paid: number; paidOut: number; back: number; backOut: number }[];
    const tenders: Tender[] = rows.map((r) => ({ paymentId: r.id, method: r.method, reference: r.reference, voucherCode: r.voucherCode, left: r.paid - r.back, leftOut: r.paidOut - r.backOut }));
    // Refunds given by hand name no tender: they count against the tenders here, money against
    // money tenders, a voucher issued against voucher tenders first (newest first, as refundToTenders).
    const loose = this.d
      .stmt("SELECT method, amount, rounding FROM payments WHERE invoice_id = ? AND kind = 'refund' AND refund_of IS NULL ORDER BY rowid")
      .all(invoiceId) as { method: string; amount: number; rounding: number }[];
    for (const r of loose) {
      const money = tenders.filter((t) => t.method !== 'voucher');
      const pool = r.method === 'voucher' ? [...money, ...tenders.filter((t) => t.method === 'voucher')] : money;
      let rounding = r.rounding;
      for (const { tender, amount } of refundToTenders(r.amount - r.rounding, pool)) {
        const t = tender as Tender;
        t.left -= amount;
        t.leftOut -= amount + rounding;
        rounding = 0;
      }
    }
    return tenders;
  }

  /**
   * `due` back to the invoice's tenders, newest first (refundToTenders), rows written oldest
   * tender first. Cash rounds to the store's increment (a tender given back whole hands back
   * what is left of it, undoing its own rounding); a voucher tender restores its voucher.
   */
  toTendersInTx(target: RefundTarget & { invoice: InvoiceRow }, due: number): Refunded {
    if (due <= 0) return { out: 0, rounding: 0 };
    const tenders = this.tenders(target.invoice.id);
    const parts = refundToTenders(due, tenders).sort((a, b) => tenders.indexOf(a.tender as Tender) - tenders.indexOf(b.tender as Tender));
    const covered = parts.reduce((n, p) => n + p.amount, 0);
    if (covered !== due) throw AppError.of('INTERNAL', 'refundsDontCover', { number: target.invoice.number, covered, due });
    const increment = this.settings.get().cashRounding;
    const sum: Refunded = { out: 0, rounding: 0 };
    for (const { tender, amount } of parts) {
      const t = tender as Tender;
      const out = t.method !== 'cash' ? amount : amount === t.left ? t.leftOut : Math.min(roundCash(amount, increment), t.leftOut);
      const id = this.row(target, { method: t.method as PaymentMethod, amount: out, rounding: out - amount, refundOf: t.paymentId, voucherCode: t.voucherCode, reference: t.reference });
      if (t.method === 'voucher' && t.voucherCode !== null) this.vouchers.restoreInTx(t.voucherCode, out, id, target.actor);
      sum.out += out;
      sum.rounding += out - amount;
    }
    return sum;
  }

  /**
   * Checks refunds given by hand against `due` (VALIDATION naming `field`) and returns the
   * rounding they record (given − due). They add up to `due`, or, on an invoice, to what is
   * left of the money it took when that is less (a sale whose cash was rounded down: 15.62
   * paid 15.60 gives back 15.60, the screen's figure); the cash part may be rounded to the
   * store's increment. On an invoice, money (cash, card, other) never exceeds what its money
   * tenders have left: never more out than came in, whatever the rounding, and what a voucher
   * paid goes back as a voucher. `moved`: what an exchange moves to its new invoice first.
   */
  checkGiven(refunds: readonly RefundInput[], due: number, field: string, opts: { allowed?: readonly PaymentMethod[]; invoice?: InvoiceRow | null; moved?: number } = {}): number {
    refunds.forEach((r, i) => {
      if (opts.allowed && !opts.allowed.includes(r.method)) {
        throw AppError.rule([field, i, 'method'], opts.allowed.join() === 'cash,voucher' ? 'cashOrVoucherHere' : 'methodNotHere');
      }
    });
    const s = this.settings.get();
    const money = (n: number) => formatMoney(n, s.currency, s.locale);
    const sumOf = (keep: (r: RefundInput) => boolean) => refunds.filter(keep).reduce((n, r) => n + r.amount, 0);
    const cashOut = sumOf((r) => r.method === 'cash');
    const given = sumOf(() => true);
    const left = opts.invoice ? this.leftAfter(opts.invoice.id, opts.moved ?? 0) : null;
    const targets = left === null || left.out >= due ? [due] : [due, left.out];
    const fits = targets.some((target) => {
      const cashDue = target - (given - cashOut);
      return cashOut === cashDue || (cashOut > 0 && cashDue > 0 && cashOut === roundCash(cashDue, s.cashRounding) && given <= (left?.out ?? Infinity));
    });
    if (!fits) throw AppError.rule(field, 'refundMustAddUp', { amount: money(Math.min(due, left?.out ?? due)) });
    if (left !== null && given - sumOf((r) => r.method === 'voucher') > left.money) {
      throw AppError.rule(field, 'refundMoneyAtMost', { amount: money(left.money) });
    }
    return given - due;
  }

  /** What the invoice's tenders have left once `moved` went to an exchange's new invoice: in all, and of money tenders (not vouchers). */
  private leftAfter(invoiceId: string, moved: number): { out: number; money: number } {
    const tenders = this.tenders(invoiceId);
    for (const { tender, amount } of refundToTenders(moved, tenders)) (tender as Tender).leftOut -= amount;
    return {
      out: tenders.reduce((n, t) => n + Math.max(0, t.leftOut), 0),
      money: tenders.filter((t) => t.method !== 'voucher').reduce((n, t) => n + Math.max(0, t.leftOut), 0),
    };
  }

  /** Refunds as given (checked by checkGiven): a tender out, or a voucher issued for it. The rounding goes on the first cash row (else the first row). */
  asGivenInTx(target: RefundTarget, refunds: readonly RefundInput[], rounding: number): Refunded {
    const carrier = Math.max(0, refunds.findIndex((r) => r.method === 'cash'));
    refunds.forEach((r, i) => {
      const own = i === carrier ? rounding : 0;
      if (r.method === 'voucher') this.voucherInTx(target, r.amount, own);
      else this.row(target, { method: r.method, amount: r.amount, rounding: own, refundOf: null, voucherCode: null, reference: r.reference ?? null });
    });
    return { out: refunds.reduce((n, r) => n + r.amount, 0), rounding };
  }

  /** Store credit for `amount`: a voucher (vouchers.issueInTx) and its refund row of method voucher. */
  voucherInTx(target: RefundTarget, amount: number, rounding = 0): void {
    const id = newId();
    const voucher = this.vouchers.issueInTx({ kind: 'refund', amount, creditNoteId: target.creditNoteId, invoiceId: null, paymentId: id }, target.actor);
    this.row(target, { method: 'voucher', amount, rounding, refundOf: null, voucherCode: voucher.code, reference: null }, id);
  }

  /**
   * An exchange: `amount` of what was paid moves to the new invoice, as refund rows of method
   * 'other' (one per tender it comes from, newest first) referring to the new invoice's number.
   */
  transferInTx(target: RefundTarget & { invoice: InvoiceRow }, amount: number, reference: string): Refunded {
    if (amount <= 0) return { out: 0, rounding: 0 };
    for (const { tender, amount: part } of refundToTenders(amount, this.tenders(target.invoice.id))) {
      this.row(target, { method: 'other', amount: part, rounding: 0, refundOf: tender.paymentId, voucherCode: null, reference });
    }
    return { out: amount, rounding: 0 };
  }

  /** One refund row and its event; like a payment, it goes through the register's open cash session (none for a session bound to no register). */
  private row(
    target: RefundTarget,
    r: { method: PaymentMethod; amount: number; rounding: number; refundOf: string | null; voucherCode: string | null; reference: string | null },
    id = newId(),
  ): string {
    const cashSessionId = this.cashSessions.requireOpenFor(target.actor);
    this.d.db
      .insert(payments)
      .values({
        id,
        invoiceId: target.invoice?.id ?? null,
        orderId: target.invoice?.orderId ?? null,
        method: r.method,
        kind: 'refund',
        amount: r.amount,
        tendered: null,
        change: null,
        reference: r.reference,
        refundOf: r.refundOf,
        rounding: r.rounding,
        cashSessionId,
        creditNoteId: target.creditNoteId,
        voucherCode: r.voucherCode,
        idempotencyKey: null,
        requestHash: null,
        createdBy: target.actor.userId,
        createdAt: target.now,
      })
      .run();
    const payment = toPayment(this.d.db.select().from(payments).where(eq(payments.id, id)).get() as PaymentRow);
    this.d.events.append({ at: target.now, actor: target.actor.userId, type: 'payment.refunded', entity: 'payment', entityId: id, before: null, after: payment });
    return id;
  }
}
