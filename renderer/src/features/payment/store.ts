import { create } from 'zustand';
import type { Input, Invoice, Order, Payment } from '../../../../shared/contract';
import { api, ApiError } from '../../api';
import { navigate } from '../../app/router';
import { onSessionCleared } from '../session/store';
import { newKey } from './keys';

/** Which invoice the counter is taking payment for, and where to go when it is done. */
export interface PaymentSession {
  invoiceId: string;
  /** A route to return to when done (e.g. '/orders'); null: back to an empty counter. */
  returnTo: string | null;
  /** The label of the done button when returning somewhere else ("Back to orders"). */
  returnLabel: string | null;
}

export type PayRequest = Omit<Input<'payments.pay'>, 'idempotencyKey'>;

export interface PayResult {
  payment: Payment;
  invoice: Invoice;
  order: Order;
}

export interface PaymentState {
  /** Set while the counter shows the payment screen. */
  session: PaymentSession | null;
  invoice: Invoice | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadError: string | null;
  /** Payments taken here for `invoice`, oldest first. */
  made: Payment[];
  busy: boolean;
  /**
   * The last pay attempt whose outcome is unknown (a network failure): retried with the
   * same input it keeps its idempotency key, so the payment is never taken twice.
   */
  attempt: { key: string; fingerprint: string } | null;
  /** Opens the payment screen of the counter for an invoice (an already loaded one skips the fetch). */
  open(invoiceId: string, opts?: { invoice?: Invoice; returnTo?: string | null; returnLabel?: string | null }): void;
  /** Loads an invoice for the panel (keeps what was taken here if it is the same invoice). */
  load(invoiceId: string): Promise<void>;
  /** Takes a payment; throws ApiError for the panel to show next to its fields. */
  pay(request: PayRequest): Promise<PayResult>;
  /** Leaves the payment screen. */
  close(): void;
}

const initial = { session: null, invoice: null, status: 'idle', loadError: null, made: [], busy: false, attempt: null } as const;

export const usePayment = create<PaymentState>((set, get) => ({
  ...initial,
  made: [],

  open(invoiceId, opts = {}) {
    const same = get().invoice?.id === invoiceId;
    set({
      session: { invoiceId, returnTo: opts.returnTo ?? null, returnLabel: opts.returnLabel ?? null },
      invoice: opts.invoice ?? (same ? get().invoice : null),
      status: opts.invoice || same ? 'ready' : 'idle',
      loadError: null,
      made: same ? get().made : [],
      attempt: same ? get().attempt : null,
    });
  },

  async load(invoiceId) {
    const same = get().invoice?.id === invoiceId;
    set({ status: same ? 'ready' : 'loading', loadError: null, ...(same ? {} : { invoice: null, made: [], attempt: null }) });
    try {
      const invoice = await api.call('invoices.get', { id: invoiceId });
      set({ invoice, status: 'ready' });
    } catch (err) {
      set({ status: 'error', loadError: err instanceof Error ? err.message : String(err) });
    }
  },

  async pay(request) {
    const fingerprint = JSON.stringify(request);
    const previous = get().attempt;
    const key = previous && previous.fingerprint === fingerprint ? previous.key : newKey();
    set({ busy: true, attempt: { key, fingerprint } });
    try {
      const result = await api.call('payments.pay', { ...request, idempotencyKey: key });
      const made = get().made.some((p) => p.id === result.payment.id) ? get().made : [...get().made, result.payment];
      set({ invoice: result.invoice, made, attempt: null });
      return result;
    } catch (err) {
      // A refusal is final (nothing was recorded): the next attempt gets a new key.
      // A network failure (INTERNAL) may have been recorded: the same attempt keeps its key.
      if (!(err instanceof ApiError && err.code === 'INTERNAL')) set({ attempt: null });
      if (err instanceof ApiError && err.code === 'INVALID_TRANSITION') void get().load(request.invoiceId);
      throw err;
    } finally {
      set({ busy: false });
    }
  },

  close() {
    set({ ...initial, made: [] });
  },
}));

/**
 * Takes payment for an existing invoice on the counter's payment screen (e.g. from the
 * Orders queue). When it is paid (or the cashier chooses Pay later) the app returns to
 * `returnTo`, with `returnLabel` on the done button.
 */
export function openPayment(invoiceId: string, opts: { returnTo?: string; returnLabel?: string } = {}): void {
  usePayment.getState().open(invoiceId, { returnTo: opts.returnTo ?? null, returnLabel: opts.returnLabel ?? null });
  navigate('/counter');
}

onSessionCleared(() => usePayment.setState({ ...initial, made: [] }));
