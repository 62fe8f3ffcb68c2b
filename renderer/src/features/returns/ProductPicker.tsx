import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Product } from '../../../../shared/contract';
import { ApiError } from '../../api';
import { useContractQuery, useDataClient } from '../../data';
import { useT } from '../../i18n';
import { useDebounced } from '../../ui';
import { formatMoney } from '../../ui/money';
import '../counter/counter.css';
import { ScanError } from './ScanError';

const RESULT_LIMIT = 8;

/**
 * The counter's scan-or-search box for the Returns screen: a scanned barcode or SKU (Enter)
 * or a name typed (↑ ↓ Enter pick a result) hands the product to `onPick`. The counter's own
 * box adds to the counter's cart; this one to whatever list the screen keeps.
 */
export function ProductPicker({ label, onPick, currency, autoFocus = false }: { label: string; onPick: (product: Product) => void; currency: string; autoFocus?: boolean }) {
  const client = useDataClient();
  const t = useT();
  const [text, setText] = useState('');
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(-1);
  const [message, setMessage] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const query = useDebounced(text, 100).trim();
  const search = useContractQuery('products.list', { query, limit: RESULT_LIMIT }, { enabled: query !== '', keepPrevious: true });
  const open = !dismissed && text.trim() !== '' && query !== '' && search.data !== undefined && !search.error;
  const results = open ? (search.data?.items ?? []).filter((p) => !p.archived) : [];

  const pick = (product: Product) => {
    onPick(product);
    setText('');
    setDismissed(true);
    setActive(-1);
    setMessage(null);
    inputRef.current?.focus();
  };

  const submitCode = async (raw: string) => {
    const code = raw.trim();
    if (!code) return;
    setText('');
    setDismissed(true);
    try {
      if (/\s/.test(code)) throw new ApiError('products.findByCode', { code: 'NOT_FOUND', message: 'not a code' });
      pick(await client.call('products.findByCode', { code }));
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'NOT_FOUND' || err.code === 'VALIDATION')) {
        // A name typed in full that names one product is taken too.
        const page = await client.call('products.list', { query: code, limit: 2 }).catch(() => null);
        if (page?.items.length === 1 && page.items[0]) return pick(page.items[0]);
        setMessage(t('returns.notFound', { code }));
      } else setMessage(err instanceof Error ? err.message : String(err));
      setText(code);
      requestAnimationFrame(() => inputRef.current?.select());
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && results.length > 0) {
      e.preventDefault();
      const n = results.length;
      setActive(e.key === 'ArrowDown' ? (active + 1) % n : active <= 0 ? n - 1 : active - 1);
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      const picked = active >= 0 ? results[active] : undefined;
      if (picked) pick(picked);
      else void submitCode(text);
    } else if (e.key === 'Escape' && text !== '') {
      e.preventDefault();
      setText('');
      setDismissed(true);
      setMessage(null);
    }
  };

  return (
    <div className="scan returns-picker">
      <label className="scan__label" htmlFor={`${id}-input`}>
        {label}
      </label>
      <div className="scan__box">
        <span className="scan__icon" aria-hidden="true" />
        <input
          ref={inputRef}
          id={`${id}-input`}
          className={`input scan__input returns-picker__input${message ? ' is-invalid' : ''}`}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={`${id}-results`}
          aria-activedescendant={active >= 0 && open ? `${id}-opt-${active}` : undefined}
          aria-describedby={message ? `${id}-message` : undefined}
          aria-invalid={message ? true : undefined}
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          placeholder={t('returns.pickerPlaceholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setDismissed(false);
            setActive(-1);
            setMessage(null);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setDismissed(true)}
        />
        <div className={`scan__results${open ? ' is-open' : ''}`}>
          {open && results.length === 0 ? <p className="scan__empty">{t('returns.noProducts', { query })}</p> : null}
          <div id={`${id}-results`} role="listbox" aria-label={t('returns.searchResults')} className="scan__list">
            {results.map((p, i) => (
              <div
                key={p.id}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                className={`scan__option${i === active ? ' is-active' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(p)}
              >
                <span className="scan__option-text">
                  <span className="scan__option-name">{p.name}</span>
                  <span className="scan__option-code">
                    {t('returns.productCode', { hasBarcode: p.barcode ? 'yes' : 'no', sku: p.sku, barcode: p.barcode ?? '' })}
                  </span>
                </span>
                <span className="scan__option-price">{formatMoney(p.unitPrice, currency)}</span>
              </div>
            ))}
          </div>
        </div>
      </div>
      {message ? <ScanError id={id} message={message} /> : null}
    </div>
  );
}
