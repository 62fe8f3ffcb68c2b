import { useState } from 'react';
import type { Input, Product } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import { useChanged, useContractList, useContractQuery, useDataClient, useStoreCurrency, useStoreFormat, useStoreSettings } from '../../data';
import { Badge, Button, Checkbox, FilterBar, FilterItem, FilterSearch, PageHeader, PagedTable, Select, toast, useDebounced, usePageFilter, type Column } from '../../ui';
import { useT } from '../../i18n';
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
  const t = useT();
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
      toast(archived ? t('products.archivedToast', { name: product.name }) : t('products.unarchivedToast', { name: product.name }));
    } catch (err) {
      toast(t('products.actionFailed', { name: product.name, message: err instanceof Error ? err.message : String(err) }), 'error');
    } finally {
      setPending(null);
    }
  };

  const columns: Column<Product>[] = [
    {
      key: 'name',
      header: t('common.name'),
      render: (p) => (
        <span className="products__name">
          {p.name}
          {p.archived ? <Badge tone="warning">{t('products.archived')}</Badge> : null}
        </span>
      ),
    },
    { key: 'sku', header: t('products.sku'), render: (p) => <span className="list__mono">{p.sku}</span> },
    // On a narrow screen the barcode, then the category, give way to the price and the actions.
    { key: 'barcode', header: t('products.barcode'), hideBelow: 'lg', render: (p) => (p.barcode ? <span className="list__mono">{p.barcode}</span> : <span className="list__muted">{t('common.none_dash')}</span>) },
    { key: 'category', header: t('products.category'), hideBelow: 'md', render: (p) => p.category ?? <span className="list__muted">{t('common.none_dash')}</span> },
    {
      key: 'price',
      // Whether it includes tax is said once, above the table: the header stays short.
      header: t('common.price'),
      align: 'end',
      render: (p) => (
        <span className="list__amount products__amount">
          {p.openPrice ? <Badge tone="info">{t('products.openPrice')}</Badge> : null} {currency && (!p.openPrice || p.unitPrice > 0) ? formatMoney(p.unitPrice, currency) : ''}
        </span>
      ),
    },
    {
      key: 'tax',
      header: t('common.tax'),
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
      header: t('common.actions'),
      hideHeader: true,
      align: 'end',
      width: 'shrink',
      render: (p) => (
        <div className="products__actions">
          <Button onClick={() => setOpen({ kind: 'edit', product: p })} aria-label={t('products.editName', { name: p.name })}>
            {t('common.edit')}
          </Button>
          <Button
            variant="ghost"
            busy={pending === p.id}
            onClick={() => void setArchived(p, !p.archived)}
            aria-label={p.archived ? t('products.unarchiveName', { name: p.name }) : t('products.archiveName', { name: p.name })}
          >
            {p.archived ? t('products.unarchive') : t('products.archive')}
          </Button>
        </div>
      ),
    });
  }

  const filtered = filter.query.trim() !== '' || filter.category !== '' || filter.includeArchived;

  return (
    <>
      <PageHeader
        eyebrow={t('products.eyebrow')}
        title={t('products.title')}
        description={t(grossPrices ? 'products.descriptionGross' : 'products.descriptionNet')}
        actions={
          canEdit && currency ? (
            <Button variant="primary" onClick={() => setOpen({ kind: 'create' })}>
              {t('products.newProduct')}
            </Button>
          ) : null
        }
      />
      <FilterBar label={t('products.filterLabel')}>
        <FilterSearch label={t('common.search')} placeholder={t('products.searchPlaceholder')} value={filter.query} onChange={(query) => setFilter({ query })} />
        <FilterItem size="select">
          <Select
            label={t('products.category')}
            value={filter.category}
            options={[{ value: '', label: t('products.allCategories') }, ...categories.map((c) => ({ value: c, label: c }))]}
            onChange={(e) => setFilter({ category: e.target.value })}
          />
        </FilterItem>
        <Checkbox label={t('products.includeArchived')} checked={filter.includeArchived} onChange={(e) => setFilter({ includeArchived: e.target.checked })} />
      </FilterBar>
      <PagedTable
        caption={t('products.title')}
        columns={columns}
        list={list}
        filtered={filtered}
        noun={[t('products.nounOne'), t('products.nounMany')]}
        empty={t('products.empty')}
        emptyFiltered={t('products.emptyFiltered')}
      />
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
