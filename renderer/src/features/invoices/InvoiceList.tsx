import { useEffect, useState } from 'react';
import type { Invoice, InvoiceStatus } from '../../../../shared/contract';
import { invoiceStatuses } from '../../../../shared/domain/invoiceStatus';
import { api } from '../../api';
import { href } from '../../app/router';
import { Banner, Button, LoadError, PageHeader, Select, Table, TextField, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { formatDateTime } from '../orders/dates';
import { invoiceStatusLabels, InvoiceStatusBadge } from './InvoiceStatusBadge';
import { useInvoices } from './store';

const SEARCH_DELAY_MS = 250;
const statusOptions = [{ value: '', label: 'All statuses' }, ...invoiceStatuses.map((s) => ({ value: s, label: invoiceStatusLabels[s] }))];

/** Issued invoices, newest first, with filters, a summary over the whole filter and keyset paging. */
export function InvoiceList() {
  const { items, status, error, filter, nextCursor, loadingMore, summary, currency, load, loadMore, setFilter, changed } = useInvoices();
  const [query, setQuery] = useState(filter.query);

  useEffect(() => {
    void load();
  }, [load]);

  // Live: an invoice issued, paid or cancelled anywhere updates its row and the summary.
  useEffect(
    () =>
      api.onPush((e) => {
        if (e.event === 'invoice.changed') void changed(e.data.id);
      }),
    [changed],
  );

  useEffect(() => {
    if (query === useInvoices.getState().filter.query) return;
    const timer = window.setTimeout(() => setFilter({ query }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [query, setFilter]);

  const money = (minor: number, c: string) => <span className="invoices__amount">{formatMoney(minor, c)}</span>;
  const columns: Column<Invoice>[] = [
    {
      key: 'number',
      header: 'Invoice',
      render: (i) => (
        <a className="invoices__link" href={href(`/invoices/${i.id}`)}>
          {i.number}
        </a>
      ),
    },
    { key: 'issued', header: 'Issued', render: (i) => <time className="invoices__time" dateTime={i.issuedAt}>{formatDateTime(i.issuedAt)}</time> },
    { key: 'customer', header: 'Customer', render: (i) => i.customer?.name ?? <span className="invoices__muted">Walk-in</span> },
    { key: 'order', header: 'Order', align: 'end', width: 'shrink', render: (i) => `#${i.orderNumber}` },
    { key: 'status', header: 'Status', render: (i) => <InvoiceStatusBadge status={i.status} /> },
    { key: 'total', header: 'Total', align: 'end', render: (i) => money(i.total, i.currency) },
    { key: 'paid', header: 'Paid', align: 'end', render: (i) => money(i.amountPaid, i.currency) },
    { key: 'balance', header: 'Balance', align: 'end', render: (i) => (i.status === 'PENDING' ? money(i.balance, i.currency) : <span className="invoices__muted">—</span>) },
  ];

  const filtered = filter.query.trim() !== '' || filter.status !== '' || filter.from !== '' || filter.to !== '';
  const summaryCurrency = items[0]?.currency ?? currency;

  return (
    <>
      <PageHeader title="Invoices" description="Issued invoices, newest first: what was paid and what is still open." />
      <form
        className="invoices__filters"
        role="search"
        aria-label="Filter invoices"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ query });
        }}
      >
        <div className="invoices__search">
          <TextField
            label="Search invoices"
            type="search"
            placeholder="INV number or name"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <div className="invoices__status">
          <Select label="Status" value={filter.status} options={statusOptions} onChange={(e) => setFilter({ status: e.target.value as '' | InvoiceStatus })} />
        </div>
        <div className="invoices__date">
          <TextField label="From" type="date" value={filter.from} max={filter.to || undefined} onChange={(e) => setFilter({ from: e.target.value })} />
        </div>
        <div className="invoices__date">
          <TextField label="To" type="date" value={filter.to} min={filter.from || undefined} onChange={(e) => setFilter({ to: e.target.value })} />
        </div>
        {filtered ? (
          <Button
            variant="ghost"
            onClick={() => {
              setQuery('');
              setFilter({ query: '', status: '', from: '', to: '' });
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </form>

      <section className="invoices__summary" aria-label="Summary" aria-live="polite" aria-busy={status === 'loading' || undefined}>
        <dl className="invoices__stats">
          <div className="invoices__stat">
            <dt>{filtered ? 'Invoices matching' : 'Invoices'}</dt>
            <dd data-testid="summary-count">{summary ? summary.count.toLocaleString() : '…'}</dd>
          </div>
          <div className="invoices__stat">
            <dt>Total</dt>
            <dd data-testid="summary-total">{summary && summaryCurrency ? formatMoney(summary.total, summaryCurrency) : '…'}</dd>
          </div>
          <div className="invoices__stat">
            <dt>Paid</dt>
            <dd data-testid="summary-paid">{summary && summaryCurrency ? formatMoney(summary.amountPaid, summaryCurrency) : '…'}</dd>
          </div>
        </dl>
      </section>

      {status === 'error' && error ? <LoadError title="The invoices could not be loaded." message={error} onRetry={() => void load()} /> : null}
      <Table
        caption="Invoices"
        columns={columns}
        rows={items}
        rowKey={(i) => i.id}
        busy={status === 'loading'}
        empty={status === 'loading' ? 'Loading invoices…' : filtered ? 'No invoice matches these filters.' : 'No invoices yet. They are issued from the counter and the orders queue.'}
      />
      <div className="invoices__more">
        {items.length > 0 && summary ? (
          <p className="invoices__count">
            Showing {items.length.toLocaleString()} of {summary.count.toLocaleString()}
          </p>
        ) : (
          <span />
        )}
        {status === 'ready' && error ? <Banner tone="error">{error}</Banner> : null}
        {nextCursor ? (
          <Button onClick={() => void loadMore()} busy={loadingMore}>
            Load more
          </Button>
        ) : null}
      </div>
    </>
  );
}
