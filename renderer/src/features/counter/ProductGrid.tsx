import { useEffect, useRef, useState } from 'react';
import type { Product } from '../../../../shared/contract';
import { Banner, Button } from '../../ui';
import { formatMoney } from '../../ui/money';
import { api } from '../../api';
import { focusScan } from './ScanSearch';
import { FALLBACK_CURRENCY, useCounter } from './store';

const ALL = '';
const GRID_LIMIT = 60;

/** Big tiles by category, for touch: one tap adds the product. */
export function ProductGrid() {
  const addProduct = useCounter((s) => s.addProduct);
  const currency = useCounter((s) => s.currency) ?? FALLBACK_CURRENCY;
  const [categories, setCategories] = useState<string[]>([]);
  const [category, setCategory] = useState(ALL);
  const [products, setProducts] = useState<Product[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const cache = useRef(new Map<string, Product[]>());

  useEffect(() => {
    let live = true;
    api.call('products.categories', {}).then(
      ({ items }) => live && setCategories(items),
      () => {
        // The grid still shows every product.
      },
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    let live = true;
    const cached = cache.current.get(category);
    setProducts(cached ?? null);
    setError(null);
    api.call('products.list', category === ALL ? { limit: GRID_LIMIT } : { category, limit: GRID_LIMIT }).then(
      (page) => {
        cache.current.set(category, page.items);
        if (live) setProducts(page.items);
      },
      (err: unknown) => {
        if (live) setError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      live = false;
    };
  }, [category, reload]);

  const tabs = [{ value: ALL, label: 'All' }, ...categories.map((c) => ({ value: c, label: c }))];

  return (
    <div className="grid">
      <div className="grid__categories" role="group" aria-label="Categories">
        {tabs.map((t) => (
          <button
            key={t.value}
            type="button"
            className={`grid__category${t.value === category ? ' is-selected' : ''}`}
            aria-pressed={t.value === category}
            onClick={() => {
              setCategory(t.value);
              focusScan();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      {error ? (
        <div className="grid__error">
          <Banner tone="error" title="The products could not be loaded.">
            {error}
          </Banner>
          <Button onClick={() => setReload((n) => n + 1)}>Try again</Button>
        </div>
      ) : null}
      <div className="grid__tiles" role="group" aria-label={category === ALL ? 'All products' : `${category} products`} aria-busy={products === null || undefined}>
        {products?.length === 0 ? <p className="grid__empty">No products here yet. An administrator adds them under Admin → Products.</p> : null}
        {products?.map((p) => (
          <button
            key={p.id}
            type="button"
            className="grid__tile"
            aria-label={`${p.name}, ${formatMoney(p.unitPrice, currency)}`}
            onClick={() => {
              addProduct(p);
              focusScan();
            }}
          >
            <span className="grid__tile-name">{p.name}</span>
            <span className="grid__tile-price">{formatMoney(p.unitPrice, currency)}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
