import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { CreditNote, CreditNoteLine, Payment, Voucher } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import { href } from '../../app/router';
import { useContractQuery, useStoreFormat } from '../../data';
import { useT } from '../../i18n';
import { Badge, Banner, Button, Dialog, Table, toast, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { openCreditNotePdf } from '../documents/creditNoteDocs';
import { ReceiptPage } from '../documents/ReceiptPage';
import { useSession } from '../session/store';
import { creditNoteKindLabel } from './creditNotes';
import { discountColumn, priceBasisText } from './LineFigures';
import { DocumentTotals, TaxByRate } from './TaxTotals';

export interface CreditNoteDialogProps {
  id: string;
  onClose: () => void;
  /** Shown until the full read (the row that was clicked). */
  placeholder?: CreditNote;
}

/** The credit note PDF and its receipt, as buttons (in the detail, and on each row of an invoice's credit notes). */
export function CreditNoteDocButtons({ note }: { note: Pick<CreditNote, 'id' | 'number' | 'invoiceId'> }) {
  const t = useT();
  const role = useSession((s) => s.user?.role);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState(false);
  const pdf = () => {
    setBusy(true);
    openCreditNotePdf(note.id)
      .catch((err: unknown) => toast(err instanceof Error ? err.message : t('invoices.creditNotePdfFailed'), 'error'))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <Button onClick={pdf} busy={busy} aria-label={t('invoices.docPdfLabel', { number: note.number })}>
        {t('invoices.pdf')}
      </Button>
      {role && canCall(role, 'creditNotes.receiptLayout') ? (
        <Button onClick={() => setReceipt(true)} aria-label={t('invoices.docReceiptLabel', { number: note.number })}>
          {t('invoices.receipt')}
        </Button>
      ) : null}
      {receipt ? <ReceiptPage invoiceId={note.invoiceId ?? ''} creditNoteId={note.id} onClose={() => setReceipt(false)} /> : null}
    </>
  );
}

/**
 * One credit note: what came back (lines, tax per rate, totals), how the money went back
 * (refunds, vouchers with their codes), who issued and approved it, its PDF and receipt.
 */
export function CreditNoteDialog({ id, onClose, placeholder }: CreditNoteDialogProps) {
  const t = useT();
  const query = useContractQuery('creditNotes.get', { id }, placeholder ? { placeholder } : {});
  const note = query.data;
  return (
    <Dialog open size="lg" title={note ? t('invoices.creditNoteTitle', { number: note.number }) : t('invoices.creditNote')} onClose={onClose}>
      {note ? (
        <CreditNoteBody note={note} />
      ) : query.error ? (
        <Banner tone="error" title={t('invoices.creditNoteLoadFailed')}>
          {query.error.message}
        </Banner>
      ) : (
        <p className="list__muted" aria-busy="true">
          {t('invoices.creditNoteLoading')}
        </p>
      )}
    </Dialog>
  );
}

function CreditNoteBody({ note }: { note: CreditNote }) {
  const t = useT();
  const fmt = useStoreFormat();
  const money = (minor: number) => formatMoney(minor, note.currency);
  const dash = <span className="list__muted">{t('common.none_dash')}</span>;
  const lineColumns: Column<{ line: CreditNoteLine; i: number }>[] = [
    {
      key: 'item',
      header: t('invoices.item'),
      render: ({ line }) => (
        <span>
          {line.name}
          {line.sku ? <span className="invoice__sku"> {line.sku}</span> : null}
          <span className="credit-note__reason">{line.restock ? t('invoices.reasonRestocked', { reason: line.reason }) : line.reason}</span>
        </span>
      ),
    },
    { key: 'qty', header: t('invoices.qty'), align: 'end', width: 'shrink', render: ({ line }) => line.quantity },
    ...discountColumn<{ line: CreditNoteLine; i: number }>(note.discountTotal > 0, ({ line }) =>
      line.discount > 0 ? <span className="list__nowrap">{t('invoices.minus', { amount: money(line.discount) })}</span> : dash,
    ),
    { key: 'rate', header: t('invoices.taxRate'), align: 'end', width: 'shrink', render: ({ line }) => fmt.rate(line.taxRateBp) },
    { key: 'net', header: t('invoices.net'), align: 'end', width: 'shrink', render: ({ line }) => money(line.subtotal) },
    { key: 'total', header: t('common.total'), align: 'end', width: 'shrink', render: ({ line }) => <strong>{money(line.total)}</strong> },
  ];
  const refundColumns: Column<Payment>[] = [
    { key: 'method', header: t('invoices.method'), render: (p) => t(`common.${p.method}`) },
    {
      key: 'detail',
      header: t('invoices.details'),
      render: (p) =>
        [p.voucherCode ? t('invoices.voucherCode', { code: p.voucherCode }) : '', p.reference ? t('invoices.reference', { reference: p.reference }) : ''].filter(Boolean).join(' · ') || dash,
    },
    { key: 'amount', header: t('common.amount'), align: 'end', width: 'shrink', render: (p) => <span className="list__amount invoice__refund">{t('invoices.minus', { amount: money(p.amount) })}</span> },
  ];
  const voucherColumns: Column<Voucher>[] = [
    { key: 'code', header: t('invoices.code'), render: (v) => <code className="voucher__code">{v.code}</code> },
    { key: 'amount', header: t('common.amount'), align: 'end', width: 'shrink', render: (v) => money(v.amount) },
    { key: 'balance', header: t('invoices.balance'), align: 'end', width: 'shrink', render: (v) => money(v.balance) },
    { key: 'expires', header: t('invoices.expires'), width: 'shrink', render: (v) => <span className="list__nowrap">{fmt.date(v.expiresAt)}</span> },
  ];

  return (
    <div className="credit-note" data-testid="credit-note">
      <p className="invoice__status-line">
        <Badge tone="info">{creditNoteKindLabel(t, note.kind)}</Badge>
        {note.invoiceId && note.invoiceNumber ? (
          <span>
            <FormattedMessage
              id="invoices.corrects"
              values={{
                number: note.invoiceNumber,
                link: (chunks) => (
                  <a className="list__link" href={href(`/invoices/${note.invoiceId}`)}>
                    {chunks}
                  </a>
                ),
              }}
            />
          </span>
        ) : (
          <span>{t('invoices.noInvoiceReceiptless')}</span>
        )}
        <span>{t('invoices.issuedAtBy', { date: fmt.dateTime(note.issuedAt), name: note.issuedByName })}</span>
        {note.approvedByName ? <span data-testid="credit-note-approver">{t('invoices.approvedBy', { name: note.approvedByName })}</span> : null}
        <span>{priceBasisText(t, note.priceBasis)}</span>
      </p>
      {note.customer ? <p className="list__muted">{t('invoices.customerName', { name: note.customer.name })}</p> : null}
      <div className="credit-note__actions">
        <CreditNoteDocButtons note={note} />
      </div>
      <Table caption={t('invoices.linesReturned')} showCaption columns={lineColumns} rows={note.lines.map((line, i) => ({ line, i }))} rowKey={(r) => String(r.i)} />
      <div className="invoice__split credit-note__section">
        <TaxByRate rows={note.taxBreakdown} currency={note.currency} />
        <DocumentTotals net={note.subtotal} tax={note.tax} total={note.total} discountTotal={note.discountTotal} totalLabel={t('invoices.credited')} totalTestId="credit-note-total" currency={note.currency}>
          <dt>{t('invoices.givenBack')}</dt>
          <dd data-testid="credit-note-refunded">{money(note.refunded)}</dd>
          {note.total > note.refunded ? (
            <>
              <dt>{t('invoices.takenOffOwed')}</dt>
              <dd>{money(note.total - note.refunded)}</dd>
            </>
          ) : null}
        </DocumentTotals>
      </div>
      {note.refunds.length > 0 ? (
        <div className="credit-note__section">
          <Table caption={t('invoices.refunds')} showCaption columns={refundColumns} rows={note.refunds} rowKey={(p) => p.id} />
        </div>
      ) : null}
      {note.vouchers.length > 0 ? (
        <div className="credit-note__section">
          <Table caption={t('invoices.vouchersIssued')} showCaption columns={voucherColumns} rows={note.vouchers} rowKey={(v) => v.id} />
        </div>
      ) : null}
    </div>
  );
}
