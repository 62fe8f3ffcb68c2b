/**
 * Where PDFs are drawn. Drawing one takes 50–200 ms of pdfkit; on the core's only thread that
 * long holds every till's sale. The pool draws them on a worker thread instead: the core
 * gathers a document's data from the store (fast), posts the plain model (PdfJob) and answers
 * other calls until the bytes come back.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../../shared/errors';
import type { Logger } from '../../log';
import { workerUrl } from '../../workerUrl';
import { fontsDir } from './fonts';
import { renderPdfJob, type PdfJob } from './pdfJob';
import type { FromPdfWorker, PdfWorkerData, ToPdfWorker } from './pdfProtocol';

export interface PdfRenderer {
  render(job: PdfJob): Promise<Buffer>;
  /** Ends what it started (the core closes). */
  close(): void;
}

/** Draws on the calling thread: the bench's comparison, and what the worker's bytes must equal. */
export const inThreadPdf: PdfRenderer = { render: renderPdfJob, close() {} };

/**
 * One worker. A till runs on a 2-core PC: one core for the core's thread (SQLite and every
 * call), one for a render; a second worker would only take CPU from the sales. PDFs come a
 * few a minute, so jobs that meet queue in the worker, one after another.
 */
const POOL_SIZE = 1;

/** What a request gets when its worker ended before answering (a crash, or the core closing). */
function stopped(): AppError {
  return AppError.of('INTERNAL', 'pdfRendererStopped');
}

interface Waiting {
  resolve(pdf: Buffer): void;
  reject(err: Error): void;
  started?: () => void;
}

interface Slot {
  worker: Worker;
  waiting: Map<number, Waiting>;
}

/** A test's grip on the next render: `started` once the worker is inside it, which then waits for `release()`. */
export interface PdfHold {
  started: Promise<void>;
  release(): void;
}

export class PdfWorkerPool implements PdfRenderer {
  private slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  private hold: { buffer: SharedArrayBuffer; started: () => void } | null = null;

  constructor(private readonly opts: { size?: number; workerUrl?: URL; log?: Logger } = {}) {}

  /** Workers started and not ended. */
  get running(): number {
    return this.slots.length;
  }

  render(job: PdfJob): Promise<Buffer> {
    if (this.closed) return Promise.reject(stopped());
    const hold = this.hold;
    this.hold = null;
    return new Promise<Buffer>((resolve, reject) => {
      const slot = this.pick();
      const id = this.nextId++;
      slot.waiting.set(id, { resolve, reject, started: hold?.started });
      // Waited for: the process stays up until the answer (an idle worker never holds it).
      slot.worker.ref();
      try {
        slot.worker.postMessage({ id, job, ...(hold ? { hold: hold.buffer } : {}) } satisfies ToPdfWorker);
      } catch (err) {
        this.settle(slot, id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const slot of this.slots) this.lost(slot, new Error('the core closed'));
  }

  /** An idle worker, else a new one while there are fewer than the pool's size, else the least busy. */
  private pick(): Slot {
    const idle = this.slots.find((s) => s.waiting.size === 0);
    if (idle) return idle;
    if (this.slots.length < (this.opts.size ?? POOL_SIZE)) return this.start();
    return this.slots.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
  }

  private start(): Slot {
    const worker = new Worker(this.opts.workerUrl ?? workerUrl(import.meta.url, 'pdfWorker-bootstrap.mjs', 'pdf-worker.js'), { workerData: { fontsDir: fontsDir() } satisfies PdfWorkerData });
    worker.unref();
    const slot: Slot = { worker, waiting: new Map() };
    this.slots.push(slot);
    worker.on('message', (m: FromPdfWorker) => {
      const waiting = slot.waiting.get(m.id);
      if (!waiting) return;
      if (m.type === 'started') return waiting.started?.();
      this.settle(slot, m.id);
      if (m.type === 'done') waiting.resolve(Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
      else waiting.reject(Object.assign(new Error(m.message), { stack: m.stack }));
    });
    worker.on('error', (err) => this.lost(slot, err));
    worker.on('exit', (code) => this.lost(slot, new Error(`the PDF worker stopped (exit code ${code})`)));
    return slot;
  }

  private settle(slot: Slot, id: number): void {
    slot.waiting.delete(id);
    if (slot.waiting.size === 0) slot.worker.unref();
  }

  /** A worker that crashed or ended: its requests fail with a typed error; the next render starts a fresh one. */
  private lost(slot: Slot, err: Error): void {
    this.slots = this.slots.filter((s) => s !== slot);
    if (slot.waiting.size > 0 && !this.closed) this.opts.log?.error('the PDF worker stopped', { reason: err.message, stack: err.stack, waiting: slot.waiting.size });
    for (const waiting of slot.waiting.values()) waiting.reject(stopped());
    slot.waiting.clear();
    void slot.worker.terminate();
  }

  /** Test hook: the next render says when the worker is inside it, and waits there until released. */
  holdNext(): PdfHold {
    const buffer = new SharedArrayBuffer(4);
    let started = () => {};
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    this.hold = { buffer, started };
    return {
      started: startedPromise,
      release() {
        const flag = new Int32Array(buffer);
        Atomics.store(flag, 0, 1);
        Atomics.notify(flag, 0);
      },
    };
  }

  /** Test hook: ends every worker at once, as a crash would (whatever it was drawing gets no answer). */
  async killForTest(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
