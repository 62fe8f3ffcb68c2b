/**
 * A large CSV export on two threads: the export worker reads the rows (SQLite, one
 * snapshot) and hands their texts in batches to a second thread, which cuts them up,
 * formats and writes them. Reading and writing each take about half of the work, so
 * on two cores the export runs nearly twice as fast. The export worker owns the file
 * descriptor (it opens and closes it); the CSV thread only writes and syncs. A row
 * the CSV thread cannot split is read again by the export worker, which has the
 * snapshot (`need` → `values`).
 */
import fs from 'node:fs';
import { Worker, type MessagePort } from 'node:worker_threads';
import { exportQuery } from './kinds';
import type { CsvThreadInput, FromCsvThread, ToCsvThread } from './protocol';
import { CsvWriter, type FileWriter } from './writers';

/** Rows handed over per message… */
const BATCH_ROWS = 1024;
/** …and batches the CSV thread may have waiting before the reader waits for it to catch up. */
const MAX_WAITING = 32;

/** The export worker's side: collects row texts into batches for the CSV thread. */
export class CsvThreadWriter implements FileWriter {
  private readonly thread: Worker;
  private batch: string[] = [];
  /** Batches sent and not yet written. */
  private waiting = 0;
  private bytes: number | null = null;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  /** `workerUrl` is the export worker's entry; `rowByKey` reads a row's values in the snapshot. */
  constructor(
    workerUrl: string,
    input: CsvThreadInput,
    private readonly fd: number,
    rowByKey: (key: number) => unknown[],
  ) {
    this.thread = new Worker(new URL(workerUrl), { workerData: { csvThread: input } });
    this.thread.on('message', (m: FromCsvThread) => {
      switch (m.type) {
        case 'written':
          this.waiting--;
          break;
        case 'need':
          try {
            this.thread.postMessage({ type: 'values', values: rowByKey(m.key) } satisfies ToCsvThread);
          } catch (err) {
            this.fail(err instanceof Error ? err : new Error(String(err)));
          }
          break;
        case 'done':
          this.bytes = m.bytes;
          break;
        case 'failed':
          this.fail(Object.assign(new Error(m.message), { stack: m.stack }));
          break;
      }
      this.notify();
    });
    this.thread.on('error', (err) => this.fail(err));
    this.thread.on('exit', (code) => {
      if (this.bytes === null) this.fail(new Error(`the CSV thread stopped (exit code ${code})`));
    });
  }

  row(text: string): void {
    this.batch.push(text);
    if (this.batch.length === BATCH_ROWS) this.send();
  }

  private send(): void {
    this.thread.postMessage({ type: 'rows', rows: this.batch } satisfies ToCsvThread);
    this.batch = [];
    this.waiting++;
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Until the CSV thread next reports (messages, including `need`, are handled meanwhile). */
  private async next(): Promise<void> {
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
  }

  backlogged(): boolean {
    if (this.failure) throw this.failure;
    return this.waiting > MAX_WAITING;
  }

  async drain(): Promise<void> {
    while (this.waiting > MAX_WAITING / 2) await this.next();
  }

  async finish(): Promise<number> {
    if (this.batch.length > 0) this.send();
    this.thread.postMessage({ type: 'end' } satisfies ToCsvThread);
    while (this.bytes === null) await this.next();
    const bytes = this.bytes;
    await this.thread.terminate();
    fs.closeSync(this.fd);
    return bytes;
  }

  async abort(): Promise<void> {
    await this.thread.terminate();
    fs.closeSync(this.fd);
  }
}

/** The CSV thread's side: writes each batch in order, then syncs the file at `end`. */
export function runCsvThread(input: CsvThreadInput, port: MessagePort): void {
  const query = exportQuery(input.spec, { usernames: new Map(input.usernames) });
  const csv = new CsvWriter(input.fd, input.spec.bom, query);
  const queue: ToCsvThread[] = [];
  let answer: ((values: unknown[]) => void) | null = null;
  let running = false;
  let failed = false;

  const ask = (key: number) =>
    new Promise<unknown[]>((resolve) => {
      answer = resolve;
      port.postMessage({ type: 'need', key } satisfies FromCsvThread);
    });

  const work = async () => {
    running = true;
    try {
      for (let m = queue.shift(); m && !failed; m = queue.shift()) {
        if (m.type === 'rows') {
          for (const text of m.rows) if (!csv.row(text)) csv.writeValues(await ask(CsvWriter.keyOf(text)));
          port.postMessage({ type: 'written' } satisfies FromCsvThread);
        } else if (m.type === 'end') {
          port.postMessage({ type: 'done', bytes: csv.complete() } satisfies FromCsvThread);
        }
      }
    } catch (err) {
      failed = true;
      const e = err instanceof Error ? err : new Error(String(err));
      port.postMessage({ type: 'failed', message: e.message, stack: e.stack } satisfies FromCsvThread);
    } finally {
      running = false;
    }
  };

  port.on('message', (m: ToCsvThread) => {
    if (m.type === 'values') {
      answer?.(m.values);
      answer = null;
      return;
    }
    queue.push(m);
    if (!running) void work();
  });
}
