import { useEffect, useId, useRef, useState } from 'react';
import type { Invoice, Payment, PaymentMethod } from '../../../../shared/contract';
import { api, ApiError, formErrors } from '../../api';
import { Banner, Button, TextField } from '../../ui';
import { tenderChange } from '../../../../shared/domain/currency';
import { MoneyField } from './MoneyField';
import { formatMoney, fractionDigits, parseMoney, toMoneyInput } from '../../ui/money';
import { DonePanel } from './DonePanel';
import { InvoiceSummary } from './InvoiceSummary';
import { useScanGuard } from '../counter/useScanGuard';
import { methodLabel, methods } from './methods';
import { ScanNotice, useScanned } from './ScanNotice';
import { quickAmounts } from './cash';
import { usePayment, type PayRequest } from './store';
import { amountTextFor, clears, dueFor, taken } from './rounding';
import { useStoreFormat, useStoreSettings } from '../../data';
import { voucherAmountProblem, voucherDefaultAmount, voucherUnusable } from './voucher';
import { focusVoucherCode, useVoucherLookup, VoucherCodeField } from './VoucherCodeField';
import { useT, type Translate } from '../../i18n';
import './payment.css';

export interface PaymentPanelProps {
  invoiceId: string;
  /** Called from the done panel (its button, or Enter). */
  onDone: (invoice: Invoice) => void;
  /** The done button's label. */
  doneLabel?: string;
  /** "Pay later": leaves with the balance still open. The button is hidden without it. */
  onLeave?: (invoice: Invoice | null) => void;
}

type Field = 'amount' | 'tendered' | 'reference' | 'code';
type Errors = Partial<Record<Field, string>> & { general?: string };
const fieldLabels = (t: Translate): Record<Field, string> => ({ amount: t('payment.amountToPay'), tendered: t('payment.cashTendered'), reference: t('payment.reference'), code: t('payment.voucherCode') });

/**
 * Takes payment for one invoice: the amount due, the method (keys 1/2/3), cash with
 * quick amounts and change, split payments with the balance left, and the done panel.
 * Used by the counter (after Charge) and openable for any pending invoice.
 */
/** One empty list for every read: a new [] per read would make the store's selector loop. */
const NONE_MADE: never[] = [];

export function PaymentPanel({ invoiceId, onDone, doneLabel, onLeave }: PaymentPanelProps) {
  const t = useT();
  const invoice = usePayment((s) => (s.invoice?.id === invoiceId ? s.invoice : null));
  const status = usePayment((s) => s.status);
  const loadError = usePayment((s) => s.loadError);
  const made = usePayment((s) => (s.invoice?.id === invoiceId ? s.made : NONE_MADE));
  const load = usePayment((s) => s.load);

  useEffect(() => {
    if (usePayment.getState().invoice?.id !== invoiceId) void load(invoiceId);
  }, [invoiceId, load]);

  // Paid or cancelled elsewhere (another till, the queue): show it.
  useEffect(
    () =>
      api.onPush((e) => {
        if (e.event === 'invoice.changed' && e.data.id === invoiceId && !usePayment.getState().busy) void load(invoiceId);
      }),
    [invoiceId, load],
  );

  if (!invoice) {
    return (
      <section className="pay pay--message" aria-label={t('payment.title')} aria-busy={status === 'loading' || undefined}>
        {status === 'error' ? (
          <>
            <Banner tone="error" title={t('payment.invoiceLoadFailed')}>
              {loadError}
            </Banner>
            <div className="pay__row">
              <Button onClick={() => void load(invoiceId)}>{t('payment.tryAgain')}</Button>
              {onLeave ? <Button variant="ghost" onClick={() => onLeave(null)}>{t('common.back')}</Button> : null}
            </div>
          </>
        ) : (
          <p className="pay__loading">{t('payment.loadingInvoice')}</p>
        )}
      </section>
    );
  }
  if (invoice.status === 'PAID') return <DonePanel invoice={invoice} made={made} onDone={onDone} doneLabel={doneLabel ?? t('payment.newSale')} />;
  if (invoice.status === 'CANCELLED') {
    return (
      <section className="pay pay--message" aria-label={t('payment.title')}>
        <Banner tone="warning" title={t('payment.invoiceCancelled', { number: invoice.number })}>
          {t('payment.cannotBePaid')} {invoice.amountPaid > 0 ? t('payment.paidRefunded') : ''}
        </Banner>
        {onLeave ? (
          <div className="pay__row">
            <Button onClick={() => onLeave(null)}>{t('common.back')}</Button>
          </div>
        ) : null}
      </section>
    );
  }
  return <PayForm key={invoice.id} invoice={invoice} made={made} onLeave={onLeave} />;
}

function PayForm({ invoice, made, onLeave }: { invoice: Invoice; made: Payment[]; onLeave?: (invoice: Invoice | null) => void }) {
  const t = useT();
  const pay = usePayment((s) => s.pay);
  const busy = usePayment((s) => s.busy);
  const currency = invoice.currency;
  const money = (minor: number) => formatMoney(minor, currency);
  const balance = invoice.balance;
  const increment = useStoreSettings().data?.cashRounding ?? null;

  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [amountText, setAmountText] = useState(() => toMoneyInput(dueFor('cash', balance, increment), currency));
  const [amountFor, setAmountFor] = useState({ balance, increment });
  const [tenderedText, setTenderedText] = useState('');
  const [reference, setReference] = useState('');
  const [codeText, setCodeText] = useState('');
  const fmt = useStoreFormat();
  const lookup = useVoucherLookup(method === 'voucher' ? codeText : '');
  const voucher = method === 'voucher' ? lookup.voucher : undefined;
  const voucherError = voucher ? (voucherUnusable(voucher, currency, Date.now(), (iso) => fmt.date(iso), t) ?? undefined) : undefined;
  const [errors, setErrors] = useState<Errors>({});
  const [lastPayment, setLastPayment] = useState<Payment | null>(null);
  const [focusNext, setFocusNext] = useState<{ n: number; target: Field | 'method' | 'pay' }>({ n: 0, target: 'method' });

  // The amount follows the balance: a payment taken (or one made elsewhere) resets it, as does
  // the rounding increment arriving with the settings.
  if (amountFor.balance !== balance || amountFor.increment !== increment) {
    setAmountFor({ balance, increment });
    setAmountText(toMoneyInput(dueFor(method, balance, increment), currency));
  }

  const methodRefs = useRef<Partial<Record<PaymentMethod, HTMLInputElement | null>>>({});
  const amountRef = useRef<HTMLInputElement>(null);
  const tenderedRef = useRef<HTMLInputElement>(null);
  const referenceRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const titleId = useId();

  // Start on the method (keys 1/2/3 choose it; Tab moves on to the amounts).
  useEffect(() => {
    const id = requestAnimationFrame(() => methodRefs.current.cash?.focus());
    return () => cancelAnimationFrame(id);
  }, []);

  const amount = parseMoney(amountText, currency);
  // Cash that settles the balance takes it rounded (settings.cashRounding): the change is on that.
  const takes = amount === null ? null : taken(method, balance, amount, increment);
  const due = dueFor(method, balance, increment);
  const tendered = tenderedText.trim() === '' ? null : parseMoney(tenderedText, currency);
  const quick = quickAmounts(takes !== null && takes > 0 ? takes : due, fractionDigits(currency));
  let change: number | null = null;
  if (method === 'cash' && takes !== null) {
    if (tenderedText.trim() === '') change = 0;
    else if (tendered !== null && tendered >= takes) change = tenderChange({ method, amount: takes, tendered });
  }
  const paidEarlier = invoice.amountPaid - made.reduce((sum, p) => sum + p.amount, 0);
  // Examples in the store's format ("12,50" in it-IT).
  const amountExample = toMoneyInput(1250, currency);
  const cashExample = toMoneyInput(2000, currency);

  // The amount is checked as it is typed: Pay shows only an amount it will charge, and is off
  // (with the reason here) otherwise.
  let amountProblem: string | undefined;
  if (amount === null) amountProblem = t('payment.typeAmountToPay', { example: amountExample });
  else if (amount <= 0) amountProblem = t('payment.amountToPayNotPositive');
  else if (amount > balance && !clears(method, balance, amount, increment)) {
    amountProblem = method === 'cash' ? t('payment.overBalanceCash', { balance: money(balance) }) : t('payment.overBalanceMethod', { balance: money(balance), method: methodLabel(method, t) });
  } else if (voucher) amountProblem = voucherAmountProblem(voucher, amount, money, t) ?? undefined;
  // A voucher tender pays once its voucher is found and can pay.
  const voucherReady = method !== 'voucher' || (!!voucher && !voucherError);
  const payable = takes !== null && amountProblem === undefined && voucherReady ? takes : null;

  const chooseMethod = (m: PaymentMethod, focusField: boolean) => {
    setAmountText((text) => amountTextFor(text, method, m, balance, increment, currency));
    setMethod(m);
    setCodeText('');
    setErrors({});
    // Once the method's field is rendered (a shortcut comes from a timer, not a React event).
    if (focusField && m === 'voucher') focusVoucherCode();
    else if (focusField) setFocusNext((f) => ({ n: f.n + 1, target: m === 'cash' ? 'tendered' : 'reference' }));
  };

  // Keys 1/2/3 choose the method; a scanner's burst never becomes money or a method (see useScanGuard).
  const { scanned, onScan, clear: clearScanned } = useScanned();
  const methodBefore = useRef<PaymentMethod[]>([]);
  const methodNow = useRef(method);
  methodNow.current = method;
  useScanGuard(!busy, {
    // With Voucher chosen, a scan is the voucher's code.
    onScan: (code) => {
      if (methodNow.current === 'voucher') setCodeText(code);
      else onScan(code);
    },
    onShortcut: (key) => {
      const m = methods.find((x) => x.key === key);
      if (!m) return;
      methodBefore.current.push(methodNow.current);
      chooseMethod(m.value, true);
    },
    onShortcutTakenBack: (key) => {
      const before = methods.some((x) => x.key === key) ? methodBefore.current.pop() : undefined;
      if (before) chooseMethod(before, false);
    },
  });

  const setTendered = (value: number) => {
    setTenderedText(toMoneyInput(value, currency));
    setErrors((prev) => ({ ...prev, tendered: undefined }));
    requestAnimationFrame(() => document.getElementById(`${titleId}-pay`)?.focus());
  };

  const submit = async () => {
    const next: Errors = {};
    if (amountProblem) next.amount = amountProblem;
    let tenderedValue: number | undefined;
    if (method === 'cash' && tenderedText.trim() !== '') {
      if (tendered === null) next.tendered = t('payment.typeCashReceived', { example: cashExample });
      else if (takes !== null && tendered < takes) next.tendered = t('payment.tenderedBelowAmount', { amount: money(takes) });
      else tenderedValue = tendered;
    }
    if (method === 'voucher' && (!voucher || voucherError)) next.code = voucherError ?? (lookup.pending ? t('payment.voucherWait') : t('payment.voucherScanOrType'));
    if (next.amount || next.tendered || next.code || takes === null) {
      setErrors(next);
      (next.amount ? amountRef : tenderedRef).current?.focus();
      return;
    }
    const request: PayRequest = { invoiceId: invoice.id, method, amount: takes };
    if (tenderedValue !== undefined) request.tendered = tenderedValue;
    if (method !== 'cash' && method !== 'voucher' && reference.trim() !== '') request.reference = reference.trim();
    if (method === 'voucher' && voucher) request.code = voucher.code;
    setErrors({});
    try {
      const result = await pay(request);
      setLastPayment(result.payment);
      setTenderedText('');
      setReference('');
      setCodeText('');
      if (result.invoice.status !== 'PAID') setFocusNext((f) => ({ n: f.n + 1, target: 'method' }));
    } catch (err) {
      setErrors(payErrors(err, balance, money, t));
      const field = err instanceof ApiError ? err.issues[0]?.path[0] : undefined;
      const target = field === 'amount' || field === 'tendered' || field === 'reference' || field === 'code' ? field : 'pay';
      setFocusNext((f) => ({ n: f.n + 1, target }));
    }
  };

  // After a payment or a refusal, once the form is enabled again: the method for the next part,
  // the field an error names, or Pay to try again.
  useEffect(() => {
    if (focusNext.n === 0) return;
    const targets = { amount: amountRef.current, tendered: tenderedRef.current, reference: referenceRef.current, code: codeRef.current };
    if (focusNext.target === 'method') methodRefs.current[method]?.focus();
    else if (focusNext.target === 'pay') document.getElementById(`${titleId}-pay`)?.focus();
    else targets[focusNext.target]?.focus();
    // Only a new request moves the focus, not a change of method.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusNext]);

  return (
    <section className="pay" aria-labelledby={titleId}>
      <div className="pay__main">
        <div className="pay__due">
          <h2 className="pay__due-label" id={titleId}>
            {t('payment.amountDue')}
          </h2>
          <p className="pay__due-amount" data-testid="amount-due">
            {money(due)}
          </p>
          <p className="pay__due-meta">
            {t('payment.invoiceOrderMeta', { number: invoice.number, orderNumber: String(invoice.orderNumber) })}
            {invoice.amountPaid > 0 ? t('payment.paidOfTotalMeta', { paid: money(invoice.amountPaid), total: money(invoice.total) }) : ''}
            {due !== balance ? <span data-testid="cash-rounding">{t('payment.roundedForCashMeta', { amount: money(balance), rounded: money(due) })}</span> : null}
          </p>
        </div>

        <ScanNotice scanned={scanned} onDismiss={clearScanned} />

        <form
          className="pay__form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            clearScanned();
            void submit();
          }}
        >
          <div className="pay__methods" role="radiogroup" aria-label={t('payment.paymentMethod')}>
            {methods.map((m) => (
              <label key={m.value} className={`pay__method${method === m.value ? ' is-checked' : ''}`}>
                <input
                  ref={(el) => {
                    methodRefs.current[m.value] = el;
                  }}
                  className="pay__method-input"
                  type="radio"
                  name={`${titleId}-method`}
                  value={m.value}
                  checked={method === m.value}
                  onChange={() => chooseMethod(m.value, false)}
                />
                <span className={`pay__method-icon pay__method-icon--${m.value}`} aria-hidden="true" />
                <span className="pay__method-name">{methodLabel(m.value, t)}</span>
                <kbd className="pay__key" aria-hidden="true">
                  {m.key}
                </kbd>
              </label>
            ))}
          </div>

          <div className="pay__fields">
            <MoneyField
              ref={amountRef}
              label={t('payment.amountToPay')}
              value={amountText}
              onChange={(e) => {
                setAmountText(e.target.value);
                setErrors((prev) => ({ ...prev, amount: undefined }));
              }}
              hint={amount !== null && amount > 0 && amount < balance && !clears(method, balance, amount, increment) ? t('payment.splitLeftHint', { amount: money(balance - amount) }) : t('payment.splitHint')}
              error={errors.amount ?? amountProblem}
            />
            {method === 'cash' ? (
              <MoneyField
                ref={tenderedRef}
                label={t('payment.cashTendered')}
                placeholder={takes !== null && takes > 0 ? toMoneyInput(takes, currency) : ''}
                value={tenderedText}
                onChange={(e) => {
                  setTenderedText(e.target.value);
                  setErrors((prev) => ({ ...prev, tendered: undefined }));
                }}
                hint={t('payment.tenderedHint')}
                error={errors.tendered}
              />
            ) : method === 'voucher' ? (
              <VoucherCodeField
                inputRef={codeRef}
                value={codeText}
                onChange={(text) => {
                  setCodeText(text);
                  setErrors((prev) => ({ ...prev, code: undefined }));
                }}
                lookup={lookup}
                currency={currency}
                error={errors.code}
                onFound={(v, usable) => usable && setAmountText(toMoneyInput(voucherDefaultAmount(v.balance, balance), currency))}
              />
            ) : (
              <TextField
                ref={referenceRef}
                label={method === 'card' ? t('payment.terminalReferenceOptional') : t('payment.referenceOptional')}
                autoComplete="off"
                value={reference}
                onChange={(e) => {
                  setReference(e.target.value);
                  setErrors((prev) => ({ ...prev, reference: undefined }));
                }}
                hint={method === 'card' ? t('payment.terminalReferenceHint') : t('payment.referenceHint')}
                error={errors.reference}
              />
            )}
          </div>

          {method === 'cash' ? (
            <div className="pay__cash">
              <div className="pay__quick" role="group" aria-label={t('payment.quickAmounts')}>
                <Button className="pay__quick-btn" onClick={() => takes !== null && setTendered(takes)} disabled={takes === null || takes <= 0} aria-label={t('payment.exactAmount')}>
                  {t('payment.exact')}
                </Button>
                {quick.map((q) => (
                  <Button key={q} className="pay__quick-btn" onClick={() => setTendered(q)} aria-label={t('payment.tenderedAmount', { amount: money(q) })}>
                    {money(q)}
                  </Button>
                ))}
              </div>
              <div className={`pay__change${change !== null && change > 0 ? ' is-due' : ''}`} aria-live="polite">
                <span className="pay__change-label" id={`${titleId}-change`}>
                  {t('payment.changeDue')}
                </span>
                <strong className="pay__change-amount" data-testid="change-due" aria-labelledby={`${titleId}-change`}>
                  {change === null ? t('common.none_dash') : money(change)}
                </strong>
              </div>
            </div>
          ) : null}

          {lastPayment ? (
            <Banner tone="success" title={t('payment.paymentTaken', { method: methodLabel(lastPayment.method, t), amount: money(lastPayment.amount) })}>
              {t('payment.paymentTakenRest', { hasChange: lastPayment.change ? 'yes' : 'no', change: money(lastPayment.change ?? 0), left: money(balance) })}
            </Banner>
          ) : null}
          {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}

          <div className="pay__actions">
            {onLeave ? (
              <Button variant="ghost" onClick={() => onLeave(invoice)} disabled={busy}>
                {t('payment.payLater')}
              </Button>
            ) : null}
            {/* Exactly what will be charged; off while the amount is not one it can take (the reason is at the field). */}
            <Button id={`${titleId}-pay`} type="submit" variant="primary" size="lg" busy={busy} disabled={payable === null} className="pay__submit">
              {payable === null ? t('payment.pay') : t('payment.payAmount', { amount: money(payable) })}
            </Button>
          </div>
        </form>
      </div>

      <InvoiceSummary invoice={invoice} made={made} paidEarlier={paidEarlier} />
    </section>
  );
}

function payErrors(err: unknown, balance: number, money: (minor: number) => string, t: Translate): Errors {
  if (err instanceof ApiError) {
    const out: Errors = {};
    for (const issue of err.issues) {
      if (issue.path[0] === 'amount' && issue.key === 'moreThanBalance') out.amount = t('payment.overBalance', { balance: money(balance) });
      if (issue.path[0] === 'tendered' && issue.key === 'atLeastAmount') out.tendered = t('payment.tenderedBelow');
    }
    const mapped = formErrors(err, fieldLabels(t));
    const merged: Errors = { ...mapped.fields, ...out };
    if (mapped.general) merged.general = mapped.general;
    if (err.code === 'INTERNAL') merged.general = t('payment.notTakenTwice', { message: mapped.general ?? err.message });
    return merged;
  }
  return { general: err instanceof Error ? err.message : t('payment.somethingWentWrong') };
}

