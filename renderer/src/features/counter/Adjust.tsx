/**
 * The counter's price and discount dialogs: a line's typed price (open price, or an override
 * with its reason), a line's discount and the order discount (percent or amount, with a reason
 * from the store's list or typed). Keys: F4 price, F6 line discount (the highlighted line),
 * F7 order discount.
 */
import { useEffect, useId, useState } from 'react';
import type { Discount } from '../../../../shared/contract';
import { t as translate, useT, type Translate } from '../../i18n';
import { Button, Dialog, TextField } from '../../ui';
import { formatCount, formatMoney, parseMoney, toMoneyInput } from '../../ui/money';
import { MoneyField } from '../payment/MoneyField';
import '../session/approval.css';
import { useCartPricing } from './pricing';
import { focusScan } from './ScanSearch';
import type { CartLine } from './cartLine';
import { useCounter, useCounterCurrency, type Adjusting } from './store';
import { cartApprovalNeeds, cartTotals, linePrice } from './totals';

/** The line the line keys act on: the one last added or changed, else the last. */
export function selectedLine(): CartLine | undefined {
  const { lines, lastTouched } = useCounter.getState();
  return lines.find((l) => l.productId === lastTouched) ?? lines[lines.length - 1];
}

/** F4, F6 and F7 on the counter's cart (outside a dialog). */
export function useAdjustKeys(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || document.querySelector('dialog[open]')) return;
      const { stage, adjust } = useCounter.getState();
      if (stage !== 'cart') return;
      const line = selectedLine();
      let what: Adjusting | null = null;
      if (e.key === 'F4' && line) what = { what: 'price', productId: line.productId };
      else if (e.key === 'F6' && line) what = { what: 'discount', productId: line.productId };
      else if (e.key === 'F7' && useCounter.getState().lines.length > 0) what = { what: 'discount', productId: null };
      if (!what) return;
      e.preventDefault();
      adjust(what);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

/** A percentage as typed ("10", "12,5", "12.5 %"): at most 100, two decimals; null when it is not one. */
export function parsePercent(text: string): number | null {
  const plain = text.trim().replace(/\s*%$/, '').replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(plain)) return null;
  const n = Number(plain);
  return n > 0 && n <= 100 ? n : null;
}

/** "10 %" or "€2.00": a discount as the cashier gave it. */
export function discountLabel(d: Discount, currency: string, t: Translate = translate): string {
  return d.kind === 'percent' ? t('counter.percentValue', { value: formatCount(d.value) }) : formatMoney(d.value, currency);
}

/** The offered reasons, for a text field's list (free text is accepted too). */
function Reasons({ id, reasons }: { id: string; reasons: string[] }) {
  return (
    <datalist id={id}>
      {reasons.map((r) => (
        <option key={r} value={r} />
      ))}
    </datalist>
  );
}

/** The open dialog, if any. */
export function Adjust() {
  const adjusting = useCounter((s) => s.adjusting);
  if (!adjusting) return null;
  return adjusting.what === 'price' ? <PriceDialog productId={adjusting.productId} /> : <DiscountDialog productId={adjusting.productId} />;
}

function close() {
  useCounter.getState().adjust(null);
  focusScan();
}

function PriceDialog({ productId }: { productId: string }) {
  const line = useCounter((s) => s.lines.find((l) => l.productId === productId));
  const setPrice = useCounter((s) => s.setPrice);
  const currency = useCounterCurrency();
  const { rules, reasons, maxPercent } = useCartPricing();
  const lines = useCounter((s) => s.lines);
  const orderDiscount = useCounter((s) => s.orderDiscount);
  const listId = useId();
  const suggestion = line ? (line.price?.unitPrice ?? (line.openPrice && line.unitPrice === 0 ? null : line.unitPrice)) : null;
  const [text, setText] = useState(suggestion === null ? '' : toMoneyInput(suggestion, currency));
  const [reason, setReason] = useState(line?.price?.reason ?? '');
  const [errors, setErrors] = useState<{ price?: string; reason?: string }>({});
  const t = useT();
  if (!line) return null;
  const basis = rules.pricesIncludeTax ? 'gross' : 'net';
  // Told here, as the discount dialog does, when the typed price will need a manager at payment or hold.
  const typed = parseMoney(text, currency);
  const index = lines.findIndex((l) => l.productId === productId);
  const trial = typed === null ? lines : lines.map((l, i) => (i === index ? { ...l, price: { unitPrice: typed, reason } } : l));
  const needsManager = typed !== null && cartApprovalNeeds(trial, orderDiscount, rules, maxPercent).some((n) => n.line === index && (n.cause === 'price-override' || n.cause === 'below-cost'));

  const submit = () => {
    const unitPrice = parseMoney(text, currency);
    const next: typeof errors = {};
    if (unitPrice === null) next.price = t('counter.pricePerUnitInvalid', { example: toMoneyInput(1250, currency) });
    const overrides = !line.openPrice && unitPrice !== null && unitPrice !== line.unitPrice;
    if (overrides && !reason.trim()) next.reason = t('counter.priceReasonNeeded');
    if (next.price || next.reason || unitPrice === null) return setErrors(next);
    // The product's own price typed back: no override.
    setPrice(productId, line.openPrice || overrides ? { unitPrice, reason: reason.trim() } : null);
    close();
  };

  return (
    <Dialog
      open
      title={t(line.openPrice ? 'counter.openPriceTitle' : 'counter.changePriceTitle', { name: line.name })}
      description={line.openPrice ? t('counter.openPriceDescription', { basis }) : t('counter.priceDescription', { price: formatMoney(line.unitPrice, currency), basis })}
      onClose={close}
      onSubmit={submit}
      footer={
        <>
          {line.price && !line.openPrice ? (
            <Button
              variant="ghost"
              onClick={() => {
                setPrice(productId, null);
                close();
              }}
            >
              {t('counter.backToPrice', { price: formatMoney(line.unitPrice, currency) })}
            </Button>
          ) : null}
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary">
            {t('counter.setPrice')}
          </Button>
        </>
      }
    >
      <div className="adjust">
        <MoneyField label={t('counter.pricePerUnitLabel', { basis })} value={text} onChange={(e) => setText(e.target.value)} error={errors.price} onFocus={(e) => e.target.select()} />
        <TextField label={t(line.openPrice ? 'counter.reasonOptional' : 'common.reason')} list={listId} autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
        <Reasons id={listId} reasons={reasons} />
        {needsManager ? (
          <p className="adjust__preview" data-testid="price-preview">
            {t('counter.priceNeedsManager', { max: maxPercent })}
          </p>
        ) : null}
      </div>
    </Dialog>
  );
}

function DiscountDialog({ productId }: { productId: string | null }) {
  const lines = useCounter((s) => s.lines);
  const orderDiscount = useCounter((s) => s.orderDiscount);
  const { setLineDiscount, setOrderDiscount } = useCounter.getState();
  const currency = useCounterCurrency();
  const { rules, reasons, maxPercent } = useCartPricing();
  const line = productId === null ? undefined : lines.find((l) => l.productId === productId);
  const current = productId === null ? orderDiscount : (line?.discount ?? null);
  const id = useId();
  const [kind, setKind] = useState<Discount['kind']>(current?.kind ?? 'percent');
  const [text, setText] = useState(current ? (current.kind === 'percent' ? formatCount(current.value) : toMoneyInput(current.value, currency)) : '');
  const [reason, setReason] = useState(current?.reason ?? '');
  const [errors, setErrors] = useState<{ value?: string; reason?: string }>({});
  const t = useT();
  if (productId !== null && !line) return null;

  const value = kind === 'percent' ? parsePercent(text) : parseMoney(text, currency);
  const given: Discount | null = value !== null && value > 0 ? { kind, value, reason: reason.trim() } : null;
  // The cart as it would be with this discount: what it takes off, and whether a manager must approve.
  const trial = lines.map((l) => (l.productId === productId ? { ...l, discount: given } : l));
  const trialOrder = productId === null ? given : orderDiscount;
  const figures = cartTotals(trial, trialOrder, rules);
  const index = productId === null ? -1 : lines.findIndex((l) => l.productId === productId);
  const off = productId === null ? figures.totals?.orderDiscount : figures.lines[index]?.lineDiscount;
  const tooLarge = figures.discountTooLarge === (productId ?? 'order');
  const needs = given ? cartApprovalNeeds(trial, trialOrder, rules, maxPercent).filter((n) => (productId === null ? n.cause === 'order-discount' || n.cause === 'total-discount' : n.line === index)) : [];

  const submit = () => {
    const next: typeof errors = {};
    if (value === null || value <= 0) next.value = kind === 'percent' ? t('counter.percentInvalid') : t('counter.amountInvalid', { example: toMoneyInput(200, currency) });
    else if (tooLarge) next.value = t(productId === null ? 'counter.moreThanSale' : 'counter.moreThanLine');
    if (!reason.trim()) next.reason = t('counter.discountReasonNeeded');
    if (next.value || next.reason || !given) return setErrors(next);
    if (productId === null) setOrderDiscount(given);
    else setLineDiscount(productId, given);
    close();
  };
  const remove = () => {
    if (productId === null) setOrderDiscount(null);
    else setLineDiscount(productId, null);
    close();
  };

  return (
    <Dialog
      open
      title={productId === null ? t('counter.orderDiscount') : t('counter.lineDiscountTitle', { name: line?.name ?? '' })}
      description={
        productId === null
          ? t('counter.orderDiscountDescription')
          : linePrice(line as CartLine) === null
            ? undefined
            : t('counter.quantityTimes', { quantity: line?.quantityText ?? '', item: formatMoney(linePrice(line as CartLine) ?? 0, currency) })
      }
      onClose={close}
      onSubmit={submit}
      footer={
        <>
          {current ? (
            <Button variant="ghost" onClick={remove}>
              {t('counter.removeDiscount')}
            </Button>
          ) : null}
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary">
            {t('counter.applyDiscount')}
          </Button>
        </>
      }
    >
      <div className="adjust">
        <div className="adjust__value">
          <TextField
            label={kind === 'percent' ? t('counter.discountPercentLabel') : t('counter.discountAmountLabel', { currency })}
            inputMode="decimal"
            autoComplete="off"
            value={text}
            // F6 on a discounted line: what is typed replaces the discount, as the price field does.
            onFocus={(e) => e.target.select()}
            onChange={(e) => {
              // Typing "%" picks a percentage.
              if (e.target.value.trim().endsWith('%')) setKind('percent');
              setText(e.target.value);
              setErrors((x) => ({ ...x, value: undefined }));
            }}
            error={errors.value}
          />
          <div className="approval__kinds" role="radiogroup" aria-label={t('counter.discountAs')}>
            {(['percent', 'amount'] as const).map((k) => (
              <label key={k} className={`approval__kind${kind === k ? ' is-checked' : ''}`}>
                <input type="radio" name={`${id}-kind`} checked={kind === k} onChange={() => setKind(k)} />
                {t(k === 'percent' ? 'counter.percent' : 'common.amount')}
              </label>
            ))}
          </div>
        </div>
        <TextField label={t('common.reason')} list={`${id}-reasons`} autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
        <Reasons id={`${id}-reasons`} reasons={reasons} />
        {given && !tooLarge && off !== undefined ? (
          <p className="adjust__preview" data-testid="discount-preview">
            {needs.length > 0 ? t('counter.takesOffNeedsManager', { amount: formatMoney(off, currency), max: maxPercent }) : t('counter.takesOff', { amount: formatMoney(off, currency) })}
          </p>
        ) : null}
      </div>
    </Dialog>
  );
}
