/**
 * The app's logger (pino, see docs/logging.md): JSON lines, one child logger per module
 * (`createLogger('orders')`). Every line goes to stderr at TESSERA_LOG's level
 * (silent|error|warn|info, default info; read at each line) and, once a host has called
 * configureLogFiles(dataDir), to the day's file in `<data dir>/logs/` at info and above.
 */
import path from 'node:path';
import pino from 'pino';
import { LOG_DIR, openLogFiles, type LogFileSink } from './logFiles';

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** The same destinations under another module name. */
  child(module: string): Logger;
}

/** pino's level numbers for TESSERA_LOG's names; silent is above every level. */
const stderrLevels: Record<string, number> = { silent: Number.POSITIVE_INFINITY, error: 50, warn: 40, info: 30 };

function stderrThreshold(): number {
  return stderrLevels[process.env.TESSERA_LOG ?? 'info'] ?? 30;
}

let files: LogFileSink | null = null;

/**
 * Where pino writes. pino sets `lastLevel` before each write on a stream flagged with
 * pino.metadata, so one serialised line is shared by the file and stderr.
 */
const fanout = {
  [Symbol.for('pino.metadata')]: true,
  lastLevel: 0,
  write(line: string): void {
    files?.write(line);
    if (this.lastLevel >= stderrThreshold()) process.stderr.write(line);
  },
};

/** Keys that must never reach a log line, whatever a caller passes in. */
const SECRET_KEYS = ['password', 'newPassword', 'passwordHash', 'password_hash', 'pin', 'pinHash', 'pin_hash', 'token', 'authorization', 'setupCode', 'code_hash'];

const root = pino(
  {
    level: 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`)], censor: '[redacted]' },
  },
  fanout,
);

function wrap(p: pino.Logger): Logger {
  return {
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (module) => wrap(root.child({ module })),
  };
}

export function createLogger(module: string): Logger {
  return wrap(root.child({ module }));
}

/**
 * Sends the process's log lines to `<dataDir>/logs/` too (the hosts call it once, with the
 * data folder they open and what they are, e.g. `{ host, version }`; a second call with
 * another folder moves the files there).
 * Never throws: without a log folder the app still sells.
 */
export function configureLogFiles(dataDir: string, start: Record<string, unknown> = {}): string | null {
  if (files && files.dir === path.join(path.resolve(dataDir), LOG_DIR)) return files.dir;
  files?.close();
  files = null;
  try {
    files = openLogFiles(path.resolve(dataDir));
    // Each start begins with a line of its own, in the file only (stderr says what it always said).
    const line = { level: 'info', time: new Date().toISOString(), pid: process.pid, module: 'log', ...start, node: process.versions.node, msg: 'started' };
    files.write(`${JSON.stringify(line)}\n`);
    return files.dir;
  } catch (err) {
    createLogger('log').error('the log folder cannot be created', { dataDir, message: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

/** The folder configureLogFiles writes to, or null before it is called. */
export function logFilesDir(): string | null {
  return files?.dir ?? null;
}

/** Writes buffered lines now (the hosts call it before exiting; pino also does at process exit). */
export function flushLogs(): void {
  files?.flushSync();
}

