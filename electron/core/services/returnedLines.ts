import type { CreditNoteLine, OrderLine } from '../../../shared/contract';
import { creditFor, type Credited } from '../../../shared/domain/returns';
import { AppError } from '../../../shared/errors';
import type { ServiceDeps } from './deps';
import { frozenLine, type InvoiceRow } from './rows';

/** What has come back of one invoice line so far. */
export interface LineReturned {
  returned: number;
  credited: Credited;
  restocked: number;
}

/** A line coming back against an invoice line (returns.create and returns.exchange input). */
export interface LineRequest {
  invoiceLineIndex: number;
  quantity: number;
  restock?: boolean;
  reason: string;
}

/** The invoice's lines as frozen at issue (lines frozen before discounts existed had none). */
function soldLines(invoice: InvoiceRow): OrderLine[] {
  return (JSON.parse(invoice.lines) as Parameters<typeof frozenLine>[0][]).map(frozenLine);
}

const NONE: LineReturned = { returned: 0, credited: { subtotal: 0, tax: 0, discount: 0 }, restocked: 0 };

function isCheckFailure(err: unknown): boolean {
  return err instanceof Error && /CHECK constraint failed: returned_lines_within_sold/.test(err.message);
}

/**
 * The returned_lines table: per invoice line what came back and what it credited so far. The
 * amounts are creditFor's (shared/domain/returns); the database's CHECK refuses returning
 * more than was sold whatever the code does, and that refusal reads as the same VALIDATION.
 */
export class ReturnedLines {
  constructor(private readonly d: ServiceDeps) {}

  /** Per line index, what came back of the invoice's lines (absent: nothing). */
  of(invoiceId: string): Map<number, LineReturned> {
    const rows = this.d
      .stmt('SELECT line_index AS i, returned, credited_subtotal AS subtotal, credited_tax AS tax, credited_discount AS discount, restocked FROM returned_lines WHERE invoice_id = ?')
      .all(invoiceId) as { i: number; returned: number; subtotal: number; tax: number; discount: number; restocked: number }[];
    return new Map(rows.map((r) => [r.i, { returned: r.returned, credited: { subtotal: r.subtotal, tax: r.tax, discount: r.discount }, restocked: r.restocked }]));
  }

  /**
   * Credits the requested lines of `invoice` inside the caller's transaction, in request order
   * (the same line twice adds up), and advances returned_lines. Errors name `['lines', i, …]`.
   */
  creditInTx(invoice: InvoiceRow, requests: readonly LineRequest[]): CreditNoteLine[] {
    const sold = soldLines(invoice);
    const so = this.of(invoice.id);
    return requests.map((req, i) => {
      const line = sold[req.invoiceLineIndex];
      if (line === undefined) throw AppError.rule(['lines', i, 'invoiceLineIndex'], 'notAnInvoiceLine', { number: invoice.number, count: sold.length });
      const already = so.get(req.invoiceLineIndex) ?? NONE;
      const left = line.quantity - already.returned;
      if (req.quantity > left) throw AppError.rule(['lines', i, 'quantity'], 'moreThanLeftOf', { name: line.name, left });
      const credit = creditFor(line, already, req.quantity);
      const restock = req.restock ?? true;
      const after: LineReturned = {
        returned: already.returned + req.quantity,
        credited: { subtotal: already.credited.subtotal + credit.subtotal, tax: already.credited.tax + credit.tax, discount: already.credited.discount + credit.discount },
        restocked: already.restocked + (restock ? req.quantity : 0),
      };
      this.write(invoice.id, req.invoiceLineIndex, line.quantity, { returned: req.quantity, credited: credit, restocked: restock ? req.quantity : 0 }, ['lines', i, 'quantity']);
      so.set(req.invoiceLineIndex, after);
      return {
        invoiceLineIndex: req.invoiceLineIndex,
        productId: line.productId,
        sku: line.sku,
        name: line.name,
        unitPrice: line.unitPrice,
        quantity: req.quantity,
        taxRateBp: line.taxRateBp,
        ...credit,
        restock,
        reason: req.reason,
      };
    });
  }

  /** What is not yet returned of every line (a cancellation credits it all). */
  rest(invoice: InvoiceRow, reason: string): LineRequest[] {
    const sold = soldLines(invoice);
    const so = this.of(invoice.id);
    return sold.flatMap((line, index) => {
      const left = line.quantity - (so.get(index)?.returned ?? 0);
      return left > 0 ? [{ invoiceLineIndex: index, quantity: left, restock: false, reason }] : [];
    });
  }

  /** Adds `delta` to the line's row (made on its first return); the CHECK refuses going past `sold`. */
  private write(invoiceId: string, index: number, sold: number, delta: LineReturned, at: (string | number)[]): void {
    try {
      this.d
        .stmt(
          `INSERT INTO returned_lines (invoice_id, line_index, sold, returned, credited_subtotal, credited_tax, credited_discount, restocked)
           VALUES (@invoiceId, @index, @sold, @returned, @subtotal, @tax, @discount, @restocked)
           ON CONFLICT (invoice_id, line_index) DO UPDATE SET returned = returned + excluded.returned,
             credited_subtotal = credited_subtotal + excluded.credited_subtotal, credited_tax = credited_tax + excluded.credited_tax,
             credited_discount = credited_discount + excluded.credited_discount, restocked = restocked + excluded.restocked`,
        )
        .run({ invoiceId, index, sold, returned: delta.returned, ...delta.credited, restocked: delta.restocked });
    } catch (err) {
      if (isCheckFailure(err)) throw AppError.rule(at, 'moreThanLeft');
      throw err;
    }
  }
}
