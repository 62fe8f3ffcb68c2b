import { useState } from 'react';
import type { CreditNote, CreditNoteLine, Payment, Voucher } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import { href } from '../../app/router';
import { useContractQuery, useStoreFormat } from '../../data';
import { Badge, Banner, Button, Dialog, Table, toast, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { openCreditNotePdf } from '../documents/creditNoteDocs';
import { ReceiptPage } from '../documents/ReceiptPage';
import { methodLabels } from '../payment/methods';
import { useSession } from '../session/store';
import { creditNoteKindLabels } from './creditNotes';
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
  const role = useSession((s) => s.user?.role);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState(false);
  const pdf = () => {
    setBusy(true);
    openCreditNotePdf(note.id)
      .catch((err: unknown) => toast(err instanceof Error ? err.message : 'The credit note PDF could not be made.', 'error'))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <Button onClick={pdf} busy={busy} aria-label={`${note.number} PDF`}>
        PDF
      </Button>
      {role && canCall(role, 'creditNotes.receiptLayout') ? (
        <Button onClick={() => setReceipt(true)} aria-label={`${note.number} receipt`}>
          Receipt
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
  const query = useContractQuery('creditNotes.get', { id }, placeholder ? { placeholder } : {});
  const note = query.data;
  return (
    <Dialog open size="lg" title={note ? `Credit note ${note.number}` : 'Credit note'} onClose={onClose}>
      {note ? (
        <CreditNoteBody note={note} />
      ) : query.error ? (
        <Banner tone="error" title="The credit note could not be loaded.">
          {query.error.message}
        </Banner>
      ) : (
        <p className="list__muted" aria-busy="true">
          Loading the credit note…
        </p>
      )}
    </Dialog>
  );
}

function CreditNoteBody({ note }: { note: CreditNote }) {
  const fmt = useStoreFormat();
  const money = (minor: number) => formatMoney(minor, note.currency);
  const lineColumns: Column<{ line: CreditNoteLine; i: number }>[] = [
    {
      key: 'item',
      header: 'Item',
      render: ({ line }) => (
        <span>
          {line.name}
          {line.sku ? <span className="invoice__sku"> {line.sku}</span> : null}
          <span className="credit-note__reason">
            {line.reason}
            {line.restock ? ' · back on the shelf' : ''}
          </span>
        </span>
      ),
    },
    { key: 'qty', header: 'Qty', align: 'end', width: 'shrink', render: ({ line }) => line.quantity },
    ...discountColumn<{ line: CreditNoteLine; i: number }>(note.discountTotal > 0, ({ line }) =>
      line.discount > 0 ? <span className="list__nowrap">−{money(line.discount)}</span> : <span className="list__muted">—</span>,
    ),
    { key: 'rate', header: 'Tax rate', align: 'end', width: 'shrink', render: ({ line }) => fmt.rate(line.taxRateBp) },
    { key: 'net', header: 'Net', align: 'end', width: 'shrink', render: ({ line }) => money(line.subtotal) },
    { key: 'total', header: 'Total', align: 'end', width: 'shrink', render: ({ line }) => <strong>{money(line.total)}</strong> },
  ];
  const refundColumns: Column<Payment>[] = [
    { key: 'method', header: 'Method', render: (p) => methodLabels[p.method] },
    { key: 'detail', header: 'Details', render: (p) => [p.voucherCode ? `Voucher ${p.voucherCode}` : '', p.reference ? `Ref. ${p.reference}` : ''].filter(Boolean).join(' · ') || <span className="list__muted">—</span> },
    { key: 'amount', header: 'Amount', align: 'end', width: 'shrink', render: (p) => <span className="list__amount invoice__refund">−{money(p.amount)}</span> },
  ];
  const voucherColumns: Column<Voucher>[] = [
    { key: 'code', header: 'Code', render: (v) => <code className="voucher__code">{v.code}</code> },
    { key: 'amount', header: 'Amount', align: 'end', width: 'shrink', render: (v) => money(v.amount) },
    { key: 'balance', header: 'Balance', align: 'end', width: 'shrink', render: (v) => money(v.balance) },
    { key: 'expires', header: 'Expires', width: 'shrink', render: (v) => <span className="list__nowrap">{fmt.date(v.expiresAt)}</span> },
  ];

  return (
    <div className="credit-note" data-testid="credit-note">
      <p className="invoice__status-line">
        <Badge tone="info">{creditNoteKindLabels[note.kind]}</Badge>
        {note.invoiceId && note.invoiceNumber ? (
          <span>
            Corrects{' '}
            <a className="list__link" href={href(`/invoices/${note.invoiceId}`)}>
              {note.invoiceNumber}
            </a>
          </span>
        ) : (
          <span>No invoice (returned without a receipt)</span>
        )}
        <span>
          Issued {fmt.dateTime(note.issuedAt)} by {note.issuedByName}
        </span>
        {note.approvedByName ? <span data-testid="credit-note-approver">Approved by {note.approvedByName}</span> : null}
        <span>{priceBasisText(note.priceBasis)}</span>
      </p>
      {note.customer ? <p className="list__muted">Customer: {note.customer.name}</p> : null}
      <div className="credit-note__actions">
        <CreditNoteDocButtons note={note} />
      </div>
      <Table caption="Lines returned" showCaption columns={lineColumns} rows={note.lines.map((line, i) => ({ line, i }))} rowKey={(r) => String(r.i)} />
      <div className="invoice__split credit-note__section">
        <TaxByRate rows={note.taxBreakdown} currency={note.currency} />
        <DocumentTotals net={note.subtotal} tax={note.tax} total={note.total} discountTotal={note.discountTotal} totalLabel="Credited" totalTestId="credit-note-total" currency={note.currency}>
          <dt>Given back</dt>
          <dd data-testid="credit-note-refunded">{money(note.refunded)}</dd>
          {note.total > note.refunded ? (
            <>
              <dt>Taken off what was owed</dt>
              <dd>{money(note.total - note.refunded)}</dd>
            </>
          ) : null}
        </DocumentTotals>
      </div>
      {note.refunds.length > 0 ? (
        <div className="credit-note__section">
          <Table caption="Refunds" showCaption columns={refundColumns} rows={note.refunds} rowKey={(p) => p.id} />
        </div>
      ) : null}
      {note.vouchers.length > 0 ? (
        <div className="credit-note__section">
          <Table caption="Vouchers issued" showCaption columns={voucherColumns} rows={note.vouchers} rowKey={(v) => v.id} />
        </div>
      ) : null}
    </div>
  );
}
