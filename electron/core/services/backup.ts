/**
 * Backups and restores of the store's database.
 *
 * A backup uses SQLite's online backup API (better-sqlite3's `db.backup`): it copies the
 * pages in small steps, yielding to the event loop between them, and picks up the writes
 * the app makes meanwhile, so sales go on. The copy goes to a private temporary file, is made
 * a self-contained single file (journal_mode=DELETE) and must pass `PRAGMA quick_check`. The
 * backups the app keeps are then compressed (backupArchive.ts) and read back against the
 * checked copy's hash; what is linked into place, under a name the app chooses and never over
 * an existing file, is only what passed. Plain `.db` backups of earlier versions still list
 * and restore.
 *
 * Files only where the app decides: API callers never name a path. Backups live in the data
 * folder's `backups/` (0700, files 0600, never a symlink followed); the app records each one
 * it makes in the `backups` table, and rotation and the list go by that record, not by the
 * names of files found there. Copies elsewhere go only to folders the person at the desktop
 * picked in the OS dialog (`BackupDesktop`); `tessera backup --out` writes as the OS user.
 *
 * A restore never trusts its file (backupCheck.ts). `stageRestoreCopy` makes a clean copy next
 * to the database; `swapDatabase` sets the current file (and its -wal, -shm) aside as
 * `tessera.db.before-restore-<stamp>` and puts the copy in its place; `recordRestore` ends
 * every session and records the restore in the restored trail.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ParsedInput } from '../../../shared/contract';
import type { BackupFailure, BackupFile, BackupKind, RestoreResult } from '../../../shared/contract/system';
import { AppError, errorIssue, errorText } from '../../../shared/errors';
import { iso } from '../clock';
import type { HostHooks, Platform } from '../platform';
import { quickCheck, type IntegrityResult } from '../db/integrity';
import { checkDatabaseFile, summarizeProblems } from '../db/open';
import type { Actor, ServiceDeps } from './deps';
import { EventLog } from './events';
import { ARCHIVE_EXT, ArchiveDamagedError, expandArchive, isArchive, writeArchive, verifyArchive } from './backupArchive';

export { archiveRefusal, inspectDatabaseFile, migrationCount } from './backupCheck';

export const BACKUPS_DIR = 'backups';
/** Automatic backups kept; older ones the app made are deleted after each new one. */
export const KEEP_AUTOMATIC = 14;
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
const COPY_FOLDER_KEY = 'backup.copyFolder';

const MANUAL_PREFIX = 'tessera-';
const AUTO_PREFIX = 'tessera-auto-';
const BEFORE_RESTORE = '.before-restore-';
const SIDECARS = ['-wal', '-shm', '-journal'] as const;

/** What the desktop host offers: the OS folder dialog, asked in the main process (never a path from the renderer). */
export interface BackupDesktop {
  /** Asks the person at the desktop for a folder; null when they cancel. */
  chooseFolder(purpose: 'copy-folder' | 'copy-to'): Promise<string | null>;
}

/** UTC timestamp for file names: 20260601-090000. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

/** The calendar day of an instant on this machine (the till's own day). */
function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

function errnoCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err ? String((err as NodeJS.ErrnoException).code) : undefined;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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

/** A regular file at `file` (not a symlink, folder or device), or null. */
function regularFile(file: string): fs.Stats | null {
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  return st?.isFile() ? st : null;
}

/** `backups/` as a private, real folder: created 0700, never written through a symlink. */
export function ensureBackupsDir(dataDir: string): string {
  const dir = path.join(dataDir, BACKUPS_DIR);
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!st) fs.mkdirSync(dir, { mode: DIR_MODE });
  else if (st.isSymbolicLink() || !st.isDirectory()) {
    throw AppError.of('CONFLICT', 'backupsDirUnsafe', { dir: BACKUPS_DIR });
  }
  fs.chmodSync(dir, DIR_MODE);
  return dir;
}

export class TargetExistsError extends AppError {
  constructor(name: string) {
    super('CONFLICT', errorText('backupTargetExists', { name }), undefined, { key: 'backupTargetExists', params: { name } });
  }
}

export class BackupCheckError extends AppError {
  constructor(reason: string) {
    super('INTERNAL', errorText('backupCheckFailed', { reason }), undefined, { key: 'backupCheckFailed', params: { reason } });
  }
}

/** Links a finished temporary file to the first free name in `dir` (a hard link fails atomically if the name exists). */
function linkIntoPlace(tempFile: string, dir: string, names: Iterable<string>): string {
  for (const name of names) {
    const target = path.join(dir, name);
    try {
      fs.linkSync(tempFile, target);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'EEXIST') continue;
      if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EOPNOTSUPP'].includes(code ?? '')) throw err;
      if (fs.lstatSync(target, { throwIfNoEntry: false })) continue;
      fs.renameSync(tempFile, target);
      fsyncDir(dir);
      return target;
    }
    fs.unlinkSync(tempFile);
    fsyncDir(dir);
    return target;
  }
  throw new TargetExistsError([...names][0] ?? 'the file');
}

export interface CopyOptions {
  nativeBinding?: string;
  /** Write the checked copy compressed (backupArchive.ts) and verify it by reading it back. */
  compress?: boolean;
  /** Test hook: called with the finished copy before it is checked. */
  copied?: (file: string) => void;
  /** Test hook: called with the written compressed file before it is read back. */
  compressed?: (file: string) => void;
}

function tempName(dir: string): string {
  return path.join(dir, `.tessera-${crypto.randomBytes(6).toString('hex')}.part`);
}

/** Compresses the checked copy into a second temporary file and reads it back; the file, once it passed. */
async function compressChecked(copy: string, dir: string, opts: CopyOptions): Promise<string> {
  const archive = tempName(dir);
  try {
    const written = await writeArchive(copy, archive);
    opts.compressed?.(archive);
    await verifyArchive(archive, written);
    return archive;
  } catch (err) {
    removeQuietly(archive);
    throw err instanceof ArchiveDamagedError ? new BackupCheckError(`verification: ${err.message}`) : err;
  }
}

/**
 * Copies an open database into `dir` under the first free name of `names`, as one
 * self-contained private file that passed quick_check (with `compress`, compressed and
 * verified). Returns the file written.
 */
export async function copyDatabase(source: Database.Database, dir: string, names: Iterable<string>, opts: CopyOptions = {}): Promise<string> {
  const tempFile = tempName(dir);
  try {
    // Created private and exclusive; SQLite takes an empty file as an empty database.
    fs.closeSync(fs.openSync(tempFile, 'wx', FILE_MODE));
    fs.chmodSync(tempFile, FILE_MODE);
    await source.backup(tempFile);
    // The copy carries the source's WAL mode; a backup is one file, so switch it to a rollback journal.
    const copy = new Database(tempFile, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    for (const suffix of SIDECARS) removeQuietly(tempFile + suffix);
    opts.copied?.(tempFile);
    // On a worker thread: a large store's check takes seconds, and sales go on meanwhile.
    const keepAlive = setInterval(() => {}, 60_000); // the worker is unref'd; a command-line run must wait for it
    let checked: IntegrityResult;
    try {
      checked = await quickCheck(tempFile, { nativeBinding: opts.nativeBinding });
    } catch (err) {
      checked = { ok: false, problem: message(err) };
    } finally {
      clearInterval(keepAlive);
    }
    if (!checked.ok) throw new BackupCheckError(`quick_check: ${checked.problem ?? 'failed'}`);
    if (opts.compress) return linkIntoPlace(await compressChecked(tempFile, dir, opts), dir, names);
    fsyncFile(tempFile);
    return linkIntoPlace(tempFile, dir, names);
  } finally {
    removeQuietly(tempFile);
    for (const suffix of SIDECARS) removeQuietly(tempFile + suffix);
  }
}

/** Copies `file` into `dir` as `name` (or name-2.db, …), private, never over anything there. Returns the name used. */
function copyExclusive(file: string, dir: string, name: string): string {
  const st = fs.statSync(dir, { throwIfNoEntry: false });
  if (!st?.isDirectory()) throw AppError.of('CONFLICT', 'folderGone', { folder: path.basename(dir) });
  const ext = path.extname(name);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? name : `${name.slice(0, name.length - ext.length)}-${n}${ext}`;
    const target = path.join(dir, candidate);
    try {
      fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
    } catch (err) {
      if (errnoCode(err) === 'EEXIST') continue;
      throw err;
    }
    try {
      fs.chmodSync(target, FILE_MODE);
      fsyncFile(target);
    } catch (err) {
      removeQuietly(target);
      throw err;
    }
    return candidate;
  }
  throw new TargetExistsError(name);
}

// ---- listing ----

/** A backup with the file it stands for (never shown to API callers). */
export interface LocatedBackup extends BackupFile {
  file: string;
}

function publicItem({ name, bytes, createdAt, kind }: LocatedBackup): BackupFile {
  return kind === undefined ? { name, bytes, createdAt } : { name, bytes, createdAt, kind };
}

function newestFirst(a: BackupFile, b: BackupFile): number {
  return a.createdAt === b.createdAt ? b.name.localeCompare(a.name) : a.createdAt < b.createdAt ? 1 : -1;
}

function isSidecar(name: string): boolean {
  return SIDECARS.some((s) => name.endsWith(s));
}

/** Regular files in the backups folder and set-aside databases, as files (no record consulted). */
function scanFiles(dataDir: string, dbFile: string): LocatedBackup[] {
  const found: LocatedBackup[] = [];
  const scan = (dir: string, accept: (name: string) => boolean) => {
    const st = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (!st?.isDirectory() || st.isSymbolicLink()) return;
    for (const name of fs.readdirSync(dir)) {
      if (!accept(name) || !/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) continue;
      const file = path.join(dir, name);
      const fst = regularFile(file);
      if (fst) found.push({ name, file, bytes: fst.size, createdAt: iso(fst.mtimeMs) });
    }
  };
  scan(path.join(dataDir, BACKUPS_DIR), (name) => name.endsWith(ARCHIVE_EXT) || name.endsWith('.db'));
  scan(dataDir, (name) => name.startsWith(`${dbFile}${BEFORE_RESTORE}`) && !isSidecar(name));
  return found;
}

/**
 * The recovery state's list (the damaged database's record cannot be trusted): regular files
 * only, with their modification times; no kinds, no paths.
 */
export function listBackupFiles(dataDir: string, dbFile: string): LocatedBackup[] {
  return scanFiles(dataDir, dbFile).sort(newestFirst);
}

/** The file a listed name stands for; NOT_FOUND for any other name. */
function pick(items: LocatedBackup[], name: string): LocatedBackup {
  const match = items.find((b) => b.name === name);
  if (!match) throw AppError.of('NOT_FOUND', 'noBackup', { name }, { issues: [errorIssue(['name'], 'notAListedBackup')] });
  return match;
}

export function findBackupFile(dataDir: string, dbFile: string, name: string): LocatedBackup {
  return pick(listBackupFiles(dataDir, dbFile), name);
}

interface BackupRecord {
  name: string;
  kind: Exclude<BackupKind, 'other'>;
  createdAt: string;
  bytes: number;
}

/** The app's record of its backups, read from a store (for carrying it across a restore). */
export function readBackupRecords(sqlite: Database.Database): BackupRecord[] {
  return sqlite.prepare('SELECT name, kind, created_at AS createdAt, bytes FROM backups').all() as BackupRecord[];
}

// ---- restoring ----

/**
 * Admin credentials checked against a backup's own users (recovery, when the current database
 * cannot be trusted). A compressed backup is read from a private temporary copy beside it.
 */
export async function adminPasswordHash(file: string, username: string, nativeBinding?: string): Promise<string | undefined> {
  const expanded = isArchive(file) ? tempName(path.dirname(file)) : null;
  try {
    if (expanded) await expandArchive(file, expanded);
    const db = new Database(expanded ?? file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    try {
      const row = db
        .prepare("SELECT password_hash AS hash FROM users WHERE username = ? COLLATE NOCASE AND role = 'admin' AND active = 1")
        .get(username) as { hash: string } | undefined;
      return row?.hash;
    } finally {
      db.close();
    }
  } finally {
    if (expanded) removeQuietly(expanded);
  }
}

/** Where a restore stages its copy: beside the database, under a name of its own. */
export function restoringPath(dbPath: string, stamp: string): string {
  return path.join(path.dirname(dbPath), `${path.basename(dbPath)}.restoring-${stamp}`);
}

/**
 * Copies a checked backup to a temporary file next to the database, ready for `swapDatabase`.
 * Read through SQLite (read-only), so a -wal beside the backup comes along.
 */
export async function stageRestoreCopy(source: string, dbPath: string, stamp: string, nativeBinding?: string): Promise<string> {
  const staged = restoringPath(dbPath, stamp);
  removeQuietly(staged);
  const db = new Database(source, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    return await copyDatabase(db, path.dirname(staged), [path.basename(staged)], { nativeBinding });
  } finally {
    db.close();
  }
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
    for (let n = 2; fs.lstatSync(keptAs, { throwIfNoEntry: false }) || SIDECARS.some((x) => fs.existsSync(keptAs + x)); n++) keptAs = `${dbPath}${BEFORE_RESTORE}${stamp}-${n}`;
    fs.renameSync(dbPath, keptAs);
    for (const suffix of SIDECARS) {
      if (fs.existsSync(dbPath + suffix)) fs.renameSync(dbPath + suffix, keptAs + suffix);
    }
    fs.chmodSync(keptAs, FILE_MODE);
  }
  try {
    fs.renameSync(staged, dbPath);
    fs.chmodSync(dbPath, FILE_MODE);
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

/**
 * In the restored database, in one transaction: the record of backups made since (carried
 * over from the database it replaced) and of the set-aside database; every session ended
 * (an older backup's sessions must not come back); and the restore as an audit entry.
 */
export function recordRestore(
  sqlite: Database.Database,
  r: { at: string; actorId: string | null; by: string | null; restored: string; keptAs: string | null; carried: BackupRecord[] },
): void {
  const events = new EventLog(sqlite);
  const insert = sqlite.prepare('INSERT OR IGNORE INTO backups (name, kind, created_at, bytes) VALUES (@name, @kind, @createdAt, @bytes)');
  sqlite
    .transaction(() => {
      for (const rec of r.carried) insert.run(rec);
      const keptName = r.keptAs === null ? null : path.basename(r.keptAs);
      if (r.keptAs !== null && keptName !== null) insert.run({ name: keptName, kind: 'before-restore', createdAt: r.at, bytes: regularFile(r.keptAs)?.size ?? 0 });
      const sessionsEnded = sqlite.prepare('DELETE FROM sessions').run().changes;
      events.append({
        at: r.at,
        actor: r.actorId,
        type: 'system.restored',
        entity: 'system',
        entityId: r.restored,
        before: keptName === null ? null : { keptAs: keptName },
        after: { restored: r.restored, by: r.by, sessionsEnded },
      });
    })
    .immediate();
}

// ---- the service ----

/** The better-sqlite3 addon this process loaded (the Electron build in the desktop app), for the extra connections a backup opens. */
function loadedSqliteAddon(): string | undefined {
  const require = createRequire(import.meta.url);
  return Object.keys(require.cache).find((file) => path.basename(file) === 'better_sqlite3.node');
}

export interface BackupResult {
  name: string;
  bytes: number;
  createdAt: string;
  durationMs: number;
}

/** What the host does for system.restore: close the core, swap the file, reopen. */
export type Restorer = (file: string, name: string, actor: Actor) => Promise<RestoreResult>;

export class BackupService {
  private running = 0;
  /** Temporary files of backups in progress (not leftovers). */
  private lastFailure: BackupFailure | null = null;

  constructor(
    private readonly d: ServiceDeps,
    private readonly opts: {
      nativeBinding?: string;
      keepAutomatic?: number;
      /** The OS folder dialog, where the host offers it (the desktop). */
      platform?: Pick<Platform, 'chooseFolder'>;
      /** Restore and the live check, from the host that can reopen the core (coreHost.ts). */
      host?: HostHooks;
    } = {},
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

  private get nativeBinding(): string | undefined {
    return this.opts.nativeBinding ?? loadedSqliteAddon();
  }

  /** system.backup: into backups/ under a name the app chooses. */
  async backup(_input: ParsedInput<'system.backup'>, actor: Actor | null, kind: 'manual' | 'automatic' = 'manual'): Promise<BackupResult> {
    const started = Date.now();
    const dir = ensureBackupsDir(this.dataDir);
    const base = `${kind === 'automatic' ? AUTO_PREFIX : MANUAL_PREFIX}${fileStamp(this.d.clock())}`;
    const names = (function* () {
      for (let n = 1; n < 1000; n++) yield n === 1 ? `${base}${ARCHIVE_EXT}` : `${base}-${n}${ARCHIVE_EXT}`;
    })();
    let file: string;
    this.running += 1;
    try {
      file = await copyDatabase(this.d.sqlite, dir, names, {
        nativeBinding: this.nativeBinding,
        compress: true,
        copied: this.d.hooks.backupCopied,
        compressed: this.d.hooks.backupCompressed,
      });
    } catch (err) {
      this.reportFailure(kind, err, actor);
      throw err;
    } finally {
      this.running -= 1;
    }
    const name = path.basename(file);
    const bytes = fs.statSync(file).size;
    const createdAt = iso(this.d.clock());
    this.d.tx(() => {
      this.d.stmt('INSERT INTO backups (name, kind, created_at, bytes) VALUES (?, ?, ?, ?)').run(name, kind, createdAt, bytes);
      this.d.events.append({ at: createdAt, actor: actor?.userId ?? null, type: 'system.backup', entity: 'system', entityId: name, before: null, after: { name, bytes, kind } });
    });
    this.lastFailure = null;
    this.d.log.info('backup written', { name, bytes, kind, user: actor?.username ?? null });
    return { name, bytes, createdAt, durationMs: Date.now() - started };
  }

  /**
   * `tessera backup --out FILE`: a checked copy where the OS user asked, never over a file;
   * audited. Compressed (and verified) when FILE ends in `.backup`, else a plain database.
   */
  async backupTo(outFile: string, by: string): Promise<BackupResult> {
    const started = Date.now();
    const dir = path.dirname(outFile);
    const name = path.basename(outFile);
    const file = await copyDatabase(this.d.sqlite, dir, [name], { nativeBinding: this.nativeBinding, compress: name.endsWith(ARCHIVE_EXT) });
    const bytes = fs.statSync(file).size;
    const createdAt = iso(this.d.clock());
    this.d.tx(() =>
      this.d.events.append({ at: createdAt, actor: null, type: 'system.backup', entity: 'system', entityId: name, before: null, after: { name, bytes, kind: 'manual', by, file } }),
    );
    return { name, bytes, createdAt, durationMs: Date.now() - started };
  }

  /** The backups, newest first: the ones the app recorded, then files it did not make (kind `other`). */
  located(): LocatedBackup[] {
    const records = readBackupRecords(this.d.sqlite);
    const files = new Map(scanFiles(this.dataDir, path.basename(this.dbPath)).map((f) => [f.name, f]));
    const items: LocatedBackup[] = [];
    for (const rec of records) {
      const f = files.get(rec.name);
      if (!f) continue;
      // Set-aside databases live beside tessera.db, the others in backups/.
      if ((rec.kind === 'before-restore') !== (path.dirname(f.file) === this.dataDir)) continue;
      files.delete(rec.name);
      items.push({ ...f, kind: rec.kind, createdAt: rec.createdAt });
    }
    for (const f of files.values()) items.push({ ...f, kind: 'other' });
    return items.sort(newestFirst);
  }

  list(): { items: BackupFile[]; copyFolder: string | null; lastFailure: BackupFailure | null } {
    const folder = this.copyFolder();
    return { items: this.located().map(publicItem), copyFolder: folder === null ? null : path.basename(folder), lastFailure: this.lastFailure };
  }

  /** system.restore: the host checks the file, swaps it in and reopens the core. */
  restore(input: ParsedInput<'system.restore'>, actor: Actor): Promise<RestoreResult> {
    const backup = pick(this.located(), input.name);
    const restore = this.opts.host?.restore;
    if (!restore) throw AppError.of('CONFLICT', 'restoreWhileRunning');
    return restore(backup.file, backup.name, actor);
  }

  /**
   * The daily automatic backup: made when none was made yet on this machine's calendar day
   * (and the store is set up), after the live database passed quick_check; then copied into
   * the second folder, if one is chosen, and only the newest `keepAutomatic` automatic backups
   * the app recorded are kept. Null when none was needed or it failed (reported).
   */
  async autoBackup(): Promise<BackupResult | null> {
    // A store not set up yet has nothing worth keeping.
    if ((this.d.stmt('SELECT EXISTS (SELECT 1 FROM users) AS n').get() as { n: number } | undefined)?.n !== 1) return null;
    this.removeLeftovers();
    const last = this.d.stmt("SELECT max(created_at) AS at FROM backups WHERE kind = 'automatic'").get() as { at: string | null };
    if (last.at !== null && localDay(Date.parse(last.at)) === localDay(this.d.clock())) return null;
    const liveCheck = this.opts.host?.liveCheck;
    const live = liveCheck ? await liveCheck() : liveQuickCheck(this.dbPath, this.nativeBinding);
    if (!live.ok) {
      // Nothing is written to a damaged store, not even this report: the log and the recovery state tell it.
      this.reportFailure('automatic', new Error(`the database failed quick_check (${live.problem ?? 'damaged'}); it was not copied`), null, false);
      return null;
    }
    let result: BackupResult;
    try {
      result = await this.backup({}, null, 'automatic');
    } catch {
      return null; // reported by backup()
    }
    this.copyToSecondFolder(result.name);
    this.rotate();
    return result;
  }

  /** system.chooseBackupFolder: the OS dialog on the desktop picks it; nobody types a path. */
  async chooseFolder(input: ParsedInput<'system.chooseBackupFolder'>, actor: Actor, remote = false): Promise<{ copyFolder: string | null }> {
    const desktop = this.needDesktop(remote);
    if (input.clear) {
      this.d.tx(() => {
        this.d.stmt('DELETE FROM settings WHERE key = ?').run(COPY_FOLDER_KEY);
        this.audit(actor, 'system.backup_folder_chosen', null, { folder: null });
      });
      return { copyFolder: null };
    }
    const folder = await desktop.chooseFolder('copy-folder');
    if (folder === null) {
      const current = this.copyFolder();
      return { copyFolder: current === null ? null : path.basename(current) };
    }
    const resolved = path.resolve(folder);
    if (!fs.statSync(resolved, { throwIfNoEntry: false })?.isDirectory()) throw AppError.of('CONFLICT', 'chosenFolderMissing');
    this.d.tx(() => {
      this.d.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(COPY_FOLDER_KEY, JSON.stringify(resolved));
      this.audit(actor, 'system.backup_folder_chosen', null, { folder: resolved });
    });
    this.d.log.info('second backup folder chosen', { folder: resolved, user: actor.username });
    return { copyFolder: path.basename(resolved) };
  }

  /** system.copyBackup ("Copy to…" on the desktop): the OS dialog picks the folder. */
  async copyTo(input: ParsedInput<'system.copyBackup'>, actor: Actor, remote = false): Promise<{ copied: boolean; name: string | null }> {
    const desktop = this.needDesktop(remote);
    const backup = pick(this.located(), input.name);
    const folder = await desktop.chooseFolder('copy-to');
    if (folder === null) return { copied: false, name: null };
    let name: string;
    try {
      name = copyExclusive(backup.file, path.resolve(folder), backup.name);
    } catch (err) {
      this.reportFailure('copy', err, actor);
      throw err instanceof AppError ? err : AppError.of('CONFLICT', 'backupCopyFailed', { reason: message(err) });
    }
    this.d.tx(() => this.audit(actor, 'system.backup_copied', backup.name, { name: backup.name, copiedAs: name, to: path.resolve(folder) }));
    return { copied: true, name };
  }

  private needDesktop(remote: boolean): BackupDesktop {
    const chooseFolder = this.opts.platform?.chooseFolder;
    if (!chooseFolder || remote) {
      throw AppError.of('CONFLICT', 'desktopOnlyFolder', undefined, {
        reason: 'desktop-only',
      });
    }
    return { chooseFolder };
  }

  private copyFolder(): string | null {
    const row = this.d.stmt('SELECT value FROM settings WHERE key = ?').get(COPY_FOLDER_KEY) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as string) : null;
  }

  private copyToSecondFolder(name: string): void {
    const folder = this.copyFolder();
    if (folder === null) return;
    try {
      const copiedAs = copyExclusive(path.join(this.backupsDir, name), folder, name);
      this.d.tx(() => this.audit(null, 'system.backup_copied', name, { name, copiedAs, to: folder }));
    } catch (err) {
      this.reportFailure('copy', err, null);
    }
  }

  /** Keeps the newest automatic backups the app recorded; files it did not make are never touched. */
  private rotate(): void {
    const keep = this.opts.keepAutomatic ?? KEEP_AUTOMATIC;
    const old = this.d.stmt("SELECT name FROM backups WHERE kind = 'automatic' ORDER BY created_at DESC, name DESC LIMIT -1 OFFSET ?").all(keep) as { name: string }[];
    for (const { name } of old) {
      const file = path.join(this.backupsDir, name);
      if (regularFile(file)) removeQuietly(file);
      this.d.tx(() => {
        this.d.stmt('DELETE FROM backups WHERE name = ?').run(name);
        this.audit(null, 'system.backup_removed', name, { name, reason: 'rotation' });
      });
      this.d.log.info('old automatic backup removed', { name });
    }
  }

  private reportFailure(kind: BackupFailure['kind'], err: unknown, actor: Actor | null, audit = true): void {
    const reason = message(err);
    this.lastFailure = { at: iso(this.d.clock()), kind, reason };
    this.d.log.error('backup failed', { kind, reason });
    if (!audit) return;
    try {
      this.d.tx(() => this.audit(actor, 'system.backup_failed', null, { kind, reason }));
    } catch (auditErr) {
      this.d.log.error('the failed backup could not be recorded', { message: message(auditErr) });
    }
  }

  private audit(actor: Actor | null, type: string, entityId: string | null, after: Record<string, unknown>): void {
    this.d.events.append({ at: iso(this.d.clock()), actor: actor?.userId ?? null, type, entity: 'system', entityId, before: null, after });
  }

  /** Temporary files of backups a killed process never finished (none of ours is running). */
  private removeLeftovers(): void {
    if (this.running > 0) return;
    const st = fs.lstatSync(this.backupsDir, { throwIfNoEntry: false });
    if (!st?.isDirectory() || st.isSymbolicLink()) return;
    for (const name of fs.readdirSync(this.backupsDir)) {
      if (/^\.tessera-.*\.part(-wal|-shm|-journal)?$/.test(name) && regularFile(path.join(this.backupsDir, name))) removeQuietly(path.join(this.backupsDir, name));
    }
  }
}

/**
 * The live store's quick_check before an automatic backup, on a read-only connection of its
 * own (a damaged file is never written, and its damage never copied).
 */
export function liveQuickCheck(dbPath: string, nativeBinding?: string): { ok: boolean; problem: string | null } {
  let problems: string[];
  try {
    problems = checkDatabaseFile(dbPath, { nativeBinding });
  } catch (err) {
    problems = [message(err)];
  }
  return problems.length === 0 ? { ok: true, problem: null } : { ok: false, problem: summarizeProblems(problems, 200) };
}
