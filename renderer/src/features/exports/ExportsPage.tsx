import { useMemo, type FormEvent } from 'react';
import type { ExportFileKind, ExportFormat } from '../../../../shared/contract/exports';
import { invoiceStatuses } from '../../../../shared/domain/invoiceStatus';
import { orderStatuses } from '../../../../shared/domain/orderStatus';
import { paymentMethods } from '../../../../shared/domain/payments';
import { creditNoteKinds } from '../../../../shared/domain/returns';
import { api } from '../../api';
import { Banner, Button, Checkbox, PageHeader, Select, TextField, toast } from '../../ui';
import type { StoreFormat } from '../../../../shared/domain/format';
import { useContractQuery } from '../../data';
import { useStoreFormat } from '../../data/format';
import { useExports, type ExportForm, type Progress } from './store';
import './exports.css';

const kinds: { value: ExportFileKind; label: string; hint: string }[] = [
  { value: 'orders', label: 'Orders', hint: 'Every order with its customer, totals and state, or one row per order line.' },
  { value: 'invoices', label: 'Invoices', hint: 'Issued invoices: totals, paid, balance, cancellations.' },
  { value: 'payments', label: 'Payments', hint: 'Payments and refunds, by method; a refund with its credit note.' },
  { value: 'creditNotes', label: 'Credit notes', hint: 'Returns, exchanges and cancellations: one row per credit note line.' },
  { value: 'zReports', label: 'Z reports', hint: 'Each register close as sealed: drawer, sales, tenders, grand total.' },
];

const formats: { value: ExportFormat; label: string; hint: string }[] = [
  { value: 'csv', label: 'CSV', hint: 'Spreadsheets and accounting software' },
  { value: 'xlsx', label: 'Excel', hint: 'An .xlsx workbook with number formats' },
  { value: 'ndjson', label: 'NDJSON', hint: 'One JSON object a line, for other systems' },
];

const titleCase = (s: string) => s.charAt(0) + s.slice(1).toLowerCase();
const statusOptions: Record<'orders' | 'invoices', { value: string; label: string }[]> = {
  orders: [{ value: '', label: 'All states' }, ...orderStatuses.map((s) => ({ value: s, label: titleCase(s) }))],
  invoices: [{ value: '', label: 'All states' }, ...invoiceStatuses.map((s) => ({ value: s, label: titleCase(s) }))],
};
const creditNoteKindLabels: Record<(typeof creditNoteKinds)[number], string> = {
  return: 'Returns',
  exchange: 'Exchanges',
  cancellation: 'Cancellations',
  receiptless: 'Returns without a receipt',
};
const creditNoteKindOptions = [{ value: '', label: 'All kinds' }, ...creditNoteKinds.map((k) => ({ value: k, label: creditNoteKindLabels[k] }))];
const methodOptions = [{ value: '', label: 'All methods' }, ...paymentMethods.map((m) => ({ value: m, label: titleCase(m) }))];
const granularityOptions = [
  { value: 'order', label: 'One row per order' },
  { value: 'line', label: 'One row per order line' },
];

const noun: Record<ExportFileKind, string> = { orders: 'orders', invoices: 'invoices', payments: 'payments', creditNotes: 'credit notes', zReports: 'Z reports' };

/** What the rows of an export are: "order lines" when it writes one row per line; credit notes are always by line. */
function rowsNoun(kind: ExportFileKind, byLine: boolean): string {
  return kind === 'creditNotes' ? 'credit note lines' : byLine && kind === 'orders' ? 'order lines' : noun[kind];
}

/** "21 order lines", "1 order line", in the store's way of writing numbers. */
function countOf(n: number, plural: string, fmt: StoreFormat): string {
  return `${fmt.number(n)} ${n === 1 ? plural.replace(/s$/, '') : plural}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function formatSeconds(seconds: number): string {
  if (seconds < 1) return 'less than a second';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
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
  const setForm = useExports((s) => s.setForm);
  const registers = useContractQuery('registers.list', { includeInactive: true });
  const options = useMemo(
    () => [
      { value: '', label: 'All registers' },
      ...(registers.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.code} · ${r.name}${r.active ? '' : ' (inactive)'}` })),
    ],
    [registers.data],
  );
  return <Select label="Register" value={value} options={options} disabled={disabled} error={error} onChange={(e) => setForm({ registerId: e.target.value })} />;
}

function Filters({ form, disabled }: { form: ExportForm; disabled: boolean }) {
  const { setForm, errors } = useExports();
  return (
    <div className="exports__filters">
      <div className="exports__date">
        <TextField label="From" type="date" value={form.from} max={form.to || undefined} disabled={disabled} error={errors.fields.from} onChange={(e) => setForm({ from: e.target.value })} />
      </div>
      <div className="exports__date">
        <TextField label="To" type="date" value={form.to} min={form.from || undefined} disabled={disabled} error={errors.fields.to} onChange={(e) => setForm({ to: e.target.value })} />
      </div>
      {form.kind === 'zReports' ? (
        <div className="exports__select">
          <RegisterSelect value={form.registerId} disabled={disabled} error={errors.fields.registerId} />
        </div>
      ) : form.kind === 'payments' ? (
        <div className="exports__select">
          <Select label="Payment method" value={form.method} options={methodOptions} disabled={disabled} error={errors.fields.method} onChange={(e) => setForm({ method: e.target.value })} />
        </div>
      ) : form.kind === 'creditNotes' ? (
        <div className="exports__select">
          <Select label="Kind" value={form.status} options={creditNoteKindOptions} disabled={disabled} error={errors.fields.status} onChange={(e) => setForm({ status: e.target.value })} />
        </div>
      ) : (
        <div className="exports__select">
          <Select label="Status" value={form.status} options={statusOptions[form.kind]} disabled={disabled} error={errors.fields.status} onChange={(e) => setForm({ status: e.target.value })} />
        </div>
      )}
      {form.kind === 'orders' ? (
        <div className="exports__select">
          <Select
            label="Rows"
            value={form.granularity}
            options={granularityOptions}
            disabled={disabled}
            onChange={(e) => setForm({ granularity: e.target.value as ExportForm['granularity'] })}
          />
        </div>
      ) : null}
    </div>
  );
}

function ProgressPanel({ progress, kind, byLine, cancelling }: { progress: Progress; kind: ExportFileKind; byLine: boolean; cancelling: boolean }) {
  const cancel = useExports((s) => s.cancel);
  const fmt = useStoreFormat();
  const what = rowsNoun(kind, byLine);
  const fraction = progress.total > 0 ? Math.min(1, progress.rows / progress.total) : null;
  const percent = fraction === null ? null : Math.floor(fraction * 100);
  return (
    <section className="exports__panel" aria-label="Export progress" data-testid="export-progress">
      <div className="exports__progress-head">
        <p className="exports__progress-title">{cancelling ? 'Stopping the export…' : progress.total > 0 ? `Writing ${what}…` : `Counting ${what}…`}</p>
        <Button variant="danger" onClick={() => void cancel()} busy={cancelling}>
          Cancel export
        </Button>
      </div>
      <div
        className="exports__bar"
        role="progressbar"
        aria-label="Rows written"
        aria-valuemin={0}
        aria-valuemax={progress.total || undefined}
        aria-valuenow={progress.total > 0 ? progress.rows : undefined}
        aria-valuetext={percent === null ? 'Counting rows' : `${percent}%`}
      >
        <div className={`exports__bar-fill${fraction === null ? ' is-indeterminate' : ''}`} style={fraction === null ? undefined : { width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <dl className="exports__stats">
        <div>
          <dt>{(byLine && kind === 'orders') || kind === 'creditNotes' ? 'Lines' : 'Rows'}</dt>
          <dd data-testid="export-rows">
            {progress.total > 0 ? `${fmt.number(progress.rows)} of ${countOf(progress.total, what, fmt)}` : countOf(progress.rows, what, fmt)}
          </dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd>{progress.rate === null ? '…' : `${fmt.number(Math.round(progress.rate))} rows/s`}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{progress.secondsLeft === null ? '…' : `about ${formatSeconds(progress.secondsLeft)}`}</dd>
        </div>
      </dl>
    </section>
  );
}

function Result() {
  const { result, link, jobKind, jobByLine, reveal, saveAs, refreshLink, dismiss } = useExports();
  const fmt = useStoreFormat();
  if (!result) return null;
  const failed = (err: unknown) => toast(err instanceof Error ? err.message : String(err), 'error');
  const showInFolder = () => reveal().catch(failed);
  const saveCopy = () =>
    saveAs()
      .then((fileName) => {
        if (fileName) toast(`Saved as ${fileName}`, 'success');
      })
      .catch(failed);
  const rowsText = countOf(result.rows, rowsNoun(jobKind, jobByLine), fmt);
  return (
    <section className="exports__panel exports__panel--done" aria-label="Finished export" data-testid="export-result">
      <Banner tone="success" title="Export finished">
        <p>
          {rowsText} · {formatBytes(result.bytes)} · {formatSeconds(result.durationMs / 1000)}
        </p>
      </Banner>
      <p className="exports__path-label">{api.transport === 'http' ? 'File' : 'In Tessera’s exports folder as'}</p>
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
              <span className="btn__label">Download {link.fileName}</span>
            </a>
          ) : (
            <Button variant="primary" onClick={() => void refreshLink().catch((err: unknown) => toast(err instanceof Error ? err.message : String(err), 'error'))}>
              Get a download link
            </Button>
          )
        ) : (
          <>
            <Button variant="primary" onClick={() => void saveCopy()}>
              Save as…
            </Button>
            <Button variant="secondary" onClick={() => void showInFolder()}>
              Show in folder
            </Button>
          </>
        )}
        <Button variant="ghost" onClick={dismiss}>
          New export
        </Button>
      </div>
    </section>
  );
}

export function ExportsPage() {
  const { form, phase, progress, jobKind, jobByLine, errors, setForm, start, dismiss } = useExports();
  const busy = phase === 'running' || phase === 'cancelling';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void start();
  };

  return (
    <>
      <PageHeader title="Exports" description="Files for your accountant and other systems. Large exports run in the background; you can keep working." />
      <form className="exports__form" aria-label="New export" onSubmit={submit}>
        <RadioCards legend="What to export" name="kind" value={form.kind} options={kinds} disabled={busy} onChange={(kind) => setForm({ kind })} five />
        <Filters form={form} disabled={busy} />
        <RadioCards legend="Format" name="format" value={form.format} options={formats} disabled={busy} onChange={(format) => setForm({ format })} />
        {form.format === 'csv' ? (
          <Checkbox
            label="Add a byte-order mark (Excel on Windows needs it to show accents and € correctly)"
            checked={form.bom}
            disabled={busy}
            onChange={(e) => setForm({ bom: e.target.checked })}
          />
        ) : null}
        {errors.general && phase === 'failed' ? (
          <Banner tone="error" title="The export failed.">
            {errors.general}
          </Banner>
        ) : null}
        <div className="exports__submit">
          <Button type="submit" variant="primary" size="lg" busy={busy} disabled={busy}>
            Export {rowsNoun(form.kind, form.granularity === 'line')}
          </Button>
          <p className="exports__where">
            {api.transport === 'http' ? 'The file is written on the Tessera computer; download it when it is ready.' : 'The file is saved in the exports folder of Tessera’s data folder.'}
          </p>
        </div>
      </form>

      {busy ? <ProgressPanel progress={progress} kind={jobKind} byLine={jobByLine} cancelling={phase === 'cancelling'} /> : null}
      {phase === 'done' ? <Result /> : null}
      {phase === 'cancelled' ? (
        <div className="exports__panel">
          <Banner tone="info" title="Export cancelled" onDismiss={dismiss}>
            No file was written.
          </Banner>
        </div>
      ) : null}
    </>
  );
}
