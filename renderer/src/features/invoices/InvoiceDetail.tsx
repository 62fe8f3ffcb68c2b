import { useState, type ReactNode } from 'react';
import type { Customer, OrderLine, Payment } from '../../../../shared/contract';
import { canCall } from '../../app/access';
import { href, navigate } from '../../app/router';
import { useChanged, useContractQuery, useDataClient, useStoreFormat } from '../../data';
import { Badge, Banner, Button, LoadError, PageHeader, Table, toast, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { openInvoicePdf } from '../documents/openInvoicePdf';
import { ReceiptPage } from '../documents/ReceiptPage';
import { CancelOrderDialog } from '../orders/CancelOrderDialog';
import { OrderHistory } from '../orders/OrderHistory';
import { StatusBadge } from '../orders/StatusBadge';
import { takePayment } from '../orders/takePayment';
import { methodLabels } from '../payment/methods';
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
  if (!customer) return <p className="list__muted">Walk-in customer</p>;
  return (
    <address className="invoice__address">
      <strong>{customer.name}</strong>
      {customer.address ? <span className="invoice__multiline">{customer.address}</span> : null}
      {customer.taxId ? <span>Tax ID {customer.taxId}</span> : null}
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
      ← All invoices
    </a>
  );

  if (!shown) {
    return (
      <>
        {back}
        <PageHeader eyebrow="Invoice" title="Invoice" />
        {error ? (
          <LoadError title="The invoice could not be loaded." message={error.message} onRetry={retry} />
        ) : (
          <p className="list__muted" aria-busy="true">
            Loading the invoice…
          </p>
        )}
      </>
    );
  }

  const { invoice, order, payments } = shown;
  const money = (minor: number) => formatMoney(minor, invoice.currency);
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
      header: 'Item',
      render: ({ line }) => (
        <span>
          {line.name}
          {line.sku ? <span className="invoice__sku"> {line.sku}</span> : null}
        </span>
      ),
    },
    { key: 'qty', header: 'Qty', align: 'end', width: 'shrink', render: ({ line }) => line.quantity },
    { key: 'price', header: 'Unit price', align: 'end', width: 'shrink', render: ({ line }) => <LinePrice line={line} currency={invoice.currency} /> },
    ...discountColumn<LineRow>(anyDiscount(invoice.lines), ({ line }) => <LineDiscount line={line} currency={invoice.currency} fmt={fmt} />),
    { key: 'rate', header: 'Tax rate', align: 'end', width: 'shrink', render: ({ line }) => fmt.rate(line.taxRateBp) },
    { key: 'net', header: 'Net', align: 'end', width: 'shrink', render: ({ line }) => money(line.subtotal) },
    { key: 'total', header: 'Total', align: 'end', width: 'shrink', render: ({ line }) => <strong>{money(line.total)}</strong> },
  ];
  // Once anything came back: how many of each line, and what is left to return.
  if (left && left.returnedUnits > 0) {
    lineColumns.splice(2, 0, {
      key: 'returned',
      header: 'Returned',
      align: 'end',
      width: 'shrink',
      render: ({ index }) => {
        const r = returnedOf(index);
        return r && r.returned > 0 ? <span className="invoice__returned">{r.returned}</span> : <span className="list__muted">—</span>;
      },
    });
  }
  const paymentColumns: Column<Payment>[] = [
    { key: 'at', header: 'Date', render: (p) => <time className="list__nowrap" dateTime={p.createdAt}>{formatDateTime(p.createdAt)}</time> },
    { key: 'kind', header: 'Kind', render: (p) => (p.kind === 'refund' ? <Badge tone="danger">Refund</Badge> : <Badge tone="success">Payment</Badge>) },
    { key: 'method', header: 'Method', render: (p) => methodLabels[p.method] },
    {
      key: 'detail',
      header: 'Details',
      render: (p) => {
        const parts: string[] = [];
        // A refund names the credit note it pays back.
        const creditNote = p.creditNoteId === null ? undefined : returnable?.creditNotes.find((c) => c.id === p.creditNoteId);
        if (creditNote) parts.push(creditNote.number);
        if (p.voucherCode) parts.push(`Voucher ${p.voucherCode}`);
        if (p.reference) parts.push(`Ref. ${p.reference}`);
        if (p.tendered !== null) parts.push(`Tendered ${money(p.tendered)}`);
        if (p.change) parts.push(`Change ${money(p.change)}`);
        return parts.length > 0 ? parts.join(' · ') : <span className="list__muted">—</span>;
      },
    },
    {
      key: 'amount',
      header: 'Amount',
      align: 'end',
      render: (p) => <span className={`list__amount${p.kind === 'refund' ? ' invoice__refund' : ''}`}>{p.kind === 'refund' ? `−${money(p.amount)}` : money(p.amount)}</span>,
    },
  ];

  return (
    <>
      {back}
      <PageHeader
        eyebrow={`Invoice · order #${invoice.orderNumber}`}
        title={invoice.number}
        description={
          <span className="invoice__status-line">
            <InvoiceStatusBadge status={invoice.status} />
            {order && order.status !== 'CANCELLED' ? <StatusBadge status={order.status} /> : null}
            <span>Issued {formatDateTime(invoice.issuedAt)}</span>
          </span>
        }
        actions={
          <>
            <Button onClick={() => void showPdf()} busy={pdfBusy}>
              Invoice PDF
            </Button>
            {role && canCall(role, 'receipts.print') ? <Button onClick={() => setReceipt(true)}>Reprint receipt</Button> : null}
            {canReturn ? <Button onClick={() => navigate(`/returns/${invoice.id}`)}>Return items</Button> : null}
            {canPay ? (
              <Button
                variant="primary"
                busy={payBusy}
                onClick={() => {
                  setPayBusy(true);
                  takePayment(invoice.id, `/invoices/${invoice.id}`, 'Back to the invoice').catch((err: unknown) => {
                    setPayBusy(false);
                    toast(err instanceof Error ? err.message : String(err), 'error');
                  });
                }}
              >
                Take payment
              </Button>
            ) : null}
            {canCancel ? (
              <Button variant="danger" onClick={() => setCancelling(true)}>
                {paid ? 'Cancel and refund' : 'Cancel invoice'}
              </Button>
            ) : null}
          </>
        }
      />
      {pdfError ? (
        <Banner tone="error" title="The PDF could not be made." onDismiss={() => setPdfError(null)}>
          {pdfError}
        </Banner>
      ) : null}
      {invoice.status === 'CANCELLED' ? (
        <Banner tone="warning" title={`Cancelled ${invoice.cancelledAt ? formatDateTime(invoice.cancelledAt) : ''}`}>
          {invoice.cancelReason ? `Reason: ${invoice.cancelReason}` : 'No reason was recorded.'}
        </Banner>
      ) : null}

      <div className="invoice__grid">
        <Party title="Seller">
          <address className="invoice__address">
            <strong>{invoice.seller.name}</strong>
            {invoice.seller.address ? <span className="invoice__multiline">{invoice.seller.address}</span> : null}
            {invoice.seller.taxId ? <span>Tax ID {invoice.seller.taxId}</span> : null}
            {invoice.seller.phone ? <span>{invoice.seller.phone}</span> : null}
          </address>
        </Party>
        <Party title="Customer">
          <CustomerBlock customer={invoice.customer} />
        </Party>
        <Party title="Dates">
          <dl className="invoice__totals invoice__dates">
            <dt>Issued</dt>
            <dd>{formatDateTime(invoice.issuedAt)}</dd>
            {invoice.paidAt ? (
              <>
                <dt>Paid</dt>
                <dd>{formatDateTime(invoice.paidAt)}</dd>
              </>
            ) : null}
            {invoice.cancelledAt ? (
              <>
                <dt>Cancelled</dt>
                <dd>{formatDateTime(invoice.cancelledAt)}</dd>
              </>
            ) : null}
            <dt>Order</dt>
            <dd>#{invoice.orderNumber}</dd>
          </dl>
        </Party>
      </div>

      <div className="invoice__section">
        <PricingNotes basis={invoice.priceBasis} discount={invoice.discount} approvedBy={invoice.approvedByName} currency={invoice.currency} fmt={fmt} />
        <Table caption="Lines" showCaption columns={lineColumns} rows={invoice.lines.map((line, index) => ({ line, index }))} rowKey={(r) => String(r.index)} />
      </div>
      <div className="invoice__section invoice__split">
        <TaxByRate rows={invoice.taxBreakdown} currency={invoice.currency} />
        <Party title="Totals">
          <DocumentTotals net={invoice.subtotal} tax={invoice.tax} total={invoice.total} discountTotal={invoice.discountTotal} totalLabel="Total" totalTestId="invoice-total" currency={invoice.currency}>
            {invoice.credited > 0 ? (
              <>
                <dt>Credited</dt>
                <dd className="invoice__refund" data-testid="invoice-credited">
                  −{money(invoice.credited)}
                </dd>
              </>
            ) : null}
            <dt>{invoice.credited > 0 ? 'Paid, less refunds' : 'Paid'}</dt>
            <dd data-testid="invoice-paid">{money(invoice.amountPaid)}</dd>
            {invoice.status === 'PENDING' || invoice.balance !== 0 ? (
              <>
                <dt className="invoice__due">Balance due</dt>
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
            ? 'Everything on this invoice has been returned.'
            : `Left to return: ${fmt.number(left.units)} ${left.units === 1 ? 'item' : 'items'} on ${left.lines} ${left.lines === 1 ? 'line' : 'lines'}.`}{' '}
          {left.units > 0
            ? returnable.outsideWindow
              ? `The return window ended ${fmt.date(returnable.windowEndsAt)}: a manager approves a return.`
              : `Returns with this receipt until ${fmt.date(returnable.windowEndsAt)}.`
            : ''}
        </p>
      ) : null}
      {payments ? (
        <div className="invoice__section">
          <Table
            caption="Payments and refunds"
            showCaption
            columns={paymentColumns}
            rows={payments}
            rowKey={(p) => p.id}
            empty={invoice.status === 'CANCELLED' ? 'Nothing was paid.' : 'No payment yet.'}
          />
        </div>
      ) : null}
      <section className="invoice__section invoice__card" aria-labelledby="invoice-history">
        <h2 className="invoice__card-title" id="invoice-history">
          History
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
            toast(paid ? `${invoice.number} cancelled; ${money(invoice.amountPaid)} refunded.` : `${invoice.number} cancelled.`);
          }}
        />
      ) : null}
    </>
  );
}
