import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { PaymentMethod } from '../../../../shared/contract';
import type { TenderInput } from '../../../../shared/contract/checkout';
import { MAX_AMOUNT } from '../../../../shared/domain/money';
import { useStoreFormat, useStoreSettings } from '../../data';
import { useT } from '../../i18n';
import { Banner, Button, Dialog, DialogActions, PageHeader } from '../../ui';
import { formatMoney, parseMoney, toMoneyInput } from '../../ui/money';
import { AmountDue, DonePanel, methods, MoneyField, TenderEntry, useTenderDraft } from '../payment';
import { amountTextFor, clears, dueFor, taken } from '../payment/rounding';
import { useGiftVoucher } from './giftVoucher';
import { focusScan } from './ScanSearch';
import { useCounterCurrency } from './store';
import { useScanGuard } from './useScanGuard';

/** A gift voucher is paid with money, never with another voucher. */
const offered: readonly PaymentMethod[] = ['cash', 'card', 'other'];

/** F8 on the counter (outside a dialog): sell a gift voucher. */
export function useGiftVoucherKey(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F8' || e.ctrlKey || e.altKey || e.metaKey || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      useGiftVoucher.getState().start();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

/** The counter's Gift voucher action (F8). */
export function GiftVoucherButton() {
  const start = useGiftVoucher((s) => s.start);
  const t = useT();
  return (
    <Button className="counter__gift" onClick={start} aria-keyshortcuts="F8">
      {t('counter.giftVoucher')}
      <kbd className="counter__key" aria-hidden="true">
        {t('counter.giftVoucherKey')}
      </kbd>
    </Button>
  );
}

/** How much the gift voucher is worth, typed in the store's format; Enter goes on to the payment. */
export function GiftVoucherAmount() {
  const stage = useGiftVoucher((s) => s.stage);
  const { toPayment, close } = useGiftVoucher.getState();
  const currency = useCounterCurrency();
  const validity = useStoreSettings().data?.voucherValidityDays;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const t = useT();
  if (stage !== 'amount') return null;
  const cancel = () => {
    close();
    focusScan();
  };
  const submit = () => {
    const amount = parseMoney(text, currency);
    if (amount === null || amount <= 0) return setError(t('counter.voucherValueInvalid', { example: toMoneyInput(2500, currency) }));
    if (amount > MAX_AMOUNT) return setError(t('counter.voucherAtMost', { amount: formatMoney(MAX_AMOUNT, currency) }));
    setText('');
    setError(null);
    toPayment(amount);
  };
  return (
    <Dialog
      open
      title={t('counter.sellGiftVoucher')}
      description={validity ? t('counter.voucherNoTaxValid', { days: validity }) : t('counter.voucherNoTax')}
      onClose={cancel}
      onSubmit={submit}
      footer={<DialogActions onCancel={cancel} cancelLabel={t('common.cancel')} submitLabel={t('counter.continueToPayment')} busy={false} />}
    >
      <MoneyField
        label={t('counter.voucherValue')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        error={error}
      />
    </Dialog>
  );
}

/** The gift voucher's payment (cash with change, card, other, split), then its code. */
export function GiftVoucherSaleStep({ bar }: { bar: ReactNode }) {
  const stage = useGiftVoucher((s) => s.stage);
  const sale = useGiftVoucher((s) => s.sale);
  const fmt = useStoreFormat();
  const t = useT();
  const back = () => {
    useGiftVoucher.getState().close();
    focusScan();
  };
  if (stage === 'done' && sale) {
    const { voucher } = sale;
    return (
      <>
        <PageHeader title={t('counter.giftVoucher')} actions={bar} />
        <DonePanel invoice={sale.invoice} made={sale.payments} change={sale.change} doneLabel={t('counter.backToSale')} onDone={back}>
          <div className="gift-voucher__code" data-testid="gift-voucher">
            <span className="gift-voucher__label">{t('counter.giftVoucherCode')}</span>
            <strong className="voucher__code" data-testid="gift-voucher-code">
              {voucher.code}
            </strong>
            <span>{t('counter.voucherValidUntil', { amount: formatMoney(voucher.amount, voucher.currency), date: fmt.date(voucher.expiresAt) })}</span>
          </div>
        </DonePanel>
      </>
    );
  }
  return <GiftVoucherPayment onBack={back} />;
}

function GiftVoucherPayment({ onBack }: { onBack: () => void }) {
  const amount = useGiftVoucher((s) => s.amount);
  const tenders = useGiftVoucher((s) => s.tenders);
  const busy = useGiftVoucher((s) => s.busy);
  const errors = useGiftVoucher((s) => s.errors);
  const { add, removeAt, commit } = useGiftVoucher.getState();
  const currency = useCounterCurrency();
  const t = useT();
  const money = (minor: number) => formatMoney(minor, currency);
  const titleId = useId();
  const payId = `${titleId}-pay`;
  const methodRef = useRef<HTMLDivElement>(null);
  const collected = tenders.reduce((sum, t) => sum + t.amount, 0);
  const remaining = Math.max(0, amount - collected);
  const { draft, setDraft, restart, increment, settings } = useTenderDraft(remaining, currency);

  useEffect(() => {
    requestAnimationFrame(() => methodRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus());
  }, [tenders.length]);

  // Escape goes back to the sale; keys 1–3 choose the method.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);
  useScanGuard(!busy, {
    onScan: () => undefined,
    onShortcut: (key) => {
      const m = methods.find((x) => x.key === key && offered.includes(x.value));
      if (m) setDraft((d) => ({ ...d, method: m.value, tenderedText: '', reference: '', amountText: amountTextFor(d.amountText, d.method, m.value, remaining, increment, currency) }));
    },
  });

  const typed = parseMoney(draft.amountText, currency);
  const valid = typed !== null && typed > 0 && (typed <= remaining || clears(draft.method, remaining, typed, increment));
  const settles = valid && clears(draft.method, remaining, typed, increment);
  const due = dueFor(draft.method, remaining, increment);

  const submit = (tender: TenderInput | null) => {
    if (remaining === 0) return void commit(tenders);
    if (!tender) return;
    if (clears(tender.method, remaining, tender.amount, increment)) return void commit([...tenders, tender]);
    add(tender);
    restart(draft.method, remaining - tender.amount);
  };

  return (
    <>
      <PageHeader title={t('counter.giftVoucher')} />
      <section className="pay checkout" aria-labelledby={titleId}>
        <div className="pay__main">
          <AmountDue titleId={titleId} collected={collected} due={due} currency={currency}>
            {collected > 0 ? t('counter.voucherDueCollected', { amount: money(amount), collected: money(collected) }) : t('counter.voucherDue', { amount: money(amount) })}
          </AmountDue>
          <TenderEntry
            tenders={tenders}
            errors={errors.tenders}
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
            offered={offered}
            footer={
              <>
                {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
                <div className="pay__actions">
                  <Button variant="ghost" onClick={onBack} disabled={busy} aria-keyshortcuts="Escape">
                    {t('counter.backToSale')}
                  </Button>
                  <Button id={payId} type="submit" variant="primary" size="lg" busy={busy} disabled={remaining > 0 && !valid} className="pay__submit">
                    {remaining === 0 || settles
                      ? t('counter.payAmount', { amount: money(collected + (remaining > 0 && typed !== null ? taken(draft.method, remaining, typed, increment) : 0)) })
                      : valid
                        ? t('counter.addTender', { amount: money(typed), left: money(remaining - typed) })
                        : t('counter.pay')}
                  </Button>
                </div>
              </>
            }
          />
        </div>
        <aside className="pay__side" aria-label={t('counter.sale')}>
          <div className="pay__side-head">
            <h2 className="pay__side-title">{t('counter.sale')}</h2>
          </div>
          <ul className="pay__lines" aria-label={t('counter.items')}>
            <li className="pay__line">
              <span className="pay__line-name">{t('counter.voucherLine')}</span>
              <span className="pay__line-total">{money(amount)}</span>
            </li>
          </ul>
          <p className="pay__due-meta">
            {settings ? t('counter.voucherTaxNoteValid', { days: settings.voucherValidityDays }) : t('counter.voucherTaxNote')}
          </p>
          <dl className="pay__totals">
            <div className="pay__totals-total">
              <dt>{t('common.total')}</dt>
              <dd>{money(amount)}</dd>
            </div>
          </dl>
        </aside>
      </section>
    </>
  );
}
