import { useState } from 'react';
import type { CreditNote, Invoice } from '../../../../shared/contract';
import { useContractList, useStoreFormat } from '../../data';
import { useT } from '../../i18n';
import { Badge, LoadError, Table, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { CreditNoteDialog, CreditNoteDocButtons } from './CreditNoteDialog';
import { creditNoteKindLabel } from './creditNotes';

const creditNoteKey = (n: CreditNote) => n.id;

/** The credit notes of one invoice, oldest first, each with its PDF and receipt; a number opens its detail. */
export function InvoiceCreditNotes({ invoice }: { invoice: Invoice }) {
  const t = useT();
  const fmt = useStoreFormat();
  const list = useContractList('creditNotes.list', { invoiceId: invoice.id, limit: 100 }, creditNoteKey);
  const [shown, setShown] = useState<CreditNote | null>(null);
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  const notes = [...list.rows].reverse();

  const columns: Column<CreditNote>[] = [
    {
      key: 'number',
      header: t('invoices.creditNote'),
      render: (n) => (
        <>
          <button type="button" className="credit-note__open list__link" onClick={() => setShown(n)}>
            {n.number}
          </button>
          <span className="invoices__sub">
            <Badge tone="info">{creditNoteKindLabel(t, n.kind)}</Badge>
          </span>
        </>
      ),
    },
    { key: 'issued', header: t('invoices.issued'), hideBelow: 'lg', render: (n) => <time className="list__nowrap" dateTime={n.issuedAt}>{fmt.dateTime(n.issuedAt)}</time> },
    { key: 'lines', header: t('invoices.items'), render: (n) => n.lines.map((l) => t('invoices.lineQuantityName', { quantity: l.quantity, name: l.name })).join(', ') },
    { key: 'total', header: t('invoices.credited'), align: 'end', width: 'shrink', render: (n) => <span className="list__amount">{money(n.total)}</span> },
    { key: 'refunded', header: t('invoices.givenBack'), align: 'end', width: 'shrink', render: (n) => <span className="list__amount">{money(n.refunded)}</span> },
    {
      key: 'docs',
      header: t('invoices.documents'),
      hideHeader: true,
      width: 'shrink',
      render: (n) => (
        <span className="credit-note__row-actions">
          <CreditNoteDocButtons note={n} />
        </span>
      ),
    },
  ];

  if (list.status === 'error') return <LoadError title={t('invoices.creditNotesLoadFailed')} message={list.error?.message ?? ''} onRetry={list.retry} />;
  if (list.status === 'success' && notes.length === 0) return null;
  return (
    <div className="invoice__section" data-testid="invoice-credit-notes">
      <Table caption={t('invoices.creditNotes')} showCaption columns={columns} rows={notes} rowKey={creditNoteKey} busy={list.status === 'pending'} empty={t('invoices.creditNotesLoading')} />
      {shown ? <CreditNoteDialog id={shown.id} placeholder={shown} onClose={() => setShown(null)} /> : null}
    </div>
  );
}
