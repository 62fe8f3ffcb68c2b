import { useId, type ReactNode } from 'react';
import type { Invoice, Payment } from '../../../../shared/contract';
import { Button } from '../../ui';
import { formatMoney } from '../../ui/money';
import { openInvoicePdf } from '../documents/openInvoicePdf';
import { ReceiptPage } from '../documents/ReceiptPage';
import { PaymentRow } from './PaymentRow';
import { useDoneActions } from './useDoneActions';
import { useT } from '../../i18n';

/** After the payment: the invoice, the change to give, the receipt and PDF, and the next sale (Enter). */
export interface DonePanelProps {
  invoice: Invoice;
  made: Payment[];
  onDone: (invoice: Invoice) => void;
  doneLabel: string;
  /** The change to give (default: the last cash payment's). */
  change?: number;
  /** Beside the counter's catalogue, in the cart's place. */
  compact?: boolean;
  /** Shown under the invoice line (a gift voucher's code). */
  children?: ReactNode;
}

export function DonePanel({ invoice, made, onDone, doneLabel, change: givenChange, compact = false, children }: DonePanelProps) {
  const t = useT();
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  const { nextRef: doneRef, onKeyDown, pdf, pdfBusy, receipt, openReceipt, closeReceipt } = useDoneActions({
    onNext: () => onDone(invoice),
    openPdf: () => openInvoicePdf(invoice.id),
    pdfFailed: t('payment.pdfFailed'),
  });
  const doneId = useId();
  const last = made.length > 0 ? made[made.length - 1] : undefined;
  const change = givenChange ?? (last?.method === 'cash' ? (last.change ?? 0) : 0);

  return (
    <section className={`pay-done${compact ? ' pay-done--compact' : ''}`} aria-labelledby={`${doneId}-title`} onKeyDown={onKeyDown} tabIndex={-1}>
      <div className="pay-done__mark" aria-hidden="true" />
      <h2 className="pay-done__title" id={`${doneId}-title`}>
        {invoice.balance > 0 ? t('payment.leftToPayAmount', { amount: money(invoice.balance) }) : t('payment.paidInFull')}
      </h2>
      <p className="pay-done__meta">{t('payment.doneMeta', { number: invoice.number, orderNumber: String(invoice.orderNumber), total: money(invoice.total) })}</p>
      {invoice.discountTotal > 0 || invoice.approvedByName ? (
        <p className="pay-done__discounts" data-testid="done-discounts">
          {invoice.discountTotal > 0 && invoice.approvedByName
            ? t('payment.doneDiscountsApprovedBy', { amount: money(invoice.discountTotal), name: invoice.approvedByName })
            : invoice.discountTotal > 0
              ? t('payment.doneDiscounts', { amount: money(invoice.discountTotal) })
              : t('payment.doneApprovedBy', { name: invoice.approvedByName ?? '' })}
        </p>
      ) : null}
      {children}
      {invoice.cashRounding !== 0 ? (
        // Cash rounded to the store's increment: what was paid plus this is the total (15.60 − 0.01 = 15.59).
        <p className="pay-done__rounding" data-testid="cash-rounding">
          {t('payment.doneCashRounding', { amount: money(invoice.cashRounding), paid: money(invoice.amountPaid) })}
        </p>
      ) : null}
      {invoice.balance > 0 ? <p className="pay-done__later">{t('payment.doneWaitsForRest')}</p> : null}
      <div className={`pay-done__change${change > 0 ? ' is-due' : ''}`}>
        <span className="pay-done__change-label" id={`${doneId}-change`}>
          {change > 0 ? t('payment.changeDue') : t('payment.noChangeDue')}
        </span>
        {change > 0 ? (
          <strong className="pay-done__change-amount" data-testid="change-due" aria-labelledby={`${doneId}-change`}>
            {money(change)}
          </strong>
        ) : null}
      </div>
      {made.length > 0 ? (
        <ul className="pay__payment-list pay-done__payments" aria-label={t('payment.paymentsTaken')}>
          {made.map((p) => (
            <PaymentRow key={p.id} p={p} currency={invoice.currency} />
          ))}
        </ul>
      ) : null}
      <div className="pay-done__actions">
        <button ref={doneRef} type="button" className="btn btn--primary btn--lg btn--block pay-done__next" onClick={() => onDone(invoice)}>
          <span className="btn__label">{doneLabel}</span>
          <kbd className="pay__key pay__key--inverse" aria-hidden="true">
            {t('payment.keyEnter')}
          </kbd>
        </button>
        <div className="pay-done__documents">
          <Button size="lg" onClick={openReceipt} aria-keyshortcuts="P">
            {t('payment.printReceipt')}
            {/* eslint-disable-next-line formatjs/no-literal-string-in-jsx -- the key P itself (onKeyDown checks it), not a word */}
            <kbd className="pay__key" aria-hidden="true">P</kbd>
          </Button>
          <Button size="lg" onClick={() => void pdf()} busy={pdfBusy}>
            {t('payment.invoicePdf')}
          </Button>
        </div>
      </div>
      {receipt ? (
        <ReceiptPage
          invoiceId={invoice.id}
          autoPrint
          onClose={closeReceipt}
        />
      ) : null}
    </section>
  );
}
