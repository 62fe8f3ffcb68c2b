import { useId, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import type { CreditNote, Payment } from '../../../../shared/contract';
import { useStoreFormat } from '../../data';
import { useT, type MessageId } from '../../i18n';
import { Button } from '../../ui';
import { formatMoney } from '../../ui/money';
import { openCreditNotePdf } from '../documents/creditNoteDocs';
import { ReceiptPage } from '../documents/ReceiptPage';
import { useDoneActions } from '../payment';

/** A refund's method, as the payment screens name it. */
const methodNames: Record<Payment['method'], MessageId> = { cash: 'common.cash', card: 'common.card', other: 'common.other', voucher: 'common.voucher' };

/** What the cashier does with a refund of this method. */
const refundHints: Record<Payment['method'], MessageId> = {
  cash: 'returns.refundHintCash',
  card: 'returns.refundHintCard',
  other: 'returns.refundHintOther',
  voucher: 'returns.refundHintVoucher',
};

/**
 * The refunds and vouchers of a credit note, each with what to do with it. An exchange's credit
 * moved onto its new sale (a refund referring to that invoice, `movedTo`) is no money to hand over.
 */
export function RefundList({ creditNote, movedTo }: { creditNote: CreditNote; movedTo?: string }) {
  const fmt = useStoreFormat();
  const t = useT();
  const money = (minor: number) => formatMoney(minor, creditNote.currency);
  const refunds = creditNote.refunds.filter((p) => (p.method !== 'voucher' || !creditNote.vouchers.some((v) => v.code === p.voucherCode)) && (movedTo === undefined || p.reference !== movedTo));
  return (
    <>
      {refunds.length > 0 ? (
        <ul className="returns-done__refunds" aria-label={t('returns.refundsLabel')}>
          {refunds.map((p) => (
            <li key={p.id} className={`returns-done__refund returns-done__refund--${p.method}`}>
              <span>
                <FormattedMessage id="returns.refundLine" values={{ method: t(methodNames[p.method]), amount: money(p.amount), hint: t(refundHints[p.method]), strong: (chunks) => <strong>{chunks}</strong> }} />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {creditNote.vouchers.map((v) => (
        <div key={v.code} className="returns-done__voucher" data-testid="voucher">
          <span className="returns-done__voucher-label">{t('returns.voucherLabel', { amount: money(v.amount) })}</span>
          <strong className="returns-done__voucher-code" data-testid="voucher-code">
            {v.code}
          </strong>
          <span className="returns-done__voucher-meta">{t('returns.voucherMeta', { date: fmt.date(v.expiresAt) })}</span>
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
  const t = useT();
  const money = (minor: number) => formatMoney(minor, creditNote.currency);
  const titleId = useId();
  const { nextRef: newRef, onKeyDown, pdf, pdfBusy, receipt, openReceipt, closeReceipt } = useDoneActions({
    onNext: onNew,
    openPdf: () => openCreditNotePdf(creditNote.id),
    pdfFailed: t('returns.pdfFailed'),
  });

  const reduced = creditNote.total - creditNote.refunded;
  return (
    <section className="returns-done" aria-labelledby={titleId} onKeyDown={onKeyDown} tabIndex={-1}>
      <div className="returns-done__mark" aria-hidden="true" />
      <h2 className="returns-done__title" id={titleId}>
        {title}
      </h2>
      <p className="returns-done__meta">
        <FormattedMessage
          id="returns.doneMeta"
          values={{
            number: creditNote.number,
            hasInvoice: creditNote.invoiceNumber ? 'yes' : 'no',
            invoice: creditNote.invoiceNumber ?? '',
            total: money(creditNote.total),
            hasApprover: creditNote.approvedByName ? 'yes' : 'no',
            approver: creditNote.approvedByName ?? '',
            strong: (chunks) => <strong data-testid="credit-note-number">{chunks}</strong>,
          }}
        />
      </p>
      {reduced > 0 && creditNote.kind !== 'exchange' ? <p className="returns-done__meta">{t('returns.reducedOwed', { amount: money(reduced) })}</p> : null}
      {children}
      <RefundList creditNote={creditNote} movedTo={movedTo} />
      <div className="returns-done__actions">
        <button ref={newRef} type="button" className="btn btn--primary btn--lg returns-done__next" onClick={onNew}>
          <span className="btn__label">{t('returns.newReturn')}</span>
          <kbd className="pay__key pay__key--inverse" aria-hidden="true">
            {t('returns.keyEnter')}
          </kbd>
        </button>
        <Button size="lg" onClick={openReceipt} aria-keyshortcuts="P">
          {t('returns.printReceipt')}
          {/* eslint-disable-next-line formatjs/no-literal-string-in-jsx -- the key the shortcut listens for (aria-keyshortcuts="P"), the same in every language */}
          <kbd className="pay__key" aria-hidden="true">P</kbd>
        </Button>
        <Button size="lg" onClick={() => void pdf()} busy={pdfBusy}>
          {t('returns.creditNotePdf')}
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
