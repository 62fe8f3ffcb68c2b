import { useState, type ReactNode, type RefObject } from 'react';
import type { PaymentMethod } from '../../../../shared/contract';
import type { TenderInput } from '../../../../shared/contract/checkout';
import { useStoreFormat } from '../../data';
import { Button, TextField } from '../../ui';
import { tenderChange } from '../../../../shared/domain/currency';
import { MoneyField } from './MoneyField';
import { formatMoney, fractionDigits, parseMoney, toMoneyInput } from '../../ui/money';
import { quickAmounts } from './cash';
import { methodLabel, methods } from './methods';
import { amountTextFor, clears, dueFor, taken } from './rounding';
import { voucherAmountProblem, voucherDefaultAmount, voucherUnusable } from './voucher';
import { useVoucherLookup, VoucherCodeField } from './VoucherCodeField';
import { useT } from '../../i18n';

/** The tender being typed: amounts as typed, in the store's format. */
export interface TenderDraft {
  method: PaymentMethod;
  amountText: string;
  tenderedText: string;
  reference: string;
  /** The voucher's code as scanned or typed (method voucher); absent: none yet. */
  code?: string;
  /** What is left on that voucher once found (the Pay button of the step is off above it). */
  voucherBalance?: number;
  /** The code was scanned (the scanner's Enter): the tender is taken as soon as the voucher is found. */
  codeScanned?: boolean;
}

/** Whether the voucher tender's amount is one it can take: its voucher found, not over its balance. */
export function voucherDraftOk(draft: TenderDraft, amount: number): boolean {
  return draft.method !== 'voucher' || (draft.voucherBalance !== undefined && amount <= draft.voucherBalance);
}

type Field = 'amount' | 'tendered' | 'reference' | 'code';

export interface TenderFieldsProps {
  draft: TenderDraft;
  onChange: (draft: TenderDraft) => void;
  /** What is left to pay before this tender. */
  remaining: number;
  currency: string;
  /** The most change the store gives in cash (settings), or null until read. */
  maxChange: number | null;
  /** The change the tenders already collected give: the store's limit is on the sum over the sale. */
  changeBefore: number;
  /** The store's cash rounding increment (minor units), null: none. */
  increment: number | null;
  disabled: boolean;
  methodRef: RefObject<HTMLDivElement | null>;
  payId: string;
  /** The tender, checked; null when nothing is left to pay (the collected tenders cover it). */
  onSubmit: (tender: TenderInput | null) => void;
  footer: ReactNode;
  /** The methods offered (default: all; a gift voucher is not bought with a voucher). */
  offered?: readonly PaymentMethod[];
}

/**
 * One tender: the method (keys 1–4), its amount (never above what is left), cash tendered with
 * change, a reference, or a voucher's code (its amount never above what is left on it).
 */
export function TenderFields({ draft, onChange, remaining, currency, maxChange, changeBefore, increment, disabled, methodRef, payId, onSubmit, footer, offered }: TenderFieldsProps) {
  const t = useT();
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const money = (minor: number) => formatMoney(minor, currency);
  // Examples in the store's format ("12,50" in it-IT).
  const example = toMoneyInput(1250, currency);
  const cashExample = toMoneyInput(2000, currency);
  const set = (patch: Partial<TenderDraft>) => {
    onChange({ ...draft, ...patch });
    setErrors((e) => ({ ...e, ...Object.fromEntries(Object.keys(patch).map((k) => [k.replace('Text', ''), undefined])) }));
  };

  const amount = parseMoney(draft.amountText, currency);
  const tendered = draft.tenderedText.trim() === '' ? null : parseMoney(draft.tenderedText, currency);
  const cash = draft.method === 'cash';
  const isVoucher = draft.method === 'voucher';
  const fmt = useStoreFormat();
  const lookup = useVoucherLookup(isVoucher ? (draft.code ?? '') : '');
  const voucher = isVoucher ? lookup.voucher : undefined;
  // Cash that settles what is left takes it rounded (settings.cashRounding): the change is on that.
  const takes = amount === null ? null : taken(draft.method, remaining, amount, increment);
  const cashDue = dueFor('cash', remaining, increment);
  const change = cash && takes !== null && tendered !== null && tendered >= takes ? tenderChange({ method: 'cash', amount: takes, tendered }) : null;

  // Shown as typed: an amount that is not one, or above what is left, is never taken (and Pay is off).
  let amountError: string | undefined;
  if (remaining > 0) {
    if (amount === null) amountError = t('payment.typeAmount', { example });
    else if (amount <= 0) amountError = t('payment.amountNotPositive');
    else if (amount > remaining && !clears(draft.method, remaining, amount, increment)) amountError = t('payment.overRemaining', { amount: money(remaining) });
    else if (voucher) amountError = voucherAmountProblem(voucher, amount, money, t) ?? undefined;
  }
  const voucherError = isVoucher && voucher ? (voucherUnusable(voucher, currency, Date.now(), (iso) => fmt.date(iso), t) ?? undefined) : undefined;

  // The store's change limit is on the whole sale: this tender's change and the collected tenders' together.
  const changeError =
    change !== null && maxChange !== null && changeBefore + change > maxChange
      ? changeBefore > 0
        ? t('payment.changeOverLimitSplit', { total: money(changeBefore + change), change: money(change), before: money(changeBefore), limit: money(maxChange) })
        : t('payment.changeOverLimit', { change: money(change), limit: money(maxChange) })
      : undefined;

  const check = (): TenderInput | null | 'invalid' => {
    if (remaining === 0) return null;
    const next: Partial<Record<Field, string>> = {};
    if (amountError) next.amount = amountError;
    if (isVoucher && (!voucher || voucherError)) next.code = voucherError ?? (lookup.pending ? t('payment.voucherWait') : t('payment.voucherScanOrType'));
    if (cash && draft.tenderedText.trim() !== '') {
      if (tendered === null) next.tendered = t('payment.typeCashReceived', { example: cashExample });
      else if (takes !== null && tendered < takes) next.tendered = t('payment.lessThanAmount', { amount: money(takes) });
      else if (changeError) next.tendered = changeError;
    }
    if (Object.keys(next).length > 0 || takes === null) {
      setErrors(next);
      return 'invalid';
    }
    const tender: TenderInput = { method: draft.method, amount: takes };
    if (cash && tendered !== null) tender.tendered = tendered;
    if (!cash && !isVoucher && draft.reference.trim()) tender.reference = draft.reference.trim();
    if (isVoucher && voucher) tender.code = voucher.code;
    return tender;
  };

  return (
    <form
      className="pay__form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const tender = check();
        if (tender !== 'invalid') onSubmit(tender);
      }}
    >
      {remaining > 0 ? (
        <>
          <div ref={methodRef} className="pay__methods" role="radiogroup" aria-label={t('payment.paymentMethod')}>
            {methods.filter((m) => !offered || offered.includes(m.value)).map((m) => (
              <label key={m.value} className={`pay__method${draft.method === m.value ? ' is-checked' : ''}`}>
                <input
                  className="pay__method-input"
                  type="radio"
                  name={`${payId}-method`}
                  value={m.value}
                  checked={draft.method === m.value}
                  disabled={disabled}
                  onChange={() => set({ method: m.value, tenderedText: '', reference: '', code: '', voucherBalance: undefined, codeScanned: false, amountText: amountTextFor(draft.amountText, draft.method, m.value, remaining, increment, currency) })}
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
              label={t('common.amount')}
              disabled={disabled}
              value={draft.amountText}
              onChange={(e) => set({ amountText: e.target.value })}
              hint={
                amount !== null && amount > 0 && !clears(draft.method, remaining, amount, increment) && amount < remaining
                  ? t('payment.willBeLeftHint', { amount: money(remaining - amount) })
                  : cash && cashDue !== remaining
                    ? t('payment.roundedForCashHint', { amount: money(remaining), rounded: money(cashDue) })
                    : t('payment.splitHint')
              }
              error={errors.amount ?? amountError}
            />
            {cash ? (
              <MoneyField
                label={t('payment.cashTendered')}
                placeholder={takes !== null && takes > 0 ? toMoneyInput(takes, currency) : ''}
                disabled={disabled}
                value={draft.tenderedText}
                onChange={(e) => set({ tenderedText: e.target.value })}
                hint={t('payment.tenderedHint')}
                error={errors.tendered ?? changeError}
              />
            ) : isVoucher ? (
              <VoucherCodeField
                value={draft.code ?? ''}
                onChange={(code) => set({ code, voucherBalance: undefined, codeScanned: false })}
                scanned={draft.codeScanned}
                lookup={lookup}
                currency={currency}
                disabled={disabled}
                error={errors.code}
                onFound={(v, usable) => set(usable ? { amountText: toMoneyInput(voucherDefaultAmount(v.balance, remaining), currency), voucherBalance: v.balance } : { voucherBalance: 0 })}
              />
            ) : (
              <TextField
                label={draft.method === 'card' ? t('payment.terminalReferenceOptional') : t('payment.referenceOptional')}
                autoComplete="off"
                disabled={disabled}
                value={draft.reference}
                onChange={(e) => set({ reference: e.target.value })}
                hint={draft.method === 'card' ? t('payment.terminalReferenceHint') : t('payment.referenceHint')}
                error={errors.reference}
              />
            )}
          </div>
          {cash ? (
            <div className="pay__cash">
              <div className="pay__quick" role="group" aria-label={t('payment.quickAmounts')}>
                {quickAmounts(takes !== null && takes > 0 ? takes : cashDue, fractionDigits(currency)).map((q) => (
                  <Button
                    key={q}
                    className="pay__quick-btn"
                    disabled={disabled}
                    onClick={() => {
                      set({ tenderedText: toMoneyInput(q, currency) });
                      requestAnimationFrame(() => document.getElementById(payId)?.focus());
                    }}
                    aria-label={t('payment.tenderedAmount', { amount: money(q) })}
                  >
                    {money(q)}
                  </Button>
                ))}
              </div>
              <div className={`pay__change${change !== null && change > 0 ? ' is-due' : ''}`} aria-live="polite">
                <span className="pay__change-label">{t('payment.changeDue')}</span>
                <strong className="pay__change-amount" data-testid="change-due">
                  {change === null ? money(0) : money(change)}
                </strong>
              </div>
            </div>
          ) : null}
        </>
      ) : (
        <p className="checkout__covered">{t('payment.tendersCover')}</p>
      )}
      {footer}
    </form>
  );
}
