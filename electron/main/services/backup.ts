/**
 * Backups and restores of the store's database.
 *
 * A backup uses SQLite's online backup API (better-sqlite3's `db.backup`): it copies the
 * pages in small steps, yielding to the event loop between them, and picks up the writes
 * the app makes meanwhile, so sales go on. The copy goes to a temporary file that is made
 * a self-contained single file (journal_mode=DELETE) and then linked into place, never
 * over an existing file.
 *
 * A restore never trusts its file: `inspectDatabaseFile` runs `PRAGMA integrity_check`
 * and checks that it is a Tessera database the app can migrate. `stageRestoreCopy` makes
 * a clean copy next to the database (again with the backup API, so a backup that still has
 * a -wal file comes over whole); `swapDatabase` then sets the current file (and its -wal,
 * -shm) aside as `tessera.db.before-restore-<stamp>` and puts the copy in its place. The
 * host (coreHost.ts) closes and reopens the core around the swap; the CLI (`tessera
 * restore`) does the same on a folder no app is using.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ParsedInput } from '../../../shared/contract';
import type { BackupFile, BackupKind, RestoreResult } from '../../../shared/contract/system';
import { AppError } from '../../../shared/errors';
import { iso } from '../clock';
import { checkDatabaseFile, summarizeProblems } from '../db/open';
import type { Actor, ServiceDeps } from './deps';

export const BACKUPS_DIR = 'backups';
/** Automatic backups kept; older ones are deleted after each new one. */
export const KEEP_AUTOMATIC = 14;

const MANUAL_PREFIX = 'tessera-';
const AUTO_PREFIX = 'tessera-auto-';
const BEFORE_RESTORE = '.before-restore-';
const SIDECARS = ['-wal', '-shm', '-journal'] as const;

/** UTC timestamp for file names: 20260601-090000. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

/** The time a file-name stamp stands for, or null. */
function stampTime(name: string): number | null {
  const m = /(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(name);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** The calendar day of an instant on this machine (the till's own day). */
function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

function errnoCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err ? String((err as NodeJS.ErrnoException).code) : undefined;
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // already gone, or not ours to remove
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename durable (where the platform lets a folder be synced). */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for syncing; its renames are durable on their own.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function existsConflict(file: string): AppError {
  return new AppError('CONFLICT', `${file} already exists; backups never overwrite a file. Choose another name.`, {
    issues: [{ path: ['destination'], message: 'already exists' }],
  });
}

/** Puts a finished temporary file at `target`, refusing an existing file (a hard link fails atomically if it exists). */
function linkIntoPlace(tempFile: string, target: string): void {
  try {
    fs.linkSync(tempFile, target);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'EEXIST') throw existsConflict(target);
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EOPNOTSUPP'].includes(code ?? '')) throw err;
    if (fs.existsSync(target)) throw existsConflict(target);
    fs.renameSync(tempFile, target);
    fsyncDir(path.dirname(target));
    return;
  }
  fs.unlinkSync(tempFile);
  fsyncDir(path.dirname(target));
}

/** The absolute path a `destination` names, after the rules exports follow: absolute, an existing writable folder, no existing file. */
export function checkDestination(destination: string): string {
  if (!path.isAbsolute(destination)) throw AppError.field('destination', 'must be an absolute path');
  const file = path.resolve(destination);
  const dir = path.dirname(file);
  const dirStat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!dirStat) throw AppError.field('destination', `the folder ${dir} does not exist`);
  if (!dirStat.isDirectory()) throw AppError.field('destination', `${dir} is not a folder`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw AppError.field('destination', `the folder ${dir} is not writable`);
  }
  const existing = fs.statSync(file, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw AppError.field('destination', 'is a folder; give a file name');
  if (existing) throw existsConflict(file);
  return file;
}

/** Copies an open database to `target` (a new file) with the online backup API, as one self-contained file. */
export async function copyDatabase(source: Database.Database, target: string, nativeBinding?: string): Promise<void> {
  const tempFile = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.part`);
  try {
    await source.backup(tempFile);
    // The copy carries the source's WAL mode; a backup is one file, so switch it to a rollback journal.
    const copy = new Database(tempFile, nativeBinding ? { nativeBinding } : {});
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    for (const suffix of SIDECARS) removeQuietly(tempFile + suffix);
    fsyncFile(tempFile);
    linkIntoPlace(tempFile, target);
  } finally {
    removeQuietly(tempFile);
    for (const suffix of SIDECARS) removeQuietly(tempFile + suffix);
  }
}

// ---- listing ----

function kindOf(name: string, dbFile: string): BackupKind | null {
  if (name.startsWith(`${dbFile}${BEFORE_RESTORE}`) && !SIDECARS.some((s) => name.endsWith(s))) return 'before-restore';
  if (!name.endsWith('.db')) return null;
  if (name.startsWith(AUTO_PREFIX)) return 'automatic';
  if (name.startsWith(MANUAL_PREFIX)) return 'manual';
  return null;
}

/**
 * The backups of a data folder, newest first: `backups/tessera-*.db` (manual and automatic)
 * and the databases earlier restores set aside (`tessera.db.before-restore-*`).
 */
export function listBackups(dataDir: string, dbFile: string): BackupFile[] {
  const found: BackupFile[] = [];
  const scan = (dir: string, accept: (kind: BackupKind) => boolean) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const kind = kindOf(name, dbFile);
      if (!kind || !accept(kind)) continue;
      const file = path.join(dir, name);
      const st = fs.statSync(file, { throwIfNoEntry: false });
      if (!st?.isFile()) continue;
      found.push({ name, path: file, bytes: st.size, createdAt: iso(stampTime(name) ?? st.mtimeMs), kind });
    }
  };
  scan(path.join(dataDir, BACKUPS_DIR), (k) => k !== 'before-restore');
  scan(dataDir, (k) => k === 'before-restore');
  return found.sort((a, b) => (a.createdAt === b.createdAt ? b.name.localeCompare(a.name) : a.createdAt < b.createdAt ? 1 : -1));
}

/** The file a backup name from `listBackups` stands for; NOT_FOUND for any other name. */
export function findBackup(dataDir: string, dbFile: string, name: string): BackupFile {
  const match = listBackups(dataDir, dbFile).find((b) => b.name === name);
  if (!match) throw new AppError('NOT_FOUND', `There is no backup called ${name}.`, { issues: [{ path: ['name'], message: 'not a listed backup' }] });
  return match;
}

// ---- checking and restoring ----

export type Inspection = { ok: true; schemaVersion: number } | { ok: false; reason: string };

/** Tables a Tessera database always has. */
const REQUIRED_TABLES = ['__drizzle_migrations', 'events', 'users', 'orders', 'invoices', 'payments'];

/** How many migrations this build of the app ships. */
export function migrationCount(migrationsFolder: string): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/**
 * Whether `file` may be restored: a readable SQLite file that passes `PRAGMA integrity_check`,
 * has Tessera's tables, and was not made by a newer version of the app. Opens it read-only.
 */
export function inspectDatabaseFile(file: string, opts: { migrations: number; nativeBinding?: string }): Inspection {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (!st) return { ok: false, reason: `${file} does not exist.` };
  if (!st.isFile()) return { ok: false, reason: `${file} is not a file.` };
  if (st.size === 0) return { ok: false, reason: `${file} is empty.` };
  let problems: string[];
  try {
    problems = checkDatabaseFile(file, { full: true, nativeBinding: opts.nativeBinding });
  } catch (err) {
    return { ok: false, reason: `${file} could not be read as a database (${err instanceof Error ? err.message : String(err)}).` };
  }
  if (problems.length > 0) return { ok: false, reason: `${file} failed the integrity check (${summarizeProblems(problems, 200)}).` };
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
  try {
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name),
    );
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) return { ok: false, reason: `${file} is not a Tessera database (no ${missing.join(', ')} table).` };
    const schemaVersion = (db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
    if (schemaVersion > opts.migrations) {
      return { ok: false, reason: `${file} was made by a newer version of Tessera (schema ${schemaVersion}; this version knows ${opts.migrations}).` };
    }
    return { ok: true, schemaVersion };
  } finally {
    db.close();
  }
}

/** Admin credentials checked against a backup's own users (recovery, when the current database cannot be trusted). */
export function adminPasswordHash(file: string, username: string, nativeBinding?: string): string | undefined {
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    const row = db
      .prepare("SELECT password_hash AS hash FROM users WHERE username = ? COLLATE NOCASE AND role = 'admin' AND active = 1")
      .get(username) as { hash: string } | undefined;
    return row?.hash;
  } finally {
    db.close();
  }
}

/**
 * Copies a checked backup to a temporary file next to the database, ready for `swapDatabase`.
 * Read through SQLite (read-only), so a -wal beside the backup comes along.
 */
export async function stageRestoreCopy(source: string, dbPath: string, stamp: string, nativeBinding?: string): Promise<string> {
  const staged = `${dbPath}.restoring-${stamp}`;
  removeQuietly(staged);
  const db = new Database(source, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    await copyDatabase(db, staged, nativeBinding);
  } finally {
    db.close();
  }
  return staged;
}

/**
 * Sets the database (and its -wal, -shm) aside as `<db>.before-restore-<stamp>` and moves the
 * staged copy into its place. Nothing may have the database open. With `checkpoint`, the
 * current database is first checkpointed so the copy set aside is one file; without it
 * (a damaged database) nothing is written to it: its files are only renamed.
 * Returns the path the old database now has (null when there was none).
 */
export function swapDatabase(staged: string, dbPath: string, stamp: string, opts: { checkpoint: boolean; nativeBinding?: string }): string | null {
  let keptAs: string | null = null;
  if (fs.existsSync(dbPath)) {
    if (opts.checkpoint) {
      const db = new Database(dbPath, { fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    }
    keptAs = `${dbPath}${BEFORE_RESTORE}${stamp}`;
    // Never over an earlier one (two restores in the same second).
    for (let n = 2; fs.existsSync(keptAs) || SIDECARS.some((x) => fs.existsSync(keptAs + x)); n++) keptAs = `${dbPath}${BEFORE_RESTORE}${stamp}-${n}`;
    fs.renameSync(dbPath, keptAs);
    for (const suffix of SIDECARS) {
      if (fs.existsSync(dbPath + suffix)) fs.renameSync(dbPath + suffix, keptAs + suffix);
    }
  }
  try {
    fs.renameSync(staged, dbPath);
    fsyncDir(path.dirname(dbPath));
  } catch (err) {
    if (keptAs) undoSwap(dbPath, keptAs);
    throw err;
  }
  return keptAs;
}

/** Puts a set-aside database back (a restore that could not finish). The restored copy is removed. */
export function undoSwap(dbPath: string, keptAs: string | null): void {
  for (const suffix of ['', ...SIDECARS]) removeQuietly(dbPath + suffix);
  if (!keptAs) return;
  fs.renameSync(keptAs, dbPath);
  for (const suffix of SIDECARS) {
    if (fs.existsSync(keptAs + suffix)) fs.renameSync(keptAs + suffix, dbPath + suffix);
  }
  fsyncDir(path.dirname(dbPath));
}

// ---- the service ----

/** The better-sqlite3 addon this process loaded (the Electron build in the desktop app), for the extra connections a backup opens. */
function loadedSqliteAddon(): string | undefined {
  const require = createRequire(import.meta.url);
  return Object.keys(require.cache).find((file) => path.basename(file) === 'better_sqlite3.node');
}

export interface BackupResult {
  path: string;
  bytes: number;
  durationMs: number;
}

/** What the host does for system.restore: close the core, swap the file, reopen. */
export type Restorer = (file: string, actor: Actor) => Promise<RestoreResult>;

export class BackupService {
  /** Set by the host that can reopen the core (coreHost.ts); without one, restore is refused. */
  restorer: Restorer | null = null;
  private running = 0;
  /** Default file names handed out to backups still running (two in the same second get different names). */
  private readonly pending = new Set<string>();

  constructor(
    private readonly d: ServiceDeps,
    private readonly opts: { nativeBinding?: string; keepAutomatic?: number } = {},
  ) {}

  get dbPath(): string {
    return this.d.sqlite.name;
  }

  get dataDir(): string {
    return path.dirname(this.dbPath);
  }

  get backupsDir(): string {
    return path.join(this.dataDir, BACKUPS_DIR);
  }

  /** Backups in progress (the host waits for them before it closes the database). */
  get inProgress(): number {
    return this.running;
  }

  async backup(input: ParsedInput<'system.backup'>, actor: Actor | null, kind: 'manual' | 'automatic' = 'manual'): Promise<BackupResult> {
    const started = Date.now();
    const target = input.destination === undefined ? this.defaultTarget(kind) : checkDestination(input.destination);
    this.running += 1;
    this.pending.add(target);
    try {
      await copyDatabase(this.d.sqlite, target, this.opts.nativeBinding ?? loadedSqliteAddon());
    } finally {
      this.running -= 1;
      this.pending.delete(target);
    }
    const bytes = fs.statSync(target).size;
    this.d.tx(() =>
      this.d.events.append({
        at: iso(this.d.clock()),
        actor: actor?.userId ?? null,
        type: 'system.backup',
        entity: 'system',
        entityId: path.basename(target),
        before: null,
        after: { path: target, bytes, kind },
      }),
    );
    this.d.log.info('backup written', { path: target, bytes, kind, user: actor?.username ?? null });
    return { path: target, bytes, durationMs: Date.now() - started };
  }

  list(): { folder: string; items: BackupFile[] } {
    return { folder: this.backupsDir, items: listBackups(this.dataDir, path.basename(this.dbPath)) };
  }

  /** system.restore: the host checks the file, swaps it in and reopens the core. */
  restore(input: ParsedInput<'system.restore'>, actor: Actor): Promise<RestoreResult> {
    const backup = findBackup(this.dataDir, path.basename(this.dbPath), input.name);
    if (!this.restorer) throw new AppError('CONFLICT', 'This host cannot restore while it runs; stop Tessera and use `tessera restore`.');
    return this.restorer(backup.path, actor);
  }

  /**
   * The daily automatic backup: made when none was made yet on this machine's calendar day
   * (and the store is set up); afterwards only the newest `keepAutomatic` automatic backups
   * are kept. Null when none was needed.
   */
  async autoBackup(): Promise<BackupResult | null> {
    // A store not set up yet has nothing worth keeping.
    if ((this.d.stmt('SELECT EXISTS (SELECT 1 FROM users) AS n').get() as { n: number } | undefined)?.n !== 1) return null;
    this.removeLeftovers();
    const now = this.d.clock();
    const today = localDay(now);
    const autos = () => this.list().items.filter((b) => b.kind === 'automatic');
    if (autos().some((b) => localDay(Date.parse(b.createdAt)) === today)) return null;
    const result = await this.backup({}, null, 'automatic');
    const keep = this.opts.keepAutomatic ?? KEEP_AUTOMATIC;
    for (const old of autos().slice(keep)) {
      removeQuietly(old.path);
      this.d.log.info('old automatic backup removed', { path: old.path });
    }
    return result;
  }

  /** Temporary files of backups a killed process never finished (this process owns the folder's lock). */
  private removeLeftovers(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.backupsDir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!/^\.tessera-.*\.part(-wal|-shm|-journal)?$/.test(name)) continue;
      if ([...this.pending].some((target) => name.startsWith(`.${path.basename(target)}.`))) continue;
      removeQuietly(path.join(this.backupsDir, name));
    }
  }

  private defaultTarget(kind: 'manual' | 'automatic'): string {
    fs.mkdirSync(this.backupsDir, { recursive: true });
    const base = `${kind === 'automatic' ? AUTO_PREFIX : MANUAL_PREFIX}${fileStamp(this.d.clock())}`;
    for (let n = 1; ; n++) {
      const file = path.join(this.backupsDir, n === 1 ? `${base}.db` : `${base}-${n}.db`);
      if (!fs.existsSync(file) && !this.pending.has(file)) return file;
    }
  }
}
