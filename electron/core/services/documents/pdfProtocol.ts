/** Messages between the PDF worker pool (the core's thread) and a PDF worker. */
import type { PdfJob } from './pdfJob';

export interface PdfWorkerData {
  /** The shipped fonts' folder, as the core's thread found it. */
  fontsDir: string;
}

/**
 * A job to draw. `hold` (tests only): the worker says `started`, then waits inside the render
 * until element 0 of an Int32Array over it becomes non-zero.
 */
export interface ToPdfWorker {
  id: number;
  job: PdfJob;
  hold?: SharedArrayBuffer;
}

export type FromPdfWorker =
  | { type: 'started'; id: number }
  | { type: 'done'; id: number; pdf: Uint8Array }
  | { type: 'failed'; id: number; message: string; stack?: string };
