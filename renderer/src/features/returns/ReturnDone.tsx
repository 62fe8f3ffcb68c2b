import { useId, type ReactNode } from 'react';
import type { CreditNote, Payment } from '../../../../shared/contract';
import { useStoreFormat } from '../../data';
import { Button } from '../../ui';
import { formatMoney } from '../../ui/money';
import { openCreditNotePdf } from '../documents/creditNoteDocs';
import { ReceiptPage } from '../documents/ReceiptPage';
import { methodLabels, useDoneActions } from '../payment';

/** What the cashier does with a refund of this method. */
const refundHints: Record<Payment['method'], string> = {
  cash: 'give to the customer',
  card: 'back to the card',
  other: 'back by the original means',
  voucher: 'back on the voucher',
};

/**
 * The refunds and vouchers of a credit note, each with what to do with it. An exchange's credit
 * moved onto its new sale (a refund referring to that invoice, `movedTo`) is no money to hand over.
 */
export function RefundList({ creditNote, movedTo }: { creditNote: CreditNote; movedTo?: string }) {
  const fmt = useStoreFormat();
  const money = (minor: number) => formatMoney(minor, creditNote.currency);
  const refunds = creditNote.refunds.filter((p) => (p.method !== 'voucher' || !creditNote.vouchers.some((v) => v.code === p.voucherCode)) && (movedTo === undefined || p.reference !== movedTo));
  return (
    <>
      {refunds.length > 0 ? (
        <ul className="returns-done__refunds" aria-label="Refunds">
          {refunds.map((p) => (
            <li key={p.id} className={`returns-done__refund returns-done__refund--${p.method}`}>
              <span>
                <strong>
                  {methodLabels[p.method]} {money(p.amount)}
                </strong>{' '}
                — {refundHints[p.method]}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {creditNote.vouchers.map((v) => (
        <div key={v.code} className="returns-done__voucher" data-testid="voucher">
          <span className="returns-done__voucher-label">Store credit voucher · {money(v.amount)}</span>
          <strong className="returns-done__voucher-code" data-testid="voucher-code">
            {v.code}
          </strong>
          <span className="returns-done__voucher-meta">Valid until {fmt.date(v.expiresAt)} · printed on the receipt</span>
        </div>
      ))}
    </>
  );
}

export interface ReturnDoneProps {
  creditNote: CreditNote;
  title: string;
  /** Under the title (the new invoice of an exchange, the change to give). */
  children?: ReactNode;
  /** More documents (the exchange's new invoice). */
  documents?: ReactNode;
  /** An exchange's new invoice number: the credit moved onto it is not listed as a refund. */
  movedTo?: string;
  onNew: () => void;
}

/**
 * After a return: the credit note, the money to give back (or the voucher's code, large),
 * the receipt (P) and PDF, and the next return (Enter).
 */
export function ReturnDone({ creditNote, title, children, documents, movedTo, onNew }: ReturnDoneProps) {
  const money = (minor: number) => formatMoney(minor, creditNote.currency);
  const titleId = useId();
  const { nextRef: newRef, onKeyDown, pdf, pdfBusy, receipt, openReceipt, closeReceipt } = useDoneActions({
    onNext: onNew,
    openPdf: () => openCreditNotePdf(creditNote.id),
    pdfFailed: 'The credit note PDF could not be made.',
  });

  const reduced = creditNote.total - creditNote.refunded;
  return (
    <section className="returns-done" aria-labelledby={titleId} onKeyDown={onKeyDown} tabIndex={-1}>
      <div className="returns-done__mark" aria-hidden="true" />
      <h2 className="returns-done__title" id={titleId}>
        {title}
      </h2>
      <p className="returns-done__meta">
        Credit note <strong data-testid="credit-note-number">{creditNote.number}</strong>
        {creditNote.invoiceNumber ? ` · corrects ${creditNote.invoiceNumber}` : ''} · {money(creditNote.total)}
        {creditNote.approvedByName ? ` · approved by ${creditNote.approvedByName}` : ''}
      </p>
      {reduced > 0 && creditNote.kind !== 'exchange' ? <p className="returns-done__meta">{money(reduced)} taken off what was still owed on the invoice.</p> : null}
      {children}
      <RefundList creditNote={creditNote} movedTo={movedTo} />
      <div className="returns-done__actions">
        <button ref={newRef} type="button" className="btn btn--primary btn--lg returns-done__next" onClick={onNew}>
          <span className="btn__label">New return</span>
          <kbd className="pay__key pay__key--inverse" aria-hidden="true">
            Enter
          </kbd>
        </button>
        <Button size="lg" onClick={openReceipt} aria-keyshortcuts="P">
          Print receipt
          <kbd className="pay__key" aria-hidden="true">
            P
          </kbd>
        </Button>
        <Button size="lg" onClick={() => void pdf()} busy={pdfBusy}>
          Credit note PDF
        </Button>
        {documents}
      </div>
      {receipt ? (
        <ReceiptPage
          invoiceId={creditNote.invoiceId ?? ''}
          creditNoteId={creditNote.id}
          autoPrint
          onClose={closeReceipt}
        />
      ) : null}
    </section>
  );
}
