import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Output } from '../../../../shared/contract';
import { useContractQuery, useStoreFormat } from '../../data';
import { TextField, useDebounced } from '../../ui';
import { formatMoney } from '../../ui/money';
import { voucherCodeToLookUp, voucherUnusable } from './voucher';
import { useT } from '../../i18n';

export type FoundVoucher = Output<'vouchers.get'>;

export interface VoucherLookup {
  /** The code looked up ('' while too short to be one). */
  code: string;
  /** The voucher of `code` once read; null when no voucher has that code. */
  voucher: FoundVoucher | null | undefined;
  pending: boolean;
  /** Why it could not be read (other than not found). */
  error: string | null;
}

/** Looks the typed or scanned code up as it settles (vouchers.get); re-read when the voucher changes anywhere. */
export function useVoucherLookup(text: string): VoucherLookup {
  const code = useDebounced(voucherCodeToLookUp(text), 250);
  const typed = voucherCodeToLookUp(text);
  const query = useContractQuery('vouchers.get', { code }, { enabled: code !== '' });
  const notFound = query.error?.code === 'NOT_FOUND' || query.error?.code === 'VALIDATION';
  const settled = code === typed && code !== '';
  return {
    code: settled ? code : '',
    voucher: !settled ? undefined : query.data ? query.data : notFound ? null : undefined,
    pending: typed !== '' && (!settled || query.isPending),
    error: settled && query.error && !notFound ? query.error.message : null,
  };
}

export interface VoucherCodeFieldProps {
  value: string;
  onChange: (text: string) => void;
  lookup: VoucherLookup;
  /** The sale's currency: a voucher in another cannot pay. */
  currency: string;
  /** Called once for each voucher found or changed (to set the amount to what it can take); `usable`: it can pay. */
  onFound: (voucher: FoundVoucher, usable: boolean) => void;
  error?: string;
  disabled?: boolean;
  inputRef?: RefObject<HTMLInputElement | null>;
  /** The code came from a scanner (its Enter taken by the page's scan guard): the form submits once the voucher is found. */
  scanned?: boolean;
}

/** Focuses the voucher code field shown on the page (after the method's key chose Voucher). */
export function focusVoucherCode(): void {
  // The field appears once the method's change is rendered: a few frames at most.
  let frames = 10;
  const attempt = () => {
    const field = document.querySelector<HTMLInputElement>('.voucher__code-input');
    if (field) field.focus();
    else if (--frames > 0) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}

/** The voucher's code (scanned or typed), and once found what is left on it and until when. */
export function VoucherCodeField({ value, onChange, lookup, currency, onFound, error, disabled, inputRef, scanned = false }: VoucherCodeFieldProps) {
  const t = useT();
  const fmt = useStoreFormat();
  const applied = useRef<string | null>(null);
  const onFoundRef = useRef(onFound);
  onFoundRef.current = onFound;
  const fieldRef = useRef<HTMLInputElement | null>(null);
  // A scanner presses Enter right after the code, before the voucher is read: that Enter is kept
  // and taken once the voucher is found (and can pay), so the scan needs no second key.
  const enterWaiting = useRef(false);
  const [submitTick, setSubmitTick] = useState(0);
  const { voucher } = lookup;
  useEffect(() => {
    if (!voucher) {
      applied.current = null;
      if (voucher === null) enterWaiting.current = false;
      return;
    }
    // A scan of the code already shown applies it again (and takes it).
    const key = `${voucher.code}:${voucher.balance}:${scanned}`;
    if (applied.current === key) return;
    applied.current = key;
    const usable = voucherUnusable(voucher, currency, Date.now(), String) === null;
    onFoundRef.current(voucher, usable);
    if ((enterWaiting.current || scanned) && usable) setSubmitTick((n) => n + 1);
    enterWaiting.current = false;
  }, [voucher, currency, scanned]);
  // Runs once the amount onFound set is rendered: the form submits with it.
  useEffect(() => {
    if (submitTick > 0) fieldRef.current?.form?.requestSubmit();
  }, [submitTick]);

  let hint: string;
  let problem: string | undefined;
  if (lookup.pending) hint = t('payment.voucherLooking');
  else if (voucher) {
    problem = voucherUnusable(voucher, currency, Date.now(), (iso) => fmt.date(iso), t) ?? undefined;
    hint = t('payment.voucherStatus', { left: formatMoney(voucher.balance, voucher.currency), amount: formatMoney(voucher.amount, voucher.currency), date: fmt.date(voucher.expiresAt) });
  } else if (voucher === null) {
    problem = t('payment.voucherNotFound');
    hint = '';
  } else hint = t('payment.voucherScanOrType');

  return (
    <TextField
      ref={(el) => {
        fieldRef.current = el;
        if (inputRef) inputRef.current = el;
      }}
      label={t('payment.voucherCode')}
      autoComplete="off"
      spellCheck={false}
      className="voucher__code-input"
      disabled={disabled}
      value={value}
      onChange={(e) => {
        enterWaiting.current = false;
        onChange(e.target.value);
      }}
      onKeyDown={(e) => {
        // Enter before the voucher is read pays once it is found, never before.
        if (e.key === 'Enter' && !voucher) {
          e.preventDefault();
          enterWaiting.current = lookup.pending;
        }
      }}
      hint={hint ? <span data-testid="voucher-status">{hint}</span> : undefined}
      error={error ?? lookup.error ?? problem}
    />
  );
}
