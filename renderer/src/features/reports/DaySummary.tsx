import { useState } from 'react';
import type { Output, PaymentMethod } from '../../../../shared/contract';
import { useContractQuery, useStoreFormat } from '../../data';
import { useT } from '../../i18n';
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
  const t = useT();
  const fmt = useStoreFormat();
  const [date, setDate] = useState(today);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const query = useContractQuery('reports.daySummary', valid ? { date } : {}, { keepPrevious: true });
  const day = query.data;
  const money = (n: number) => <span className="list__amount">{fmt.money(n, day?.currency)}</span>;

  const total: RegisterDay | null = day ? { ...day, registerId: null, registerCode: null, registerName: t('reports.allRegisters') } : null;

  const columns: Column<RegisterDay>[] = [
    {
      key: 'register',
      header: t('reports.register'),
      // The server names the register-less row "No register": it is said in the user's language here.
      render: (r) =>
        r === total ? r.registerName : r.registerCode ? t('reports.registerCodeName', { code: r.registerCode, name: r.registerName }) : r.registerId === null ? t('reports.noRegister') : r.registerName,
    },
    { key: 'count', header: t('reports.sales'), align: 'end', width: 'shrink', render: (r) => fmt.number(r.sales.count) },
    { key: 'gross', header: t('reports.gross'), align: 'end', width: 'shrink', render: (r) => money(r.sales.gross) },
    { key: 'tax', header: t('common.tax'), align: 'end', width: 'shrink', hideBelow: 'lg', render: (r) => money(r.sales.tax) },
    { key: 'cash', header: t('common.cash'), align: 'end', width: 'shrink', render: (r) => money(tendered(r, 'cash')) },
    { key: 'card', header: t('common.card'), align: 'end', width: 'shrink', render: (r) => money(tendered(r, 'card')) },
    { key: 'other', header: t('common.other'), align: 'end', width: 'shrink', hideBelow: 'md', render: (r) => money(tendered(r, 'other')) },
    { key: 'voucher', header: t('common.voucher'), align: 'end', width: 'shrink', hideBelow: 'lg', render: (r) => money(tendered(r, 'voucher')) },
    { key: 'refunds', header: t('reports.refunds'), align: 'end', width: 'shrink', render: (r) => money(r.refunds.amount) },
    { key: 'creditNotes', header: t('reports.creditNotes'), align: 'end', width: 'shrink', render: (r) => money(-r.creditNotes.amount) },
    { key: 'net', header: t('reports.netSales'), align: 'end', width: 'shrink', render: (r) => money(r.netSales) },
  ];

  return (
    <section className="reports__section reports__day" aria-labelledby="day-summary-title">
      <div className="reports__day-head">
        <h2 className="reports__section-title" id="day-summary-title">
          {day ? t('reports.daySummaryOf', { day: formatDay(day.date, fmt.locale) }) : t('reports.daySummary')}
        </h2>
        <div className="reports__day-pick">
          <TextField label={t('reports.day')} type="date" value={date} max={today()} onChange={(e) => setDate(e.target.value)} />
        </div>
      </div>
      {query.error ? <LoadError title={t('reports.daySummaryLoadError')} message={query.error.message} onRetry={() => void query.refetch()} /> : null}
      {day && total ? (
        <>
          <Table caption={t('reports.daySummaryCaption')} columns={columns} rows={[...day.registers, total]} rowKey={(r) => r.registerId ?? (r === total ? 'total' : 'none')} empty={t('reports.noSaleOnDay')} />
          <div className="reports__cards reports__day-returns">
            <ReturnsCard figures={day} currency={day.currency} fmt={fmt} />
          </div>
          <CreditNoteTaxRates figures={day} currency={day.currency} fmt={fmt} />
        </>
      ) : query.error ? null : (
        <p aria-busy="true">{t('reports.loadingDay')}</p>
      )}
    </section>
  );
}
