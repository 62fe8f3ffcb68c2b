/**
 * The export worker (a worker thread): opens its own read-only connection to the
 * store, counts the rows, then streams them with a prepared statement's iterator
 * into the format's writer, posting progress as it goes. Memory stays flat: rows
 * are never collected. The main thread renames the temporary file when this
 * reports `done`; on failure or cancellation the temporary file is removed here.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { exportQuery } from './kinds';
import { CONTROL_CANCEL, CONTROL_RUN, type WorkerInput, type WorkerMessage } from './protocol';
import { CsvWriter, NdjsonWriter, XlsxWriter, type RowWriter } from './writers';

class Cancelled extends Error {}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // not created, or already gone
  }
}

export async function runExport(input: WorkerInput, post: (m: WorkerMessage) => void): Promise<WorkerMessage> {
  const control = new Int32Array(input.control);
  const { spec, throttle } = input;
  let db: Database.Database | null = null;
  let writer: RowWriter | null = null;
  let fd: number | null = null;
  try {
    db = new Database(input.dbFile, { readonly: true, fileMustExist: true, ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}) });
    db.pragma('busy_timeout = 5000');
    const usernames = new Map(db.prepare('SELECT id, username FROM users').raw(true).all() as [string, string][]);
    const query = exportQuery(spec, { usernames });
    const fill = query.fill;
    // One read transaction: the count and the rows come from the same snapshot.
    db.exec('BEGIN');
    const total = db.prepare(query.countSql).pluck().get(query.params) as number;
    post({ type: 'total', total });

    fd = fs.openSync(input.tempFile, 'wx');
    writer =
      spec.format === 'csv'
        ? new CsvWriter(fd, query.columns, spec.bom)
        : spec.format === 'ndjson'
          ? new NdjsonWriter(fd)
          : await XlsxWriter.create(fd, query.columns, query.title, input.currency);
    fd = null; // the writer owns it now

    const rowsOf = db.prepare(query.sql).raw(true).iterate(query.params) as IterableIterator<unknown[]>;
    let rows = 0;
    let lastProgress = performance.now();
    for (const values of rowsOf) {
      if (fill) fill(values);
      writer.row(values);
      rows++;
      if ((rows & 63) === 0) {
        if (Atomics.load(control, 0) === CONTROL_CANCEL) throw new Cancelled();
        if ((rows & 1023) === 0) {
          const now = performance.now();
          if (now - lastProgress >= input.progressMs) {
            post({ type: 'progress', rows });
            lastProgress = now;
          }
          if (writer.backlogged()) await writer.drain();
        }
      }
      if (throttle && rows % throttle.pauseEvery === 0) {
        // Sleeps, but wakes at once when the main thread asks to stop.
        Atomics.wait(control, 0, CONTROL_RUN, throttle.pauseMs);
        if (Atomics.load(control, 0) === CONTROL_CANCEL) throw new Cancelled();
        post({ type: 'progress', rows });
        lastProgress = performance.now();
      }
    }
    if (Atomics.load(control, 0) === CONTROL_CANCEL) throw new Cancelled();
    post({ type: 'progress', rows });
    const bytes = await writer.finish();
    writer = null;
    db.exec('COMMIT');
    return { type: 'done', rows, bytes };
  } catch (err) {
    await writer?.abort().catch(() => undefined);
    if (fd !== null) fs.closeSync(fd);
    removeQuietly(input.tempFile);
    if (err instanceof Cancelled) return { type: 'cancelled' };
    const e = err instanceof Error ? err : new Error(String(err));
    return { type: 'failed', message: e.message, stack: e.stack };
  } finally {
    db?.close();
  }
}

if (parentPort && workerData && (workerData as { exportJob?: WorkerInput }).exportJob) {
  const port = parentPort;
  const input = (workerData as { exportJob: WorkerInput }).exportJob;
  void runExport(input, (m) => port.postMessage(m)).then((m) => port.postMessage(m));
}
