import { useMemo, useState } from 'react';
import type { CreditNote } from '../../../../shared/contract';
import type { StoreFormat } from '../../../../shared/domain/format';
import { creditNoteKinds } from '../../../../shared/domain/returns';
import { href } from '../../app/router';
import { useContractList, useStoreCurrency, useStoreFormat } from '../../data';
import { useT, type Translate } from '../../i18n';
import { Badge, FilterBar, FilterDates, FilterItem, FilterSearch, PageHeader, PagedTable, Select, useDebounced, usePageFilter, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { CreditNoteDialog } from './CreditNoteDialog';
import { creditNoteKindLabel, creditNoteListInput, emptyCreditNoteFilter, type CreditNoteFilter } from './creditNotes';
import { Stat } from './Stat';

const SEARCH_DELAY_MS = 250;
const creditNoteKey = (n: CreditNote) => n.id;
const amount = (minor: number, currency: string) => <span className="list__amount">{formatMoney(minor, currency)}</span>;

function columns(t: Translate, fmt: StoreFormat, open: (n: CreditNote) => void): Column<CreditNote>[] {
  return [
    {
      key: 'number',
      header: t('invoices.creditNote'),
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
      header: t('invoices.invoice'),
      render: (n) =>
        n.invoiceId && n.invoiceNumber ? (
          <a className="list__link" href={href(`/invoices/${n.invoiceId}`)}>
            {n.invoiceNumber}
          </a>
        ) : (
          <span className="list__muted">{t('invoices.noReceipt')}</span>
        ),
    },
    { key: 'kind', header: t('invoices.kind'), width: 'shrink', render: (n) => <Badge tone="info">{creditNoteKindLabel(t, n.kind)}</Badge> },
    { key: 'customer', header: t('invoices.customer'), hideBelow: 'md', render: (n) => <span className="invoices__customer">{n.customer?.name ?? <span className="list__muted">{t('invoices.walkIn')}</span>}</span> },
    { key: 'by', header: t('invoices.issuedBy'), hideBelow: 'lg', render: (n) => (n.approvedByName ? t('invoices.issuedByApproved', { issuedBy: n.issuedByName, approvedBy: n.approvedByName }) : n.issuedByName) },
    { key: 'total', header: t('invoices.credited'), align: 'end', width: 'shrink', render: (n) => amount(n.total, n.currency) },
    { key: 'refunded', header: t('invoices.givenBack'), align: 'end', width: 'shrink', render: (n) => amount(n.refunded, n.currency) },
  ];
}

/** Credit notes, newest first, with filters and a summary over the whole filter; a number opens its detail. */
export function CreditNoteList() {
  const [filter, setFilter, clearFilter] = usePageFilter<CreditNoteFilter>('creditNotes', emptyCreditNoteFilter);
  const query = useDebounced(filter.query, SEARCH_DELAY_MS);
  const list = useContractList('creditNotes.list', creditNoteListInput({ ...filter, query }), creditNoteKey);
  const [shown, setShown] = useState<CreditNote | null>(null);
  const t = useT();
  const fmt = useStoreFormat();
  const cols = useMemo(() => columns(t, fmt, setShown), [t, fmt]);
  const kindOptions = useMemo(() => [{ value: '', label: t('invoices.allKinds') }, ...creditNoteKinds.map((k) => ({ value: k, label: creditNoteKindLabel(t, k) }))], [t]);
  const storeCurrency = useStoreCurrency();
  const currency = list.rows[0]?.currency ?? storeCurrency;
  const summary = list.last?.summary;
  const filtered = filter.query.trim() !== '' || filter.kind !== '' || filter.from !== '' || filter.to !== '';
  const money = (minor: number) => (summary && currency ? formatMoney(minor, currency) : t('invoices.figurePending'));

  return (
    <>
      <PageHeader title={t('invoices.creditNotes')} description={t('invoices.creditNotesDescription')} />
      <FilterBar label={t('invoices.filterCreditNotes')} filtered={filtered} onClear={clearFilter}>
        <FilterSearch label={t('invoices.searchCreditNotes')} placeholder={t('invoices.searchCreditNotesPlaceholder')} value={filter.query} onChange={(q) => setFilter({ query: q })} />
        <FilterItem size="select">
          <Select label={t('invoices.kind')} value={filter.kind} options={kindOptions} onChange={(e) => setFilter({ kind: e.target.value as CreditNoteFilter['kind'] })} />
        </FilterItem>
        <FilterDates from={filter.from} to={filter.to} onChange={setFilter} />
      </FilterBar>

      <section className="invoices__summary" aria-label={t('invoices.summary')} aria-live="polite" aria-busy={list.status === 'pending' || undefined}>
        <dl className="invoices__stats invoices__stats--4">
          <Stat label={filtered ? t('invoices.creditNotesMatching') : t('invoices.creditNotes')} testId="cn-summary-count">
            {summary ? fmt.number(summary.count) : t('invoices.figurePending')}
          </Stat>
          <Stat label={t('invoices.credited')} testId="cn-summary-total">
            {money(summary?.total ?? 0)}
          </Stat>
          <Stat label={t('invoices.ofWhichTax')} testId="cn-summary-tax">
            {money(summary?.tax ?? 0)}
          </Stat>
          <Stat label={t('invoices.givenBack')} testId="cn-summary-refunded">
            {money(summary?.refunded ?? 0)}
          </Stat>
        </dl>
      </section>

      <div className="invoices__list">
        <PagedTable
          caption={t('invoices.creditNotes')}
          columns={cols}
          list={list}
          filtered={filtered}
          empty={t('invoices.creditNotesEmpty')}
          emptyFiltered={t('invoices.creditNotesEmptyFiltered')}
          count={summary ? t('invoices.showingCount', { shown: fmt.number(list.rows.length), total: fmt.number(summary.count) }) : null}
        />
      </div>
      {shown ? <CreditNoteDialog id={shown.id} placeholder={shown} onClose={() => setShown(null)} /> : null}
    </>
  );
}
