/**
 * The files of exports: the private exports folder, putting a finished file in place,
 * copying an export to a place the OS user chose (desktop "Save as…", `tessera export
 * --out`), and removing what a killed export left behind.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportFormat } from '../../../../shared/contract/exports';
import { AppError, errorIssue } from '../../../../shared/errors';

/** Exports hold every sale: only the OS user who runs Tessera may read them. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** What a chosen target may end in, per format: an export never replaces a file of another kind. */
export const allowedExtensions: Record<ExportFormat, readonly string[]> = { csv: ['.csv'], ndjson: ['.ndjson', '.jsonl'], xlsx: ['.xlsx'] };

/** C0 and C1 controls and DEL: no file name needs them, and a NUL would reach the OS as the end of the name. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function errnoCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err ? String((err as NodeJS.ErrnoException).code) : undefined;
}

export function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // not there
  }
}

/** Creates `dir` if needed and sets its mode explicitly (mkdir's mode passes through the umask; an older folder keeps its own). */
export function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (process.platform !== 'win32') fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Removes the temporary files of exports that were killed mid-way (`.<name>.<job>.part`). Call before any export runs. */
export function removeLeftovers(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith('.') || !name.endsWith('.part')) continue;
    const file = path.join(dir, name);
    // lstat: a symlink is removed as a link, never followed.
    if (!fs.lstatSync(file, { throwIfNoEntry: false })?.isDirectory()) {
      removeQuietly(file);
      removed.push(name);
    }
  }
  return removed;
}

function existsConflict(file: string): AppError {
  return AppError.of('CONFLICT', 'fileExists', { file }, { issues: [errorIssue(['destination'], 'alreadyExists')] });
}

/**
 * Puts a finished temporary file in place. Without `overwrite`, a hard link refuses an
 * existing file atomically; file systems without links fall back to check-then-rename.
 */
export function commitFile(tempFile: string, target: string, overwrite: boolean): void {
  if (overwrite) {
    fs.renameSync(tempFile, target);
    return;
  }
  try {
    fs.linkSync(tempFile, target);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'EEXIST') throw existsConflict(target);
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EOPNOTSUPP'].includes(code ?? '')) throw err;
    if (fs.existsSync(target)) throw existsConflict(target);
    fs.renameSync(tempFile, target);
    return;
  }
  fs.unlinkSync(tempFile);
}

/**
 * Checks a file path the OS user chose (never an API caller): absolute, no control
 * characters, the format's extension, in an existing writable folder, not a folder, and
 * not an existing file unless `overwrite`. Errors name `destination`.
 */
export function checkTarget(target: string, format: ExportFormat, overwrite: boolean): string {
  if (CONTROL.test(target)) throw AppError.rule('destination', 'noControlChars');
  if (target.length === 0 || target.length > 4096) throw AppError.rule('destination', 'pathLength', { max: 4096 });
  if (!path.isAbsolute(target)) throw AppError.rule('destination', 'absolutePath');
  const file = path.resolve(target);
  const allowed = allowedExtensions[format];
  if (!allowed.includes(path.extname(file).toLowerCase())) {
    const [first = '', second] = allowed;
    throw second === undefined
      ? AppError.rule('destination', 'extensionOne', { extension: first, format: format.toUpperCase() })
      : AppError.rule('destination', 'extensionTwo', { first, second, format: format.toUpperCase() });
  }
  const dir = path.dirname(file);
  const dirStat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!dirStat) throw AppError.rule('destination', 'folderMissing', { dir });
  if (!dirStat.isDirectory()) throw AppError.rule('destination', 'notAFolder', { dir });
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw AppError.rule('destination', 'folderNotWritable', { dir });
  }
  const existing = fs.lstatSync(file, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw AppError.rule('destination', 'isAFolder');
  if (existing && !overwrite) throw existsConflict(file);
  return file;
}

/**
 * Copies `source` to a checked `target` through a temporary file next to it, private
 * (0600) before it gets its name; `overwrite` replaces an existing file (a symlink there
 * is replaced, not followed).
 */
export function copyPrivate(source: string, target: string, overwrite: boolean): void {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.part`);
  try {
    // The copy is created with the source's mode (0600) and set again explicitly.
    fs.copyFileSync(source, temp, fs.constants.COPYFILE_EXCL);
    const fd = fs.openSync(temp, 'r+');
    try {
      if (process.platform !== 'win32') fs.fchmodSync(fd, PRIVATE_FILE_MODE);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    commitFile(temp, target, overwrite);
  } finally {
    removeQuietly(temp);
  }
}

/** Moves `source` to a checked `target` (a rename or link on one file system, else a private copy); the source is gone after. */
export function movePrivate(source: string, target: string, overwrite: boolean): void {
  try {
    // The export is 0600 already: on one file system it keeps its mode and costs no copy.
    commitFile(source, target, overwrite);
    return;
  } catch (err) {
    if (err instanceof AppError || errnoCode(err) !== 'EXDEV') throw err;
  }
  copyPrivate(source, target, overwrite);
  removeQuietly(source);
}
