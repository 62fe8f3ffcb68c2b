import { create } from 'zustand';
import type { TenderInput } from '../../../../shared/contract/checkout';
import { api, ApiError } from '../../api';
import { useCounter } from '../counter/store';
import { newKey } from './keys';

/** Refusal messages of the payment step: by collected tender (index), and for the whole sale. */
export interface CheckoutErrors {
  tenders: Record<number, string>;
  general: string | null;
}

const none: CheckoutErrors = { tenders: {}, general: null };

export interface CheckoutState {
  /** Tenders collected on screen, committed together with the last one. */
  tenders: TenderInput[];
  busy: boolean;
  errors: CheckoutErrors;
  /**
   * The last checkout whose outcome is unknown (a network failure): retried with the same
   * input it keeps its idempotency key, so the sale is never made twice.
   */
  attempt: { key: string; fingerprint: string } | null;
  add(tender: TenderInput): void;
  removeAt(index: number): void;
  reset(): void;
  /** Sends the cart and `tenders` as one orders.checkout. True when the sale is made. */
  commit(tenders: TenderInput[]): Promise<boolean>;
}

function tenderMessage(message: string): string {
  const m = message.trim();
  return m ? m[0]!.toUpperCase() + m.slice(1) + (/[.!?]$/.test(m) ? '' : '.') : m;
}

export const useCheckout = create<CheckoutState>((set, get) => ({
  tenders: [],
  busy: false,
  errors: none,
  attempt: null,

  add(tender) {
    set({ tenders: [...get().tenders, tender], errors: none });
  },

  removeAt(index) {
    set({ tenders: get().tenders.filter((_, i) => i !== index), errors: none });
  },

  reset() {
    set({ tenders: [], busy: false, errors: none });
  },

  async commit(tenders) {
    if (get().busy) return false;
    const counter = useCounter.getState();
    const content = counter.saleContent();
    if (!content) {
      counter.toPayment();
      counter.backToCart();
      return false;
    }
    const fingerprint = JSON.stringify({ content, tenders });
    const previous = get().attempt;
    const key = previous && previous.fingerprint === fingerprint ? previous.key : newKey();
    set({ busy: true, errors: none, attempt: { key, fingerprint } });
    try {
      const result = await api.call('orders.checkout', { ...content, tenders, idempotencyKey: key });
      set({ tenders: [], attempt: null });
      useCounter.getState().finishSale(result);
      return true;
    } catch (err) {
      // A refusal is final (nothing was stored): the next attempt gets a new key. A network
      // failure (INTERNAL) may have been stored: the same attempt keeps its key.
      if (!(err instanceof ApiError && err.code === 'INTERNAL')) set({ attempt: null });
      if (useCounter.getState().refused(err)) return false;
      const errors: CheckoutErrors = { tenders: {}, general: null };
      const leftover: string[] = [];
      if (err instanceof ApiError) {
        for (const issue of err.issues) {
          const [head, index, field] = issue.path;
          if (head === 'tenders' && typeof index === 'number') {
            const label = field === 'tendered' ? 'Cash tendered' : field === 'reference' ? 'Reference' : field === 'amount' ? 'Amount' : '';
            errors.tenders[index] ??= tenderMessage(label ? `${label} ${issue.message}` : issue.message);
          } else leftover.push(tenderMessage(issue.message));
        }
        if (leftover.length > 0) errors.general = leftover.join(' ');
        else if (Object.keys(errors.tenders).length === 0) {
          errors.general = err.code === 'INTERNAL' ? `${err.message} Paying again will not charge twice.` : err.message;
        }
      } else {
        errors.general = err instanceof Error ? err.message : 'Something went wrong. Try again.';
      }
      // The tenders sent are all on screen now, each with its message.
      set({ tenders, errors });
      return false;
    } finally {
      set({ busy: false });
    }
  },
}));
