import type { ReactNode } from 'react';
import type { SessionReport } from '../../../../shared/contract';
import { methodLabels } from '../payment/methods';
import { useContractQuery, useStoreFormat } from '../../data';
import { Button, Dialog, LoadError } from '../../ui';

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
  const money = (n: number) => fmt.money(n, x.currency);
  const counted = (c: { count: number; amount: number }) => `${fmt.number(c.count)} · ${money(c.amount)}`;
  return (
    <div className="xr">
      <p className="xr__meta">
        {x.registerCode} · {x.registerName} — opened {fmt.dateTime(x.openedAt)} by {x.openedByName}; figures at {fmt.date(x.at)} {fmt.time(x.at, true)}
      </p>
      <section aria-labelledby="xr-cash" className="xr__section">
        <h3 id="xr-cash" className="xr__heading">Cash in the drawer</h3>
        <dl className="xr__list">
          <Row label="Opening float">{money(x.openingFloat)}</Row>
          <Row label="Cash payments">+ {money(x.cash.payments)}</Row>
          <Row label="Cash refunds">− {money(x.cash.refunds)}</Row>
          <Row label={`Pay-ins (${fmt.number(x.cash.payIns.count)})`}>+ {money(x.cash.payIns.amount)}</Row>
          <Row label={`Pay-outs (${fmt.number(x.cash.payOuts.count)})`}>− {money(x.cash.payOuts.amount)}</Row>
          <Row label={`Drops to safe (${fmt.number(x.cash.drops.count)})`}>− {money(x.cash.drops.amount)}</Row>
          {x.expectedCash !== null ? (
            <Row label="Expected cash" strong testId="x-expected">
              {money(x.expectedCash)}
            </Row>
          ) : (
            <Row label="Expected cash">Shown after the count at the close (blind count)</Row>
          )}
        </dl>
      </section>
      <section aria-labelledby="xr-sales" className="xr__section">
        <h3 id="xr-sales" className="xr__heading">Sales</h3>
        <dl className="xr__list">
          <Row label="Sales">{fmt.number(x.sales.count)}</Row>
          <Row label="Net">{money(x.sales.net)}</Row>
          <Row label="Tax">{money(x.sales.tax)}</Row>
          <Row label="Gross" strong testId="x-gross">
            {money(x.sales.gross)}
          </Row>
          <Row label="Refunds">{counted(x.refunds)}</Row>
          <Row label="Cancellations">{counted(x.cancellations)}</Row>
          <Row label="Credit notes">{counted({ count: x.creditNotes.count, amount: -x.creditNotes.amount })}</Row>
          {x.rounding !== 0 ? <Row label="Cash rounding">{money(x.rounding)}</Row> : null}
          <Row label="Net sales" strong>
            {money(x.netSales)}
          </Row>
        </dl>
      </section>
      {x.tenders.length > 0 ? (
        <section aria-labelledby="xr-tenders" className="xr__section">
          <h3 id="xr-tenders" className="xr__heading">Tenders</h3>
          <table className="table xr__table">
            <thead>
              <tr>
                <th scope="col">Tender</th>
                <th scope="col">Payments</th>
                <th scope="col">Taken</th>
                <th scope="col">Refunds</th>
              </tr>
            </thead>
            <tbody>
              {x.tenders.map((t) => (
                <tr key={t.method}>
                  <th scope="row">{methodLabels[t.method]}</th>
                  <td>{fmt.number(t.count)}</td>
                  <td>{money(t.amount)}</td>
                  <td>{t.refundCount > 0 ? counted({ count: t.refundCount, amount: t.refunds }) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {x.taxRates.length > 0 ? (
        <section aria-labelledby="xr-tax" className="xr__section">
          <h3 id="xr-tax" className="xr__heading">Tax rates</h3>
          <table className="table xr__table">
            <thead>
              <tr>
                <th scope="col">Rate</th>
                <th scope="col">Net</th>
                <th scope="col">Tax</th>
                <th scope="col">Gross</th>
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
          <h3 id="xr-discounts" className="xr__heading">Discounts</h3>
          <dl className="xr__list">
            <Row label="Discounts" strong testId="x-discounts">
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
                <Row key={c.userId} label={`By ${c.name}`}>
                  {counted({ count: c.discounts.count, amount: -c.discounts.amount })}
                </Row>
              ))}
          </dl>
        </section>
      ) : null}
      <section aria-labelledby="xr-returns" className="xr__section">
        <h3 id="xr-returns" className="xr__heading">Returns</h3>
        <dl className="xr__list">
          <Row label="Credit notes" strong testId="x-credit-notes">
            {counted({ count: x.creditNotes.count, amount: -x.creditNotes.amount })}
          </Row>
          {x.creditNoteTaxRates.map((r) => (
            <Row key={r.taxRateBp} label={`${fmt.rate(r.taxRateBp)}: net · tax`}>
              {money(-r.net)} · {money(-r.tax)}
            </Row>
          ))}
          {x.tenders
            .filter((t) => t.refundCount > 0)
            .map((t) => (
              <Row key={t.method} label={`${methodLabels[t.method]} refunds`}>
                {counted({ count: t.refundCount, amount: -t.refunds })}
              </Row>
            ))}
          <Row label="Vouchers issued">{counted(x.vouchers.issued)}</Row>
          <Row label="Vouchers redeemed">{counted(x.vouchers.redeemed)}</Row>
        </dl>
      </section>
      <section aria-labelledby="xr-other" className="xr__section">
        <h3 id="xr-other" className="xr__heading">Drawer and counter</h3>
        <dl className="xr__list">
          <Row label="No-sale opens">{fmt.number(x.noSales)}</Row>
          <Row label="Line voids">{counted(x.lineVoids)}</Row>
          <Row label="Abandoned carts">{counted(x.abandonedCarts)}</Row>
        </dl>
      </section>
    </div>
  );
}

/** The X report of the open session: its figures as they stand, read-only (reports.x). */
export function XReportDialog({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const x = useContractQuery('reports.x', { sessionId });
  return (
    <Dialog open size="lg" title="X report" onClose={onClose} footer={<Button onClick={onClose}>Close</Button>}>
      {x.error ? <LoadError title="The X report could not be read" message={x.error.message} onRetry={() => void x.refetch()} /> : null}
      {x.data ? <Figures x={x.data} /> : x.error ? null : <p aria-busy="true">Reading the figures…</p>}
    </Dialog>
  );
}
