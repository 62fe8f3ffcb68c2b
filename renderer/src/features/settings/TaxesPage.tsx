import { useState } from 'react';
import type { TaxClass } from '../../../../shared/contract';
import { useContractQuery, useStoreFormat } from '../../data';
import { Badge, Button, Checkbox, LoadError, PageHeader, Table, type Column } from '../../ui';
import { TaxClassDialog, TaxRateDialog } from './TaxClassDialog';
import { rateChangeText } from './taxRates';
import './settings.css';

type Open = { kind: 'new' } | { kind: 'edit' | 'rate'; taxClass: TaxClass } | null;

/** Admin → Taxes: the named tax rates products take, their rate changes ahead, and how many products use each. */
export function TaxesPage() {
  const fmt = useStoreFormat();
  const [includeArchived, setIncludeArchived] = useState(false);
  // Live: every change pushes taxClass.changed, which re-reads this list (data/invalidation.ts).
  const query = useContractQuery('taxClasses.list', includeArchived ? { includeArchived: true } : {});
  const [open, setOpen] = useState<Open>(null);
  const today = fmt.day(Date.now());

  const columns: Column<TaxClass>[] = [
    {
      key: 'name',
      header: 'Name',
      // How many products use it rides under the name, so the row fits a 1024-pixel screen.
      render: (tc) => (
        <>
          <span className="taxes__name">
            {tc.name}
            {tc.archived ? <Badge tone="warning">Archived</Badge> : null}
          </span>
          <span className="taxes__count" data-testid="tax-class-products">
            {tc.productCount === 0 ? 'No product' : `${fmt.number(tc.productCount)} ${tc.productCount === 1 ? 'product' : 'products'}`}
          </span>
        </>
      ),
    },
    { key: 'rate', header: 'Rate', align: 'end', width: 'shrink', render: (tc) => <span className="list__amount">{fmt.rate(tc.rateBp)}</span> },
    {
      key: 'change',
      header: 'Scheduled change',
      render: (tc) => {
        const change = rateChangeText(tc, today, fmt);
        return change ?? <span className="list__muted">None</span>;
      },
    },
    {
      key: 'actions',
      header: 'Actions',
      hideHeader: true,
      align: 'end',
      width: 'shrink',
      render: (tc) => (
        <div className="taxes__actions">
          <Button onClick={() => setOpen({ kind: 'rate', taxClass: tc })} aria-label={`Change the rate of ${tc.name}`}>
            Change rate
          </Button>
          <Button variant="ghost" onClick={() => setOpen({ kind: 'edit', taxClass: tc })} aria-label={`Edit ${tc.name}`}>
            Edit
          </Button>
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        eyebrow="Admin"
        title="Taxes"
        description="Named tax rates: each product takes one. A rate can change from a day on; invoices already issued never change."
        actions={
          <Button variant="primary" onClick={() => setOpen({ kind: 'new' })}>
            New tax class
          </Button>
        }
      />
      <div className="taxes__filter">
        <Checkbox label="Include archived" checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} />
        <p className="taxes__note">An archived class stays on the products that have it, but no new product can take it.</p>
      </div>
      {query.error ? (
        <LoadError title="The tax classes could not be loaded." message={query.error.message} onRetry={() => void query.refetch()} />
      ) : (
        <Table caption="Tax classes" columns={columns} rows={query.data?.items ?? []} rowKey={(tc) => tc.id} busy={!query.data} empty={query.data ? 'No tax class yet.' : 'Loading tax classes…'} />
      )}
      {open?.kind === 'new' ? <TaxClassDialog taxClass={null} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'edit' ? <TaxClassDialog key={open.taxClass.id} taxClass={open.taxClass} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'rate' ? <TaxRateDialog key={open.taxClass.id} taxClass={open.taxClass} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
