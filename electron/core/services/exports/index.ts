/**
 * Exports: the job manager on the main thread. A call starts a worker thread that
 * streams the rows into a temporary file in the data folder's private exports/, relays
 * the worker's progress to the push bus (`export.progress`) and, when the worker is
 * done, gives the file a name the app chose and records the export in the audit trail.
 * A cancelled or failed export leaves no file behind. API callers never name a path:
 * a finished export is reached by its id (download ticket, "Save as…", "Show in folder").
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { allows, contract, type ParsedInput } from '../../../../shared/contract';
import type { ExportFileKind, ExportFormat, ExportResult } from '../../../../shared/contract/exports';
import { AppError, type ErrorKey } from '../../../../shared/errors';
import { iso } from '../../clock';
import { newId } from '../../ids';
import { workerUrl } from '../../workerUrl';
import type { Actor, ServiceDeps } from '../deps';
import type { Platform } from '../../platform';
import { fromBound, toBound } from '../paging';
import type { SettingsService } from '../settings';
import { allowedExtensions, checkTarget, commitFile, copyPrivate, movePrivate, privateDir, PRIVATE_FILE_MODE, removeLeftovers, removeQuietly } from './files';
import type { ExportSpec } from './kinds';
import { CONTROL_CANCEL, type WorkerInput, type WorkerMessage } from './protocol';

export { neutralise } from './format';

/** A running job's progress reaches the bus at least this often (the issue asks for ≤ 250 ms)… */
const HEARTBEAT_MS = 150;
/** …checked this often: the longest gap is HEARTBEAT_MS + HEARTBEAT_CHECK_MS. */
const HEARTBEAT_CHECK_MS = 50;
/** How often the worker reports progress while rows flow. */
const WORKER_PROGRESS_MS = 100;
/** Jobs that may run at once (each holds a worker thread and a read snapshot). */
const MAX_JOBS = 4;
/** How long a download link stays valid. */
const DOWNLOAD_TTL_MS = 10 * 60_000;
/** A cancelled worker that has not stopped by then is terminated. */
const CANCEL_GRACE_MS = 5_000;
/** Below this many rows a second thread would not pay for its start; on one core it never does. */
const CSV_THREAD_FROM = os.availableParallelism() > 1 ? 50_000 : Number.POSITIVE_INFINITY;

const extensions: Record<ExportFormat, string> = { csv: 'csv', ndjson: 'ndjson', xlsx: 'xlsx' };

/** The options every export takes. */
type CommonInput = Pick<ParsedInput<'exports.orders'>, 'format' | 'from' | 'to' | 'bom' | 'jobId'>;

/** A finished export of this process: what its id stands for. */
interface Written {
  id: string;
  file: string;
  fileName: string;
  format: ExportFormat;
}

/** Asks the OS "Save as…" dialog for a file; null when the user closes it without a choice (see electron/main/saveDialog.ts). */
export type SaveDialog = (request: { defaultName: string; extensions: string[] }) => Promise<string | null>;

/** The signed-in user behind a session's token hash, or an error once that session has ended. */
export type SessionOf = (tokenHash: string) => Actor;

interface Job {
  id: string;
  kind: ExportFileKind;
  owner: string;
  control: Int32Array;
  worker: Worker;
  tempFile: string;
  rows: number;
  total: number;
  lastSent: number;
  cancelRequested: boolean;
  /** Resolves once the job has ended, whatever the outcome, and its temporary file is gone or renamed. */
  ended: Promise<void>;
}

export interface ExportServiceOptions {
  /** Checks that the session behind a download ticket still holds (auth's resolveHash); without it no ticket is served. */
  sessionOf?: SessionOf;
  /** The better-sqlite3 addon for the worker; by default the one this process has loaded. */
  nativeBinding?: string;
  /** The worker's entry; by default found next to this module (source) or the main bundle (build). */
  workerUrl?: URL;
  /** "Show in folder" and "Save as…" where the host offers them (the desktop). */
  platform?: Pick<Platform, 'reveal' | 'saveDialog'>;
}

function asList<T extends string>(value: T | T[] | undefined): T[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}

/** UTC timestamp for default file names: 20260601-090000. */
function fileStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

/**
 * The better-sqlite3 addon this process loaded (the Electron build in the desktop app),
 * so the worker opens the store with the same one.
 */
function loadedSqliteAddon(): string | undefined {
  const require = createRequire(import.meta.url);
  return Object.keys(require.cache).find((file) => path.basename(file) === 'better_sqlite3.node');
}

function desktopOnly(key: ErrorKey & ('showInFolderDesktopOnly' | 'saveAsDesktopOnly')): AppError {
  return AppError.of('CONFLICT', key, undefined, { desktopOnly: true });
}

/** The filters and options of an export as the audit trail records them (no job id). */
function auditedFilters(input: CommonInput & Record<string, unknown>): Record<string, unknown> {
  const { format: _format, jobId: _jobId, ...rest } = input;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

export class ExportService {
  private readonly jobs = new Map<string, Job>();
  /** Exports finished by this process, by id: the only ones download, reveal and saveAs reach. */
  private readonly files = new Map<string, Written>();
  /** Download tickets (random, short-lived) → the export they serve and the session that asked. */
  private readonly downloads = new Map<string, { id: string; tokenHash: string; expires: number }>();
  private readonly nativeBinding: string | undefined;
  private readonly workerUrl: URL | undefined;
  private readonly sessionOf: SessionOf | undefined;
  private readonly platform: Pick<Platform, 'reveal' | 'saveDialog'>;

  /** Test hook: slows the worker down (a pause every N rows) so a test can cancel mid-way. */
  testThrottle: WorkerInput['throttle'] | undefined;
  /** CSV exports of at least this many rows are written by a second thread (see csvThread); tests lower it. */
  csvThreadFrom = CSV_THREAD_FROM;

  constructor(
    private readonly d: ServiceDeps,
    private readonly settings: SettingsService,
    opts: ExportServiceOptions = {},
  ) {
    this.nativeBinding = opts.nativeBinding;
    this.workerUrl = opts.workerUrl;
    this.sessionOf = opts.sessionOf;
    this.platform = opts.platform ?? {};
  }

  /** The data directory: where the store's file is. */
  get dataDir(): string {
    return path.dirname(this.d.sqlite.name);
  }

  /** Where every export is written. */
  get exportsDir(): string {
    return path.join(this.dataDir, 'exports');
  }

  /**
   * Start-up: removes what exports killed mid-way left behind and makes the folder private.
   * Only the host that holds the data folder calls it, before any export runs.
   */
  tidyAtStart(): void {
    if (!fs.existsSync(this.exportsDir)) return;
    privateDir(this.exportsDir);
    const removed = removeLeftovers(this.exportsDir);
    if (removed.length > 0) this.d.log.warn('removed unfinished exports', { files: removed });
  }

  /** Orders (or their lines) to a file; resolves when the file is complete. */
  orders(input: ParsedInput<'exports.orders'>, actor: Actor): Promise<ExportResult> {
    return this.run({ kind: 'orders', granularity: input.granularity, status: asList<string>(input.status) }, input, actor);
  }

  invoices(input: ParsedInput<'exports.invoices'>, actor: Actor): Promise<ExportResult> {
    return this.run({ kind: 'invoices', granularity: 'order', status: asList<string>(input.status) }, input, actor);
  }

  payments(input: ParsedInput<'exports.payments'>, actor: Actor): Promise<ExportResult> {
    return this.run({ kind: 'payments', granularity: 'order', method: asList<string>(input.method), paymentKind: input.kind }, input, actor);
  }

  /** Z reports (one row per Z), of one register or all. */
  zReports(input: ParsedInput<'exports.zReports'>, actor: Actor): Promise<ExportResult> {
    if (input.registerId !== undefined && !this.d.stmt('SELECT 1 FROM registers WHERE id = ?').get(input.registerId)) {
      throw AppError.rule('registerId', 'notARegister');
    }
    return this.run({ kind: 'zReports', granularity: 'order', registerId: input.registerId }, input, actor);
  }

  /** Credit notes, one row per line, of some kinds or all. */
  creditNotes(input: ParsedInput<'exports.creditNotes'>, actor: Actor): Promise<ExportResult> {
    return this.run({ kind: 'creditNotes', granularity: 'line', creditNoteKind: asList<string>(input.kind) }, input, actor);
  }

  /** Runs one export to the end (see the module comment); progress goes to the bus meanwhile. */
  private async run(filters: Omit<ExportSpec, 'format' | 'bom' | 'from' | 'to'>, input: CommonInput, actor: Actor): Promise<ExportResult> {
    const jobId = input.jobId ?? newId();
    if (this.jobs.has(jobId)) throw AppError.of('CONFLICT', 'exportJobRunning', { jobId });
    if (this.jobs.size >= MAX_JOBS) throw AppError.of('CONFLICT', 'tooManyExports', { max: MAX_JOBS });
    const timeZone = this.settings.get().timeZone;
    const from = fromBound(input.from, timeZone);
    const to = toBound(input.to, timeZone);
    if (from !== null && to !== null && from >= to) throw AppError.rule('to', 'toBeforeFrom');
    const spec: ExportSpec = { ...filters, format: input.format, bom: input.bom, from: input.from, to: input.to, timeZone };
    const target = this.defaultTarget(spec.kind, spec.granularity, spec.format);
    const tempFile = path.join(path.dirname(target), `.${path.basename(target)}.${jobId}.part`);
    return this.start(jobId, spec, target, tempFile, auditedFilters(input as CommonInput & Record<string, unknown>), actor);
  }

  /** Stops a running job; resolves once it has stopped and its temporary file is gone. */
  async cancel(jobId: string, actor: Actor): Promise<{ jobId: string; cancelled: true }> {
    const job = this.jobs.get(jobId);
    if (!job) throw AppError.of('NOT_FOUND', 'noExportJob', { jobId });
    if (job.owner !== actor.userId && actor.role !== 'admin' && actor.role !== 'manager') {
      throw AppError.of('FORBIDDEN', 'exportCancelForbidden');
    }
    this.stop(job);
    return { jobId, cancelled: true };
  }

  /** Shows an export in the file manager (desktop host only). */
  reveal(id: string): { revealed: true } {
    const written = this.writtenFile(id);
    const reveal = this.platform.reveal;
    if (!reveal) throw desktopOnly('showInFolderDesktopOnly');
    reveal(written.file);
    return { revealed: true };
  }

  /**
   * Desktop "Save as…": the main process asks the OS dialog for the file (the renderer never
   * names one) and copies the export there. The dialog has asked before replacing a file.
   */
  async saveAs(id: string, actor: Actor): Promise<{ saved: boolean; fileName: string | null }> {
    const written = this.writtenFile(id);
    const saveDialog = this.platform.saveDialog;
    if (!saveDialog) throw desktopOnly('saveAsDesktopOnly');
    const chosen = await saveDialog({ defaultName: written.fileName, extensions: allowedExtensions[written.format].map((e) => e.slice(1)) });
    if (chosen === null) return { saved: false, fileName: null };
    this.saveTo(id, chosen, { overwrite: true }, actor);
    return { saved: true, fileName: path.basename(chosen) };
  }

  /**
   * Copies (or moves) an export to a file the OS user chose: the desktop dialog, or
   * `tessera export --out` (which runs as that user). Never reachable with a path from an
   * API caller. Audited with the target.
   */
  saveTo(id: string, target: string, opts: { overwrite: boolean; move?: boolean }, actor: Actor): string {
    const written = this.writtenFile(id);
    const file = checkTarget(target, written.format, opts.overwrite);
    if (opts.move) {
      movePrivate(written.file, file, opts.overwrite);
      this.files.delete(id);
    } else copyPrivate(written.file, file, opts.overwrite);
    try {
      this.d.tx(() => this.audit('export.saved', actor, id, { fileName: written.fileName, savedTo: file }));
    } catch (err) {
      removeQuietly(file);
      throw err;
    }
    return file;
  }

  /** Where an export of this process is (for the command line, which runs as the OS user; never for API callers). */
  pathOf(id: string): string {
    return this.writtenFile(id).file;
  }

  /**
   * Makes a file another part of the core wrote into the exports folder (the diagnostics
   * bundle) reachable like an export: by a new id, through download, reveal and saveAs.
   */
  adopt(file: string, format: ExportFormat): { id: string; fileName: string } {
    const resolved = path.resolve(file);
    if (path.dirname(resolved) !== path.resolve(this.exportsDir)) throw new Error(`${file} is not in the exports folder`);
    const id = newId();
    const fileName = path.basename(resolved);
    this.files.set(id, { id, file: resolved, fileName, format });
    return { id, fileName };
  }

  /**
   * A link the browser host serves the file at (GET /exports/download/<ticket>/<name>): the
   * ticket is random, expires, and holds only while the session that asked for it does, so
   * no session token goes into a URL and no path comes from the client.
   */
  downloadLink(id: string, actor: Actor): { url: string; fileName: string; expiresAt: string } {
    const written = this.writtenFile(id);
    const now = this.d.clock();
    for (const [ticket, d] of this.downloads) if (d.expires <= now) this.downloads.delete(ticket);
    const ticket = crypto.randomBytes(24).toString('base64url');
    const expires = now + DOWNLOAD_TTL_MS;
    this.downloads.set(ticket, { id, tokenHash: actor.tokenHash, expires });
    return { url: `/exports/download/${ticket}/${encodeURIComponent(written.fileName)}`, fileName: written.fileName, expiresAt: new Date(expires).toISOString() };
  }

  /**
   * The file behind a download ticket, or null when the ticket is unknown or expired, the
   * session that asked for it has ended (logout, expiry, deactivation, role change, password
   * reset) or the file is gone. A served ticket is audited as a download by that session's user.
   */
  download(ticket: string): { file: string; fileName: string; bytes: number } | null {
    const d = this.downloads.get(ticket);
    if (!d || d.expires <= this.d.clock()) return null;
    const actor = this.liveSession(d.tokenHash);
    const written = this.files.get(d.id);
    if (!actor || !written) {
      this.downloads.delete(ticket);
      return null;
    }
    const stat = fs.statSync(written.file, { throwIfNoEntry: false });
    if (!stat?.isFile()) return null;
    this.d.tx(() => this.audit('export.downloaded', actor, d.id, { fileName: written.fileName, bytes: stat.size }));
    return { file: written.file, fileName: written.fileName, bytes: stat.size };
  }

  /** Ids of the running jobs. */
  running(): string[] {
    return [...this.jobs.keys()];
  }

  /** The user of a still-valid session that may download exports, else null. */
  private liveSession(tokenHash: string): Actor | null {
    if (!this.sessionOf) return null;
    try {
      const actor = this.sessionOf(tokenHash);
      return allows(contract['exports.download'].access, actor.role) ? actor : null;
    } catch (err) {
      if (err instanceof AppError) return null;
      throw err;
    }
  }

  private writtenFile(id: string): Written {
    const written = this.files.get(id);
    if (!written || !fs.existsSync(written.file)) {
      throw AppError.of('NOT_FOUND', 'noSuchExport');
    }
    return written;
  }

  private audit(type: string, actor: Actor, id: string, after: Record<string, unknown>): void {
    this.d.events.append({ at: iso(this.d.clock()), actor: actor.userId, type, entity: 'export', entityId: id, before: null, after });
  }

  /** Stops every running job (before the store closes). */
  async cancelAll(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((job) => this.stop(job)));
  }

  private async stop(job: Job): Promise<void> {
    job.cancelRequested = true;
    Atomics.store(job.control, 0, CONTROL_CANCEL);
    Atomics.notify(job.control, 0);
    const timer = setTimeout(() => void job.worker.terminate(), CANCEL_GRACE_MS);
    await job.ended;
    clearTimeout(timer);
  }

  private defaultTarget(kind: ExportFileKind, granularity: 'order' | 'line', format: ExportFormat): string {
    const dir = this.exportsDir;
    privateDir(dir);
    const name = kind === 'orders' && granularity === 'line' ? 'order-lines' : kind === 'zReports' ? 'z-reports' : kind === 'creditNotes' ? 'credit-notes' : kind;
    const base = `${name}-${fileStamp(this.d.clock())}`;
    const ext = extensions[format];
    for (let n = 1; ; n++) {
      const file = path.join(dir, n === 1 ? `${base}.${ext}` : `${base}-${n}.${ext}`);
      if (!fs.existsSync(file) && ![...this.jobs.values()].some((j) => j.tempFile.includes(path.basename(file)))) return file;
    }
  }

  private start(jobId: string, spec: ExportSpec, target: string, tempFile: string, filters: Record<string, unknown>, actor: Actor): Promise<ExportResult> {
    const started = Date.now();
    const control = new Int32Array(new SharedArrayBuffer(4));
    const url = this.workerUrl ?? workerUrl(import.meta.url, 'worker-bootstrap.mjs', 'export-worker.js');
    const input: WorkerInput = {
      spec,
      dbFile: this.d.sqlite.name,
      nativeBinding: this.nativeBinding ?? loadedSqliteAddon(),
      tempFile,
      currency: this.settings.get().currency,
      language: this.settings.get().documentLanguage,
      control: control.buffer as SharedArrayBuffer,
      progressMs: WORKER_PROGRESS_MS,
      throttle: this.testThrottle,
      workerUrl: url.href,
      csvThreadFrom: this.csvThreadFrom,
    };
    const worker = new Worker(url, { workerData: { exportJob: input } });
    let endJob!: () => void;
    const job: Job = {
      id: jobId,
      kind: spec.kind,
      owner: actor.userId,
      control,
      worker,
      tempFile,
      rows: 0,
      total: 0,
      lastSent: 0,
      cancelRequested: false,
      ended: new Promise<void>((resolve) => (endJob = resolve)),
    };
    this.jobs.set(jobId, job);
    this.d.log.info('export started', { jobId, kind: spec.kind, format: spec.format, user: actor.username });

    const publish = () => {
      job.lastSent = Date.now();
      this.d.bus.publish({ event: 'export.progress', data: { jobId, rows: job.rows, total: job.total } });
    };
    publish();
    const heartbeat = setInterval(() => {
      if (Date.now() - job.lastSent >= HEARTBEAT_MS) publish();
    }, HEARTBEAT_CHECK_MS);
    heartbeat.unref();

    return new Promise<ExportResult>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearInterval(heartbeat);
        removeQuietly(tempFile);
        this.jobs.delete(jobId);
        endJob();
        outcome();
      };
      const cancelled = () => reject(AppError.of('CONFLICT', 'exportCancelled'));
      const failed = (message: string, stack?: string) => {
        this.d.log.error('export failed', { jobId, message, stack });
        reject(new Error(`Export ${jobId} failed: ${message}`));
      };

      worker.on('message', (m: WorkerMessage) => {
        switch (m.type) {
          case 'total':
            job.total = m.total;
            publish();
            break;
          case 'progress':
            job.rows = m.rows;
            publish();
            break;
          case 'cancelled':
            settle(cancelled);
            break;
          case 'failed':
            settle(() => {
              if (['ENOSPC', 'EDQUOT'].some((code) => m.message.includes(code))) {
                reject(AppError.of('CONFLICT', 'exportDiskFull'));
              } else failed(m.message, m.stack);
            });
            break;
          case 'done': {
            if (job.cancelRequested) {
              settle(cancelled);
              break;
            }
            job.rows = m.rows;
            job.total = Math.max(job.total, m.rows);
            const id = newId();
            const fileName = path.basename(target);
            let committed = false;
            try {
              commitFile(tempFile, target, false);
              committed = true;
              if (process.platform !== 'win32') fs.chmodSync(target, PRIVATE_FILE_MODE);
              // Who, what, which filters, how many rows, which file: in the trail, or no file.
              this.d.tx(() => this.audit('export.created', actor, id, { kind: spec.kind, format: spec.format, filters, rows: m.rows, bytes: m.bytes, fileName, jobId }));
            } catch (err) {
              if (committed) removeQuietly(target);
              settle(() => (err instanceof AppError ? reject(err) : failed(err instanceof Error ? err.message : String(err))));
              break;
            }
            publish();
            this.files.set(id, { id, file: target, fileName, format: spec.format });
            const result: ExportResult = { id, jobId, fileName, rows: m.rows, bytes: m.bytes, format: spec.format, durationMs: Date.now() - started };
            this.d.log.info('export finished', { jobId, kind: spec.kind, rows: m.rows, bytes: m.bytes, ms: result.durationMs });
            settle(() => resolve(result));
            break;
          }
        }
      });
      worker.on('error', (err) => settle(() => (job.cancelRequested ? cancelled() : failed(err.message, err.stack))));
      worker.on('exit', (code) => settle(() => (job.cancelRequested ? cancelled() : failed(`the worker stopped (exit code ${code})`))));
    });
  }
}
