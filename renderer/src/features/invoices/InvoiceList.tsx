import { useMemo } from 'react';
import type { Invoice, InvoiceStatus } from '../../../../shared/contract';
import { invoiceStatuses } from '../../../../shared/domain/invoiceStatus';
import { href } from '../../app/router';
import type { StoreFormat } from '../../../../shared/domain/format';
import { useContractList, useStoreCurrency, useStoreFormat } from '../../data';
import { useT, type Translate } from '../../i18n';
import { FilterBar, FilterDates, FilterItem, FilterSearch, PageHeader, PagedTable, Select, useDebounced, usePageFilter, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { invoiceStatusLabel } from '../../i18n/statuses';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import { emptyInvoiceFilter, invoiceKey, invoiceListInput } from './queries';
import { Stat } from './Stat';

const SEARCH_DELAY_MS = 250;
const amount = (minor: number, currency: string) => <span className="list__amount">{formatMoney(minor, currency)}</span>;

/**
 * "6 dic 2026, 08:23" that wraps only between the date and the time (never inside the date),
 * in whatever order and with whatever separator the locale writes them.
 */
function When({ iso, fmt }: { iso: string; fmt: StoreFormat }) {
  const text = fmt.dateTime(iso);
  const date = fmt.date(iso);
  const time = fmt.time(iso);
  const split = text.startsWith(date) && text.endsWith(time) && text.length > date.length + time.length;
  return (
    <time className="invoices__when" dateTime={iso}>
      {split ? (
        <>
          <span className="list__nowrap">{text.slice(0, text.length - time.length).trimEnd()}</span> <span className="list__nowrap">{time}</span>
        </>
      ) : (
        text
      )}
    </time>
  );
}

/**
 * Total, Paid and Balance always stay in view. The order number rides under the invoice number
 * (no column of its own); in a narrow box (a 1024 px counter screen) the Issued column gives way
 * and its date moves there too; the customer's name wraps.
 */
function invoiceColumns(t: Translate, fmt: StoreFormat): Column<Invoice>[] {
  return [
    {
      key: 'number',
      header: t('invoices.invoice'),
      render: (i) => (
        <>
          <a className="list__link" href={href(`/invoices/${i.id}`)}>
            {i.number}
          </a>
          <span className="invoices__sub">
            <span className="list__nowrap">{t('invoices.orderNumber', { number: i.orderNumber })}</span>
            {/* The leading space reads in the text; the flex gap draws it. */}
            <span className="invoices__sub-date"> {t('invoices.subDate', { date: fmt.date(i.issuedAt) })}</span>
          </span>
        </>
      ),
    },
    { key: 'issued', header: t('invoices.issued'), hideBelow: 'md', render: (i) => <When iso={i.issuedAt} fmt={fmt} /> },
    { key: 'customer', header: t('invoices.customer'), render: (i) => <span className="invoices__customer">{i.customer?.name ?? <span className="list__muted">{t('invoices.walkIn')}</span>}</span> },
    { key: 'status', header: t('common.status'), width: 'shrink', render: (i) => <InvoiceStatusBadge status={i.status} /> },
    { key: 'total', header: t('common.total'), align: 'end', width: 'shrink', render: (i) => amount(i.total, i.currency) },
    { key: 'paid', header: t('invoices.paid'), align: 'end', width: 'shrink', render: (i) => amount(i.amountPaid, i.currency) },
    { key: 'balance', header: t('invoices.balance'), align: 'end', width: 'shrink', render: (i) => (i.status === 'PENDING' ? amount(i.balance, i.currency) : <span className="list__muted">{t('common.none_dash')}</span>) },
  ];
}

/** Issued invoices, newest first, with filters, a summary over the whole filter and keyset paging; live from push events. */
export function InvoiceList() {
  const [filter, setFilter, clearFilter] = usePageFilter('invoices', emptyInvoiceFilter);
  const query = useDebounced(filter.query, SEARCH_DELAY_MS);
  const list = useContractList('invoices.list', invoiceListInput({ ...filter, query }), invoiceKey);
  const storeCurrency = useStoreCurrency();
  const t = useT();
  const fmt = useStoreFormat();
  const columns = useMemo(() => invoiceColumns(t, fmt), [t, fmt]);
  const statusOptions = useMemo(() => [{ value: '', label: t('invoices.allStatuses') }, ...invoiceStatuses.map((s) => ({ value: s, label: invoiceStatusLabel(t, s) }))], [t]);
  const pending = t('invoices.figurePending');
  const summary = list.last?.summary;
  const summaryCurrency = list.rows[0]?.currency ?? storeCurrency;
  const filtered = filter.query.trim() !== '' || filter.status !== '' || filter.from !== '' || filter.to !== '';

  return (
    <>
      <PageHeader title={t('invoices.invoices')} description={t('invoices.invoicesDescription')} />
      <FilterBar label={t('invoices.filterInvoices')} filtered={filtered} onClear={clearFilter}>
        <FilterSearch label={t('invoices.searchInvoices')} placeholder={t('invoices.searchInvoicesPlaceholder')} value={filter.query} onChange={(query) => setFilter({ query })} />
        <FilterItem size="select">
          <Select label={t('common.status')} value={filter.status} options={statusOptions} onChange={(e) => setFilter({ status: e.target.value as '' | InvoiceStatus })} />
        </FilterItem>
        <FilterDates from={filter.from} to={filter.to} onChange={setFilter} />
      </FilterBar>

      <section className="invoices__summary" aria-label={t('invoices.summary')} aria-live="polite" aria-busy={list.status === 'pending' || undefined}>
        <dl className="invoices__stats">
          <Stat label={filtered ? t('invoices.invoicesMatching') : t('invoices.invoices')} testId="summary-count">
            {summary ? fmt.number(summary.count) : pending}
          </Stat>
          <Stat label={t('common.total')} testId="summary-total">
            {summary && summaryCurrency ? formatMoney(summary.total, summaryCurrency) : pending}
          </Stat>
          <Stat label={t('invoices.paid')} testId="summary-paid">
            {summary && summaryCurrency ? formatMoney(summary.amountPaid, summaryCurrency) : pending}
          </Stat>
        </dl>
        {/* Cancelled invoices keep their numbers but are no money taken: counted apart, never in the total. */}
        {summary && summary.cancelledCount > 0 && summaryCurrency ? (
          <p className="invoices__cancelled" data-testid="summary-cancelled">
            {t('invoices.cancelledNotInTotal', { count: summary.cancelledCount, countText: fmt.number(summary.cancelledCount), amount: formatMoney(summary.cancelledTotal, summaryCurrency) })}
          </p>
        ) : null}
      </section>

      <div className="invoices__list">
      <PagedTable caption={t('invoices.invoices')} columns={columns} list={list} filtered={filtered}
        empty={t('invoices.invoicesEmpty')} emptyFiltered={t('invoices.invoicesEmptyFiltered')}
        count={summary ? t('invoices.showingCount', { shown: fmt.number(list.rows.length), total: fmt.number(summary.count + summary.cancelledCount) }) : null} />
      </div>
    </>
  );
}
