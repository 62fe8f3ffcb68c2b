import { useMemo, useState } from 'react';
import type { CreditNote } from '../../../../shared/contract';
import type { StoreFormat } from '../../../../shared/domain/format';
import { creditNoteKinds } from '../../../../shared/domain/returns';
import { href } from '../../app/router';
import { useContractList, useStoreCurrency, useStoreFormat } from '../../data';
import { Badge, FilterBar, FilterDates, FilterItem, FilterSearch, PageHeader, PagedTable, Select, useDebounced, usePageFilter, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { CreditNoteDialog } from './CreditNoteDialog';
import { creditNoteKindLabels, creditNoteListInput, emptyCreditNoteFilter, type CreditNoteFilter } from './creditNotes';
import { Stat } from './Stat';

const SEARCH_DELAY_MS = 250;
const kindOptions = [{ value: '', label: 'All kinds' }, ...creditNoteKinds.map((k) => ({ value: k, label: creditNoteKindLabels[k] }))];
const creditNoteKey = (n: CreditNote) => n.id;
const amount = (minor: number, currency: string) => <span className="list__amount">{formatMoney(minor, currency)}</span>;

function columns(fmt: StoreFormat, open: (n: CreditNote) => void): Column<CreditNote>[] {
  return [
    {
      key: 'number',
      header: 'Credit note',
      render: (n) => (
        <>
          <button type="button" className="credit-note__open list__link" onClick={() => open(n)}>
            {n.number}
          </button>
          <span className="invoices__sub">{fmt.date(n.issuedAt)}</span>
        </>
      ),
    },
    {
      key: 'invoice',
      header: 'Invoice',
      render: (n) =>
        n.invoiceId && n.invoiceNumber ? (
          <a className="list__link" href={href(`/invoices/${n.invoiceId}`)}>
            {n.invoiceNumber}
          </a>
        ) : (
          <span className="list__muted">No receipt</span>
        ),
    },
    { key: 'kind', header: 'Kind', width: 'shrink', render: (n) => <Badge tone="info">{creditNoteKindLabels[n.kind]}</Badge> },
    { key: 'customer', header: 'Customer', hideBelow: 'md', render: (n) => <span className="invoices__customer">{n.customer?.name ?? <span className="list__muted">Walk-in</span>}</span> },
    { key: 'by', header: 'Issued by', hideBelow: 'lg', render: (n) => (n.approvedByName ? `${n.issuedByName} (approved by ${n.approvedByName})` : n.issuedByName) },
    { key: 'total', header: 'Credited', align: 'end', width: 'shrink', render: (n) => amount(n.total, n.currency) },
    { key: 'refunded', header: 'Given back', align: 'end', width: 'shrink', render: (n) => amount(n.refunded, n.currency) },
  ];
}

/** Credit notes, newest first, with filters and a summary over the whole filter; a number opens its detail. */
export function CreditNoteList() {
  const [filter, setFilter, clearFilter] = usePageFilter<CreditNoteFilter>('creditNotes', emptyCreditNoteFilter);
  const query = useDebounced(filter.query, SEARCH_DELAY_MS);
  const list = useContractList('creditNotes.list', creditNoteListInput({ ...filter, query }), creditNoteKey);
  const [shown, setShown] = useState<CreditNote | null>(null);
  const fmt = useStoreFormat();
  const cols = useMemo(() => columns(fmt, setShown), [fmt]);
  const storeCurrency = useStoreCurrency();
  const currency = list.rows[0]?.currency ?? storeCurrency;
  const summary = list.last?.summary;
  const filtered = filter.query.trim() !== '' || filter.kind !== '' || filter.from !== '' || filter.to !== '';
  const money = (minor: number) => (summary && currency ? formatMoney(minor, currency) : '…');

  return (
    <>
      <PageHeader title="Credit notes" description="What was taken back and how the money went back, newest first. An invoice is never edited: its credit notes correct it." />
      <FilterBar label="Filter credit notes" filtered={filtered} onClear={clearFilter}>
        <FilterSearch label="Search credit notes" placeholder="CN or INV number, or name" value={filter.query} onChange={(q) => setFilter({ query: q })} />
        <FilterItem size="select">
          <Select label="Kind" value={filter.kind} options={kindOptions} onChange={(e) => setFilter({ kind: e.target.value as CreditNoteFilter['kind'] })} />
        </FilterItem>
        <FilterDates from={filter.from} to={filter.to} onChange={setFilter} />
      </FilterBar>

      <section className="invoices__summary" aria-label="Summary" aria-live="polite" aria-busy={list.status === 'pending' || undefined}>
        <dl className="invoices__stats invoices__stats--4">
          <Stat label={filtered ? 'Credit notes matching' : 'Credit notes'} testId="cn-summary-count">
            {summary ? fmt.number(summary.count) : '…'}
          </Stat>
          <Stat label="Credited" testId="cn-summary-total">
            {money(summary?.total ?? 0)}
          </Stat>
          <Stat label="Of which tax" testId="cn-summary-tax">
            {money(summary?.tax ?? 0)}
          </Stat>
          <Stat label="Given back" testId="cn-summary-refunded">
            {money(summary?.refunded ?? 0)}
          </Stat>
        </dl>
      </section>

      <div className="invoices__list">
        <PagedTable
          caption="Credit notes"
          columns={cols}
          list={list}
          filtered={filtered}
          empty="No credit notes yet. They are issued by returns, exchanges and cancellations."
          emptyFiltered="No credit note matches these filters."
          count={summary ? `Showing ${fmt.number(list.rows.length)} of ${fmt.number(summary.count)}` : null}
        />
      </div>
      {shown ? <CreditNoteDialog id={shown.id} placeholder={shown} onClose={() => setShown(null)} /> : null}
    </>
  );
}
