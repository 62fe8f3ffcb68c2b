/**
 * Messages between the export job manager (main thread) and the export worker, and
 * between the export worker and its CSV thread.
 */
import type { DocumentLanguage } from '../../../../shared/i18n/languages';
import type { ExportSpec } from './kinds';

export interface WorkerInput {
  spec: ExportSpec;
  /** The SQLite file, opened read-only by the worker. */
  dbFile: string;
  /** The better-sqlite3 addon the main thread uses (the Electron build in the desktop app). */
  nativeBinding?: string;
  /** The temporary file to write (created by the worker; renamed by the main thread when done). */
  tempFile: string;
  /** Currency of the money columns' XLSX format (rows in other currencies get their own). */
  currency: string;
  /** The store's document language: the XLSX header row's labels and sheet name (CSV and NDJSON keep the machine names). */
  language?: DocumentLanguage;
  /** Int32Array over it: [0] = 1 asks the worker to stop. */
  control: SharedArrayBuffer;
  /** Minimum interval between progress messages. */
  progressMs: number;
  /** Test hook: pause `pauseMs` after every `pauseEvery` rows. */
  throttle?: { pauseEvery: number; pauseMs: number };
  /**
   * The worker's own entry (a file URL), to start a CSV thread with; a CSV export of at least
   * `csvThreadFrom` rows is written by that thread while this one reads. Without it, never.
   */
  workerUrl?: string;
  csvThreadFrom?: number;
}

export type WorkerMessage =
  | { type: 'total'; total: number }
  | { type: 'progress'; rows: number }
  | { type: 'done'; rows: number; bytes: number }
  | { type: 'cancelled' }
  | { type: 'failed'; message: string; stack?: string };

export const CONTROL_RUN = 0;
export const CONTROL_CANCEL = 1;

/** What the CSV thread writes: the rows of `spec`, to the open file `fd` (which it does not close). */
export interface CsvThreadInput {
  spec: ExportSpec;
  usernames: [string, string][];
  fd: number;
}

/** Export worker → CSV thread. `values` answers a `need`. */
export type ToCsvThread = { type: 'rows'; rows: string[] } | { type: 'values'; values: unknown[] } | { type: 'end' };

/** CSV thread → export worker. `need` asks for a row's values by its key (a row whose text cannot be split). */
export type FromCsvThread =
  | { type: 'written' }
  | { type: 'need'; key: number }
  | { type: 'done'; bytes: number }
  | { type: 'failed'; message: string; stack?: string };
