import { describe, expect, it } from 'vitest';
import { voucherAmountProblem, voucherCodeToLookUp, voucherDefaultAmount, voucherUnusable } from '../../renderer/src/features/payment/voucher';

const date = (iso: string) => iso.slice(0, 10);
const money = (minor: number) => `€${(minor / 100).toFixed(2)}`;
const voucher = { code: 'ABCD-EFGH-JKLM', balance: 2000, expiresAt: '2027-01-01T00:00:00.000Z', currency: 'EUR' };
const now = Date.parse('2026-12-07T10:00:00.000Z');

describe('the voucher tender', () => {
  it('takes the whole voucher, or only what is left to pay when that is less', () => {
    expect(voucherDefaultAmount(2000, 3550)).toBe(2000);
    expect(voucherDefaultAmount(2000, 1250)).toBe(1250);
    expect(voucherDefaultAmount(0, 1250)).toBe(0);
  });

  it('looks up a code only once it can be one, as typed', () => {
    expect(voucherCodeToLookUp('  ab ')).toBe('');
    expect(voucherCodeToLookUp(' abcd-efgh ')).toBe('abcd-efgh');
    expect(voucherCodeToLookUp('--- -')).toBe('');
  });

  it('refuses an expired or spent voucher, or one in another currency', () => {
    expect(voucherUnusable(voucher, 'EUR', now, date)).toBeNull();
    expect(voucherUnusable({ ...voucher, expiresAt: '2026-12-07T10:00:00.000Z' }, 'EUR', now, date)).toBe('This voucher expired on 2026-12-07.');
    expect(voucherUnusable({ ...voucher, balance: 0 }, 'EUR', now, date)).toBe('Nothing is left on this voucher.');
    expect(voucherUnusable(voucher, 'CHF', now, date)).toBe('This voucher is in EUR, the sale in CHF.');
  });

  it('never takes more than the balance', () => {
    expect(voucherAmountProblem(voucher, 2000, money)).toBeNull();
    expect(voucherAmountProblem(voucher, 2001, money)).toBe('More than the €20.00 left on the voucher.');
  });
});
