import { useState } from 'react';
import type { CreditNote, Invoice } from '../../../../shared/contract';
import { useContractList, useStoreFormat } from '../../data';
import { Badge, LoadError, Table, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { CreditNoteDialog, CreditNoteDocButtons } from './CreditNoteDialog';
import { creditNoteKindLabels } from './creditNotes';

const creditNoteKey = (n: CreditNote) => n.id;

/** The credit notes of one invoice, oldest first, each with its PDF and receipt; a number opens its detail. */
export function InvoiceCreditNotes({ invoice }: { invoice: Invoice }) {
  const fmt = useStoreFormat();
  const list = useContractList('creditNotes.list', { invoiceId: invoice.id, limit: 100 }, creditNoteKey);
  const [shown, setShown] = useState<CreditNote | null>(null);
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  const notes = [...list.rows].reverse();

  const columns: Column<CreditNote>[] = [
    {
      key: 'number',
      header: 'Credit note',
      render: (n) => (
        <>
          <button type="button" className="credit-note__open list__link" onClick={() => setShown(n)}>
            {n.number}
          </button>
          <span className="invoices__sub">
            <Badge tone="info">{creditNoteKindLabels[n.kind]}</Badge>
          </span>
        </>
      ),
    },
    { key: 'issued', header: 'Issued', hideBelow: 'lg', render: (n) => <time className="list__nowrap" dateTime={n.issuedAt}>{fmt.dateTime(n.issuedAt)}</time> },
    { key: 'lines', header: 'Items', render: (n) => n.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ') },
    { key: 'total', header: 'Credited', align: 'end', width: 'shrink', render: (n) => <span className="list__amount">{money(n.total)}</span> },
    { key: 'refunded', header: 'Given back', align: 'end', width: 'shrink', render: (n) => <span className="list__amount">{money(n.refunded)}</span> },
    {
      key: 'docs',
      header: 'Documents',
      hideHeader: true,
      width: 'shrink',
      render: (n) => (
        <span className="credit-note__row-actions">
          <CreditNoteDocButtons note={n} />
        </span>
      ),
    },
  ];

  if (list.status === 'error') return <LoadError title="The credit notes could not be loaded." message={list.error?.message ?? ''} onRetry={list.retry} />;
  if (list.status === 'success' && notes.length === 0) return null;
  return (
    <div className="invoice__section" data-testid="invoice-credit-notes">
      <Table caption="Credit notes" showCaption columns={columns} rows={notes} rowKey={creditNoteKey} busy={list.status === 'pending'} empty="Loading the credit notes…" />
      {shown ? <CreditNoteDialog id={shown.id} placeholder={shown} onClose={() => setShown(null)} /> : null}
    </div>
  );
}
