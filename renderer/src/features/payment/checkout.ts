import { create } from 'zustand';
import type { Input } from '../../../../shared/contract';
import type { TenderInput } from '../../../../shared/contract/checkout';
import { api, ApiError } from '../../api';
import type { Approval } from '../../../../shared/contract/approval';
import { heldGone, useCounter, type SaleResult } from '../counter/store';
import { approvalReason, type ApprovalReason } from '../session/ApprovalFields';
import { t, type MessageId } from '../../i18n';
import { newKey } from './keys';

type CheckoutInput = Input<'orders.checkout'>;

/** The most inputs kept under one unanswered key (each Pay with other tenders adds one). */
const MAX_PENDING = 20;

const sameSale = (a: CheckoutInput, b: CheckoutInput) => JSON.stringify({ ...a, idempotencyKey: '' }) === JSON.stringify({ ...b, idempotencyKey: '' });

const keyUsed = (err: unknown) => err instanceof ApiError && err.code === 'CONFLICT' && err.issues.some((i) => i.path[0] === 'idempotencyKey');

/** The outcome of a checkout is unknown (the store did not answer): it may have been made. */
const unknownOutcome = (err: unknown) => err instanceof ApiError && err.code === 'INTERNAL';

/**
 * The sale made under a used key, found by replaying the inputs sent under it (a replay with
 * the input the store made writes nothing and answers that sale; any other is CONFLICT).
 * Null when none of them is it. A network failure is thrown (the outcome stays unknown).
 */
async function replay(inputs: readonly CheckoutInput[]): Promise<SaleResult | null> {
  for (const input of [...inputs].reverse()) {
    try {
      return await api.call('orders.checkout', input);
    } catch (err) {
      if (unknownOutcome(err)) throw err;
    }
  }
  return null;
}

/** A key the store says was used, with none of this cart's inputs: the cashier checks before charging again. */
const lostSale = () => t('payment.lostSale');

/** The names of a tender's fields, as a refusal of one names them. */
const tenderFieldLabels: Record<string, MessageId> = { tendered: 'payment.cashTendered', reference: 'payment.reference', amount: 'common.amount', code: 'payment.voucherCode', method: 'payment.method' };

/** Refusal messages of the payment step: by collected tender (index), and for the whole sale. */
export interface CheckoutErrors {
  tenders: Record<number, string>;
  general: string | null;
  /** The manager's approval was refused (missing, wrong, not a manager): shown on its fields. */
  approval?: ApprovalReason;
}

const none: CheckoutErrors = { tenders: {}, general: null };

export interface CheckoutState {
  /** Tenders collected on screen, committed together with the last one. */
  tenders: TenderInput[];
  busy: boolean;
  errors: CheckoutErrors;
  add(tender: TenderInput): void;
  removeAt(index: number): void;
  reset(): void;
  /**
   * Sends the cart and `tenders` as one orders.checkout. True when the sale is made (or found
   * made: an earlier attempt of this cart whose answer was lost). The key of an attempt whose
   * outcome is unknown is kept with the cart (across a reload) and reused until a definite answer.
   */
  commit(tenders: TenderInput[], approval?: Approval): Promise<boolean>;
}

function tenderMessage(message: string): string {
  const m = message.trim();
  return m ? m[0]!.toUpperCase() + m.slice(1) + (/[.!?]$/.test(m) ? '' : '.') : m;
}

/** A refused (or unanswered) sale's messages: each on the tender its path names (tenders.i.code, amount …), the rest for the whole sale. */
export function checkoutErrors(err: unknown): CheckoutErrors {
  const errors: CheckoutErrors = { tenders: {}, general: null };
  const leftover: string[] = [];
  if (err instanceof ApiError) {
    for (const issue of err.issues) {
      const [head, index, field] = issue.path;
      if (head === 'tenders' && typeof index === 'number') {
        const label = typeof field === 'string' && Object.hasOwn(tenderFieldLabels, field) ? t(tenderFieldLabels[field]!) : '';
        errors.tenders[index] ??= tenderMessage(label ? t('payment.tenderIssue', { field: label, problem: issue.message }) : issue.message);
      } else leftover.push(tenderMessage(issue.message));
    }
    if (leftover.length > 0) errors.general = leftover.join(' ');
    else if (Object.keys(errors.tenders).length === 0) {
      errors.general = err.code === 'INTERNAL' ? t('payment.notChargedTwice', { message: err.message }) : err.message;
    }
  } else {
    errors.general = err instanceof Error ? err.message : t('payment.somethingWentWrong');
  }
  return errors;
}

export const useCheckout = create<CheckoutState>((set, get) => ({
  tenders: [],
  busy: false,
  errors: none,

  add(tender) {
    set({ tenders: [...get().tenders, tender], errors: none });
  },

  removeAt(index) {
    set({ tenders: get().tenders.filter((_, i) => i !== index), errors: none });
  },

  reset() {
    set({ tenders: [], busy: false, errors: none });
  },

  async commit(tenders, approval) {
    if (get().busy) return false;
    const counter = useCounter.getState();
    const content = counter.saleContent();
    if (!content) {
      counter.toPayment();
      counter.backToCart();
      return false;
    }
    // An earlier attempt of this cart whose outcome is unknown lends its key, whatever changed since:
    // the store makes at most one sale under it.
    const pending = counter.pending;
    // What is kept with the cart (across a reload) never holds a manager's PIN or password: the store does not hash the approval with the sale.
    const kept: CheckoutInput = { ...content, tenders, idempotencyKey: pending?.key ?? newKey() };
    const input: CheckoutInput = approval ? { ...kept, approval } : kept;
    const tried = pending ? pending.inputs.filter((i) => !sameSale(i, kept)) : [];
    set({ busy: true, errors: none });
    // Kept before it is sent: a reload while it is on its way still knows its key.
    useCounter.setState({ pending: { key: input.idempotencyKey, inputs: [...tried.slice(-(MAX_PENDING - 1)), kept] } });
    try {
      let result: SaleResult;
      try {
        result = await api.call('orders.checkout', input);
      } catch (err) {
        // The key was used by an earlier attempt with other input: that sale was made. Its
        // replay (nothing written) is the sale to show.
        if (!keyUsed(err)) throw err;
        const made = await replay(tried);
        if (!made) {
          useCounter.setState({ pending: null });
          set({ tenders, errors: { tenders: {}, general: lostSale() } });
          return false;
        }
        result = made;
      }
      set({ tenders: [] });
      useCounter.getState().finishSale(result);
      return true;
    } catch (err) {
      // A refusal is final (nothing was stored under the key): the next attempt gets a new key.
      // A network failure (INTERNAL) may have been stored: the key stays with the cart.
      if (!unknownOutcome(err)) useCounter.setState({ pending: null });
      // The held order was changed, charged or removed elsewhere: the cart takes it as it is now.
      if (content.heldOrderId !== undefined && heldGone(err)) {
        set({ tenders: [], errors: none });
        await useCounter.getState().heldChanged();
        return false;
      }
      // A manager must approve (or the approval was wrong): told on the approval's fields, the tenders kept.
      const reason = approvalReason(err);
      if (reason) {
        set({ tenders, errors: { tenders: {}, general: err instanceof Error ? err.message : null, approval: reason } });
        return false;
      }
      if (useCounter.getState().refused(err)) return false;
      // The tenders sent are all on screen now, each with its message.
      set({ tenders, errors: checkoutErrors(err) });
      return false;
    } finally {
      set({ busy: false });
    }
  },
}));
