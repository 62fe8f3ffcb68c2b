/**
 * The log files in `<data dir>/logs/`: one JSON-lines file per UTC day
 * (`tessera-YYYY-MM-DD.log`), kept 14 days. The folder is 0700 and the files 0600, set
 * explicitly (mkdir and open pass through the umask). Writes are asynchronous
 * (pino's SonicBoom): a sale never waits for the disk because of a log line.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';

export const LOG_DIR = 'logs';
/** Today's file and the 13 days before it are kept. */
export const KEEP_DAYS = 14;
export const LOG_DIR_MODE = 0o700;
export const LOG_FILE_MODE = 0o600;

const FILE_NAME = /^tessera-(\d{4}-\d{2}-\d{2})\.log$/;
const DAY_MS = 86_400_000;

export function logFileName(day: string): string {
  return `tessera-${day}.log`;
}

/** The UTC day of `ms` as YYYY-MM-DD. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The log files in `dir`, newest day first. */
export function listLogFiles(dir: string): { name: string; day: string; file: string }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, day: FILE_NAME.exec(name)?.[1] }))
    .filter((f): f is { name: string; day: string } => f.day !== undefined)
    .map((f) => ({ ...f, file: path.join(dir, f.name) }))
    .sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
}

/** Removes the day files older than KEEP_DAYS (by the day in their name); returns their names. */
export function pruneLogFiles(dir: string, now: number): string[] {
  const oldestKept = dayOf(now - (KEEP_DAYS - 1) * DAY_MS);
  const removed: string[] = [];
  for (const f of listLogFiles(dir)) {
    if (f.day >= oldestKept) continue;
    // lstat: only regular files; a link or folder with a log's name is left alone.
    if (!fs.lstatSync(f.file, { throwIfNoEntry: false })?.isFile()) continue;
    try {
      fs.unlinkSync(f.file);
      removed.push(f.name);
    } catch {
      // in use or gone: next start
    }
  }
  return removed;
}

export interface LogFileSink {
  readonly dir: string;
  write(line: string): void;
  /** Writes what is buffered, now (at exit). */
  flushSync(): void;
  close(): void;
}

type Stream = ReturnType<typeof pino.destination>;

/**
 * Opens today's file in `<dataDir>/logs/` after removing the expired ones; the file changes
 * at UTC midnight (the next write after it opens the new day's file and prunes again).
 * A log that cannot be written is reported once on stderr and never stops the app.
 */
export function openLogFiles(dataDir: string, now: () => number = Date.now): LogFileSink {
  const dir = path.join(dataDir, LOG_DIR);
  fs.mkdirSync(dir, { recursive: true, mode: LOG_DIR_MODE });
  if (process.platform !== 'win32') fs.chmodSync(dir, LOG_DIR_MODE);

  let stream: Stream | null = null;
  let nextDayAt = 0;
  let reported = false;

  const report = (err: unknown) => {
    if (reported) return;
    reported = true;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${JSON.stringify({ level: 'error', time: new Date().toISOString(), module: 'log', msg: 'the log file cannot be written', message })}\n`);
  };

  const open = (t: number) => {
    const day = dayOf(t);
    nextDayAt = Date.parse(`${day}T00:00:00.000Z`) + DAY_MS;
    const old = stream;
    stream = null;
    old?.end();
    try {
      pruneLogFiles(dir, t);
      const fd = fs.openSync(path.join(dir, logFileName(day)), 'a', LOG_FILE_MODE);
      if (process.platform !== 'win32') fs.fchmodSync(fd, LOG_FILE_MODE);
      const s = pino.destination({ fd, sync: false });
      // Without a listener an I/O error would be thrown as an unhandled 'error' event.
      s.on('error', (err: unknown) => {
        report(err);
        if (stream === s) stream = null;
      });
      stream = s;
    } catch (err) {
      report(err);
    }
  };

  open(now());
  return {
    dir,
    write(line) {
      const t = now();
      if (t >= nextDayAt) open(t);
      stream?.write(line);
    },
    flushSync() {
      try {
        stream?.flushSync();
      } catch {
        // destroyed after an error, or not open: nothing to flush
      }
    },
    close() {
      const s = stream;
      stream = null;
      nextDayAt = Number.POSITIVE_INFINITY;
      if (!s) return;
      try {
        s.flushSync();
      } catch {
        // destroyed after an error: nothing to flush
      }
      s.end();
    },
  };
}
