import { memo, useEffect, useId, useRef, useState } from 'react';
import type { PricedLine } from '../../../../shared/domain/pricing';
import { useStoreSettings } from '../../data';
import { useT } from '../../i18n';
import { Banner, Button, Dialog, TextField } from '../../ui';
import { formatMoney } from '../../ui/money';
import { Adjust, discountLabel } from './Adjust';
import { useCartFigures, useCartPricing } from './pricing';
import { QuantityConfirm } from './QuantityConfirm';
import { focusScan } from './ScanSearch';
import type { CartLine } from './cartLine';
import { parseQuantity, quantityProblem, useCounter, useCounterCurrency } from './store';

function rate(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  return `${whole}${frac ? `.${String(frac).padStart(2, '0').replace(/0$/, '')}` : ''}%`;
}

/** One line; memoised on its props (the line object is replaced only when it changes), so a scan re-renders the new line and the one that was highlighted, not all of them. */
const LineRow = memo(function LineRow({ line, priced, includeTax, error: sentError, highlighted, disabled, currency, limit }: { line: CartLine; priced: PricedLine | null; includeTax: boolean; error: string | undefined; highlighted: boolean; disabled: boolean; currency: string; limit: number }) {
  const adjust = useCounter((s) => s.adjust);
  const setLineDiscount = useCounter((s) => s.setLineDiscount);
  const setQuantityText = useCounter((s) => s.setQuantityText);
  const step = useCounter((s) => s.step);
  const remove = useCounter((s) => s.remove);
  const askQuantity = useCounter((s) => s.askQuantity);
  const commitQuantity = useCounter((s) => s.commitQuantity);
  // A typed quantity is settled when the cashier leaves the field or presses Enter (a large one once confirmed): a decrease is a recorded void.
  const settle = () => {
    if (askQuantity(limit, line.productId)) return false;
    commitQuantity(line.productId);
    return true;
  };
  const ref = useRef<HTMLLIElement>(null);
  const id = useId();
  const t = useT();
  const quantity = parseQuantity(line.quantityText);
  const needsPrice = line.openPrice === true && !line.price;
  // Told at the field as it is typed, not at Charge.
  const error = sentError ?? quantityProblem(line.quantityText, t) ?? undefined;

  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [highlighted, line.quantityText]);

  return (
    // Focus or a click in a line selects it for the line keys (F4 price, F6 discount).
    <li
      ref={ref}
      className={`cart-line${highlighted ? ' is-highlighted' : ''}${error ? ' is-invalid' : ''}`}
      aria-label={line.name}
      data-testid="cart-line"
      onFocus={() => !highlighted && useCounter.setState({ lastTouched: line.productId })}
      onClick={() => !highlighted && useCounter.setState({ lastTouched: line.productId })}
    >
      <div className="cart-line__top">
        <span className="cart-line__name">{line.name}</span>
        <span className="cart-line__total" data-testid="line-total">
          {/* In the store's basis, after the line's own discount (the order discount is its own row). */}
          {priced ? formatMoney(priced.amount - priced.lineDiscount, currency) : t('common.none_dash')}
        </span>
      </div>
      <div className="cart-line__bottom">
        <span className="cart-line__unit" title={line.sku}>
          {needsPrice ? (
            <span className="cart-line__price-needed">{t('counter.priceToType')}</span>
          ) : line.price && !line.openPrice ? (
            <span data-testid="line-override">
              <s className="cart-line__list">{formatMoney(line.unitPrice, currency)}</s> {t(line.price.reason ? 'counter.unitPriceEachReason' : 'counter.unitPriceEach', { price: formatMoney(line.price.unitPrice, currency), reason: line.price.reason })}
            </span>
          ) : (
            <span>{t('counter.unitPriceEach', { price: formatMoney(line.price?.unitPrice ?? line.unitPrice, currency) })}</span>
          )}
          <span>{line.taxRateBp > 0 ? t(includeTax ? 'counter.taxIncludedRate' : 'counter.taxAddedRate', { rate: rate(line.taxRateBp) }) : t('counter.noTax')}</span>
        </span>
        <div className="cart-line__qty">
          <button
            type="button"
            className="cart-line__step"
            aria-label={t('counter.decreaseQuantityOf', { name: line.name })}
            disabled={disabled || quantity === 1}
            onClick={() => {
              step(line.productId, -1);
              focusScan();
            }}
          >
            <span aria-hidden="true">{t('counter.stepDownIcon')}</span>
          </button>
          <input
            id={`${id}-qty`}
            className="input cart-line__qty-input"
            inputMode="numeric"
            autoComplete="off"
            aria-label={t('counter.quantityOf', { name: line.name })}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            disabled={disabled}
            value={line.quantityText}
            onChange={(e) => setQuantityText(line.productId, e.target.value)}
            onFocus={(e) => e.target.select()}
            onBlur={settle}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
                e.preventDefault();
                if (settle()) focusScan();
              }
            }}
          />
          <button
            type="button"
            className="cart-line__step"
            aria-label={t('counter.increaseQuantityOf', { name: line.name })}
            disabled={disabled}
            onClick={() => {
              step(line.productId, 1);
              focusScan();
            }}
          >
            <span aria-hidden="true">{t('counter.stepUpIcon')}</span>
          </button>
          <button
            type="button"
            className="cart-line__remove"
            aria-label={t('counter.removeLine', { name: line.name })}
            disabled={disabled}
            onClick={() => {
              remove(line.productId);
              focusScan();
            }}
          >
            <span aria-hidden="true">{t('counter.removeIcon')}</span>
          </button>
        </div>
      </div>
      {line.discount ? (
        <div className="cart-line__discount" data-testid="line-discount">
          <span>{t('counter.discountOff', { discount: discountLabel(line.discount, currency, t), reason: line.discount.reason })}</span>
          <span className="cart-line__discount-end">
            {priced ? <span>{t('counter.minusAmount', { amount: formatMoney(priced.lineDiscount, currency) })}</span> : null}
            <button type="button" className="cart-line__remove" aria-label={t('counter.removeLineDiscount', { name: line.name })} disabled={disabled} onClick={() => setLineDiscount(line.productId, null)}>
              <span aria-hidden="true">{t('counter.removeIcon')}</span>
            </button>
          </span>
        </div>
      ) : null}
      {highlighted || needsPrice ? (
        <div className="cart-line__adjust">
          <button type="button" className="cart-line__adjust-btn" disabled={disabled} onClick={() => adjust({ what: 'price', productId: line.productId })} aria-keyshortcuts="F4">
            {t(needsPrice ? 'counter.typePrice' : 'common.price')} <kbd className="counter__key" aria-hidden="true">{t('counter.priceKey')}</kbd>
          </button>
          <button type="button" className="cart-line__adjust-btn" disabled={disabled} onClick={() => adjust({ what: 'discount', productId: line.productId })} aria-keyshortcuts="F6">
            {t('common.discount')} <kbd className="counter__key" aria-hidden="true">{t('counter.discountKey')}</kbd>
          </button>
        </div>
      ) : null}
      {error ? (
        <p className="field__error cart-line__error" id={`${id}-error`}>
          <span aria-hidden="true" className="field__error-icon" />
          {error}
        </p>
      ) : null}
    </li>
  );
});

function CustomerSection({ disabled }: { disabled: boolean }) {
  const customer = useCounter((s) => s.customer);
  const note = useCounter((s) => s.note);
  const open = useCounter((s) => s.customerOpen);
  const errors = useCounter((s) => s.errors);
  const setCustomer = useCounter((s) => s.setCustomer);
  const setNote = useCounter((s) => s.setNote);
  const setOpen = useCounter((s) => s.setCustomerOpen);
  const id = useId();
  const t = useT();
  const name = customer.name.trim();
  const hasNote = note.trim() !== '';
  const summary = name && hasNote ? t('counter.customerSummaryNameNote', { name }) : hasNote ? t('counter.customerSummaryNote') : name;
  const hasError = Object.keys(errors.customer).length > 0 || errors.note !== null;

  return (
    <div className={`cart__customer${open ? ' is-open' : ''}`}>
      <button type="button" className="cart__customer-toggle" aria-expanded={open} aria-controls={`${id}-body`} onClick={() => setOpen(!open)}>
        <span className="cart__customer-chevron" aria-hidden="true" />
        <span className="cart__customer-title">{t('counter.customerAndNote')}</span>
        <span className={`cart__customer-summary${hasError ? ' is-invalid' : ''}`}>{hasError ? t('counter.checkTheseFields') : summary || t('common.optional')}</span>
      </button>
      {open ? (
        <div className="cart__customer-body" id={`${id}-body`}>
          <TextField label={t('counter.customerName')} autoComplete="off" disabled={disabled} value={customer.name} onChange={(e) => setCustomer({ name: e.target.value })} error={errors.customer.name} />
          <div className="cart__customer-pair">
            <TextField label={t('counter.email')} type="email" autoComplete="off" disabled={disabled} value={customer.email} onChange={(e) => setCustomer({ email: e.target.value })} error={errors.customer.email} />
            <TextField label={t('counter.phone')} type="tel" autoComplete="off" disabled={disabled} value={customer.phone} onChange={(e) => setCustomer({ phone: e.target.value })} error={errors.customer.phone} />
          </div>
          <TextField label={t('common.note')} autoComplete="off" disabled={disabled} value={note} onChange={(e) => setNote(e.target.value)} error={errors.note} />
        </div>
      ) : null}
    </div>
  );
}

/** The cart: lines with quantities, the totals (a preview; the server's are authoritative), customer and note, Charge and Hold. */
export function Cart({ onCharge, onHold }: { onCharge: () => void; onHold: () => void }) {
  const lines = useCounter((s) => s.lines);
  const errors = useCounter((s) => s.errors);
  const busy = useCounter((s) => s.busy);
  const lastTouched = useCounter((s) => s.lastTouched);
  const currency = useCounterCurrency();
  // Read here, once, not in every line: a line mounting its own settings reader would re-read the settings at every scan.
  const limit = useStoreSettings().data?.quantityConfirmAbove ?? 999;
  const clear = useCounter((s) => s.clear);
  const focusRefusal = useCounter((s) => s.focusRefusal);
  const [confirmClear, setConfirmClear] = useState(false);
  const t = useT();
  const headingId = useId();
  const sectionRef = useRef<HTMLElement>(null);

  // A refused Charge, Hold or Pay: the focus goes to the first field it names (rendered by now), else back to the scan input.
  useEffect(() => {
    if (!focusRefusal) return;
    useCounter.setState({ focusRefusal: false });
    // After this frame, like the scan input's own focus on mount (coming back from payment), so this one wins.
    requestAnimationFrame(() => {
      const invalid = sectionRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      if (invalid) invalid.focus();
      else focusScan();
    });
  }, [focusRefusal]);

  const held = useCounter((s) => s.held);
  const notice = useCounter((s) => s.notice);
  const orderDiscount = useCounter((s) => s.orderDiscount);
  const adjust = useCounter((s) => s.adjust);
  const setOrderDiscount = useCounter((s) => s.setOrderDiscount);
  const { rules } = useCartPricing();
  const { lines: amounts, totals, discountTooLarge } = useCartFigures();
  const invalidLines = lines.filter((l) => parseQuantity(l.quantityText) === null || (l.openPrice && !l.price)).length;
  const items = lines.reduce((n, l) => n + (parseQuantity(l.quantityText) ?? 0), 0);
  const money = (minor: number | undefined) => (minor === undefined ? t('common.none_dash') : formatMoney(minor, currency));
  const itemCount = t('counter.itemCount', { count: items });
  const disabled = busy !== null;

  return (
    <section ref={sectionRef} className="cart" aria-labelledby={headingId}>
      <header className="cart__head">
        <h2 className="cart__title" id={headingId}>
          {t('counter.currentSale')}
        </h2>
        {held ? <span className="cart__held">{t('counter.orderNumber', { number: held.number })}</span> : null}
        <span className="cart__count" data-testid="cart-count">
          {lines.length === 0 ? t('counter.cartEmptyCount') : itemCount}
        </span>
        {lines.length > 0 ? (
          <Button variant="ghost" className="cart__clear" onClick={() => setConfirmClear(true)} disabled={disabled}>
            {t('common.clear')}
          </Button>
        ) : null}
      </header>

      {notice ? (
        <p className="cart__notice" role="status">
          {notice}
        </p>
      ) : null}
      <div className="cart__body">
        {lines.length === 0 ? (
          <div className="cart__empty">
            <span className="cart__empty-icon" aria-hidden="true" />
            <p>{t('counter.cartEmptyHint')}</p>
          </div>
        ) : (
          <ul className="cart__lines" aria-label={t('counter.cartLines')}>
            {lines.map((l, i) => (
              <LineRow key={l.productId} line={l} priced={amounts[i] ?? null} includeTax={rules.pricesIncludeTax} error={errors.lines[l.productId]} highlighted={l.productId === lastTouched} disabled={disabled} currency={currency} limit={limit} />
            ))}
          </ul>
        )}
        <CustomerSection disabled={disabled} />
      </div>

      <div className="cart__foot">
        {lines.length > 0 && !orderDiscount ? (
          <button type="button" className="cart-line__adjust-btn cart__discount" onClick={() => adjust({ what: 'discount', productId: null })} disabled={disabled} aria-keyshortcuts="F7">
            {t('counter.orderDiscount')} <kbd className="counter__key" aria-hidden="true">{t('counter.orderDiscountKey')}</kbd>
          </button>
        ) : null}
        <dl className="cart__totals">
          {orderDiscount ? (
            <div className="cart__order-discount" data-testid="order-discount">
              <dt>
                <button type="button" className="cart__order-discount-edit" onClick={() => adjust({ what: 'discount', productId: null })} disabled={disabled}>
                  {t('counter.orderDiscountRow', { discount: discountLabel(orderDiscount, currency, t), reason: orderDiscount.reason })}
                </button>
              </dt>
              <dd>
                {totals ? t('counter.minusAmount', { amount: money(totals.orderDiscount) }) : t('common.none_dash')}
                <button type="button" className="cart-line__remove" aria-label={t('counter.removeOrderDiscount')} disabled={disabled} onClick={() => setOrderDiscount(null)}>
                  <span aria-hidden="true">{t('counter.removeIcon')}</span>
                </button>
              </dd>
            </div>
          ) : null}
          {totals && totals.discount > totals.orderDiscount ? (
            <div className="cart__discounts">
              <dt>{t('counter.discounts')}</dt>
              <dd data-testid="cart-discounts">{t('counter.minusAmount', { amount: money(totals.discount) })}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t(rules.pricesIncludeTax ? 'counter.net' : 'common.subtotal')}</dt>
            <dd data-testid="cart-subtotal">{money(totals?.subtotal)}</dd>
          </div>
          <div>
            <dt>{t(rules.pricesIncludeTax ? 'counter.taxIncluded' : 'common.tax')}</dt>
            <dd data-testid="cart-tax">{money(totals?.tax)}</dd>
          </div>
          <div className="cart__total">
            <dt>{t('common.total')}</dt>
            <dd data-testid="cart-total">{money(totals?.total)}</dd>
          </div>
        </dl>
        {totals === null && lines.length > 0 ? (
          <p className="cart__totals-note" data-testid="totals-note">
            {invalidLines > 0
              ? t('counter.noTotalInvalidLines', { count: invalidLines })
              : discountTooLarge
                ? t(discountTooLarge === 'order' ? 'counter.orderDiscountTooLarge' : 'counter.lineDiscountTooLarge')
                : t('counter.saleTooLarge')}
          </p>
        ) : null}
        {errors.general ? (
          <div className="cart__error">
            <Banner tone="error">{errors.general}</Banner>
          </div>
        ) : null}
        <div className="cart__actions">
          <Button size="lg" className="cart__hold" onClick={onHold} busy={busy === 'hold'} disabled={disabled || lines.length === 0}>
            {t('counter.hold')}
          </Button>
          <button type="button" className="btn btn--primary btn--lg cart__charge" onClick={onCharge} disabled={disabled || lines.length === 0} aria-keyshortcuts="F9 Control+Enter">
            <span className="btn__label">{t('counter.charge')}</span>
            <kbd className="counter__key counter__key--inverse" aria-hidden="true">
              {t('counter.chargeKey')}
            </kbd>
          </button>
        </div>
      </div>

      <QuantityConfirm />
      <Adjust />
      <Dialog
        open={confirmClear}
        title={t('counter.clearCartTitle')}
        description={t('counter.clearCartDescription')}
        onClose={() => {
          setConfirmClear(false);
          focusScan();
        }}
        footer={
          <>
            <Button
              onClick={() => {
                setConfirmClear(false);
                focusScan();
              }}
            >
              {t('counter.keepCart')}
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                clear();
                setConfirmClear(false);
                focusScan();
              }}
            >
              {t('counter.clearCart')}
            </Button>
          </>
        }
      >
        <p>{totals ? t('counter.clearCartSummaryTotal', { items: itemCount, total: money(totals.total) }) : t('counter.clearCartSummary', { items: itemCount })}</p>
      </Dialog>
    </section>
  );
}
