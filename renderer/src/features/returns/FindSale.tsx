import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Invoice } from '../../../../shared/contract';
import { useDataClient, useStoreFormat } from '../../data';
import { useT } from '../../i18n';
import { Button } from '../../ui';
import { formatMoney } from '../../ui/money';
import { InvoiceStatusBadge } from '../invoices/InvoiceStatusBadge';
import { saleQuery } from './plan';
import { ScanError } from './ScanError';

const PICK_LIMIT = 20;

/**
 * Finds the sale something comes back from: the receipt's barcode scanned (its invoice
 * number), an invoice number typed ("INV-000042" or "42"), or a customer's name; several
 * matches are listed to pick from.
 */
export function FindSale({ onFound, compact = false }: { onFound: (invoice: Invoice) => void; compact?: boolean }) {
  const client = useDataClient();
  const fmt = useStoreFormat();
  const t = useT();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [matches, setMatches] = useState<Invoice[] | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  // Ready for the scan at once (a scan right after "Another sale" keeps its first key), and again
  // after the shell has moved the focus to the page (it does on every page change).
  useLayoutEffect(() => inputRef.current?.focus(), []);
  useEffect(() => {
    const frame = requestAnimationFrame(() => inputRef.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, []);

  const find = async (e: FormEvent) => {
    e.preventDefault();
    const typed = text.trim();
    if (!typed) return setMessage(t('returns.findEmpty'));
    setBusy(true);
    setMessage(null);
    setMatches(null);
    try {
      const query = saleQuery(typed);
      let found = (await client.call('invoices.list', { query, limit: PICK_LIMIT })).items;
      // Digits that are no invoice number may be an order number (the kitchen ticket, the queue).
      if (found.length === 0 && query !== typed) found = (await client.call('invoices.list', { query: typed, limit: PICK_LIMIT })).items;
      if (found.length === 1 && found[0]) {
        setText('');
        onFound(found[0]);
      } else if (found.length === 0) {
        setMessage(t('returns.findNoMatch', { text: typed }));
        requestAnimationFrame(() => inputRef.current?.select());
      } else setMatches(found);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={`returns-find${compact ? ' returns-find--compact' : ''}`}>
      <form className="returns-find__form" onSubmit={(e) => void find(e)} role="search" aria-label={t('returns.findLabel')}>
        <div className="scan returns-find__field">
          <label className="scan__label" htmlFor={`${id}-input`}>
            {compact ? t('returns.anotherSale') : t('returns.findLabel')}
          </label>
          <div className="scan__box">
            <span className="scan__icon" aria-hidden="true" />
            <input
              ref={inputRef}
              id={`${id}-input`}
              className={`input scan__input${message ? ' is-invalid' : ''}`}
              autoComplete="off"
              spellCheck={false}
              placeholder={t('returns.findPlaceholder')}
              aria-describedby={message ? `${id}-message` : `${id}-hint`}
              aria-invalid={message ? true : undefined}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setMessage(null);
              }}
            />
          </div>
        </div>
        <Button type="submit" size="lg" busy={busy} className="returns-find__submit">
          {t('returns.find')}
        </Button>
      </form>
      {message ? (
        <ScanError id={id} message={message} />
      ) : compact ? null : (
        <p id={`${id}-hint`} className="scan__hint">
          {t('returns.findHint')}
        </p>
      )}
      {matches ? (
        <div className="returns-find__matches">
          <p className="returns-find__count">
            {matches.length === PICK_LIMIT ? t('returns.matchesNewest', { count: PICK_LIMIT, text: text.trim() }) : t('returns.matchesSome', { count: matches.length, text: text.trim() })}
          </p>
          <ul className="returns-find__list" aria-label={t('returns.matchingSales')}>
            {matches.map((inv) => (
              <li key={inv.id}>
                <button type="button" className="returns-find__match" onClick={() => onFound(inv)}>
                  <strong className="returns-find__number">{inv.number}</strong>
                  <span>{fmt.dateTime(inv.issuedAt)}</span>
                  <span className="returns-find__customer">{inv.customer?.name ?? t('returns.walkInCustomer')}</span>
                  <span className="list__amount">{formatMoney(inv.total, inv.currency)}</span>
                  <InvoiceStatusBadge status={inv.status} />
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** The sale found: its number, date, customer, total, what was credited already, its status. */
export function SaleCard({ invoice, action }: { invoice: Invoice; action?: ReactNode }) {
  const fmt = useStoreFormat();
  const t = useT();
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  return (
    <section className="returns-sale" aria-label={t('returns.saleLabel', { number: invoice.number })}>
      <div className="returns-sale__head">
        <h2 className="returns-sale__number">
          <a className="list__link" href={`#/invoices/${invoice.id}`}>
            {invoice.number}
          </a>
        </h2>
        <InvoiceStatusBadge status={invoice.status} />
        {action}
      </div>
      <dl className="returns-sale__facts">
        <div>
          <dt>{t('common.date')}</dt>
          <dd>{fmt.dateTime(invoice.issuedAt)}</dd>
        </div>
        <div>
          <dt>{t('returns.customer')}</dt>
          <dd>{invoice.customer?.name ?? t('returns.walkIn')}</dd>
        </div>
        <div>
          <dt>{t('common.total')}</dt>
          <dd data-testid="sale-total">{money(invoice.total)}</dd>
        </div>
        <div>
          <dt>{t('returns.credited')}</dt>
          <dd data-testid="sale-credited">{money(invoice.credited)}</dd>
        </div>
        {invoice.balance > 0 ? (
          <div>
            <dt>{t('returns.stillOwed')}</dt>
            <dd>{money(invoice.balance)}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
