import { create } from 'zustand';
import type { Output } from '../../../../shared/contract';
import type { TenderInput } from '../../../../shared/contract/checkout';
import { api, ApiError } from '../../api';
import { checkoutErrors, type CheckoutErrors } from '../payment/checkout';
import { newKey } from '../payment/keys';
import { onSessionCleared } from '../session/store';

export type GiftVoucherSale = Output<'vouchers.sell'>;

const none: CheckoutErrors = { tenders: {}, general: null };

/**
 * Selling a gift voucher at the counter, beside the cart (which stays as it is): the amount,
 * the payment step (tenders collected, then one vouchers.sell), and the done panel with the code.
 */
export interface GiftVoucherState {
  stage: 'amount' | 'pay' | 'done' | null;
  /** The voucher's value, minor units (0 until chosen). */
  amount: number;
  tenders: TenderInput[];
  busy: boolean;
  errors: CheckoutErrors;
  /** The key of an attempt whose outcome is unknown: the same voucher is never sold twice. */
  pending: { key: string; fingerprint: string } | null;
  sale: GiftVoucherSale | null;
  /** Asks for the amount. */
  start(): void;
  /** The amount chosen: on to the payment step. */
  toPayment(amount: number): void;
  add(tender: TenderInput): void;
  removeAt(index: number): void;
  /** Sells the voucher with `tenders`; true when sold. */
  commit(tenders: TenderInput[]): Promise<boolean>;
  /** Back to the sale (from any step). */
  close(): void;
}

const initial = { stage: null, amount: 0, tenders: [], busy: false, errors: none, pending: null, sale: null } as const;

export const useGiftVoucher = create<GiftVoucherState>((set, get) => ({
  ...initial,
  tenders: [],

  start() {
    set({ ...initial, tenders: [], stage: 'amount' });
  },

  toPayment(amount) {
    set({ stage: 'pay', amount, tenders: [], errors: none });
  },

  add(tender) {
    set({ tenders: [...get().tenders, tender], errors: none });
  },

  removeAt(index) {
    set({ tenders: get().tenders.filter((_, i) => i !== index), errors: none });
  },

  async commit(tenders) {
    if (get().busy) return false;
    const amount = get().amount;
    const fingerprint = JSON.stringify({ amount, tenders });
    const previous = get().pending;
    const key = previous && previous.fingerprint === fingerprint ? previous.key : newKey();
    set({ busy: true, errors: none, pending: { key, fingerprint } });
    try {
      const sale = await api.call('vouchers.sell', { amount, tenders, idempotencyKey: key });
      set({ stage: 'done', sale, tenders: [], pending: null });
      return true;
    } catch (err) {
      // A refusal is final (nothing sold): the next attempt gets a new key. No answer may have sold it: the key stays.
      if (!(err instanceof ApiError && err.code === 'INTERNAL')) set({ pending: null });
      set({ tenders, errors: checkoutErrors(err) });
      return false;
    } finally {
      set({ busy: false });
    }
  },

  close() {
    set({ ...initial, tenders: [] });
  },
}));

onSessionCleared(() => useGiftVoucher.getState().close());
