import { useMemo, type FormEvent } from 'react';
import type { ExportFileKind, ExportFormat } from '../../../../shared/contract/exports';
import { invoiceStatuses } from '../../../../shared/domain/invoiceStatus';
import { orderStatuses } from '../../../../shared/domain/orderStatus';
import { paymentMethods } from '../../../../shared/domain/payments';
import { creditNoteKinds, type CreditNoteKind } from '../../../../shared/domain/returns';
import { api } from '../../api';
import { useT, type MessageId, type Translate } from '../../i18n';
import { Banner, Button, Checkbox, PageHeader, Select, TextField, toast } from '../../ui';
import type { StoreFormat } from '../../../../shared/domain/format';
import { useContractQuery } from '../../data';
import { useStoreFormat } from '../../data/format';
import { invoiceStatusLabel, orderStatusLabel } from '../../i18n/statuses';
import { methodLabel } from '../payment/methods';
import { useExports, type ExportForm, type Progress } from './store';
import './exports.css';

const kindOptions = (t: Translate): { value: ExportFileKind; label: string; hint: string }[] => [
  { value: 'orders', label: t('exports.kindOrders'), hint: t('exports.kindOrdersHint') },
  { value: 'invoices', label: t('exports.kindInvoices'), hint: t('exports.kindInvoicesHint') },
  { value: 'payments', label: t('exports.kindPayments'), hint: t('exports.kindPaymentsHint') },
  { value: 'creditNotes', label: t('exports.kindCreditNotes'), hint: t('exports.kindCreditNotesHint') },
  { value: 'zReports', label: t('exports.kindZReports'), hint: t('exports.kindZReportsHint') },
];

const formatOptions = (t: Translate): { value: ExportFormat; label: string; hint: string }[] => [
  { value: 'csv', label: t('exports.formatCsv'), hint: t('exports.formatCsvHint') },
  { value: 'xlsx', label: t('exports.formatXlsx'), hint: t('exports.formatXlsxHint') },
  { value: 'ndjson', label: t('exports.formatNdjson'), hint: t('exports.formatNdjsonHint') },
];

function statusOptions(t: Translate, kind: 'orders' | 'invoices'): { value: string; label: string }[] {
  const all = { value: '', label: t('exports.allStates') };
  return kind === 'orders'
    ? [all, ...orderStatuses.map((s) => ({ value: s, label: orderStatusLabel(t, s) }))]
    : [all, ...invoiceStatuses.map((s) => ({ value: s, label: invoiceStatusLabel(t, s) }))];
}
/** The filter's names are plural ("Returns"): the credit notes of one kind. */
const creditNoteKindIds: Record<CreditNoteKind, MessageId> = {
  return: 'exports.creditNotesReturns',
  exchange: 'exports.creditNotesExchanges',
  cancellation: 'exports.creditNotesCancellations',
  receiptless: 'exports.creditNotesReceiptless',
};
const creditNoteKindOptions = (t: Translate) => [{ value: '', label: t('exports.allKinds') }, ...creditNoteKinds.map((k) => ({ value: k, label: t(creditNoteKindIds[k]) }))];
const methodOptions = (t: Translate) => [{ value: '', label: t('exports.allMethods') }, ...paymentMethods.map((m) => ({ value: m, label: methodLabel(m, t) }))];
const granularityOptions = (t: Translate) => [
  { value: 'order', label: t('exports.onePerOrder') },
  { value: 'line', label: t('exports.onePerLine') },
];

/** What the rows of an export are (a `what` the messages select on). */
type RowsWhat = 'orders' | 'orderLines' | 'invoices' | 'payments' | 'creditNoteLines' | 'zReports';

/** What the rows of an export are: "order lines" when it writes one row per line; credit notes are always by line. */
function rowsWhat(kind: ExportFileKind, byLine: boolean): RowsWhat {
  return kind === 'creditNotes' ? 'creditNoteLines' : byLine && kind === 'orders' ? 'orderLines' : kind;
}

/** "21 order lines", "1 order line", in the store's way of writing numbers. */
function countOf(t: Translate, count: number, what: RowsWhat, fmt: StoreFormat): string {
  return t('exports.rowCount', { what, count, n: fmt.number(count) });
}

function formatBytes(t: Translate, bytes: number): string {
  if (bytes < 1024) return t('backup.sizeB', { n: String(bytes) });
  if (bytes < 1024 * 1024) return t('backup.sizeKB', { n: (bytes / 1024).toFixed(1) });
  return t('backup.sizeMB', { n: (bytes / 1024 / 1024).toFixed(1) });
}

function formatSeconds(t: Translate, seconds: number): string {
  if (seconds < 1) return t('exports.lessThanSecond');
  if (seconds < 90) return t('exports.seconds', { n: String(Math.round(seconds)) });
  if (seconds < 3600) return t('exports.minutes', { n: String(Math.round(seconds / 60)) });
  return t('exports.hoursMinutes', { h: String(Math.floor(seconds / 3600)), m: String(Math.round((seconds % 3600) / 60)) });
}

function RadioCards<V extends string>({ legend, name, value, options, onChange, disabled, five = false }: {
  legend: string;
  name: string;
  value: V;
  options: { value: V; label: string; hint: string }[];
  onChange: (value: V) => void;
  disabled: boolean;
  /** Five cards: a row of three and one of two where five would be cramped, never four and one. */
  five?: boolean;
}) {
  return (
    <fieldset className="exports__choices" disabled={disabled}>
      <legend className="field__label">{legend}</legend>
      <div className={`exports__cards${five ? ' exports__cards--five' : ''}`}>
        {options.map((o) => (
          <label key={o.value} className={`exports__card${o.value === value ? ' is-selected' : ''}`}>
            <input type="radio" name={name} value={o.value} checked={o.value === value} onChange={() => onChange(o.value)} />
            <span className="exports__card-label">{o.label}</span>
            <span className="exports__card-hint">{o.hint}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Z reports: every register, the inactive ones included (their Z reports stay). */
function RegisterSelect({ value, disabled, error }: { value: string; disabled: boolean; error: string | undefined }) {
  const t = useT();
  const setForm = useExports((s) => s.setForm);
  const registers = useContractQuery('registers.list', { includeInactive: true });
  const options = useMemo(
    () => [
      { value: '', label: t('exports.allRegisters') },
      ...(registers.data?.items ?? []).map((r) => ({
        value: r.id,
        label: t(r.active ? 'exports.registerOption' : 'exports.registerOptionInactive', { code: r.code, name: r.name }),
      })),
    ],
    [registers.data, t],
  );
  return <Select label={t('exports.register')} value={value} options={options} disabled={disabled} error={error} onChange={(e) => setForm({ registerId: e.target.value })} />;
}

function Filters({ form, disabled }: { form: ExportForm; disabled: boolean }) {
  const t = useT();
  const { setForm, errors } = useExports();
  return (
    <div className="exports__filters">
      <div className="exports__date">
        <TextField label={t('common.from')} type="date" value={form.from} max={form.to || undefined} disabled={disabled} error={errors.fields.from} onChange={(e) => setForm({ from: e.target.value })} />
      </div>
      <div className="exports__date">
        <TextField label={t('common.to')} type="date" value={form.to} min={form.from || undefined} disabled={disabled} error={errors.fields.to} onChange={(e) => setForm({ to: e.target.value })} />
      </div>
      {form.kind === 'zReports' ? (
        <div className="exports__select">
          <RegisterSelect value={form.registerId} disabled={disabled} error={errors.fields.registerId} />
        </div>
      ) : form.kind === 'payments' ? (
        <div className="exports__select">
          <Select label={t('exports.paymentMethod')} value={form.method} options={methodOptions(t)} disabled={disabled} error={errors.fields.method} onChange={(e) => setForm({ method: e.target.value })} />
        </div>
      ) : form.kind === 'creditNotes' ? (
        <div className="exports__select">
          <Select label={t('exports.kind')} value={form.status} options={creditNoteKindOptions(t)} disabled={disabled} error={errors.fields.status} onChange={(e) => setForm({ status: e.target.value })} />
        </div>
      ) : (
        <div className="exports__select">
          <Select label={t('common.status')} value={form.status} options={statusOptions(t, form.kind)} disabled={disabled} error={errors.fields.status} onChange={(e) => setForm({ status: e.target.value })} />
        </div>
      )}
      {form.kind === 'orders' ? (
        <div className="exports__select">
          <Select
            label={t('exports.rows')}
            value={form.granularity}
            options={granularityOptions(t)}
            disabled={disabled}
            onChange={(e) => setForm({ granularity: e.target.value as ExportForm['granularity'] })}
          />
        </div>
      ) : null}
    </div>
  );
}

function ProgressPanel({ progress, kind, byLine, cancelling }: { progress: Progress; kind: ExportFileKind; byLine: boolean; cancelling: boolean }) {
  const t = useT();
  const cancel = useExports((s) => s.cancel);
  const fmt = useStoreFormat();
  const what = rowsWhat(kind, byLine);
  const fraction = progress.total > 0 ? Math.min(1, progress.rows / progress.total) : null;
  const percent = fraction === null ? null : Math.floor(fraction * 100);
  return (
    <section className="exports__panel" aria-label={t('exports.progressLabel')} data-testid="export-progress">
      <div className="exports__progress-head">
        <p className="exports__progress-title">{cancelling ? t('exports.stopping') : progress.total > 0 ? t('exports.writing', { what }) : t('exports.counting', { what })}</p>
        <Button variant="danger" onClick={() => void cancel()} busy={cancelling}>
          {t('exports.cancelExport')}
        </Button>
      </div>
      <div
        className="exports__bar"
        role="progressbar"
        aria-label={t('exports.rowsWritten')}
        aria-valuemin={0}
        aria-valuemax={progress.total || undefined}
        aria-valuenow={progress.total > 0 ? progress.rows : undefined}
        aria-valuetext={percent === null ? t('exports.countingRows') : t('exports.percent', { percent: String(percent) })}
      >
        <div className={`exports__bar-fill${fraction === null ? ' is-indeterminate' : ''}`} style={fraction === null ? undefined : { width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <dl className="exports__stats">
        <div>
          <dt>{(byLine && kind === 'orders') || kind === 'creditNotes' ? t('exports.lines') : t('exports.rows')}</dt>
          <dd data-testid="export-rows">
            {progress.total > 0
              ? t('exports.rowsOfTotal', { rows: fmt.number(progress.rows), total: countOf(t, progress.total, what, fmt) })
              : countOf(t, progress.rows, what, fmt)}
          </dd>
        </div>
        <div>
          <dt>{t('exports.speed')}</dt>
          <dd>{progress.rate === null ? t('exports.pending') : t('exports.rowsPerSecond', { rate: fmt.number(Math.round(progress.rate)) })}</dd>
        </div>
        <div>
          <dt>{t('exports.timeLeft')}</dt>
          <dd>{progress.secondsLeft === null ? t('exports.pending') : t('exports.aboutTime', { time: formatSeconds(t, progress.secondsLeft) })}</dd>
        </div>
      </dl>
    </section>
  );
}

function Result() {
  const t = useT();
  const { result, link, jobKind, jobByLine, reveal, saveAs, refreshLink, dismiss } = useExports();
  const fmt = useStoreFormat();
  if (!result) return null;
  const failed = (err: unknown) => toast(err instanceof Error ? err.message : String(err), 'error');
  const showInFolder = () => reveal().catch(failed);
  const saveCopy = () =>
    saveAs()
      .then((fileName) => {
        if (fileName) toast(t('exports.savedAs', { fileName }), 'success');
      })
      .catch(failed);
  const rowsText = countOf(t, result.rows, rowsWhat(jobKind, jobByLine), fmt);
  return (
    <section className="exports__panel exports__panel--done" aria-label={t('exports.finishedLabel')} data-testid="export-result">
      <Banner tone="success" title={t('exports.finished')}>
        <p>{t('exports.resultSummary', { rows: rowsText, size: formatBytes(t, result.bytes), time: formatSeconds(t, result.durationMs / 1000) })}</p>
      </Banner>
      <p className="exports__path-label">{api.transport === 'http' ? t('exports.file') : t('exports.inExportsFolder')}</p>
      <p className="exports__path" data-testid="export-file">
        {result.fileName}
      </p>
      <div className="exports__actions">
        {api.transport === 'http' ? (
          link ? (
            <a
              className="btn btn--primary btn--md"
              href={link.url}
              download={link.fileName}
              onClick={(e) => {
                // Links expire after a few minutes: an old one is renewed first.
                if (Date.parse(link.expiresAt) - Date.now() > 30_000) return;
                e.preventDefault();
                void refreshLink()
                  .then(() => {
                    const fresh = useExports.getState().link;
                    if (fresh) window.location.assign(fresh.url);
                  })
                  .catch((err: unknown) => toast(err instanceof Error ? err.message : String(err), 'error'));
              }}
            >
              <span className="btn__label">{t('exports.download', { fileName: link.fileName })}</span>
            </a>
          ) : (
            <Button variant="primary" onClick={() => void refreshLink().catch((err: unknown) => toast(err instanceof Error ? err.message : String(err), 'error'))}>
              {t('exports.getLink')}
            </Button>
          )
        ) : (
          <>
            <Button variant="primary" onClick={() => void saveCopy()}>
              {t('exports.saveAs')}
            </Button>
            <Button variant="secondary" onClick={() => void showInFolder()}>
              {t('exports.showInFolder')}
            </Button>
          </>
        )}
        <Button variant="ghost" onClick={dismiss}>
          {t('exports.newExport')}
        </Button>
      </div>
    </section>
  );
}

export function ExportsPage() {
  const t = useT();
  const { form, phase, progress, jobKind, jobByLine, errors, setForm, start, dismiss } = useExports();
  const busy = phase === 'running' || phase === 'cancelling';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void start();
  };

  return (
    <>
      <PageHeader title={t('exports.title')} description={t('exports.description')} />
      <form className="exports__form" aria-label={t('exports.newExport')} onSubmit={submit}>
        <RadioCards legend={t('exports.whatToExport')} name="kind" value={form.kind} options={kindOptions(t)} disabled={busy} onChange={(kind) => setForm({ kind })} five />
        <Filters form={form} disabled={busy} />
        <RadioCards legend={t('exports.format')} name="format" value={form.format} options={formatOptions(t)} disabled={busy} onChange={(format) => setForm({ format })} />
        {form.format === 'csv' ? (
          <Checkbox
            label={t('exports.bom')}
            checked={form.bom}
            disabled={busy}
            onChange={(e) => setForm({ bom: e.target.checked })}
          />
        ) : null}
        {errors.general && phase === 'failed' ? (
          <Banner tone="error" title={t('exports.failed')}>
            {errors.general}
          </Banner>
        ) : null}
        <div className="exports__submit">
          <Button type="submit" variant="primary" size="lg" busy={busy} disabled={busy}>
            {t('exports.exportWhat', { what: rowsWhat(form.kind, form.granularity === 'line') })}
          </Button>
          <p className="exports__where">
            {api.transport === 'http' ? t('exports.whereHttp') : t('exports.whereDesktop')}
          </p>
        </div>
      </form>

      {busy ? <ProgressPanel progress={progress} kind={jobKind} byLine={jobByLine} cancelling={phase === 'cancelling'} /> : null}
      {phase === 'done' ? <Result /> : null}
      {phase === 'cancelled' ? (
        <div className="exports__panel">
          <Banner tone="info" title={t('exports.cancelled')} onDismiss={dismiss}>
            {t('exports.nothingWritten')}
          </Banner>
        </div>
      ) : null}
    </>
  );
}
