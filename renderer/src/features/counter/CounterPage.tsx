import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { CashSession, Invoice } from '../../../../shared/contract';
import { navigate } from '../../app/router';
import { useContractQuery, useQueryClient, useStoreFormat, useStoreSettings } from '../../data';
import { t as translate, useT } from '../../i18n';
import { PageHeader, toast } from '../../ui';
import { CloseRegister } from '../register/CloseRegister';
import { OpenRegister } from '../register/OpenRegister';
import { RegisterBar } from '../register/RegisterMenu';
import { staleSessionWarning, useCashSession, useRegisterUi } from '../register/registerStore';
import { useSession } from '../session/store';
import { CheckoutStep } from '../payment/CheckoutStep';
import { useCheckout } from '../payment/checkout';
import { DonePanel } from '../payment/DonePanel';
import { PaymentPanel } from '../payment/PaymentPanel';
import { useCartApprovalNeeds } from '../payment/SaleApproval';
import { usePayment } from '../payment/store';
import { useAdjustKeys } from './Adjust';
import { Cart } from './Cart';
import { HoldApproval, type HoldAsk } from './HoldApproval';
import { GiftVoucherAmount, GiftVoucherButton, GiftVoucherSaleStep, useGiftVoucherKey } from './GiftVoucher';
import { useGiftVoucher } from './giftVoucher';
import { ProductGrid } from './ProductGrid';
import { focusScan, ScanSearch } from './ScanSearch';
import { useCounter } from './store';
import './counter.css';

/** The store's quantity limit above which a line asks for confirmation. */
export function useQuantityLimit(): number {
  return useStoreSettings().data?.quantityConfirmAbove ?? 999;
}

function isTextField(el: Element | null): boolean {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit'].includes(el.type);
}

/** The sale just made, in the cart's place: the next scan (or search) starts the next sale, whatever was clicked. */
function SaleDone() {
  const done = useCounter((s) => s.done);
  const newSale = useCounter((s) => s.newSale);
  const t = useT();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.key.length !== 1 || e.key === ' ') return;
      if (document.querySelector('dialog[open]') || isTextField(document.activeElement)) return;
      // P prints the receipt while the focus is in the done panel.
      if ((e.key === 'p' || e.key === 'P') && document.activeElement?.closest('.pay-done')) return;
      // Moved now, the key (a scanner's first digit) lands in the scan input.
      document.querySelector<HTMLInputElement>('.scan__input')?.focus();
    };
    const onInput = (e: Event) => {
      if ((e.target as Element | null)?.classList?.contains('scan__input')) newSale();
    };
    window.addEventListener('keydown', onKey, true);
    // Bubbling, after the input's own onChange took the character: a new sale started before it
    // (capture) re-renders the input at once with its old text and the first key is lost.
    document.addEventListener('input', onInput);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('input', onInput);
    };
  }, [newSale]);

  if (!done) return null;
  return (
    <DonePanel
      compact
      invoice={done.invoice}
      made={done.payments}
      change={done.change}
      doneLabel={t('counter.newSale')}
      onDone={() => {
        newSale();
        focusScan();
      }}
    />
  );
}

function Sale({ bar }: { bar: ReactNode }) {
  const stage = useCounter((s) => s.stage);
  const hold = useCounter((s) => s.hold);
  const limit = useQuantityLimit();
  const t = useT();
  useGiftVoucherKey(stage !== 'pay');
  useAdjustKeys(stage === 'cart');

  const onCharge = useCallback(() => {
    const counter = useCounter.getState();
    if (counter.askQuantity(limit)) return;
    // A refusal moves the focus to its first error (see Cart).
    if (counter.toPayment()) useCheckout.getState().reset();
  }, [limit]);

  // Beyond the cashier's limit Hold asks a manager first, as Pay does; the store's refusal asks too.
  const needsApproval = useCartApprovalNeeds().length > 0;
  const [asking, setAsking] = useState<HoldAsk | null>(null);
  // Back to scanning once the approval dialog has closed (closing it gives the focus back to where it was).
  const [scanNext, setScanNext] = useState(false);
  useEffect(() => {
    if (asking !== null || !scanNext) return;
    setScanNext(false);
    focusScan();
  }, [asking, scanNext]);
  const onHold = useCallback(async () => {
    const counter = useCounter.getState();
    if (counter.askQuantity(limit)) return;
    if (needsApproval) {
      if (counter.check()) setAsking({ why: null });
      return;
    }
    const outcome = await hold();
    if (outcome && 'approval' in outcome) setAsking({ why: outcome.message });
    else if (outcome) focusScan();
  }, [hold, limit, needsApproval]);

  // F9 and Ctrl+Enter charge from anywhere on the counter.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const isCharge = (e.key === 'F9' && !e.ctrlKey && !e.altKey) || (e.key === 'Enter' && (e.ctrlKey || e.metaKey));
      if (!isCharge || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      if (useCounter.getState().stage === 'cart' && useCounter.getState().lines.length > 0) onCharge();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCharge]);

  return (
    <>
      <PageHeader
        title={t('counter.counterTitle')}
        actions={bar}
      />
      <GiftVoucherAmount />
      <div className="counter">
        <section className="counter__catalog" aria-label={t('counter.productsRegion')}>
          {/* Beside the scan box: the header's row is the register's (its name, a warning, its menu). */}
          <ScanSearch tools={<GiftVoucherButton />} />
          <ProductGrid />
        </section>
        {stage === 'done' ? <SaleDone /> : <Cart onCharge={onCharge} onHold={() => void onHold()} />}
      </div>
      {asking ? (
        <HoldApproval
          ask={asking}
          onDone={(outcome) => {
            setAsking(null);
            // Refused with errors on the cart: the focus goes to the first, once the dialog gave it back; else back to scanning.
            if (outcome === null) useCounter.setState({ focusRefusal: true });
            else setScanNext(true);
          }}
        />
      ) : null}
    </>
  );
}

/** Paying an existing invoice later (from the queue): payments.pay, one tender at a time. */
function Payment({ invoiceId, bar }: { invoiceId: string; bar: ReactNode }) {
  const session = usePayment((s) => s.session);
  const close = usePayment((s) => s.close);
  const t = useT();
  const returnTo = session?.returnTo ?? null;

  const done = () => {
    close();
    if (returnTo) navigate(returnTo);
  };

  const leave = (invoice: Invoice | null) => {
    close();
    if (invoice && invoice.balance > 0) toast(t('counter.waitingForPayment', { number: invoice.orderNumber }), 'info');
    if (returnTo) navigate(returnTo);
  };

  return (
    <>
      <PageHeader title={t('counter.takePayment')} actions={bar} />
      <PaymentPanel invoiceId={invoiceId} onDone={done} onLeave={leave} doneLabel={session?.returnLabel ?? t('counter.newSale')} />
    </>
  );
}

/**
 * The register was closed while this terminal sold (from another terminal, or a sale refused
 * with NO_CASH_SESSION): the counter asks to open it, saying why; the cart stays as it is.
 * A refused payment step makes the counter read the session again at once.
 */
function useClosedElsewhere(registerId: string | null, session: CashSession | null | undefined): void {
  const queryClient = useQueryClient();
  const last = useRef<CashSession | null>(null);
  useEffect(() => {
    if (session === undefined) return;
    const was = last.current;
    last.current = session;
    if (!was || session || was.registerId !== registerId || useRegisterUi.getState().closing) return;
    useRegisterUi.getState().setClosedNotice(translate('counter.registerClosedElsewhere', { code: was.registerCode }));
    useCounter.getState().backToCart();
    useCheckout.getState().reset();
  }, [registerId, session]);
  useEffect(
    () =>
      useCheckout.subscribe((s, prev) => {
        if (s.errors.general && s.errors.general !== prev.errors.general) void queryClient.invalidateQueries({ queryKey: ['cashSessions.current'] });
      }),
    [queryClient],
  );
}

/**
 * The Counter's own nav link, clicked while the counter is shown, changes no page, so nothing
 * else moves the focus from the link: it goes to the scan box, ready for the next scan.
 */
function useScanFocusFromNav(): void {
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      const link = e.target instanceof Element ? e.target.closest('a[href="#/counter"]') : null;
      if (link && !document.querySelector('dialog[open]')) focusScan();
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);
}

/** The sales counter: scan or pick products; Charge opens the cart's payment step; the sale is made on Pay. */
export function CounterPage() {
  const payingFor = usePayment((s) => s.session?.invoiceId ?? null);
  const stage = useCounter((s) => s.stage);
  const gift = useGiftVoucher((s) => s.stage);
  const registerId = useSession((s) => s.registerId);
  const current = useCashSession(registerId);
  const registers = useContractQuery('registers.list', { includeInactive: false }, { enabled: registerId !== null });
  const closing = useRegisterUi((s) => s.closing);
  const setClosing = useRegisterUi((s) => s.setClosing);
  const fmt = useStoreFormat();
  const t = useT();
  const session = registerId === null ? null : current.data?.session;
  useClosedElsewhere(registerId, session);
  useScanFocusFromNav();

  if (closing) return <CloseRegister sessionId={closing} onDone={() => setClosing(null)} onCancel={() => setClosing(null)} />;
  const register = registers.data?.items.find((r) => r.id === registerId);
  const warning = session ? staleSessionWarning(session, Date.now(), fmt) : null;
  const bar = <RegisterBar register={register} session={session ?? null} warning={warning} />;
  if (registerId !== null) {
    // Not read yet: the header only (no sale taken before the session is known).
    if (current.isPending) return <PageHeader title={t('counter.counterTitle')} actions={bar} />;
    if (session === null) {
      return (
        <>
          <PageHeader title={t('counter.counterTitle')} actions={bar} />
          <OpenRegister register={register} registerId={registerId} />
        </>
      );
    }
  }
  if (gift === 'pay' || gift === 'done') return <GiftVoucherSaleStep bar={bar} />;
  if (payingFor) return <Payment invoiceId={payingFor} bar={bar} />;
  if (stage === 'pay') return <CheckoutStep />;
  return <Sale bar={bar} />;
}
