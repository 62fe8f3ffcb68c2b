import { useState, type ReactNode } from 'react';
import type { Customer, OrderLine, Payment } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import { href, navigate } from '../../app/router';
import { useChanged, useContractQuery, useDataClient, useStoreFormat } from '../../data';
import { useT } from '../../i18n';
import { Badge, Banner, Button, LoadError, PageHeader, Table, toast, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { openInvoicePdf } from '../documents/openInvoicePdf';
import { ReceiptPage } from '../documents/ReceiptPage';
import { CancelOrderDialog } from '../orders/CancelOrderDialog';
import { OrderHistory } from '../orders/OrderHistory';
import { StatusBadge } from '../orders/StatusBadge';
import { takePayment } from '../orders/takePayment';
import { useSession } from '../session/store';
import { leftToReturn } from './creditNotes';
import { InvoiceCreditNotes } from './InvoiceCreditNotes';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import { anyDiscount, discountColumn, LineDiscount, LinePrice, PricingNotes } from './LineFigures';
import { DocumentTotals, TaxByRate } from './TaxTotals';
import { useInvoiceDetail } from './queries';

interface LineRow {
  line: OrderLine;
  index: number;
}

function Party({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="invoice__card" aria-label={title}>
      <h2 className="invoice__card-title">{title}</h2>
      {children}
    </section>
  );
}

function CustomerBlock({ customer }: { customer: Customer | null }) {
  const t = useT();
  if (!customer) return <p className="list__muted">{t('invoices.walkInCustomer')}</p>;
  return (
    <address className="invoice__address">
      <strong>{customer.name}</strong>
      {customer.address ? <span className="invoice__multiline">{customer.address}</span> : null}
      {customer.taxId ? <span>{t('invoices.taxId', { taxId: customer.taxId })}</span> : null}
      {customer.email ? <span>{customer.email}</span> : null}
      {customer.phone ? <span>{customer.phone}</span> : null}
    </address>
  );
}

/**
 * One invoice: parties, lines (with what came back of each), tax per rate, totals with what was
 * credited, payments and refunds, its credit notes, the history, returns and cancel-and-refund.
 */
export function InvoiceDetail({ id }: { id: string }) {
  const t = useT();
  const role = useSession((s) => s.user?.role);
  // What is left to return; the invoice shows without it while the core cannot say.
  const returnable = useContractQuery('returns.returnable', { invoiceId: id }).data;
  const [cancelling, setCancelling] = useState(false);
  const [pdfBusy, setPdfBusy] = useState(false);
  const [payBusy, setPayBusy] = useState(false);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState(false);
  const withPayments = role ? canCall(role, 'payments.list') : false;
  // Live: a payment or a cancellation anywhere re-reads the invoice, its order and payments (data/invalidation.ts).
  const { detail: shown, error, retry } = useInvoiceDetail(id, withPayments);
  const client = useDataClient();
  const changed = useChanged();
  const fmt = useStoreFormat();

  // Above the header, not among its actions: a manager's five actions stay on one row on a 1024-pixel till.
  const back = (
    <a className="invoice__back" href={href('/invoices')}>
      {t('invoices.allInvoices')}
    </a>
  );

  if (!shown) {
    return (
      <>
        {back}
        <PageHeader eyebrow={t('invoices.invoice')} title={t('invoices.invoice')} />
        {error ? (
          <LoadError title={t('invoices.invoiceLoadFailed')} message={error.message} onRetry={retry} />
        ) : (
          <p className="list__muted" aria-busy="true">
            {t('invoices.invoiceLoading')}
          </p>
        )}
      </>
    );
  }

  const { invoice, order, payments } = shown;
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  const dash = <span className="list__muted">{t('common.none_dash')}</span>;
  const formatDateTime = (iso: string) => fmt.dateTime(iso);
  const next = order?.allowedTransitions ?? [];
  const paid = invoice.amountPaid > 0;
  const canCancel = !!role && !!order && next.includes('CANCELLED') && canCall(role, 'orders.cancel') && !(role === 'cashier' && order.amountPaid > 0);
  const canPay = !!role && invoice.status === 'PENDING' && next.includes('FULFILLED') && canCall(role, 'payments.pay');
  const left = returnable ? leftToReturn(returnable.lines) : null;
  const returnedOf = (index: number) => returnable?.lines.find((l) => l.invoiceLineIndex === index);
  const canReturn = !!role && invoice.status !== 'CANCELLED' && canCall(role, 'returns.create') && !!left && left.units > 0;

  const showPdf = async () => {
    setPdfBusy(true);
    setPdfError(null);
    try {
      await openInvoicePdf(invoice.id);
    } catch (err) {
      setPdfError(err instanceof Error ? err.message : String(err));
    } finally {
      setPdfBusy(false);
    }
  };

  const lineColumns: Column<LineRow>[] = [
    {
      key: 'item',
      header: t('invoices.item'),
      render: ({ line }) => (
        <span>
          {line.name}
          {line.sku ? <span className="invoice__sku"> {line.sku}</span> : null}
        </span>
      ),
    },
    { key: 'qty', header: t('invoices.qty'), align: 'end', width: 'shrink', render: ({ line }) => line.quantity },
    { key: 'price', header: t('invoices.unitPrice'), align: 'end', width: 'shrink', render: ({ line }) => <LinePrice line={line} currency={invoice.currency} /> },
    ...discountColumn<LineRow>(anyDiscount(invoice.lines), ({ line }) => <LineDiscount line={line} currency={invoice.currency} fmt={fmt} />),
    { key: 'rate', header: t('invoices.taxRate'), align: 'end', width: 'shrink', render: ({ line }) => fmt.rate(line.taxRateBp) },
    { key: 'net', header: t('invoices.net'), align: 'end', width: 'shrink', render: ({ line }) => money(line.subtotal) },
    { key: 'total', header: t('common.total'), align: 'end', width: 'shrink', render: ({ line }) => <strong>{money(line.total)}</strong> },
  ];
  // Once anything came back: how many of each line, and what is left to return.
  if (left && left.returnedUnits > 0) {
    lineColumns.splice(2, 0, {
      key: 'returned',
      header: t('invoices.returned'),
      align: 'end',
      width: 'shrink',
      render: ({ index }) => {
        const r = returnedOf(index);
        return r && r.returned > 0 ? <span className="invoice__returned">{r.returned}</span> : dash;
      },
    });
  }
  const paymentColumns: Column<Payment>[] = [
    { key: 'at', header: t('common.date'), render: (p) => <time className="list__nowrap" dateTime={p.createdAt}>{formatDateTime(p.createdAt)}</time> },
    { key: 'kind', header: t('invoices.kind'), render: (p) => (p.kind === 'refund' ? <Badge tone="danger">{t('invoices.refund')}</Badge> : <Badge tone="success">{t('invoices.payment')}</Badge>) },
    { key: 'method', header: t('invoices.method'), render: (p) => t(`common.${p.method}`) },
    {
      key: 'detail',
      header: t('invoices.details'),
      render: (p) => {
        const parts: string[] = [];
        // A refund names the credit note it pays back.
        const creditNote = p.creditNoteId === null ? undefined : returnable?.creditNotes.find((c) => c.id === p.creditNoteId);
        if (creditNote) parts.push(creditNote.number);
        if (p.voucherCode) parts.push(t('invoices.voucherCode', { code: p.voucherCode }));
        if (p.reference) parts.push(t('invoices.reference', { reference: p.reference }));
        if (p.tendered !== null) parts.push(t('invoices.tendered', { amount: money(p.tendered) }));
        if (p.change) parts.push(t('invoices.change', { amount: money(p.change) }));
        return parts.length > 0 ? parts.join(' · ') : dash;
      },
    },
    {
      key: 'amount',
      header: t('common.amount'),
      align: 'end',
      render: (p) => <span className={`list__amount${p.kind === 'refund' ? ' invoice__refund' : ''}`}>{p.kind === 'refund' ? t('invoices.minus', { amount: money(p.amount) }) : money(p.amount)}</span>,
    },
  ];

  return (
    <>
      {back}
      <PageHeader
        eyebrow={t('invoices.invoiceEyebrow', { number: invoice.orderNumber })}
        title={invoice.number}
        description={
          <span className="invoice__status-line">
            <InvoiceStatusBadge status={invoice.status} />
            {order && order.status !== 'CANCELLED' ? <StatusBadge status={order.status} /> : null}
            <span>{t('invoices.issuedAt', { date: formatDateTime(invoice.issuedAt) })}</span>
          </span>
        }
        actions={
          <>
            <Button onClick={() => void showPdf()} busy={pdfBusy}>
              {t('invoices.invoicePdf')}
            </Button>
            {role && canCall(role, 'receipts.print') ? <Button onClick={() => setReceipt(true)}>{t('invoices.reprintReceipt')}</Button> : null}
            {canReturn ? <Button onClick={() => navigate(`/returns/${invoice.id}`)}>{t('invoices.returnItems')}</Button> : null}
            {canPay ? (
              <Button
                variant="primary"
                busy={payBusy}
                onClick={() => {
                  setPayBusy(true);
                  takePayment(invoice.id, `/invoices/${invoice.id}`, t('invoices.backToInvoice')).catch((err: unknown) => {
                    setPayBusy(false);
                    toast(err instanceof Error ? err.message : String(err), 'error');
                  });
                }}
              >
                {t('invoices.takePayment')}
              </Button>
            ) : null}
            {canCancel ? (
              <Button variant="danger" onClick={() => setCancelling(true)}>
                {paid ? t('invoices.cancelAndRefund') : t('invoices.cancelInvoice')}
              </Button>
            ) : null}
          </>
        }
      />
      {pdfError ? (
        <Banner tone="error" title={t('invoices.pdfFailed')} onDismiss={() => setPdfError(null)}>
          {pdfError}
        </Banner>
      ) : null}
      {invoice.status === 'CANCELLED' ? (
        <Banner tone="warning" title={t('invoices.cancelledAt', { date: invoice.cancelledAt ? formatDateTime(invoice.cancelledAt) : '' })}>
          {invoice.cancelReason ? t('invoices.cancelReason', { reason: invoice.cancelReason }) : t('invoices.noCancelReason')}
        </Banner>
      ) : null}

      <div className="invoice__grid">
        <Party title={t('invoices.seller')}>
          <address className="invoice__address">
            <strong>{invoice.seller.name}</strong>
            {invoice.seller.address ? <span className="invoice__multiline">{invoice.seller.address}</span> : null}
            {invoice.seller.taxId ? <span>{t('invoices.taxId', { taxId: invoice.seller.taxId })}</span> : null}
            {invoice.seller.phone ? <span>{invoice.seller.phone}</span> : null}
          </address>
        </Party>
        <Party title={t('invoices.customer')}>
          <CustomerBlock customer={invoice.customer} />
        </Party>
        <Party title={t('invoices.dates')}>
          <dl className="invoice__totals invoice__dates">
            <dt>{t('invoices.issued')}</dt>
            <dd>{formatDateTime(invoice.issuedAt)}</dd>
            {invoice.paidAt ? (
              <>
                <dt>{t('invoices.paidOn')}</dt>
                <dd>{formatDateTime(invoice.paidAt)}</dd>
              </>
            ) : null}
            {invoice.cancelledAt ? (
              <>
                <dt>{t('invoices.cancelledOn')}</dt>
                <dd>{formatDateTime(invoice.cancelledAt)}</dd>
              </>
            ) : null}
            <dt>{t('invoices.order')}</dt>
            <dd>{t('invoices.orderRef', { number: invoice.orderNumber })}</dd>
          </dl>
        </Party>
      </div>

      <div className="invoice__section">
        <PricingNotes basis={invoice.priceBasis} discount={invoice.discount} approvedBy={invoice.approvedByName} currency={invoice.currency} fmt={fmt} />
        <Table caption={t('invoices.lines')} showCaption columns={lineColumns} rows={invoice.lines.map((line, index) => ({ line, index }))} rowKey={(r) => String(r.index)} />
      </div>
      <div className="invoice__section invoice__split">
        <TaxByRate rows={invoice.taxBreakdown} currency={invoice.currency} />
        <Party title={t('invoices.totals')}>
          <DocumentTotals net={invoice.subtotal} tax={invoice.tax} total={invoice.total} discountTotal={invoice.discountTotal} totalLabel={t('common.total')} totalTestId="invoice-total" currency={invoice.currency}>
            {invoice.credited > 0 ? (
              <>
                <dt>{t('invoices.credited')}</dt>
                <dd className="invoice__refund" data-testid="invoice-credited">
                  {t('invoices.minus', { amount: money(invoice.credited) })}
                </dd>
              </>
            ) : null}
            <dt>{invoice.credited > 0 ? t('invoices.paidLessRefunds') : t('invoices.paid')}</dt>
            <dd data-testid="invoice-paid">{money(invoice.amountPaid)}</dd>
            {invoice.status === 'PENDING' || invoice.balance !== 0 ? (
              <>
                <dt className="invoice__due">{t('invoices.balanceDue')}</dt>
                <dd className="invoice__due" data-testid="invoice-balance">
                  {money(invoice.balance)}
                </dd>
              </>
            ) : null}
          </DocumentTotals>
        </Party>
      </div>
      <InvoiceCreditNotes invoice={invoice} />
      {returnable && left && (left.returnedUnits > 0 || canReturn) && invoice.status !== 'CANCELLED' ? (
        <p className="invoice__returnable" data-testid="invoice-returnable">
          {left.units === 0
            ? t('invoices.allReturned')
            : t('invoices.leftToReturn', { units: left.units, unitsText: fmt.number(left.units), lines: left.lines })} {left.units > 0
            ? returnable.outsideWindow
              ? t('invoices.returnWindowEnded', { date: fmt.date(returnable.windowEndsAt) })
              : t('invoices.returnsUntil', { date: fmt.date(returnable.windowEndsAt) })
            : ''}
        </p>
      ) : null}
      {payments ? (
        <div className="invoice__section">
          <Table
            caption={t('invoices.paymentsAndRefunds')}
            showCaption
            columns={paymentColumns}
            rows={payments}
            rowKey={(p) => p.id}
            empty={invoice.status === 'CANCELLED' ? t('invoices.nothingPaid') : t('invoices.noPaymentYet')}
          />
        </div>
      ) : null}
      <section className="invoice__section invoice__card" aria-labelledby="invoice-history">
        <h2 className="invoice__card-title" id="invoice-history">
          {t('invoices.history')}
        </h2>
        <OrderHistory orderId={invoice.orderId} currency={invoice.currency} />
      </section>

      {receipt ? <ReceiptPage invoiceId={invoice.id} autoPrint onClose={() => setReceipt(false)} /> : null}
      {cancelling && order ? (
        <CancelOrderDialog
          order={order}
          invoiceNumber={invoice.number}
          onClose={() => setCancelling(false)}
          onConfirm={async (reason) => {
            const cancelled = await client.call('orders.cancel', { id: invoice.orderId, reason });
            await Promise.all([
              changed({ event: 'order.changed', data: { id: cancelled.id, status: cancelled.status } }),
              changed({ event: 'invoice.changed', data: { id: invoice.id, status: 'CANCELLED' } }),
            ]);
            setCancelling(false);
            toast(paid ? t('invoices.cancelledRefundedToast', { number: invoice.number, amount: money(invoice.amountPaid) }) : t('invoices.cancelledToast', { number: invoice.number }));
          }}
        />
      ) : null}
    </>
  );
}
