import { create } from 'zustand';
import type { ExportFileKind, ExportFormat, ExportResult } from '../../../../shared/contract/exports';
import type { CreditNoteKind } from '../../../../shared/domain/returns';
import { api, ApiError, formErrors, noErrors, type FormErrors } from '../../api';
import { t, type Translate } from '../../i18n';
import { onSessionCleared } from '../session/store';

export type Field = 'format' | 'from' | 'to' | 'status' | 'method' | 'granularity' | 'registerId';

/** The form's fields as their labels read (for the core's field errors), in `t`'s language. */
export function fieldLabels(t: Translate): Record<Field, string> {
  return {
    format: t('exports.format'),
    from: t('common.from'),
    to: t('common.to'),
    status: t('common.status'),
    method: t('exports.paymentMethod'),
    granularity: t('exports.rows'),
    registerId: t('exports.register'),
  };
}

export interface ExportForm {
  kind: ExportFileKind;
  format: ExportFormat;
  /** Orders: one row per order or per order line. */
  granularity: 'order' | 'line';
  /** YYYY-MM-DD or '' (no bound). */
  from: string;
  to: string;
  /** Orders or invoices: one status, credit notes: one kind; or '' for all. */
  status: string;
  /** Payments: one method or '' for all. */
  method: string;
  /** Z reports: one register's id or '' for all. */
  registerId: string;
  /** CSV: a byte-order mark for Excel. */
  bom: boolean;
}

export interface Progress {
  rows: number;
  /** 0 until the worker has counted the rows. */
  total: number;
  /** Rows per second over the last few seconds; null until it can be told. */
  rate: number | null;
  secondsLeft: number | null;
}

export type Phase = 'idle' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

export interface ExportsState {
  form: ExportForm;
  phase: Phase;
  jobId: string | null;
  /** What the running or last job exports (the form may change meanwhile). */
  jobKind: ExportFileKind;
  /** The running or last job writes one row per order line (counted as lines, not orders). */
  jobByLine: boolean;
  progress: Progress;
  result: ExportResult | null;
  /** Browser host: where to download the file (a short-lived link). */
  link: { url: string; fileName: string; expiresAt: string } | null;
  errors: FormErrors<Field>;
  setForm(patch: Partial<ExportForm>): void;
  /** Another screen's filters as a new export (Reports → Z reports → Export…): the last result is put away, a running job kept. */
  prepare(patch: Partial<ExportForm>): void;
  start(): Promise<void>;
  cancel(): Promise<void>;
  /** Desktop host: shows the file in the file manager. */
  reveal(): Promise<void>;
  /** Desktop host: the system's "Save as…" dialog (asked by the app, not the page); the chosen file's name, or null when closed. */
  saveAs(): Promise<string | null>;
  /** A fresh download link for the last file (links expire after a few minutes). */
  refreshLink(): Promise<void>;
  dismiss(): void;
}

const initialForm: ExportForm = { kind: 'orders', format: 'csv', granularity: 'order', from: '', to: '', status: '', method: '', registerId: '', bom: false };
const idleProgress: Progress = { rows: 0, total: 0, rate: null, secondsLeft: null };
const initial = { form: initialForm, phase: 'idle', jobId: null, jobKind: 'orders', jobByLine: false, progress: idleProgress, result: null, link: null, errors: noErrors } as const;

/** The window rows per second is measured over. */
const RATE_WINDOW_MS = 3_000;

function newJobId(): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  return `ui-${random}`;
}

function call(form: ExportForm, jobId: string): Promise<ExportResult> {
  const common = {
    format: form.format,
    jobId,
    ...(form.from ? { from: form.from } : {}),
    ...(form.to ? { to: form.to } : {}),
    ...(form.format === 'csv' && form.bom ? { bom: true } : {}),
  };
  switch (form.kind) {
    case 'orders':
      return api.call('exports.orders', {
        ...common,
        granularity: form.granularity,
        ...(form.status ? { status: form.status as 'RECEIVED' } : {}),
      });
    case 'invoices':
      return api.call('exports.invoices', { ...common, ...(form.status ? { status: form.status as 'PENDING' } : {}) });
    case 'payments':
      return api.call('exports.payments', { ...common, ...(form.method ? { method: form.method as 'cash' } : {}) });
    case 'creditNotes':
      return api.call('exports.creditNotes', { ...common, ...(form.status ? { kind: form.status as CreditNoteKind } : {}) });
    case 'zReports':
      return api.call('exports.zReports', { ...common, ...(form.registerId ? { registerId: form.registerId } : {}) });
  }
}

export const useExports = create<ExportsState>((set, get) => ({
  ...initial,

  setForm(patch) {
    const form = { ...get().form, ...patch };
    // A status (or a credit note kind) belongs to one kind of export: drop it when that changes.
    if (patch.kind !== undefined && patch.kind !== get().form.kind) {
      form.status = '';
      form.method = '';
    }
    set({ form, errors: noErrors });
  },

  prepare(patch) {
    get().dismiss();
    get().setForm(patch);
  },

  async start() {
    const { form, phase } = get();
    if (phase === 'running' || phase === 'cancelling') return;
    const jobId = newJobId();
    set({ phase: 'running', jobId, jobKind: form.kind, jobByLine: form.kind === 'orders' && form.granularity === 'line', progress: idleProgress, result: null, link: null, errors: noErrors });
    const samples: { at: number; rows: number }[] = [];
    const off = api.onPush((e) => {
      if (e.event !== 'export.progress' || e.data.jobId !== jobId) return;
      const now = performance.now();
      samples.push({ at: now, rows: e.data.rows });
      while (samples.length > 2 && now - samples[0]!.at > RATE_WINDOW_MS) samples.shift();
      const first = samples.find((s) => s.rows > 0) ?? samples[0]!;
      const seconds = (now - first.at) / 1000;
      const rate = seconds >= 0.3 && e.data.rows > first.rows ? (e.data.rows - first.rows) / seconds : null;
      const secondsLeft = rate && e.data.total > 0 ? Math.max(0, (e.data.total - e.data.rows) / rate) : null;
      if (get().jobId === jobId) set({ progress: { rows: e.data.rows, total: e.data.total, rate, secondsLeft } });
    });
    try {
      const result = await call(form, jobId);
      let link: ExportsState['link'] = null;
      if (api.transport === 'http') {
        link = await api.call('exports.download', { id: result.id }).catch(() => null);
      }
      if (get().jobId !== jobId) return;
      set({ phase: 'done', result, link, progress: { ...get().progress, rows: result.rows, total: result.rows, secondsLeft: 0 } });
    } catch (err) {
      if (get().jobId !== jobId) return;
      const cancelled = get().phase === 'cancelling' || (err instanceof ApiError && err.key === 'exportCancelled');
      set(cancelled ? { phase: 'cancelled' } : { phase: 'failed', errors: formErrors(err, fieldLabels(t)) });
    } finally {
      off();
    }
  },

  async cancel() {
    const { jobId, phase } = get();
    if (!jobId || phase !== 'running') return;
    set({ phase: 'cancelling' });
    try {
      await api.call('exports.cancel', { jobId });
    } catch (err) {
      // NOT_FOUND: it finished meanwhile; start() settles the phase either way.
      if (!(err instanceof ApiError && err.code === 'NOT_FOUND') && get().phase === 'cancelling') set({ phase: 'running' });
    }
  },

  async reveal() {
    const { result } = get();
    if (result) await api.call('exports.reveal', { id: result.id });
  },

  async saveAs() {
    const { result } = get();
    if (!result) return null;
    const { fileName } = await api.call('exports.saveAs', { id: result.id });
    return fileName;
  },

  async refreshLink() {
    const { result } = get();
    if (!result || api.transport !== 'http') return;
    const link = await api.call('exports.download', { id: result.id });
    if (get().result === result) set({ link });
  },

  dismiss() {
    if (get().phase === 'running' || get().phase === 'cancelling') return;
    set({ phase: 'idle', jobId: null, progress: idleProgress, result: null, link: null, errors: noErrors });
  },
}));

onSessionCleared(() => useExports.setState({ ...initial }));
