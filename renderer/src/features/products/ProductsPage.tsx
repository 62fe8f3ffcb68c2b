import { useState } from 'react';
import type { Input, Product } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import { useChanged, useContractList, useContractQuery, useDataClient, useStoreCurrency, useStoreFormat, useStoreSettings } from '../../data';
import { Badge, Button, Checkbox, FilterBar, FilterItem, FilterSearch, PageHeader, PagedTable, Select, toast, useDebounced, usePageFilter, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { useSession } from '../session/store';
import { ProductDialog } from './ProductDialog';
import './products.css';

type Open = { kind: 'create' } | { kind: 'edit'; product: Product } | null;

interface ProductFilter {
  query: string;
  /** '' for every category. */
  category: string;
  includeArchived: boolean;
}

const SEARCH_DELAY_MS = 250;
const PAGE = 50;
const emptyFilter: ProductFilter = { query: '', category: '', includeArchived: false };
const productKey = (p: Product) => p.id;

function listInput(filter: ProductFilter): Omit<Input<'products.list'>, 'cursor'> {
  const query = filter.query.trim();
  return {
    limit: PAGE,
    ...(query ? { query } : {}),
    ...(filter.category ? { category: filter.category } : {}),
    ...(filter.includeArchived ? { includeArchived: true } : {}),
  };
}

export function ProductsPage() {
  const role = useSession((s) => s.user?.role);
  const [filter, setFilter] = usePageFilter('products', emptyFilter);
  const query = useDebounced(filter.query, SEARCH_DELAY_MS);
  const list = useContractList('products.list', listInput({ ...filter, query }), productKey);
  const categories = useContractQuery('products.categories', {}).data?.items ?? [];
  // The currency comes with the settings, so New product works while the list cannot be read.
  const currency = useStoreCurrency();
  const fmt = useStoreFormat();
  const grossPrices = useStoreSettings().data?.pricesIncludeTax ?? false;
  // The class of each product by its id (archived ones too: a product may keep one).
  const classes = useContractQuery('taxClasses.list', { includeArchived: true }).data?.items;
  const classOf = (p: Product) => classes?.find((c) => c.id === p.taxClassId);
  const client = useDataClient();
  const changed = useChanged();
  const [open, setOpen] = useState<Open>(null);
  const [pending, setPending] = useState<string | null>(null);
  const canEdit = role ? canCall(role, 'products.update') : false;

  const setArchived = async (product: Product, archived: boolean) => {
    setPending(product.id);
    try {
      await client.call('products.update', { id: product.id, archived });
      await changed({ event: 'product.changed', data: { id: product.id } });
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
    { key: 'sku', header: 'SKU', render: (p) => <span className="list__mono">{p.sku}</span> },
    // On a narrow screen the barcode, then the category, give way to the price and the actions.
    { key: 'barcode', header: 'Barcode', hideBelow: 'lg', render: (p) => (p.barcode ? <span className="list__mono">{p.barcode}</span> : <span className="list__muted">—</span>) },
    { key: 'category', header: 'Category', hideBelow: 'md', render: (p) => p.category ?? <span className="list__muted">—</span> },
    {
      key: 'price',
      // Whether it includes tax is said once, above the table: the header stays short.
      header: 'Price',
      align: 'end',
      render: (p) => (
        <span className="list__amount products__amount">
          {p.openPrice ? <Badge tone="info">Open price</Badge> : null} {currency && (!p.openPrice || p.unitPrice > 0) ? formatMoney(p.unitPrice, currency) : ''}
        </span>
      ),
    },
    {
      key: 'tax',
      header: 'Tax',
      align: 'end',
      render: (p) => {
        const tc = classOf(p);
        // The rate first (what the price gets), the class's name under it, free to wrap (never before a %).
        return (
          <span className="products__tax">
            <span className="list__amount">{fmt.rate(p.taxRateBp)}</span>
            {tc ? <span className="list__muted">{tc.name.replace(/ %/g, '\u00a0%')}</span> : null}
          </span>
        );
      },
    },
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
        description={`What the store sells: names, codes, prices ${grossPrices ? 'including' : 'before'} tax and tax classes.`}
        actions={
          canEdit && currency ? (
            <Button variant="primary" onClick={() => setOpen({ kind: 'create' })}>
              New product
            </Button>
          ) : null
        }
      />
      <FilterBar label="Filter products">
        <FilterSearch label="Search" placeholder="Name, SKU or barcode" value={filter.query} onChange={(query) => setFilter({ query })} />
        <FilterItem size="select">
          <Select
            label="Category"
            value={filter.category}
            options={[{ value: '', label: 'All categories' }, ...categories.map((c) => ({ value: c, label: c }))]}
            onChange={(e) => setFilter({ category: e.target.value })}
          />
        </FilterItem>
        <Checkbox label="Include archived" checked={filter.includeArchived} onChange={(e) => setFilter({ includeArchived: e.target.checked })} />
      </FilterBar>
      <PagedTable caption="Products" columns={columns} list={list} filtered={filtered} noun={['product', 'products']}
        empty="No products yet. Add the first one with New product." emptyFiltered="No product matches these filters." />
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
