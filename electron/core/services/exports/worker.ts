/**
 * The export worker (a worker thread): opens its own read-only connection to the
 * store, counts the rows, then streams them with a prepared statement's iterator
 * into the format's writer, posting progress as it goes (a CSV or NDJSON row
 * comes as one text, an XLSX row as an array of values; a large CSV export is
 * written by a second thread, see csvThread). Memory stays flat: rows are never
 * collected. The main thread renames the temporary file when this reports
 * `done`; on failure or cancellation the temporary file is removed here.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { CsvThreadWriter, runCsvThread } from './csvThread';
import { exportQuery } from './kinds';
import { CONTROL_CANCEL, CONTROL_RUN, type CsvThreadInput, type WorkerInput, type WorkerMessage } from './protocol';
import { CsvWriter, NdjsonWriter, XlsxWriter, type FileWriter } from './writers';
import { xlsxColumns, xlsxTitle } from './xlsxLabels';

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
  let writer: FileWriter | null = null;
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

    const statement = db.prepare(query.sql);
    // Private from the start (0600), set again explicitly whatever the umask.
    fd = fs.openSync(input.tempFile, 'wx', 0o600);
    if (process.platform !== 'win32') fs.fchmodSync(fd, 0o600);
    let write: (row: unknown) => void;
    if (spec.format === 'csv') {
      const byKey = db.prepare(query.rowByKeySql ?? '').raw(true);
      const rowByKey = (key: number) => byKey.get(key) as unknown[];
      if (input.workerUrl && input.csvThreadFrom !== undefined && total >= input.csvThreadFrom) {
        const csv = new CsvThreadWriter(input.workerUrl, { spec, usernames: [...usernames], fd }, fd, rowByKey);
        writer = csv;
        write = (row) => csv.row(row as string);
      } else {
        const csv = new CsvWriter(fd, spec.bom, query);
        writer = csv;
        write = (row) => {
          if (!csv.row(row as string)) csv.writeValues(rowByKey(CsvWriter.keyOf(row as string)));
        };
      }
    } else if (spec.format === 'ndjson') {
      const ndjson = new NdjsonWriter(fd);
      writer = ndjson;
      write = (row) => ndjson.row(row as string);
    } else {
      // The header row and sheet name in the store's document language; the values stay as they are.
      const xlsx = await XlsxWriter.create(fd, xlsxColumns(query.columns, input.language), xlsxTitle(spec, input.language), input.currency);
      writer = xlsx;
      write = (row) => {
        fill?.(row as unknown[]);
        xlsx.row(row as unknown[]);
      };
    }
    fd = null; // the writer owns it now
    // XLSX takes the columns' values; CSV and NDJSON one text a row.
    const rowsOf = (spec.format === 'xlsx' ? statement.raw(true) : statement.pluck(true)).iterate(query.params) as IterableIterator<unknown>;

    let rows = 0;
    let lastProgress = performance.now();
    for (const row of rowsOf) {
      write(row);
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

const data = (workerData ?? {}) as { exportJob?: WorkerInput; csvThread?: CsvThreadInput };
if (parentPort && data.exportJob) {
  const port = parentPort;
  void runExport(data.exportJob, (m) => port.postMessage(m)).then((m) => port.postMessage(m));
} else if (parentPort && data.csvThread) {
  runCsvThread(data.csvThread, parentPort);
}
