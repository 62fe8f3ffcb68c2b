import crypto from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Output, ParsedInput, Voucher } from '../../../shared/contract';
import { formatMoney } from '../../../shared/domain/currency';
import { StoreFormat } from '../../../shared/domain/format';
import type { voucherEntryKinds } from '../../../shared/domain/returns';
import { normaliseVoucherCode, voucherCodeFrom, VOUCHER_CODE_LENGTH } from '../../../shared/domain/voucherCode';
import { AppError, errorIssue } from '../../../shared/errors';
import { iso } from '../clock';
import { users, voucherEntries, vouchers } from '../db/schema';
import { newId } from '../ids';
import type { CheckoutService } from './checkout';
import type { Actor, ServiceDeps } from './deps';
import { toVoucher, type VoucherRow } from './rows';
import type { SettingsService } from './settings';

type EntryKind = (typeof voucherEntryKinds)[number];
type Path = (string | number)[];

const DAY_MS = 24 * 60 * 60 * 1000;
/** A fresh random code colliding with a stored one is rare (60 bits); a few draws always do. */
const CODE_ATTEMPTS = 5;
/** The name of a gift voucher's line on its sale's invoice. */
export const GIFT_VOUCHER_LINE = 'Gift voucher';

/** Store credit: vouchers issued for returns or sold as gifts, spent as a checkout tender. */
export class VoucherService {
  private readonly q;

  constructor(
    private readonly d: ServiceDeps,
    private readonly settings: SettingsService,
  ) {
    const db = drizzle(d.sqlite);
    const ph = (name: string) => sql.placeholder(name);
    this.q = {
      byCode: db.select().from(vouchers).where(eq(vouchers.code, ph('code'))).prepare(),
      giftOfInvoice: db
        .select()
        .from(vouchers)
        .where(and(eq(vouchers.invoiceId, ph('invoiceId')), eq(vouchers.kind, 'gift')))
        .prepare(),
      entries: db
        .select({ kind: voucherEntries.kind, amount: voucherEntries.amount, balance: voucherEntries.balance, paymentId: voucherEntries.paymentId, at: voucherEntries.createdAt, byName: users.displayName })
        .from(voucherEntries)
        .innerJoin(users, eq(users.id, voucherEntries.createdBy))
        .where(eq(voucherEntries.voucherId, ph('id')))
        .orderBy(asc(voucherEntries.id))
        .prepare(),
    };
  }

  /** The gift vouchers sold on an invoice (its receipt prints them). */
  ofInvoice(invoiceId: string): Voucher[] {
    return this.q.giftOfInvoice.all({ invoiceId }).map((r) => this.toVoucher(r));
  }

  /** A voucher by its code as typed or scanned (any case, spaces or dashes), with its ledger. */
  get(code: string): Output<'vouchers.get'> {
    const row = this.q.byCode.get({ code: normaliseVoucherCode(code) });
    if (!row) throw AppError.of('NOT_FOUND', 'noVoucher', { code });
    return { ...this.toVoucher(row), entries: this.q.entries.all({ id: row.id }) };
  }

  /**
   * A gift voucher sold at the counter: checkout's sale of one untaxed line (a multi-purpose
   * voucher: the tax falls on what it buys) and the voucher for its invoice, in one
   * transaction. The same key answers the same voucher.
   */
  sell(input: ParsedInput<'vouchers.sell'>, actor: Actor, checkout: CheckoutService): Output<'vouchers.sell'> {
    input.tenders.forEach((t, i) => {
      if (t.method === 'voucher') throw AppError.rule(['tenders', i, 'method'], 'voucherBuysVoucher');
    });
    const result = this.d.tx((): Output<'vouchers.sell'> => {
      const { result: sale, replayed } = checkout.checkoutInTx(
        { lines: [{ name: GIFT_VOUCHER_LINE, unitPrice: input.amount, taxRateBp: 0, quantity: 1 }], tenders: input.tenders, idempotencyKey: input.idempotencyKey },
        actor,
      );
      if (replayed) {
        const first = this.q.giftOfInvoice.get({ invoiceId: sale.invoice.id });
        if (!first) throw AppError.of('CONFLICT', 'voucherKeyReused', undefined, { issues: [errorIssue(['idempotencyKey'], 'usedForAnotherSale')] });
        return { ...sale, voucher: this.toVoucher(first) };
      }
      const voucher = this.issueInTx({ kind: 'gift', amount: input.amount, creditNoteId: null, invoiceId: sale.invoice.id, paymentId: null }, actor);
      return { ...sale, voucher };
    });
    checkout.committed();
    return result;
  }

  /**
   * Issues a voucher inside the caller's transaction (a refund as store credit, or a gift
   * sale): a fresh random code, valid for the store's voucherValidityDays, tied to the actor's
   * open cash session (the Z counts vouchers issued), its 'issued' ledger entry and event.
   */
  issueInTx(v: { kind: Voucher['kind']; amount: number; creditNoteId: string | null; invoiceId: string | null; paymentId: string | null }, actor: Actor): Voucher {
    const settings = this.settings.get();
    const now = this.d.clock();
    const id = newId();
    const cashSessionId = this.openSessionOf(actor);
    const row: VoucherRow = {
      id,
      code: '',
      kind: v.kind,
      currency: settings.currency,
      amount: v.amount,
      balance: v.amount,
      issuedAt: iso(now),
      expiresAt: iso(now + settings.voucherValidityDays * DAY_MS),
      issuedBy: actor.userId,
      creditNoteId: v.creditNoteId,
      invoiceId: v.invoiceId,
      cashSessionId,
    };
    for (let attempt = 1; ; attempt++) {
      row.code = voucherCodeFrom(crypto.randomBytes(VOUCHER_CODE_LENGTH));
      try {
        // A savepoint: a colliding code is undone alone, not the caller's transaction.
        this.d.tx(() => this.d.db.insert(vouchers).values(row).run());
        break;
      } catch (err) {
        const taken = err instanceof Error && /UNIQUE constraint failed: vouchers\.code/.test(err.message);
        if (!taken || attempt >= CODE_ATTEMPTS) throw err;
      }
    }
    this.entry(row, 'issued', v.amount, v.paymentId, actor, cashSessionId);
    const voucher = this.toVoucher(row);
    this.d.events.append({ at: row.issuedAt, actor: actor.userId, type: 'voucher.issued', entity: 'voucher', entityId: id, before: null, after: voucher });
    this.d.changed({ event: 'voucher.changed', data: { id, code: row.code } });
    return voucher;
  }

  /**
   * Takes `amount` off the voucher `code` inside the caller's transaction (a voucher tender);
   * never below 0. `at` prefixes the field paths of its errors; `currency` is the invoice's.
   * Returns the voucher as it is after (its code in stored form: the payment records it).
   */
  redeemInTx(code: string, amount: number, paymentId: string, actor: Actor, at: Path, currency = this.settings.get().currency): Voucher {
    const row = this.q.byCode.get({ code: normaliseVoucherCode(code) });
    if (!row) throw AppError.rule([...at, 'code'], 'notAVoucherCode');
    const now = this.d.clock();
    if (now >= Date.parse(row.expiresAt)) throw AppError.rule([...at, 'code'], 'voucherExpired', { date: this.format().date(row.expiresAt) });
    if (row.currency !== currency) throw AppError.rule([...at, 'code'], 'voucherCurrency', { voucherCurrency: row.currency, currency });
    if (amount > row.balance) throw AppError.rule([...at, 'amount'], 'moreThanVoucherBalanceOf', { balance: this.money(row.balance, row.currency) });
    // Conditional: only what is still there is taken (the CHECK balance >= 0 is the backstop).
    const taken = this.d.stmt('UPDATE vouchers SET balance = balance - @amount WHERE id = @id AND balance >= @amount').run({ id: row.id, amount });
    if (taken.changes !== 1) throw AppError.rule([...at, 'amount'], 'moreThanVoucherBalance');
    const after = { ...row, balance: row.balance - amount };
    this.entry(after, 'redeemed', -amount, paymentId, actor, this.openSessionOf(actor));
    const voucher = this.toVoucher(after);
    this.d.events.append({ at: iso(now), actor: actor.userId, type: 'voucher.redeemed', entity: 'voucher', entityId: row.id, before: this.toVoucher(row), after: { ...voucher, paymentId } });
    this.d.changed({ event: 'voucher.changed', data: { id: row.id, code: row.code } });
    return voucher;
  }

  /**
   * Gives back to a voucher what a refunded voucher tender took (`paymentId`: the refund),
   * whether or not it has expired since (its expiry stays). Never above the voucher's amount:
   * giving back more than was ever taken off it is refused (CONFLICT, reason
   * VOUCHER_OVER_RESTORED), before the CHECK would.
   */
  restoreInTx(code: string, amount: number, paymentId: string, actor: Actor): Voucher {
    const row = this.q.byCode.get({ code: normaliseVoucherCode(code) });
    if (!row) throw AppError.of('NOT_FOUND', 'noVoucher', { code });
    if (row.balance + amount > row.amount) {
      throw AppError.of('CONFLICT', 'voucherOverRestored', { code: row.code, amount: this.money(amount, row.currency), spent: this.money(row.amount - row.balance, row.currency) }, {
        reason: 'VOUCHER_OVER_RESTORED',
      });
    }
    this.d.stmt('UPDATE vouchers SET balance = balance + @amount WHERE id = @id').run({ id: row.id, amount });
    const after = { ...row, balance: row.balance + amount };
    this.entry(after, 'restored', amount, paymentId, actor, this.openSessionOf(actor));
    const voucher = this.toVoucher(after);
    this.d.events.append({ at: iso(this.d.clock()), actor: actor.userId, type: 'voucher.restored', entity: 'voucher', entityId: row.id, before: this.toVoucher(row), after: { ...voucher, paymentId } });
    this.d.changed({ event: 'voucher.changed', data: { id: row.id, code: row.code } });
    return voucher;
  }

  /**
   * A gift voucher's sale taken back (returned, exchanged or cancelled: its one line), inside
   * the caller's transaction: only while nothing of the voucher was spent (else CONFLICT,
   * reason VOUCHER_SPENT: its value would be paid back twice), then the voucher is emptied
   * (a ledger entry taking its whole balance), so it can no longer be spent.
   */
  takeBackGiftsInTx(invoiceId: string, actor: Actor): void {
    for (const row of this.q.giftOfInvoice.all({ invoiceId })) {
      const taken = this.d.stmt('UPDATE vouchers SET balance = 0 WHERE id = @id AND balance = amount').run({ id: row.id });
      if (row.balance !== row.amount || taken.changes !== 1) {
        throw AppError.of('CONFLICT', 'giftVoucherSpent', { code: row.code, spent: this.money(row.amount - row.balance, row.currency) }, { reason: 'VOUCHER_SPENT' });
      }
      const after = { ...row, balance: 0 };
      this.entry(after, 'redeemed', -row.amount, null, actor, this.openSessionOf(actor));
      this.d.events.append({ at: iso(this.d.clock()), actor: actor.userId, type: 'voucher.taken_back', entity: 'voucher', entityId: row.id, before: this.toVoucher(row), after: this.toVoucher(after) });
      this.d.changed({ event: 'voucher.changed', data: { id: row.id, code: row.code } });
    }
  }

  /** One ledger line; `after` carries the balance once the entry applies. */
  private entry(after: VoucherRow, kind: EntryKind, amount: number, paymentId: string | null, actor: Actor, cashSessionId: string | null): void {
    this.d.db
      .insert(voucherEntries)
      .values({ voucherId: after.id, kind, amount, balance: after.balance, paymentId, cashSessionId, createdBy: actor.userId, createdAt: iso(this.d.clock()) })
      .run();
  }

  /** The open cash session of the actor's register (null: no register, or none open), as cashSessions.openFor reads it. */
  private openSessionOf(actor: Actor): string | null {
    if (actor.registerId === null) return null;
    const row = this.d.stmt("SELECT id FROM cash_sessions WHERE register_id = ? AND status = 'OPEN'").get(actor.registerId) as { id: string } | undefined;
    return row?.id ?? null;
  }

  private toVoucher(r: VoucherRow): Voucher {
    return toVoucher(r, this.d.clock());
  }

  private format(): StoreFormat {
    return StoreFormat.of(this.settings.get());
  }

  private money(amount: number, currency: string): string {
    return formatMoney(amount, currency, this.settings.get().locale);
  }
}
