import { useState } from 'react';
import { useContractQuery } from '../../data';
import { useT } from '../../i18n';
import { LoadError } from '../../ui';
import { focusScan } from './ScanSearch';
import { useShownPrice } from './pricing';
import { useCounter } from './store';

const ALL = '';
const GRID_LIMIT = 60;

/** Big tiles by category, for touch: one tap adds the product. Live: a product changed anywhere re-reads the tiles. */
export function ProductGrid() {
  const addProduct = useCounter((s) => s.addProduct);
  const price = useShownPrice();
  const t = useT();
  const [category, setCategory] = useState(ALL);
  // Without categories the grid still shows every product.
  const categories = useContractQuery('products.categories', {}).data?.items ?? [];
  const tiles = useContractQuery('products.list', category === ALL ? { limit: GRID_LIMIT } : { category, limit: GRID_LIMIT });
  const products = tiles.data?.items ?? null;

  const tabs = [{ value: ALL, label: t('common.all') }, ...categories.map((c) => ({ value: c, label: c }))];

  return (
    <div className="grid">
      <div className="grid__categories" role="group" aria-label={t('counter.categories')}>
        {tabs.map((tab) => (
          <button
            key={tab.value}
            type="button"
            className={`grid__category${tab.value === category ? ' is-selected' : ''}`}
            aria-pressed={tab.value === category}
            onClick={() => {
              setCategory(tab.value);
              focusScan();
            }}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tiles.error ? (
        <div className="grid__error">
          <LoadError title={t('counter.productsLoadFailed')} message={tiles.error.message} onRetry={() => void tiles.refetch()} />
        </div>
      ) : null}
      <div className="grid__tiles" role="group" aria-label={category === ALL ? t('counter.allProducts') : t('counter.categoryProducts', { category })} aria-busy={products === null || undefined}>
        {products?.length === 0 ? <p className="grid__empty">{t('counter.noProductsYet')}</p> : null}
        {products?.map((p) => (
          <button
            key={p.id}
            type="button"
            className="grid__tile"
            aria-label={t('counter.productTile', { name: p.name, price: price(p) })}
            onClick={() => {
              addProduct(p);
              focusScan();
            }}
          >
            <span className="grid__tile-name">{p.name}</span>
            <span className="grid__tile-price">{price(p)}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
