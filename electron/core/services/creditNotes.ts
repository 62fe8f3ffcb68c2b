import type { CreditNote, CreditNoteLine, Customer, Output, ParsedInput } from '../../../shared/contract';
import type { PriceBasis } from '../../../shared/domain/pricing';
import type { CreditNoteKind } from '../../../shared/domain/returns';
import { sumAmounts, taxBreakdown } from '../../../shared/domain/money';
import { AppError } from '../../../shared/errors';
import { creditNotes, payments, vouchers } from '../db/schema';
import { newId } from '../ids';
import type { Actor, ServiceDeps } from './deps';
import { numberQuery, type DocumentNumbers, type Drawn } from './numbering';
import { decodeCursor, likeEscape, toPage, Where } from './paging';
import { columnsOf, frozenAtIssue, toPayment, toVoucher, type PaymentRow, type VoucherRow } from './rows';
import type { SettingsService } from './settings';

export type CreditNoteRow = typeof creditNotes.$inferSelect;
/** A credit note row with the names the contract shows. */
type ListedRow = CreditNoteRow & { invoiceNumber: string | null; issuedByName: string; approvedByName: string | null };

const SELECT = `SELECT ${columnsOf(creditNotes, 'c')}, i.number AS "invoiceNumber", iu.display_name AS "issuedByName", au.display_name AS "approvedByName"
  FROM credit_notes c LEFT JOIN invoices i ON i.id = c.invoice_id JOIN users iu ON iu.id = c.issued_by LEFT JOIN users au ON au.id = c.approved_by`;
const PAYMENT_COLUMNS = columnsOf(payments);
const VOUCHER_COLUMNS = columnsOf(vouchers);

/** What a credit note is written from; its number is drawn by `draw` in the same transaction. */
export interface CreditNoteDraft {
  kind: CreditNoteKind;
  invoiceId: string | null;
  orderId: string | null;
  lines: CreditNoteLine[];
  /** As the invoice it corrects; without one, the store's. */
  priceBasis: PriceBasis;
  customer: Customer | null;
  /** The seller as frozen on the invoice (JSON); null: the store's as it is now. */
  seller: string | null;
  /** Money and vouchers given back (known before the refund rows: a credit note is never updated). */
  refunded: number;
  approvedBy: string | null;
  cashSessionId: string | null;
  exchangeInvoiceId: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
}

/** Credit notes: drawing their number and writing them (returns.ts decides what), and reading them. */
export class CreditNoteService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly settings: SettingsService,
    private readonly numbers: Pick<DocumentNumbers, 'draw'>,
  ) {}

  /** The next CN number of the actor's series inside the caller's transaction (rolled back with it: no gaps). */
  draw(actor: Actor): Drawn {
    return this.numbers.draw('credit_note', actor);
  }

  /** Writes the credit note (totals and tax per rate from its lines) inside the caller's transaction. */
  insertInTx(drawn: Drawn, draft: CreditNoteDraft, actor: Actor, now: string): string {
    const id = newId();
    const totals = sumAmounts(draft.lines);
    this.d.db
      .insert(creditNotes)
      .values({
        id,
        seq: drawn.seq,
        number: drawn.number,
        kind: draft.kind,
        invoiceId: draft.invoiceId,
        orderId: draft.orderId,
        currency: this.settings.get().currency,
        lines: JSON.stringify(draft.lines),
        taxBreakdown: JSON.stringify(taxBreakdown(draft.lines)),
        seller: draft.seller ?? JSON.stringify(this.settings.seller()),
        customer: draft.customer === null ? null : JSON.stringify(draft.customer),
        priceBasis: draft.priceBasis,
        discountTotal: draft.lines.reduce((n, l) => n + l.discount, 0),
        subtotal: totals.subtotal,
        tax: totals.tax,
        total: totals.total,
        refunded: draft.refunded,
        issuedAt: now,
        issuedBy: actor.userId,
        approvedBy: draft.approvedBy,
        cashSessionId: draft.cashSessionId,
        exchangeInvoiceId: draft.exchangeInvoiceId,
        idempotencyKey: draft.idempotencyKey,
        requestHash: draft.requestHash,
      })
      .run();
    return id;
  }

  /** The credit note written for an idempotency key, if any. */
  byKey(key: string): CreditNoteRow | undefined {
    return this.d.stmt(`SELECT ${columnsOf(creditNotes)} FROM credit_notes WHERE idempotency_key = ?`).get(key) as CreditNoteRow | undefined;
  }

  get(id: string): CreditNote {
    const row = this.d.stmt(`${SELECT} WHERE c.id = ?`).get(id) as ListedRow | undefined;
    if (!row) throw AppError.of('NOT_FOUND', 'noCreditNote', { id });
    return this.toCreditNote(row);
  }

  /** An invoice's credit notes, oldest first. */
  ofInvoice(invoiceId: string): CreditNote[] {
    return (this.d.stmt(`${SELECT} WHERE c.invoice_id = ? ORDER BY c.seq`).all(invoiceId) as ListedRow[]).map((r) => this.toCreditNote(r));
  }

  /** Newest first, keyset-paged, with count and sums over the whole filter. */
  list(input: ParsedInput<'creditNotes.list'>): Output<'creditNotes.list'> {
    const after = decodeCursor(input.cursor, ['string', 'number'] as const);
    const where = new Where().timeRange('c.issued_at', input.from, input.to, this.settings.get().timeZone);
    if (input.invoiceId !== undefined) where.add('c.invoice_id = @invoiceId', { invoiceId: input.invoiceId });
    if (input.kind !== undefined) where.add('c.kind = @kind', { kind: input.kind });
    if (input.query) {
      const text = input.query.trim();
      const cn = numberQuery('CN', text);
      const inv = numberQuery('INV', text);
      if (cn !== null) where.add('c.number = @qNumber', { qNumber: cn });
      else if (inv !== null) where.add('c.invoice_id IN (SELECT id FROM invoices WHERE number = @qInvoice)', { qInvoice: inv });
      else {
        where.add(
          `(json_extract(c.customer, '$.name') LIKE @qLike ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(c.lines) l WHERE json_extract(l.value, '$.name') LIKE @qLike ESCAPE '\\' OR json_extract(l.value, '$.sku') LIKE @qLike ESCAPE '\\'))`,
          { qLike: `%${likeEscape(text)}%` },
        );
      }
    }
    const summary = this.d
      .stmt(`SELECT count(*) AS count, coalesce(sum(c.total), 0) AS total, coalesce(sum(c.refunded), 0) AS refunded, coalesce(sum(c.tax), 0) AS tax FROM credit_notes c ${where.sql()}`)
      .get(where.params) as Output<'creditNotes.list'>['summary'];
    if (after) where.add('(c.issued_at, c.seq) < (@afterAt, @afterSeq)', { afterAt: after[0], afterSeq: after[1] });
    const rows = this.d.stmt(`${SELECT} ${where.sql()} ORDER BY c.issued_at DESC, c.seq DESC LIMIT @limit`).all({ ...where.params, limit: input.limit + 1 }) as ListedRow[];
    return { ...toPage(rows, input.limit, (r) => this.toCreditNote(r), (r) => [r.issuedAt, r.seq]), summary };
  }

  private toCreditNote(r: ListedRow): CreditNote {
    const refunds = this.d.stmt(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE credit_note_id = ? AND kind = 'refund' ORDER BY rowid`).all(r.id) as PaymentRow[];
    const issued = this.d.stmt(`SELECT ${VOUCHER_COLUMNS} FROM vouchers WHERE credit_note_id = ? ORDER BY rowid`).all(r.id) as VoucherRow[];
    const now = this.d.clock();
    return {
      id: r.id,
      number: r.number,
      kind: r.kind,
      invoiceId: r.invoiceId,
      invoiceNumber: r.invoiceNumber,
      orderId: r.orderId,
      currency: r.currency,
      // Lines frozen before discounts existed gave none back.
      lines: (JSON.parse(r.lines) as (Omit<CreditNoteLine, 'discount'> & { discount?: number })[]).map((l) => ({ ...l, discount: l.discount ?? 0 })),
      priceBasis: r.priceBasis as PriceBasis,
      discountTotal: r.discountTotal,
      ...frozenAtIssue(r),
      refunded: r.refunded,
      refunds: refunds.map(toPayment),
      vouchers: issued.map((v) => toVoucher(v, now)),
      issuedAt: r.issuedAt,
      issuedBy: r.issuedBy,
      issuedByName: r.issuedByName,
      approvedByName: r.approvedByName,
      cashSessionId: r.cashSessionId,
      exchangeInvoiceId: r.exchangeInvoiceId,
    };
  }
}
