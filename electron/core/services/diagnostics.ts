/**
 * Admin → About and the diagnostics bundle a support person asks for. The bundle is one
 * NDJSON file (versions, settings, row counts, the recent log lines) written into the
 * exports folder and handed to the exports service, so it reaches its reader the way an
 * export does: the browser's short-lived download link, the desktop app's "Save as…".
 * No secret goes in: the log lines are written without them (see log.ts) and every value
 * under a key that names one is replaced again here, whatever wrote it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedInput } from '../../../shared/contract';
import type { About, DiagnosticsResult } from '../../../shared/contract/system';
import { AppError } from '../../../shared/errors';
import { iso } from '../clock';
import { dayOf, listLogFiles, LOG_DIR } from '../logFiles';
import type { Actor, ServiceDeps } from './deps';
import type { ExportService } from './exports';
import { commitFile, privateDir, PRIVATE_FILE_MODE, removeQuietly } from './exports/files';
import type { SettingsService } from './settings';

/** The most log text one bundle carries: the newest lines win. */
export const MAX_LOG_BYTES = 8 * 1024 * 1024;
/** Keys whose values never leave the machine, at any depth. */
const SECRET_KEY = /pass(word)?|token|secret|hash|setup.?code|authori[sz]ation|cookie/i;
/** Tables whose row counts help read a report (how big the store is). */
const COUNTED = ['users', 'products', 'orders', 'invoices', 'payments', 'events'] as const;
const DAY_MS = 86_400_000;

/** A copy of `value` with every secret-named key's value replaced. */
export function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : scrub(v)]));
}

/** UTC timestamp for file names: 20260601-090000. */
function fileStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

function fileSize(file: string): number {
  return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

interface LogRecord {
  type: 'log';
  file: string;
  line: unknown;
}

export class DiagnosticsService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly settings: SettingsService,
    private readonly exports: ExportService,
    private readonly info: { version: string; schemaVersion: number },
  ) {}

  private get dataDir(): string {
    return path.dirname(this.d.sqlite.name);
  }

  about(): About {
    const db = this.d.sqlite.name;
    return {
      version: this.info.version,
      schemaVersion: this.info.schemaVersion,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chromium: process.versions.chrome ?? null,
      os: `${os.platform()} ${os.arch()} ${os.release()}`,
      dataDir: this.dataDir,
      databaseBytes: fileSize(db) + fileSize(`${db}-wal`),
      logsDir: path.join(this.dataDir, LOG_DIR),
    };
  }

  /** Writes the bundle, makes it downloadable by id and records who asked for it. */
  async bundle(input: ParsedInput<'system.diagnostics'>, actor: Actor): Promise<DiagnosticsResult> {
    const now = this.d.clock();
    const logs = await this.recentLogs(input.days);
    const records: unknown[] = [
      { type: 'about', generatedAt: iso(now), generatedBy: actor.username, ...this.about(), uptimeSeconds: Math.round(process.uptime()), rssBytes: process.memoryUsage().rss },
      { type: 'settings', settings: scrub(this.settings.view()) },
      { type: 'counts', rows: this.counts() },
      ...logs,
    ];
    const text = `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
    const file = await this.write(`diagnostics-${fileStamp(now)}`, text);
    const bytes = Buffer.byteLength(text);
    const { id, fileName } = this.exports.adopt(file, 'ndjson');
    try {
      this.d.tx(() =>
        this.d.events.append({
          at: iso(now),
          actor: actor.userId,
          type: 'system.diagnostics',
          entity: 'system',
          entityId: id,
          before: null,
          after: { fileName, bytes, days: input.days, logLines: logs.length },
        }),
      );
    } catch (err) {
      removeQuietly(file);
      throw err;
    }
    this.d.log.info('diagnostics bundle written', { fileName, bytes, logLines: logs.length, user: actor.username });
    return { id, fileName, bytes, logLines: logs.length };
  }

  private counts(): Record<string, number | null> {
    return Object.fromEntries(
      COUNTED.map((table) => {
        try {
          return [table, (this.d.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n];
        } catch {
          return [table, null];
        }
      }),
    );
  }

  /**
   * The log lines of the last `days` days (the files are named by the wall clock's UTC day,
   * like the logger names them), oldest first, at most MAX_LOG_BYTES of the newest.
   */
  private async recentLogs(days: number): Promise<LogRecord[]> {
    const oldest = dayOf(Date.now() - (days - 1) * DAY_MS);
    const files = listLogFiles(path.join(this.dataDir, LOG_DIR)).filter((f) => f.day >= oldest);
    const chunks: { name: string; text: string }[] = [];
    let budget = MAX_LOG_BYTES;
    for (const f of files) {
      if (budget <= 0) break;
      let text: string;
      try {
        text = await this.tail(f.file, budget);
      } catch {
        continue;
      }
      budget -= Buffer.byteLength(text);
      chunks.unshift({ name: f.name, text });
    }
    return chunks.flatMap(({ name, text }) =>
      text.split('\n').flatMap((l): LogRecord[] => {
        if (l.trim() === '') return [];
        try {
          return [{ type: 'log', file: name, line: scrub(JSON.parse(l)) }];
        } catch {
          return []; // a line cut by a crash mid-write
        }
      }),
    );
  }

  /** The last `max` bytes of a file, from the first whole line. */
  private async tail(file: string, max: number): Promise<string> {
    const fh = await fs.promises.open(file, 'r');
    try {
      const { size } = await fh.stat();
      const start = Math.max(0, size - max);
      const buf = Buffer.alloc(size - start);
      await fh.read(buf, 0, buf.length, start);
      const text = buf.toString('utf8');
      return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
    } finally {
      await fh.close();
    }
  }

  /** Writes `text` to a new private file `<base>[-n].ndjson` in the exports folder, through a temporary file. */
  private async write(base: string, text: string): Promise<string> {
    const dir = this.exports.exportsDir;
    privateDir(dir);
    for (let n = 1; ; n++) {
      const target = path.join(dir, n === 1 ? `${base}.ndjson` : `${base}-${n}.ndjson`);
      if (fs.existsSync(target)) continue;
      const temp = path.join(dir, `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.part`);
      try {
        const fh = await fs.promises.open(temp, 'wx', PRIVATE_FILE_MODE);
        try {
          if (process.platform !== 'win32') await fh.chmod(PRIVATE_FILE_MODE);
          await fh.writeFile(text, 'utf8');
          await fh.sync();
        } finally {
          await fh.close();
        }
        // Never replaces a file: a name taken meanwhile is CONFLICT, and the loop tries the next one.
        try {
          commitFile(temp, target, false);
        } catch (err) {
          if (err instanceof AppError && err.code === 'CONFLICT') continue;
          throw err;
        }
        return target;
      } finally {
        removeQuietly(temp);
      }
    }
  }
}
