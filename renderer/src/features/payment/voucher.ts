import { t as translate, type Translate } from '../../i18n';

/**
 * The voucher tender, pure: what it takes by default and what stops it, from the voucher as
 * vouchers.get answers it. The core checks the same again in its transaction (balance, expiry).
 */

/** The voucher as the tender needs it. */
export interface VoucherSeen {
  code: string;
  balance: number;
  expiresAt: string;
  currency: string;
}

/** A code worth looking up: what a person typed or a scanner gave, trimmed; '' for too short to be one. */
export function voucherCodeToLookUp(text: string): string {
  const code = text.trim();
  return code.replace(/[\s-]/g, '').length >= 4 ? code : '';
}

/** What a voucher tender takes by default: all of the voucher, or what is left to pay if that is less. */
export function voucherDefaultAmount(balance: number, remaining: number): number {
  return Math.max(0, Math.min(balance, remaining));
}

/** Why this voucher cannot pay (expired, spent, another currency), or null when it can. */
export function voucherUnusable(v: VoucherSeen, currency: string, now: number, date: (iso: string) => string, t: Translate = translate): string | null {
  if (Date.parse(v.expiresAt) <= now) return t('payment.voucherExpired', { date: date(v.expiresAt) });
  if (v.balance <= 0) return t('payment.voucherSpent');
  if (v.currency !== currency) return t('payment.voucherOtherCurrency', { voucherCurrency: v.currency, saleCurrency: currency });
  return null;
}

/** Why `amount` cannot be taken off the voucher (more than its balance), or null. */
export function voucherAmountProblem(v: Pick<VoucherSeen, 'balance'>, amount: number, money: (minor: number) => string, t: Translate = translate): string | null {
  return amount > v.balance ? t('payment.voucherOverBalance', { balance: money(v.balance) }) : null;
}
