/**
 * Support commands of `tessera` other than `serve` (bin/tessera.mjs dispatches `serve`).
 *
 * `tessera export <orders|invoices|payments|credit-notes|z-reports>` opens the core on the data directory, signs
 * in through the dispatcher with auth.login and calls the same exports.* method as the
 * app, so roles, filters and file handling are the app's own. The export is written to
 * the data folder's exports/ like any other; `--out FILE` then moves it to FILE, which
 * this command may do because it runs as the OS user (API callers never name a path).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ExportFileKind } from '../../shared/contract/exports';
import type { ErrorBody } from '../../shared/errors';
import type { Core } from '../core/core';

// The core, the HTTP host and the commands' modules load lazily: help and argument errors answer at once.

/** What `tessera export` takes, and the exports.* method each calls. */
const methodOf = { orders: 'orders', invoices: 'invoices', payments: 'payments', 'credit-notes': 'creditNotes', 'z-reports': 'zReports' } as const satisfies Record<string, ExportFileKind>;
export type CliExportKind = keyof typeof methodOf;
const exportKinds = Object.keys(methodOf) as CliExportKind[];

export const cliUsage = `Usage: tessera <command> [options]

Commands:
  serve     serve the UI and the contract over HTTP (tessera serve --help)
  export    write orders, invoices, payments, credit notes or Z reports to a CSV, NDJSON or XLSX file (tessera export --help)
  backup    write a checked copy of the database to a file of your choice (tessera backup --help)
  restore   put a backup in place of the database, keeping the current one aside (tessera restore --help)
  users     unlock a user locked out by wrong passwords (tessera users --help)
  headoffice  set up the PostgreSQL head office and its installations (tessera headoffice --help)

Run a command with --help for its options.`;

export const exportUsage = `Usage: tessera export <orders|invoices|payments|credit-notes|z-reports> --user NAME [options]

Writes orders, invoices, payments, credit notes (one row per line) or Z reports to a file with
the app's own export code.

Options:
  --format csv|ndjson|xlsx  file format                                   default csv
  --from DATE               first day (YYYY-MM-DD, UTC) or an ISO time, inclusive
  --to DATE                 last day (YYYY-MM-DD, UTC) or an ISO time, inclusive
  --status S[,S...]         orders: RECEIVED PROCESSING FULFILLED SHIPPED DELIVERED CANCELLED;
                            invoices: PENDING PAID CANCELLED
  --method M[,M...]         payments: cash card other voucher
  --kind payment|refund     payments: only payments or only refunds
  --kind K[,K...]           credit-notes: return exchange cancellation receiptless
  --granularity order|line  orders: one row per order (default) or per order line
  --register CODE           z-reports: one register's (its code, e.g. R1); Z reports are
                            dated by their close
  --out FILE                where to put the file    default DATA_DIR/exports/<kind>-<timestamp>.<ext>
                            (written as the user running this command, readable by that user only)
  --overwrite               replace FILE if it exists
  --bom                     CSV: start with a UTF-8 byte-order mark (for Excel)
  --data-dir DIR            folder of tessera.db     default TESSERA_DATA_DIR or the app-data folder
  --user NAME               sign in as NAME (an admin, manager or support user)
  --quiet                   no progress bar
  --help                    show this help

The password is read from TESSERA_PASSWORD, or asked for when the terminal is interactive.
The written file's path is printed on stdout; progress and messages go to stderr.

Exit codes: 0 written, 1 the export failed, 2 bad arguments, 3 sign-in failed,
4 the user may not export, 130 interrupted.`;

export const EXIT = { ok: 0, failed: 1, usage: 2, signIn: 3, forbidden: 4, interrupted: 130 } as const;

export async function runCli(command: string | undefined, args: string[]): Promise<number> {
  // What a command writes (exports, backups, the database) is the OS user's alone.
  (await import('../core/dataDir')).usePrivateUmask();
  if (command === undefined || command === '--help' || command === 'help') {
    console.log(cliUsage);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === 'export') return exportCommand(args);
  if (command === 'backup') return (await import('./cli-backup')).backupCommand(args);
  if (command === 'restore') return (await import('./cli-restore')).restoreCommand(args);
  if (command === 'users') return (await import('./cli-users')).usersCommand(args);
  if (command === 'headoffice') return (await import('./cli-headoffice')).headOfficeCommand(args);
  console.error(`tessera: unknown command "${command}"\n\n${cliUsage}`);
  return EXIT.usage;
}

class UsageError extends Error {}
class Interrupted extends Error {}

/** Contract field → the option that sets it, for messages. */
const optionOf: Record<string, string> = {
  destination: '--out',
  format: '--format',
  from: '--from',
  to: '--to',
  status: '--status',
  method: '--method',
  kind: '--kind',
  granularity: '--granularity',
  registerId: '--register',
};

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** The call's input from the command line; throws UsageError on what the contract cannot judge. */
export function exportInput(kind: CliExportKind, values: Record<string, string | boolean | undefined>, jobId: string): Record<string, unknown> {
  const str = (name: string) => values[name] as string | undefined;
  const onlyFor = (name: string, kinds: CliExportKind[]) => {
    if (values[name] !== undefined && !kinds.includes(kind)) throw new UsageError(`--${name} does not apply to ${kind}`);
  };
  onlyFor('status', ['orders', 'invoices']);
  onlyFor('granularity', ['orders']);
  onlyFor('method', ['payments']);
  onlyFor('kind', ['payments', 'credit-notes']);
  onlyFor('register', ['z-reports']);
  const input: Record<string, unknown> = { format: str('format') ?? 'csv', jobId, bom: values.bom === true };
  if (str('from') !== undefined) input.from = str('from');
  if (str('to') !== undefined) input.to = str('to');
  const status = list(str('status'));
  if (status) input.status = status.map((s) => s.toUpperCase());
  const method = list(str('method'));
  if (method) input.method = method.map((m) => m.toLowerCase());
  if (str('kind') !== undefined) input.kind = kind === 'credit-notes' ? list(str('kind'))!.map((k) => k.toLowerCase()) : str('kind');
  if (str('granularity') !== undefined) input.granularity = str('granularity');
  return input;
}

/** --out as an absolute path; a NUL or another control character is a usage error, not a crash further on. */
export function outPath(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) throw new UsageError('--out: must not contain control characters');
  if (value.trim() === '') throw new UsageError('--out: give a file name');
  return path.resolve(value);
}

/** A contract error as a command-line message: fields named by their options. */
function describe(error: ErrorBody): string {
  const issues = (error.details as { issues?: { path: (string | number)[]; message: string }[] } | undefined)?.issues;
  if (error.code === 'VALIDATION' && issues && issues.length > 0) {
    return issues
      .map((i) => {
        const field = String(i.path[0] ?? '');
        return `${optionOf[field] ?? (field || 'input')}: ${i.message}`;
      })
      .join('; ');
  }
  return error.message;
}

async function exportCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        status: { type: 'string' },
        method: { type: 'string' },
        kind: { type: 'string' },
        granularity: { type: 'string' },
        register: { type: 'string' },
        out: { type: 'string' },
        overwrite: { type: 'boolean' },
        bom: { type: 'boolean' },
        'data-dir': { type: 'string' },
        user: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    return usageFailure(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(exportUsage);
    return EXIT.ok;
  }
  const [kind, ...extra] = positionals;
  if (kind === undefined) return usageFailure('say what to export: orders, invoices, payments, credit-notes or z-reports');
  if (!(exportKinds as string[]).includes(kind)) return usageFailure(`cannot export "${kind}"; choose orders, invoices, payments, credit-notes or z-reports`);
  if (extra.length > 0) return usageFailure(`unexpected argument "${extra[0]}"`);
  if (!values.user) return usageFailure('--user NAME is required (an admin, manager or support user)');

  const jobId = `cli-${process.pid}-${Date.now().toString(36)}`;
  let input: Record<string, unknown>;
  let out: string | undefined;
  try {
    input = exportInput(kind as CliExportKind, values, jobId);
    out = outPath(values.out);
  } catch (err) {
    if (err instanceof UsageError) return usageFailure(err.message);
    throw err;
  }
  const overwrite = values.overwrite === true;
  if (out !== undefined) {
    // The target is checked before anything is exported (it is checked again when the file moves there).
    const { checkTarget } = await import('../core/services/exports/files');
    const { AppError } = await import('../../shared/errors');
    try {
      checkTarget(out, exportFormatOf(input), overwrite);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'VALIDATION') return usageFailure(describe(err.toBody()));
      console.error(`tessera export: ${describe(err.toBody())}${overwriteHint(err.toBody())}`);
      return EXIT.failed;
    }
  }

  const { resolveDataDir } = await import('../core/dataDir');
  const { createCore, DB_FILE } = await import('../core/core');
  const { packageVersion, repoRoot } = await import('./main');
  const dataDir = resolveDataDir(values['data-dir']);
  if (!fs.existsSync(path.join(dataDir, DB_FILE))) {
    return usageFailure(`there is no Tessera store in ${dataDir} (${DB_FILE} not found); pass --data-dir`);
  }

  let password = process.env.TESSERA_PASSWORD;
  if (password === undefined || password === '') {
    if (!process.stdin.isTTY) {
      console.error('tessera export: no password: set TESSERA_PASSWORD, or run in a terminal to be asked for it');
      return EXIT.signIn;
    }
    try {
      password = await promptPassword(`Password for ${values.user}: `);
    } catch (err) {
      if (err instanceof Interrupted) return EXIT.interrupted;
      throw err;
    }
  }

  // The core's own log lines would garble the progress bar: only errors.
  process.env.TESSERA_LOG ??= 'error';
  let core: Core;
  try {
    core = createCore({ dataDir, migrationsFolder: path.join(repoRoot, 'migrations'), version: packageVersion() });
  } catch (err) {
    console.error(`tessera export: cannot open the store in ${dataDir}: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failed;
  }
  try {
    return await runExport(core, kind as CliExportKind, input, { out, overwrite, register: values.register }, values.user, password, jobId, values.quiet === true);
  } finally {
    core.close();
  }
}

/** The format the contract will see; an unknown one is refused by the contract itself. */
function exportFormatOf(input: Record<string, unknown>): 'csv' | 'ndjson' | 'xlsx' {
  const format = input.format;
  return format === 'ndjson' || format === 'xlsx' ? format : 'csv';
}

function overwriteHint(error: ErrorBody): string {
  return error.code === 'CONFLICT' && /already exists/.test(error.message) ? ' (pass --overwrite to replace it)' : '';
}

function usageFailure(message: string): number {
  console.error(`tessera export: ${message}\nRun "tessera export --help" for the options.`);
  return EXIT.usage;
}

async function runExport(
  core: Core,
  kind: CliExportKind,
  input: Record<string, unknown>,
  target: { out: string | undefined; overwrite: boolean; register: string | undefined },
  username: string,
  password: string,
  jobId: string,
  quiet: boolean,
): Promise<number> {
  const login = await core.dispatch('auth.login', { username, password });
  if (!login.ok) {
    console.error(`tessera export: cannot sign in as ${username}: ${describe(login.error)}`);
    return EXIT.signIn;
  }
  const { token, user } = login.value as { token: string; user: { role: string } };
  if (target.register !== undefined) {
    const registerId = await registerIdOf(core, token, target.register);
    if (registerId === null) {
      await core.dispatch('auth.logout', {}, token);
      return usageFailure(`--register: this store has no register "${target.register}"`);
    }
    input = { ...input, registerId };
  }
  const progress = quiet ? null : new ProgressBar(nounOf(kind));
  const unsubscribe = core.bus.subscribe((e) => {
    if (e.event === 'export.progress' && e.data.jobId === jobId) progress?.update(e.data.rows, e.data.total);
  });
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    progress?.clear();
    console.error('tessera export: stopping…');
    void core.dispatch('exports.cancel', { jobId }, token);
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await core.dispatch(`exports.${methodOf[kind]}`, input, token);
    progress?.clear();
    if (!result.ok) {
      if (interrupted) {
        console.error('tessera export: interrupted; no file was written');
        return EXIT.interrupted;
      }
      const { error } = result;
      if (error.code === 'FORBIDDEN') {
        console.error(`tessera export: ${username} is ${/^[aeiou]/.test(user.role) ? 'an' : 'a'} ${user.role} and may not export data (exports need an admin, manager or support user)`);
        return EXIT.forbidden;
      }
      console.error(`tessera export: ${describe(error)}${overwriteHint(error)}`);
      return error.code === 'VALIDATION' ? EXIT.usage : EXIT.failed;
    }
    const r = result.value as { id: string; rows: number; bytes: number; durationMs: number };
    const exportsService = core.services.exports;
    let file: string;
    if (target.out === undefined) file = exportsService.pathOf(r.id);
    else {
      const { AppError } = await import('../../shared/errors');
      try {
        file = exportsService.saveTo(r.id, target.out, { overwrite: target.overwrite, move: true }, core.services.auth.resolve(token));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        console.error(`tessera export: ${describe(err.toBody())}${overwriteHint(err.toBody())}`);
        return EXIT.failed;
      }
    }
    console.error(`Exported ${r.rows.toLocaleString('en')} ${rowNoun(kind, input, r.rows)} to ${file} (${formatBytes(r.bytes)}, ${(r.durationMs / 1000).toFixed(1)} s).`);
    console.log(file);
    return EXIT.ok;
  } finally {
    process.off('SIGINT', onSigint);
    unsubscribe();
    await core.dispatch('auth.logout', {}, token);
  }
}

/** --register as a register's id: its code (any case), or its id; null when the store has neither. */
async function registerIdOf(core: Core, token: string, register: string): Promise<string | null> {
  const listed = await core.dispatch('registers.list', { includeInactive: true }, token);
  if (!listed.ok) return null;
  const { items } = listed.value as { items: { id: string; code: string }[] };
  const wanted = register.trim();
  return (items.find((r) => r.code === wanted.toUpperCase()) ?? items.find((r) => r.id === wanted))?.id ?? null;
}

function nounOf(kind: CliExportKind): string {
  return kind === 'z-reports' ? 'Z reports' : kind === 'credit-notes' ? 'credit notes' : kind;
}

function rowNoun(kind: CliExportKind, input: Record<string, unknown>, rows: number): string {
  const noun = kind === 'orders' && input.granularity === 'line' ? 'order lines' : kind === 'credit-notes' ? 'credit note lines' : nounOf(kind);
  return rows === 1 ? noun.replace(/s$/, '') : noun;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600 ? `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A progress bar on stderr: redrawn in place on a terminal, a line every few seconds otherwise. */
class ProgressBar {
  private readonly tty = process.stderr.isTTY === true;
  /** When rows started to flow (the worker had counted them). */
  private started = 0;
  private lastDraw = 0;
  private last = '';
  private drawn = false;

  constructor(private readonly kind: string) {}

  update(rows: number, total: number): void {
    const now = Date.now();
    if (total > 0 && this.started === 0) this.started = now;
    if (`${rows}/${total}` === this.last) return;
    if (now - this.lastDraw < (this.tty ? 100 : 2000) && !(rows === total && total > 0)) return;
    this.lastDraw = now;
    this.last = `${rows}/${total}`;
    const elapsed = this.started > 0 ? (now - this.started) / 1000 : 0;
    const rate = elapsed > 0 ? rows / elapsed : 0;
    const fraction = total > 0 ? Math.min(1, rows / total) : 0;
    const eta = rate > 0 && total > rows ? ` ETA ${formatDuration((total - rows) / rate)}` : '';
    const counts = total > 0 ? `${rows.toLocaleString('en')}/${total.toLocaleString('en')} ${this.kind}` : `counting ${this.kind}…`;
    const stats = `${String(Math.floor(fraction * 100)).padStart(3)}% ${counts} ${Math.round(rate).toLocaleString('en')}/s${eta}`;
    if (this.tty) {
      const width = 24;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${stats}`);
      this.drawn = true;
    } else {
      process.stderr.write(`exporting: ${stats}\n`);
    }
  }

  clear(): void {
    if (this.tty && this.drawn) process.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** Reads a password from the terminal without echoing it. */
function promptPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let chars: string[] = [];
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(chars.join(''));
          return;
        }
        if (ch === '\u0003' || (ch === '\u0004' && chars.length === 0)) {
          finish();
          reject(new Interrupted());
          return;
        }
        if (ch === '\u007f' || ch === '\b') chars = chars.slice(0, -1);
        else if (ch === '\u0015') chars = [];
        else if (ch >= ' ') chars.push(ch);
      }
    };
    stdin.on('data', onData);
  });
}
