import { useEffect, useId, useRef, useState } from 'react';
import type { TenderInput } from '../../../../shared/contract/checkout';
import { Banner, Button, Checkbox, PageHeader } from '../../ui';
import { formatMoney, parseMoney } from '../../ui/money';
import { focusScan } from '../counter/ScanSearch';
import { useCounter, useCounterCurrency } from '../counter/store';
import { discountLabel } from '../counter/Adjust';
import { useCartFigures, useCartPricing } from '../counter/pricing';
import { useScanGuard } from '../counter/useScanGuard';
import { useCheckout } from './checkout';
import { methods } from './methods';
import { amountTextFor, clears, dueFor, taken } from './rounding';
import { voucherDraftOk, type TenderDraft } from './TenderFields';
import { AmountDue, TenderEntry, useTenderDraft } from './TenderEntry';
import { ScanNotice, useScanned } from './ScanNotice';
import { focusVoucherCode } from './VoucherCodeField';
import { useSaleApproval } from './SaleApproval';
import { useT } from '../../i18n';
import './payment.css';

/**
 * The payment step of the cart: nothing is in the store yet. Tenders are collected here
 * (split: cash with change, card, other with a reference) and the sale is made with one
 * orders.checkout on Pay. Escape, Back or "Edit sale" return to the cart with every line.
 */
export function CheckoutStep() {
  const t = useT();
  const held = useCounter((s) => s.held);
  const backToCart = useCounter((s) => s.backToCart);
  const addProduct = useCounter((s) => s.addProduct);
  const currency = useCounterCurrency();
  const tenders = useCheckout((s) => s.tenders);
  const busy = useCheckout((s) => s.busy);
  const checkoutErrors = useCheckout((s) => s.errors);
  const { add, removeAt, commit } = useCheckout.getState();
  const money = (minor: number) => formatMoney(minor, currency);
  const titleId = useId();
  const payId = `${titleId}-pay`;

  const total = useCartFigures().totals?.total ?? 0;
  const approval = useSaleApproval(busy, checkoutErrors.approval, checkoutErrors.approval ? checkoutErrors.general : null);
  const collected = tenders.reduce((sum, t) => sum + t.amount, 0);
  const remaining = Math.max(0, total - collected);

  const { draft, setDraft, restart, increment, settings } = useTenderDraft(remaining, currency);
  const [restLater, setRestLater] = useState(false);
  const { scanned, onScan, clear: clearScanned } = useScanned();
  const [focusTick, setFocusTick] = useState(0);
  const methodRef = useRef<HTMLDivElement>(null);
  const shortcutUndo = useRef<TenderDraft[]>([]);
  const draftRef = useRef(draft);
  draftRef.current = draft;

  const focusMethod = () => requestAnimationFrame(() => methodRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus());
  useEffect(() => {
    focusMethod();
  }, [focusTick]);

  const leave = () => {
    backToCart();
    focusScan();
  };

  // Escape and the browser's Back return to the cart; Back never leaves the app from here.
  useEffect(() => {
    window.history.pushState({ counterPayment: true }, '');
    const onPop = () => leave();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      window.history.back();
    };
    window.addEventListener('popstate', onPop);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('popstate', onPop);
      window.removeEventListener('keydown', onKey);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const goBack = () => {
    // Through history, so the entry pushed on the way in is used up.
    if ((window.history.state as { counterPayment?: boolean } | null)?.counterPayment) window.history.back();
    else leave();
  };

  useScanGuard(!busy, {
    // With Voucher chosen, a scan is the voucher's code; otherwise it is told (a product is offered back to the cart).
    onScan: (code) => {
      if (draftRef.current.method === 'voucher') setDraft((d) => ({ ...d, code, voucherBalance: undefined, codeScanned: true }));
      else onScan(code);
    },
    onShortcut: (key) => {
      const m = methods.find((x) => x.key === key);
      if (!m) return;
      shortcutUndo.current.push(draftRef.current);
      setDraft((d) => ({ ...d, method: m.value, tenderedText: '', reference: '', code: '', voucherBalance: undefined, codeScanned: false, amountText: amountTextFor(d.amountText, d.method, m.value, remaining, increment, currency) }));
      if (m.value === 'voucher') focusVoucherCode();
    },
    // The first key of a burst taken for a method key: the tender as it was.
    onShortcutTakenBack: (key) => {
      if (!methods.some((x) => x.key === key)) return;
      const before = shortcutUndo.current.pop();
      if (before) setDraft(before);
    },
  });

  const amount = parseMoney(draft.amountText, currency);
  const settles = amount !== null && clears(draft.method, remaining, amount, increment);
  const draftValid = amount !== null && amount > 0 && (amount <= remaining || settles) && voucherDraftOk(draft, amount);
  const covers = remaining === 0 || (draftValid && settles);
  const charged = collected + (remaining > 0 && draftValid ? taken(draft.method, remaining, amount, increment) : 0);
  // What this method asks for what is left: cash rounded to the store's increment.
  const due = dueFor(draft.method, remaining, increment);
  const payNow = covers || restLater;

  const submit = (tender: TenderInput | null) => {
    clearScanned();
    // With the manager's approval when the sale needs one (incomplete: its fields say so, nothing is sent).
    const pay = (all: TenderInput[]) => {
      const given = approval.take();
      if (given !== null) void commit(all, given);
    };
    if (remaining === 0) return pay(tenders);
    if (!tender) return;
    if (clears(tender.method, remaining, tender.amount, increment) || restLater) return pay([...tenders, tender]);
    add(tender);
    // After a voucher (spent), the rest is paid another way: cash first.
    restart(draft.method === 'voucher' ? 'cash' : draft.method, remaining - tender.amount);
    setFocusTick((n) => n + 1);
  };

  return (
    <>
      <PageHeader title={t('payment.title')} />
      <section className="pay checkout" aria-labelledby={titleId}>
        <div className="pay__main">
          <AmountDue titleId={titleId} collected={collected} due={due} currency={currency}>
            {t('payment.checkoutMeta', { held: held ? 'yes' : 'no', orderNumber: held ? String(held.number) : '', total: money(total) })}
            {collected > 0 ? t('payment.collectedMeta', { amount: money(collected) }) : ''}
            {due !== remaining ? <span data-testid="cash-rounding">{t('payment.roundedForCashMeta', { amount: money(remaining), rounded: money(due) })}</span> : null}
          </AmountDue>

          <ScanNotice
            scanned={scanned}
            onDismiss={clearScanned}
            offer={(product) => ({
              text: t('payment.scannedOffer', { name: product.name }),
              action: (
                <Button
                  variant="primary"
                  onClick={() => {
                    clearScanned();
                    goBack();
                    addProduct(product);
                  }}
                >
                  {t('payment.backToCartAdd')}
                </Button>
              ),
            })}
          />

          <TenderEntry
            tenders={tenders}
            errors={checkoutErrors.tenders}
            busy={busy}
            onRemove={removeAt}
            draft={draft}
            onChange={setDraft}
            remaining={remaining}
            currency={currency}
            maxChange={settings?.maxChange ?? null}
            increment={increment}
            methodRef={methodRef}
            payId={payId}
            onSubmit={submit}
            footer={
              <>
                {remaining > 0 && draftValid && !settles && amount < remaining ? (
                  <Checkbox
                    label={t('payment.payRestLater', { amount: money(remaining - amount) })}
                    hint={t('payment.payRestLaterHint')}
                    checked={restLater}
                    onChange={(e) => setRestLater(e.target.checked)}
                  />
                ) : null}
                {approval.element}
                {checkoutErrors.general && !checkoutErrors.approval ? <Banner tone="error">{checkoutErrors.general}</Banner> : null}
                <div className="pay__actions">
                  <Button variant="ghost" onClick={goBack} disabled={busy} aria-keyshortcuts="Escape">
                    {t('payment.editSale')}
                  </Button>
                  {/* What will be charged (or collected); off while the amount is not one, with the reason at the field. */}
                  <Button id={payId} type="submit" variant="primary" size="lg" busy={busy} disabled={remaining > 0 && !draftValid} className="pay__submit">
                    {remaining > 0 && !draftValid ? t('payment.pay') : payNow ? t('payment.payAmount', { amount: money(charged) }) : t('payment.addTender', { amount: money(amount ?? 0), left: money(remaining - (amount ?? 0)) })}
                  </Button>
                </div>
              </>
            }
          />
        </div>
        <CartSummary />
      </section>
    </>
  );
}

/** The cart beside the payment: what is being paid for. */
function CartSummary() {
  const t = useT();
  const lines = useCounter((s) => s.lines);
  const orderDiscount = useCounter((s) => s.orderDiscount);
  const customer = useCounter((s) => s.customer);
  const currency = useCounterCurrency();
  const { lines: amounts, totals } = useCartFigures();
  // Named as the cart names them: a tax-inclusive store's tax is inside the total, not added to it.
  const gross = useCartPricing().rules.pricesIncludeTax;
  const money = (minor: number | undefined) => (minor === undefined ? '' : formatMoney(minor, currency));
  return (
    <aside className="pay__side" aria-label={t('payment.sale')}>
      <div className="pay__side-head">
        <h2 className="pay__side-title">{t('payment.sale')}</h2>
        {customer.name.trim() ? <p className="pay__side-customer">{customer.name.trim()}</p> : null}
      </div>
      <ul className="pay__lines" aria-label={t('payment.items')}>
        {lines.map((l, i) => (
          <li key={l.productId} className="pay__line">
            <span className="pay__line-name">{t('payment.lineItem', { quantity: l.quantityText, name: l.name })}</span>
            <span className="pay__line-total">{money(amounts[i] ? amounts[i].amount - amounts[i].lineDiscount : undefined)}</span>
            {l.price && !l.openPrice ? (
              // A typed price, so the approving manager sees what it replaced.
              <span className="pay__line-discount" data-testid="pay-line-override">
                {l.price.reason
                  ? t('payment.priceOverrideReason', { price: formatMoney(l.price.unitPrice, currency), was: formatMoney(l.unitPrice, currency), reason: l.price.reason })
                  : t('payment.priceOverride', { price: formatMoney(l.price.unitPrice, currency), was: formatMoney(l.unitPrice, currency) })}
              </span>
            ) : null}
            {l.discount ? (
              <span className="pay__line-discount">{t('payment.lineDiscount', { discount: discountLabel(l.discount, currency, t), reason: l.discount.reason })}</span>
            ) : null}
          </li>
        ))}
      </ul>
      <dl className="pay__totals">
        {orderDiscount ? (
          <div>
            <dt>{t('payment.orderDiscountWith', { discount: discountLabel(orderDiscount, currency, t), reason: orderDiscount.reason })}</dt>
            <dd>{t('payment.minusAmount', { amount: money(totals?.orderDiscount) })}</dd>
          </div>
        ) : null}
        {totals && totals.discount > totals.orderDiscount ? (
          <div>
            <dt>{t('payment.discounts')}</dt>
            <dd data-testid="pay-discounts">{t('payment.minusAmount', { amount: money(totals.discount) })}</dd>
          </div>
        ) : null}
        <div>
          <dt>{gross ? t('payment.net') : t('common.subtotal')}</dt>
          <dd>{money(totals?.subtotal)}</dd>
        </div>
        <div>
          <dt>{gross ? t('payment.taxIncluded') : t('common.tax')}</dt>
          <dd>{money(totals?.tax)}</dd>
        </div>
        <div className="pay__totals-total">
          <dt>{t('common.total')}</dt>
          <dd>{money(totals?.total)}</dd>
        </div>
      </dl>
    </aside>
  );
}
