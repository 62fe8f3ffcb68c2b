import { useState } from 'react';
import type { Output, PaymentMethod } from '../../../../shared/contract';
import { useContractQuery, useStoreFormat } from '../../data';
import { LoadError, Table, TextField, type Column } from '../../ui';
import { today } from '../orders/dates';
import { formatDay } from './format';
import { CreditNoteTaxRates, ReturnsCard } from './ReportFigures';

type Day = Output<'reports.daySummary'>;
type RegisterDay = Day['registers'][number];
type Figures = Omit<RegisterDay, 'registerId' | 'registerCode' | 'registerName'>;

const tendered = (f: Figures, method: PaymentMethod) => f.tenders.find((t) => t.method === method)?.amount ?? 0;

/** One store day's sales per register ("No register": API clients and the back office), with the day's totals. */
export function DaySummary() {
  const fmt = useStoreFormat();
  const [date, setDate] = useState(today);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const query = useContractQuery('reports.daySummary', valid ? { date } : {}, { keepPrevious: true });
  const day = query.data;
  const money = (n: number) => <span className="list__amount">{fmt.money(n, day?.currency)}</span>;

  const columns: Column<RegisterDay>[] = [
    { key: 'register', header: 'Register', render: (r) => (r.registerCode ? `${r.registerCode} · ${r.registerName}` : r.registerName) },
    { key: 'count', header: 'Sales', align: 'end', width: 'shrink', render: (r) => fmt.number(r.sales.count) },
    { key: 'gross', header: 'Gross', align: 'end', width: 'shrink', render: (r) => money(r.sales.gross) },
    { key: 'tax', header: 'Tax', align: 'end', width: 'shrink', hideBelow: 'lg', render: (r) => money(r.sales.tax) },
    { key: 'cash', header: 'Cash', align: 'end', width: 'shrink', render: (r) => money(tendered(r, 'cash')) },
    { key: 'card', header: 'Card', align: 'end', width: 'shrink', render: (r) => money(tendered(r, 'card')) },
    { key: 'other', header: 'Other', align: 'end', width: 'shrink', hideBelow: 'md', render: (r) => money(tendered(r, 'other')) },
    { key: 'voucher', header: 'Voucher', align: 'end', width: 'shrink', hideBelow: 'lg', render: (r) => money(tendered(r, 'voucher')) },
    { key: 'refunds', header: 'Refunds', align: 'end', width: 'shrink', render: (r) => money(r.refunds.amount) },
    { key: 'creditNotes', header: 'Credit notes', align: 'end', width: 'shrink', render: (r) => money(-r.creditNotes.amount) },
    { key: 'net', header: 'Net sales', align: 'end', width: 'shrink', render: (r) => money(r.netSales) },
  ];
  const total: RegisterDay | null = day ? { ...day, registerId: null, registerCode: null, registerName: 'All registers' } : null;

  return (
    <section className="reports__section reports__day" aria-labelledby="day-summary-title">
      <div className="reports__day-head">
        <h2 className="reports__section-title" id="day-summary-title">
          Day summary{day ? `: ${formatDay(day.date, fmt.locale)}` : ''}
        </h2>
        <div className="reports__day-pick">
          <TextField label="Day" type="date" value={date} max={today()} onChange={(e) => setDate(e.target.value)} />
        </div>
      </div>
      {query.error ? <LoadError title="The day summary could not be loaded." message={query.error.message} onRetry={() => void query.refetch()} /> : null}
      {day && total ? (
        <>
          <Table caption="Day summary per register" columns={columns} rows={[...day.registers, total]} rowKey={(r) => r.registerId ?? (r === total ? 'total' : 'none')} empty="No sale on this day." />
          <div className="reports__cards reports__day-returns">
            <ReturnsCard figures={day} currency={day.currency} fmt={fmt} />
          </div>
          <CreditNoteTaxRates figures={day} currency={day.currency} fmt={fmt} />
        </>
      ) : query.error ? null : (
        <p aria-busy="true">Loading the day…</p>
      )}
    </section>
  );
}
