import type { ReactNode } from 'react';
import type { PaymentMethod, SessionReport } from '../../../../shared/contract';
import { useContractQuery, useStoreFormat } from '../../data';
import { useT, type MessageId } from '../../i18n';
import { Button, Dialog, LoadError } from '../../ui';

/** A tender's name (the payment methods are common words). */
const methodIds: Record<PaymentMethod, MessageId> = { cash: 'common.cash', card: 'common.card', other: 'common.other', voucher: 'common.voucher' };

function Row({ label, children, strong = false, testId }: { label: string; children: ReactNode; strong?: boolean; testId?: string }) {
  return (
    <div className={`xr__row${strong ? ' xr__row--strong' : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/**
 * The X report's figures: the drawer first (what the cashier checks), then sales, tenders,
 * taxes and the rest. A figure is named as on the printed Z (documents/zReport.ts) and the
 * Reports screens: "Cash payments", "Drops to safe", "Expected cash".
 */
function Figures({ x }: { x: SessionReport }) {
  const fmt = useStoreFormat();
  const t = useT();
  const money = (n: number) => fmt.money(n, x.currency);
  const counted = (c: { count: number; amount: number }) => t('register.countAndAmount', { count: fmt.number(c.count), amount: money(c.amount) });
  const plus = (n: number) => t('register.plusAmount', { amount: money(n) });
  const minus = (n: number) => t('register.minusAmount', { amount: money(n) });
  return (
    <div className="xr">
      <p className="xr__meta">
        {t('register.xMeta', { code: x.registerCode, name: x.registerName, openedAt: fmt.dateTime(x.openedAt), user: x.openedByName, date: fmt.date(x.at), time: fmt.time(x.at, true) })}
      </p>
      <section aria-labelledby="xr-cash" className="xr__section">
        <h3 id="xr-cash" className="xr__heading">{t('register.cashInDrawer')}</h3>
        <dl className="xr__list">
          <Row label={t('register.openingFloat')}>{money(x.openingFloat)}</Row>
          <Row label={t('register.cashPayments')}>{plus(x.cash.payments)}</Row>
          <Row label={t('register.cashRefunds')}>{minus(x.cash.refunds)}</Row>
          <Row label={t('register.payIns', { count: fmt.number(x.cash.payIns.count) })}>{plus(x.cash.payIns.amount)}</Row>
          <Row label={t('register.payOuts', { count: fmt.number(x.cash.payOuts.count) })}>{minus(x.cash.payOuts.amount)}</Row>
          <Row label={t('register.dropsToSafe', { count: fmt.number(x.cash.drops.count) })}>{minus(x.cash.drops.amount)}</Row>
          {x.expectedCash !== null ? (
            <Row label={t('register.expectedCash')} strong testId="x-expected">
              {money(x.expectedCash)}
            </Row>
          ) : (
            <Row label={t('register.expectedCash')}>{t('register.expectedCashBlind')}</Row>
          )}
        </dl>
      </section>
      <section aria-labelledby="xr-sales" className="xr__section">
        <h3 id="xr-sales" className="xr__heading">{t('register.salesHeading')}</h3>
        <dl className="xr__list">
          <Row label={t('register.salesCount')}>{fmt.number(x.sales.count)}</Row>
          <Row label={t('register.net')}>{money(x.sales.net)}</Row>
          <Row label={t('common.tax')}>{money(x.sales.tax)}</Row>
          <Row label={t('register.gross')} strong testId="x-gross">
            {money(x.sales.gross)}
          </Row>
          <Row label={t('register.refunds')}>{counted(x.refunds)}</Row>
          <Row label={t('register.cancellations')}>{counted(x.cancellations)}</Row>
          <Row label={t('register.creditNotes')}>{counted({ count: x.creditNotes.count, amount: -x.creditNotes.amount })}</Row>
          {x.rounding !== 0 ? <Row label={t('register.cashRounding')}>{money(x.rounding)}</Row> : null}
          <Row label={t('register.netSales')} strong>
            {money(x.netSales)}
          </Row>
        </dl>
      </section>
      {x.tenders.length > 0 ? (
        <section aria-labelledby="xr-tenders" className="xr__section">
          <h3 id="xr-tenders" className="xr__heading">{t('register.tendersHeading')}</h3>
          <table className="table xr__table">
            <thead>
              <tr>
                <th scope="col">{t('register.tender')}</th>
                <th scope="col">{t('register.payments')}</th>
                <th scope="col">{t('register.taken')}</th>
                <th scope="col">{t('register.refunds')}</th>
              </tr>
            </thead>
            <tbody>
              {x.tenders.map((tender) => (
                <tr key={tender.method}>
                  <th scope="row">{t(methodIds[tender.method])}</th>
                  <td>{fmt.number(tender.count)}</td>
                  <td>{money(tender.amount)}</td>
                  <td>{tender.refundCount > 0 ? counted({ count: tender.refundCount, amount: tender.refunds }) : t('common.none_dash')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {x.taxRates.length > 0 ? (
        <section aria-labelledby="xr-tax" className="xr__section">
          <h3 id="xr-tax" className="xr__heading">{t('register.taxRatesHeading')}</h3>
          <table className="table xr__table">
            <thead>
              <tr>
                <th scope="col">{t('register.rate')}</th>
                <th scope="col">{t('register.net')}</th>
                <th scope="col">{t('common.tax')}</th>
                <th scope="col">{t('register.gross')}</th>
              </tr>
            </thead>
            <tbody>
              {x.taxRates.map((r) => (
                <tr key={r.taxRateBp}>
                  <th scope="row">{fmt.rate(r.taxRateBp)}</th>
                  <td>{money(r.net)}</td>
                  <td>{money(r.tax)}</td>
                  <td>{money(r.gross)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {x.discounts.count > 0 ? (
        <section aria-labelledby="xr-discounts" className="xr__section">
          <h3 id="xr-discounts" className="xr__heading">{t('register.discountsHeading')}</h3>
          <dl className="xr__list">
            <Row label={t('register.discounts')} strong testId="x-discounts">
              {counted({ count: x.discounts.count, amount: -x.discounts.amount })}
            </Row>
            {x.discounts.byReason.map((r) => (
              <Row key={r.reason} label={r.reason}>
                {counted({ count: r.count, amount: -r.amount })}
              </Row>
            ))}
            {x.cashiers
              .filter((c) => c.discounts.count > 0)
              .map((c) => (
                <Row key={c.userId} label={t('register.byCashier', { name: c.name })}>
                  {counted({ count: c.discounts.count, amount: -c.discounts.amount })}
                </Row>
              ))}
          </dl>
        </section>
      ) : null}
      <section aria-labelledby="xr-returns" className="xr__section">
        <h3 id="xr-returns" className="xr__heading">{t('register.returnsHeading')}</h3>
        <dl className="xr__list">
          <Row label={t('register.creditNotes')} strong testId="x-credit-notes">
            {counted({ count: x.creditNotes.count, amount: -x.creditNotes.amount })}
          </Row>
          {x.creditNoteTaxRates.map((r) => (
            <Row key={r.taxRateBp} label={t('register.rateNetTax', { rate: fmt.rate(r.taxRateBp) })}>
              {t('register.netAndTax', { net: money(-r.net), tax: money(-r.tax) })}
            </Row>
          ))}
          {x.tenders
            .filter((tender) => tender.refundCount > 0)
            .map((tender) => (
              <Row key={tender.method} label={t('register.methodRefunds', { method: tender.method })}>
                {counted({ count: tender.refundCount, amount: -tender.refunds })}
              </Row>
            ))}
          <Row label={t('register.vouchersIssued')}>{counted(x.vouchers.issued)}</Row>
          <Row label={t('register.vouchersRedeemed')}>{counted(x.vouchers.redeemed)}</Row>
        </dl>
      </section>
      <section aria-labelledby="xr-other" className="xr__section">
        <h3 id="xr-other" className="xr__heading">{t('register.drawerAndCounter')}</h3>
        <dl className="xr__list">
          <Row label={t('register.noSaleOpens')}>{fmt.number(x.noSales)}</Row>
          <Row label={t('register.lineVoids')}>{counted(x.lineVoids)}</Row>
          <Row label={t('register.abandonedCarts')}>{counted(x.abandonedCarts)}</Row>
        </dl>
      </section>
    </div>
  );
}

/** The X report of the open session: its figures as they stand, read-only (reports.x). */
export function XReportDialog({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const t = useT();
  const x = useContractQuery('reports.x', { sessionId });
  return (
    <Dialog open size="lg" title={t('register.xReport')} onClose={onClose} footer={<Button onClick={onClose}>{t('common.close')}</Button>}>
      {x.error ? <LoadError title={t('register.xReadError')} message={x.error.message} onRetry={() => void x.refetch()} /> : null}
      {x.data ? <Figures x={x.data} /> : x.error ? null : <p aria-busy="true">{t('register.xReading')}</p>}
    </Dialog>
  );
}
