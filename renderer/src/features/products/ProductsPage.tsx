import { useEffect, useState } from 'react';
import type { Product } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import { Badge, Button, Checkbox, LoadError, PageHeader, Select, Table, TextField, toast, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { useSession } from '../session/store';
import { formatPercent } from './percent';
import { ProductDialog } from './ProductDialog';
import { useProducts } from './store';
import './products.css';

type Open = { kind: 'create' } | { kind: 'edit'; product: Product } | null;

const SEARCH_DELAY_MS = 250;

export function ProductsPage() {
  const role = useSession((s) => s.user?.role);
  const { items, status, error, filter, nextCursor, loadingMore, categories, currency, load, loadMore, setFilter, update } = useProducts();
  const [open, setOpen] = useState<Open>(null);
  const [query, setQuery] = useState(filter.query);
  const [pending, setPending] = useState<string | null>(null);
  const canEdit = role ? canCall(role, 'products.update') : false;

  useEffect(() => {
    void load();
  }, [load]);

  // Search as you type, once the typing pauses.
  useEffect(() => {
    if (query === useProducts.getState().filter.query) return;
    const timer = window.setTimeout(() => setFilter({ query }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [query, setFilter]);

  const setArchived = async (product: Product, archived: boolean) => {
    setPending(product.id);
    try {
      await update({ id: product.id, archived });
      toast(archived ? `${product.name} archived. It can no longer be sold.` : `${product.name} is back on sale.`);
    } catch (err) {
      toast(`${product.name}: ${err instanceof Error ? err.message : String(err)}`, 'error');
    } finally {
      setPending(null);
    }
  };

  const columns: Column<Product>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (p) => (
        <span className="products__name">
          {p.name}
          {p.archived ? <Badge tone="warning">Archived</Badge> : null}
        </span>
      ),
    },
    { key: 'sku', header: 'SKU', render: (p) => <span className="products__mono">{p.sku}</span> },
    { key: 'barcode', header: 'Barcode', render: (p) => (p.barcode ? <span className="products__mono">{p.barcode}</span> : <span className="products__none">—</span>) },
    { key: 'category', header: 'Category', render: (p) => p.category ?? <span className="products__none">—</span> },
    { key: 'price', header: 'Price', align: 'end', render: (p) => <span className="products__amount">{currency ? formatMoney(p.unitPrice, currency) : ''}</span> },
    { key: 'tax', header: 'Tax', align: 'end', render: (p) => <span className="products__amount">{formatPercent(p.taxRateBp)}</span> },
  ];
  if (canEdit) {
    columns.push({
      key: 'actions',
      header: 'Actions',
      hideHeader: true,
      align: 'end',
      width: 'shrink',
      render: (p) => (
        <div className="products__actions">
          <Button onClick={() => setOpen({ kind: 'edit', product: p })} aria-label={`Edit ${p.name}`}>
            Edit
          </Button>
          <Button variant="ghost" busy={pending === p.id} onClick={() => void setArchived(p, !p.archived)} aria-label={`${p.archived ? 'Unarchive' : 'Archive'} ${p.name}`}>
            {p.archived ? 'Unarchive' : 'Archive'}
          </Button>
        </div>
      ),
    });
  }

  const filtered = filter.query.trim() !== '' || filter.category !== '' || filter.includeArchived;

  return (
    <>
      <PageHeader
        eyebrow="Admin"
        title="Products"
        description="What the store sells: names, codes, prices before tax and tax rates."
        actions={
          canEdit && currency ? (
            <Button variant="primary" onClick={() => setOpen({ kind: 'create' })}>
              New product
            </Button>
          ) : null
        }
      />
      <form className="products__filters" role="search" aria-label="Filter products" onSubmit={(e) => {
          e.preventDefault();
          setFilter({ query });
        }}
      >
        <div className="products__search">
          <TextField
            label="Search"
            type="search"
            placeholder="Name, SKU or barcode"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <div className="products__category">
          <Select
            label="Category"
            value={filter.category}
            options={[{ value: '', label: 'All categories' }, ...categories.map((c) => ({ value: c, label: c }))]}
            onChange={(e) => setFilter({ category: e.target.value })}
          />
        </div>
        <Checkbox label="Include archived" checked={filter.includeArchived} onChange={(e) => setFilter({ includeArchived: e.target.checked })} />
      </form>
      {status === 'error' && error ? <LoadError title="The products could not be loaded." message={error} onRetry={() => void load()} /> : null}
      {/* Without a page of products, an empty table would claim there are none. */}
      {status === 'error' && items.length === 0 ? null : (
        <Table
          caption="Products"
          columns={columns}
          rows={items}
          rowKey={(p) => p.id}
          busy={status === 'loading'}
          empty={status === 'loading' ? 'Loading products…' : filtered ? 'No product matches these filters.' : 'No products yet. Add the first one with New product.'}
        />
      )}
      <div className="products__more">
        {items.length > 0 ? (
          <p className="products__count" aria-live="polite">
            Showing {items.length} product{items.length === 1 ? '' : 's'}
            {nextCursor ? '' : filtered ? ' (all that match)' : ' (all)'}
          </p>
        ) : null}
        {nextCursor ? (
          <Button onClick={() => void loadMore()} busy={loadingMore}>
            Load more
          </Button>
        ) : null}
      </div>
      {open && currency ? (
        <ProductDialog
          key={open.kind === 'edit' ? open.product.id : 'new'}
          product={open.kind === 'edit' ? open.product : null}
          currency={currency}
          categories={categories}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </>
  );
}
