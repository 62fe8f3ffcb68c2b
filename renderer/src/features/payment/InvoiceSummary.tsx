import type { Invoice, Payment } from '../../../../shared/contract';
import { formatMoney } from '../../ui/money';
import { PaymentRow } from './PaymentRow';
import { useT } from '../../i18n';

/** The invoice beside the payment form: its lines, totals, the payments taken and the balance left. */
export function InvoiceSummary({ invoice, made, paidEarlier }: { invoice: Invoice; made: Payment[]; paidEarlier: number }) {
  const t = useT();
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  // As the cart showed them: lines in the invoice's price basis after their own discount, then the order discount.
  const gross = invoice.priceBasis === 'gross';
  const orderDiscount = invoice.lines.reduce((sum, l) => sum + l.orderDiscount, 0);
  return (
    <aside className="pay__side" aria-label={t('payment.invoiceNumber', { number: invoice.number })}>
      <div className="pay__side-head">
        <h2 className="pay__side-title">{t('payment.invoiceNumber', { number: invoice.number })}</h2>
        {invoice.customer ? <p className="pay__side-customer">{invoice.customer.name}</p> : null}
      </div>
      <ul className="pay__lines" aria-label={t('payment.items')}>
        {invoice.lines.map((l, i) => (
          <li key={i} className="pay__line">
            <span className="pay__line-name">{t('payment.lineItem', { quantity: String(l.quantity), name: l.name })}</span>
            <span className="pay__line-total">{money(l.amount - l.lineDiscount)}</span>
          </li>
        ))}
      </ul>
      <dl className="pay__totals">
        {orderDiscount > 0 ? (
          <div>
            <dt>{t('payment.orderDiscount')}</dt>
            <dd>{t('payment.minusAmount', { amount: money(orderDiscount) })}</dd>
          </div>
        ) : null}
        <div>
          <dt>{gross ? t('payment.net') : t('common.subtotal')}</dt>
          <dd>{money(invoice.subtotal)}</dd>
        </div>
        <div>
          <dt>{gross ? t('payment.taxIncluded') : t('common.tax')}</dt>
          <dd>{money(invoice.tax)}</dd>
        </div>
        <div className="pay__totals-total">
          <dt>{t('common.total')}</dt>
          <dd>{money(invoice.total)}</dd>
        </div>
      </dl>
      <div className="pay__payments">
        <h3 className="pay__payments-title">{t('payment.payments')}</h3>
        {made.length === 0 && paidEarlier <= 0 ? (
          <p className="pay__payments-empty">{t('payment.paymentsNoneYet')}</p>
        ) : (
          <ul className="pay__payment-list" aria-label={t('payment.paymentsTaken')}>
            {paidEarlier > 0 ? (
              <li className="pay__payment">
                <span className="pay__payment-method">{t('payment.paidEarlier')}</span>
                <span className="pay__payment-amount">{money(paidEarlier)}</span>
              </li>
            ) : null}
            {made.map((p) => (
              <PaymentRow key={p.id} p={p} currency={invoice.currency} />
            ))}
          </ul>
        )}
        <p className="pay__balance" data-testid="balance-left">
          <span>{t('payment.balanceLeft')}</span>
          <strong>{money(invoice.balance)}</strong>
        </p>
      </div>
    </aside>
  );
}

