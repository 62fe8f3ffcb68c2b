import { useCallback, useEffect } from 'react';
import type { Invoice } from '../../../../shared/contract';
import { navigate } from '../../app/router';
import { PageHeader, toast } from '../../ui';
import { PaymentPanel } from '../payment/PaymentPanel';
import { usePayment } from '../payment/store';
import { Cart } from './Cart';
import { ProductGrid } from './ProductGrid';
import { focusScan, ScanSearch } from './ScanSearch';
import { useCounter } from './store';
import './counter.css';

function Sale() {
  const charge = useCounter((s) => s.charge);
  const hold = useCounter((s) => s.hold);
  const onCharge = useCallback(async () => {
    const result = await charge();
    // A refusal moves the focus to its first error (see Cart).
    if (result) usePayment.getState().open(result.invoice.id, { invoice: result.invoice });
  }, [charge]);

  const onHold = useCallback(async () => {
    const order = await hold();
    if (order) {
      toast(`Order #${order.number} held`);
      focusScan();
    }
  }, [hold]);

  // F9 and Ctrl+Enter charge from anywhere on the counter.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const isCharge = (e.key === 'F9' && !e.ctrlKey && !e.altKey) || (e.key === 'Enter' && (e.ctrlKey || e.metaKey));
      if (!isCharge || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      if (useCounter.getState().lines.length > 0) void onCharge();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCharge]);

  return (
    <>
      <PageHeader title="Counter" />
      <div className="counter">
        <section className="counter__catalog" aria-label="Products">
          <ScanSearch />
          <ProductGrid />
        </section>
        <Cart onCharge={() => void onCharge()} onHold={() => void onHold()} />
      </div>
    </>
  );
}

function Payment({ invoiceId }: { invoiceId: string }) {
  const session = usePayment((s) => s.session);
  const close = usePayment((s) => s.close);
  const returnTo = session?.returnTo ?? null;

  const done = () => {
    close();
    if (returnTo) navigate(returnTo);
  };

  const leave = (invoice: Invoice | null) => {
    close();
    if (invoice && invoice.balance > 0) toast(`Order #${invoice.orderNumber} is waiting for payment in Orders.`, 'info');
    if (returnTo) navigate(returnTo);
  };

  return (
    <>
      <PageHeader title="Take payment" />
      <PaymentPanel invoiceId={invoiceId} onDone={done} onLeave={leave} doneLabel={session?.returnLabel ?? 'New sale'} />
    </>
  );
}

/** The sales counter: scan or pick products, Charge or Hold; after Charge, the payment screen of the new invoice. */
export function CounterPage() {
  const payingFor = usePayment((s) => s.session?.invoiceId ?? null);
  return payingFor ? <Payment invoiceId={payingFor} /> : <Sale />;
}
