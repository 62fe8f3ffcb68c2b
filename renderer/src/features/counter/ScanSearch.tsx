import { useEffect, useId, useRef, useState, useSyncExternalStore, type KeyboardEvent, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { Product } from '../../../../shared/contract';
import { ApiError } from '../../api';
import { useContractQuery, useDataClient } from '../../data';
import { useT } from '../../i18n';
import { useDebounced } from '../../ui';
import { onSessionCleared } from '../session/store';
import { codeIndex } from './codeIndex';
import { useShownPrice } from './pricing';
import { useCounter } from './store';

const SEARCH_DELAY_MS = 100;
const RESULT_LIMIT = 8;

/** The scan input of the counter, for the page to return focus to after every action. */
const scanInput: { current: HTMLInputElement | null } = { current: null };

/** Puts the focus back in the scan input (after this frame's render), optionally selecting its text. */
export function focusScan(select = false): void {
  requestAnimationFrame(() => {
    const input = scanInput.current;
    if (!input) return;
    input.focus();
    if (select) input.select();
  });
}

interface Message {
  tone: 'error' | 'warning';
  text: string;
}

onSessionCleared(() => codeIndex.reset());
const subscribeIndex = (listener: () => void) => codeIndex.subscribe(listener);
const indexStateNow = () => codeIndex.state;

/** The cart shows a product as it is now: a line of a product changed elsewhere takes its new price, tax and name. */
function refreshCartLines(product: Product): void {
  const { lines } = useCounter.getState();
  const stale = (l: (typeof lines)[number]) =>
    l.productId === product.id &&
    (l.unitPrice !== product.unitPrice || l.taxRateBp !== product.taxRateBp || l.name !== product.name || l.sku !== product.sku || (l.openPrice ?? false) !== product.openPrice || (l.cost ?? null) !== product.cost);
  if (!lines.some(stale)) return;
  useCounter.setState({
    lines: lines.map((l) => (stale(l) ? { ...l, unitPrice: product.unitPrice, taxRateBp: product.taxRateBp, name: product.name, sku: product.sku, openPrice: product.openPrice, cost: product.cost } : l)),
  });
}

/**
 * One input for a barcode scanner (code + Enter → products.findByCode) and for search as
 * you type (name or SKU; arrow keys and Enter add a result; Escape clears).
 */
export function ScanSearch({ tools = null }: { tools?: ReactNode } = {}) {
  const addProduct = useCounter((s) => s.addProduct);
  const price = useShownPrice();
  const t = useT();
  const client = useDataClient();
  const [text, setText] = useState('');
  /** The results are closed (a pick, Escape, leaving the input) until the text is typed again. */
  const [dismissed, setDismissed] = useState(false);
  /**
   * The highlighted result, by product: an answer that comes in after it (the list showed the
   * answer for fewer letters meanwhile) keeps it while it still lists that product. Typing, a
   * pick or closing the results clear it, so a scan's Enter never picks an earlier highlight.
   */
  const [activeProduct, setActiveProduct] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const textRef = useRef('');
  const id = useId();
  const listId = `${id}-results`;
  const messageId = `${id}-message`;

  // Search as you type, once the typing pauses; only the answer for the latest text is shown.
  const query = useDebounced(text, SEARCH_DELAY_MS).trim();
  const search = useContractQuery('products.list', { query, limit: RESULT_LIMIT }, { enabled: query !== '', keepPrevious: true });
  const open = !dismissed && text.trim() !== '' && query !== '' && search.data !== undefined && !search.error;
  const results = open ? (search.data?.items ?? []) : [];
  const activeIndex = activeProduct === null ? -1 : results.findIndex((p) => p.id === activeProduct);
  const setActiveIndex = (index: number) => setActiveProduct(results[index]?.id ?? null);

  useEffect(() => {
    scanInput.current = inputRef.current;
    focusScan();
    return () => {
      scanInput.current = null;
    };
  }, []);

  // The catalog's codes, loaded in the background once a session, so that scans need no round trip.
  useEffect(() => codeIndex.start(client, refreshCartLines), [client]);
  const indexState = useSyncExternalStore(subscribeIndex, indexStateNow);

  const updateText = (value: string) => {
    textRef.current = value;
    setText(value);
    setActiveProduct(null);
  };

  const closeResults = () => {
    setDismissed(true);
    setActiveProduct(null);
  };

  /** Shows why a code was not added, with the code back in the input, selected, for the next try. */
  const refuse = (code: string, msg: Message) => {
    // Rendered now (not in a later task), so the text is there to select.
    flushSync(() => {
      setMessage(msg);
      if (textRef.current === '') updateText(code);
    });
    inputRef.current?.focus();
    inputRef.current?.select();
  };

  const add = (product: Product, code: string) => {
    if (product.archived) {
      refuse(code, { tone: 'warning', text: t('counter.archived', { name: product.name }) });
      return;
    }
    // The line appears in the frame the answer arrives in.
    flushSync(() => {
      addProduct(product);
      setMessage(null);
    });
    focusScan();
  };

  /**
   * After a scan the index answered: the server's answer for the same code. A product changed
   * meanwhile (a push event still on its way, or missed) is corrected in the index and the cart;
   * one archived meanwhile is said so.
   */
  const verify = (code: string, shown: Product) => {
    client.call('products.findByCode', { code }).then(
      (product) => {
        if (product.id !== shown.id) codeIndex.drop(shown.id);
        codeIndex.put(product);
        // Refused already (archived): the index is corrected for the next scan.
        if (shown.archived) return;
        if (product.id !== shown.id) return refuse(code, { tone: 'warning', text: t('counter.codeNowOther', { code, name: product.name }) });
        refreshCartLines(product);
        if (product.archived) refuse(code, { tone: 'warning', text: t('counter.archivedInCart', { name: product.name }) });
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.code === 'NOT_FOUND') codeIndex.drop(shown.id);
      },
    );
  };

  /** Enter without a highlighted result: the text is a barcode or SKU. */
  const submitCode = async (raw: string) => {
    const code = raw.trim();
    if (!code) return;
    // Clear at once so the next scan can start while this one is looked up.
    updateText('');
    closeResults();
    // Known to the index: the line is shown in this very event, then checked with the server.
    const known = codeIndex.get(code);
    if (known) {
      add(known, code);
      // Asked once the line is painted: the request's own work must not delay that frame.
      requestAnimationFrame(() => setTimeout(() => verify(code, known), 0));
      return;
    }
    setMessage(null);
    try {
      if (/\s/.test(code)) throw new ApiError('products.findByCode', { code: 'NOT_FOUND', message: 'not a code' });
      const product = await client.call('products.findByCode', { code });
      codeIndex.put(product);
      add(product, code);
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'NOT_FOUND' || err.code === 'VALIDATION')) {
        // A name typed in full ("green tea") that matches exactly one product is added too.
        if (!/^\d+$/.test(code)) {
          try {
            const page = await client.call('products.list', { query: code, limit: 2 });
            if (page.items.length === 1 && page.items[0]) {
              add(page.items[0], code);
              return;
            }
          } catch {
            // Fall through to "not found".
          }
        }
        refuse(code, { tone: 'error', text: t('counter.codeNotFound', { code }) });
      } else {
        refuse(code, { tone: 'error', text: err instanceof Error ? err.message : String(err) });
      }
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (results.length === 0) return;
      e.preventDefault();
      const n = results.length;
      setActiveIndex(e.key === 'ArrowDown' ? (activeIndex + 1) % n : activeIndex <= 0 ? n - 1 : activeIndex - 1);
    } else if (e.key === 'Enter') {
      // Ctrl+Enter is Charge (handled by the page).
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      const picked = activeIndex >= 0 ? results[activeIndex] : undefined;
      if (picked) {
        add(picked, text);
        updateText('');
        closeResults();
      } else {
        void submitCode(text);
      }
    } else if (e.key === 'Escape') {
      e.preventDefault();
      updateText('');
      closeResults();
      setMessage(null);
    }
  };

  const activeId = activeIndex >= 0 ? `${id}-opt-${activeIndex}` : undefined;

  return (
    <div className="scan">
      <div className="scan__head">
        <label className="scan__label" htmlFor={`${id}-input`}>
          {t('counter.scanOrSearch')}
        </label>
        {tools}
      </div>
      <div className="scan__box">
        <span className="scan__icon" aria-hidden="true" />
        <input
          ref={inputRef}
          id={`${id}-input`}
          className={`input scan__input${message ? ' is-invalid' : ''}`}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={activeId}
          aria-describedby={message ? messageId : `${id}-hint`}
          aria-invalid={message?.tone === 'error' || undefined}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="none"
          spellCheck={false}
          placeholder={t('counter.scanPlaceholder')}
          value={text}
          onChange={(e) => {
            updateText(e.target.value);
            setDismissed(false);
            setMessage(null);
          }}
          onKeyDown={onKeyDown}
          data-code-index={indexState}
          onBlur={() => {
            if (open) closeResults();
          }}
        />
        <div className={`scan__results${open ? ' is-open' : ''}`}>
          {open && results.length === 0 ? <p className="scan__empty">{t('counter.noMatch', { query })}</p> : null}
          <div id={listId} role="listbox" aria-label={t('counter.searchResults')} className="scan__list">
            {open
              ? results.map((p, i) => (
                  <div
                    key={p.id}
                    id={`${id}-opt-${i}`}
                    role="option"
                    aria-selected={i === activeIndex}
                    className={`scan__option${i === activeIndex ? ' is-active' : ''}`}
                    onMouseDown={(e) => e.preventDefault()}
                    // A moving pointer only: results opening under a pointer at rest must not pick the one
                    // under it, or a scan's Enter would add that product instead of the code.
                    onMouseMove={(e) => {
                      if ((e.movementX !== 0 || e.movementY !== 0) && i !== activeIndex) setActiveIndex(i);
                    }}
                    onClick={() => {
                      add(p, text);
                      updateText('');
                      closeResults();
                    }}
                  >
                    <span className="scan__option-text">
                      <span className="scan__option-name">{p.name}</span>
                      <span className="scan__option-code">{[p.barcode, p.category].reduce<string>((codes, more) => (more ? t('counter.joinDot', { first: codes, second: more }) : codes), p.sku)}</span>
                    </span>
                    <span className="scan__option-price">{price(p)}</span>
                  </div>
                ))
              : null}
          </div>
        </div>
      </div>
      {message ? (
        <p id={messageId} className={`scan__message scan__message--${message.tone}`} role="alert">
          <span aria-hidden="true" className="field__error-icon" />
          {message.text}
        </p>
      ) : (
        <p id={`${id}-hint`} className="scan__hint">
          {t('counter.scanHint')}
        </p>
      )}
    </div>
  );
}
