/** Messages between the export job manager (main thread) and the export worker. */
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
  /** Int32Array over it: [0] = 1 asks the worker to stop. */
  control: SharedArrayBuffer;
  /** Minimum interval between progress messages. */
  progressMs: number;
  /** Test hook: pause `pauseMs` after every `pauseEvery` rows. */
  throttle?: { pauseEvery: number; pauseMs: number };
}

export type WorkerMessage =
  | { type: 'total'; total: number }
  | { type: 'progress'; rows: number }
  | { type: 'done'; rows: number; bytes: number }
  | { type: 'cancelled' }
  | { type: 'failed'; message: string; stack?: string };

export const CONTROL_RUN = 0;
export const CONTROL_CANCEL = 1;
