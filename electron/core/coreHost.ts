/**
 * What both hosts (HTTP and Electron) run: the core, opened, checked and replaceable.
 *
 * - It owns the data folder (tessera.lock, a kernel lock) while it runs, and keeps the
 *   folder and its files private to the OS user (0700 / 0600, repaired at start).
 * - A damaged database is never written to: the host goes into the `corrupt` state, where it
 *   answers only system.health (`status: 'corrupt'`), system.backups and system.recover,
 *   so the UI can show the "database is damaged" screen and restore a backup. It gets there
 *   from the start (after an unclean end the whole file is checked before it is opened;
 *   damage the open meets), from any call or transaction that meets SQLITE_CORRUPT/NOTADB,
 *   and from the background `quick_check` that runs on a worker thread after every start
 *   and daily while the host runs (checkIntegrity, also for the automatic backup).
 * - A restore (system.restore, or system.recover when damaged) checks the backup, copies it
 *   next to the database while the store keeps working, then closes the core, swaps the
 *   files (the current database is kept as tessera.db.before-restore-<stamp>) and opens a
 *   new core on the restored file. Calls that arrive meanwhile are refused with CONFLICT.
 * - `core` is a stand-in that always reaches the core open now, so the hosts keep one
 *   object across a restore; push events of every core reach `core.bus`.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isMethod } from '../../shared/contract';
import type { RestoreResult } from '../../shared/contract/system';
import { AppError, errorIssue, type Envelope } from '../../shared/errors';
import type { HeadOfficeView } from '../headoffice/link';
import { PushBus } from './bus';
import { SessionSignals } from './sessionSignals';
import { iso, systemClock } from './clock';
import { createCore, DB_FILE, type Core, type CoreOptions } from './core';
import { protectDataDir, usePrivateUmask } from './dataDir';
import { acquireDataLock } from './dataLock';
import { quickCheck, type IntegrityResult } from './db/integrity';
import { CorruptDatabaseError, summarizeProblems } from './db/open';
import { createLogger } from './log';
import { restoreDatabase, RestoreRefused } from './restore';
import { createDispatcher, type Dispatch } from './rpc/dispatcher';
import type { AllHandlers, Handler } from './rpc/types';
import {
  adminPasswordHash,
  fileStamp,
  findBackupFile,
  listBackupFiles,
  readBackupRecords,
  type BackupResult,
} from './services/backup';
import type { Actor } from './services/deps';
import { verifyPassword } from './services/passwords';
import { RecoverThrottle } from './services/recoverThrottle';

export interface HostOptions extends CoreOptions {
  /** Take the data folder's lock (default true; tests of the core alone may skip it). */
  lock?: boolean;
  /** What the lock says holds the folder. */
  purpose?: string;
  /** How often startAutoBackups looks whether today's automatic backup is due (default 10 minutes). */
  autoBackupEveryMs?: number;
  /** When the background integrity check first runs after the start (default 2 s: beside the start's first requests, not competing with the start itself). */
  integrityCheckDelayMs?: number;
  /** How often it runs again while the host runs (default daily). */
  integrityCheckEveryMs?: number;
  /** The link to the head office, when the host was given one (headOffice.* reads it). */
  headOffice?: HeadOfficeView;
}

export interface CoreHost {
  /** The core as the hosts use it; follows restores. */
  readonly core: Core;
  readonly state: 'ok' | 'corrupt';
  /** When corrupt: what the check found, or the damage a call met. */
  readonly problem: string | null;
  dispatch: Dispatch;
  /** The daily automatic backup (null when today's exists or the database is damaged). Call after the host is listening. */
  autoBackup(): Promise<BackupResult | null>;
  /** Makes the day's automatic backup now (off the current tick) and then whenever a new day starts, while the host runs. */
  startAutoBackups(): void;
  /**
   * `quick_check` of the whole database now, on a worker thread (one at a time: a second
   * call shares the running one). Damage found switches the host to the recovery state.
   * Rejects when the check could not run.
   */
  checkIntegrity(): Promise<IntegrityResult>;
  close(): void;
}

const log = createLogger('host');

/** The methods a damaged store still answers (the recovery screen's). */
type RecoveryHandlers = { [M in 'system.health' | 'system.backups' | 'system.recover']: Handler<M> };

const FIRST_CHECK_AFTER_MS = 2_000;

function failure(code: 'CONFLICT' | 'INTERNAL' | 'NOT_FOUND', message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

export function openHost(opts: HostOptions): CoreHost {
  const dbPath = path.join(opts.dataDir, DB_FILE);
  const clock = opts.clock ?? systemClock;
  usePrivateUmask();
  for (const p of protectDataDir(opts.dataDir)) log.warn('a file of the data folder could not be made private to this user', { path: p.path, message: p.message });
  const lock = opts.lock === false ? null : acquireDataLock(opts.dataDir, opts.purpose ?? 'Tessera', { nativeBinding: opts.nativeBinding });
  const release = lock ?? (() => {});
  // The last run was killed, crashed or lost power: that is when a damaged file is likely, so
  // then the whole file is checked before it is opened (seconds on a large store). Otherwise
  // the start opens it at once and the background check reads it.
  const endedUncleanly = lock?.endedUncleanly ?? false;
  const bus = new PushBus();
  // One for the host's life: a listener (the HTTP host's streams) keeps hearing across restores.
  const sessions = opts.sessions ?? new SessionSignals();
  const recoverThrottle = new RecoverThrottle(clock);
  let autoTimer: NodeJS.Timeout | null = null;
  let autoRunning: Promise<BackupResult | null> | null = null;

  let current: Core | null = null;
  let unforward: (() => void) | null = null;
  let problem: string | null = null;
  let restoring = false;
  let closed = false;
  let retiring: Promise<void> | null = null;
  let checking: Promise<IntegrityResult> | null = null;
  let firstCheck: NodeJS.Timeout | null = null;
  let checkTimer: NodeJS.Timeout | null = null;

  const open = (): Core => {
    const core: Core = createCore({
      ...opts,
      sessions,
      quickCheck: opts.quickCheck ?? (opts.lock === false || endedUncleanly),
      // Restores reopen the core here; the automatic backup checks the live store with the host's own check (off the main thread).
      host: { restore: (file, name, actor) => restore(file, name, actor), liveCheck: () => checkIntegrity(), headOffice: opts.headOffice },
      onCorruption: (err) => {
        if (current === core) damaged(summarizeProblems([err instanceof Error ? err.message : String(err)]));
      },
    });
    // This host holds the data folder and no export runs yet: what killed exports left goes.
    core.services.exports.tidyAtStart();
    unforward = core.bus.subscribe((e) => bus.publish(e));
    return core;
  };

  const shut = async () => {
    await retiring;
    const core = current;
    if (!core) return;
    await core.services.exports.cancelAll();
    // Backups in progress read through this connection: let them finish (they take seconds).
    for (let waited = 0; core.services.backup.inProgress > 0 && waited < 60_000; waited += 50) await sleep(50);
    unforward?.();
    unforward = null;
    current = null;
    core.close();
  };

  /**
   * Damage met while serving: from this moment only recovery is served (no call reaches the
   * core again); the core then ends like before a restore and nothing more is written.
   */
  function damaged(found: string): void {
    const core = current;
    if (!core || closed || restoring) return;
    problem = found;
    current = null;
    const stopForwarding = unforward;
    unforward = null;
    log.error('the database is damaged; serving recovery only from now on', { problem: found });
    retiring = (async () => {
      try {
        await core.services.exports.cancelAll();
        for (let waited = 0; core.services.backup.inProgress > 0 && waited < 60_000; waited += 50) await sleep(50);
      } finally {
        stopForwarding?.();
        core.close();
      }
    })()
      .catch((err: unknown) => log.error('closing the damaged database failed', { message: err instanceof Error ? err.message : String(err) }))
      .finally(() => (retiring = null));
  }

  function checkIntegrity(): Promise<IntegrityResult> {
    if (checking) return checking;
    const checked = current;
    if (!checked) return Promise.resolve({ ok: false, problem: problem ?? 'The database is not open.' });
    const run = quickCheck(dbPath, { nativeBinding: opts.nativeBinding })
      .then((result) => {
        // A result about a file a restore has since replaced says nothing about this one.
        if (!result.ok && current === checked) damaged(result.problem ?? 'the integrity check failed');
        return result;
      })
      .finally(() => (checking = null));
    checking = run;
    return run;
  }

  const checkInBackground = () => {
    if (closed || !current) return;
    checkIntegrity().catch((err: unknown) => log.warn('the background integrity check could not run', { message: err instanceof Error ? err.message : String(err) }));
  };

  try {
    current = open();
  } catch (err) {
    if (!(err instanceof CorruptDatabaseError)) {
      release();
      throw err;
    }
    problem = summarizeProblems(err.problems);
    log.error('the database is damaged; serving recovery only', { file: err.file, problems: err.problems });
  }
  // The whole file is read after every start, beside it (the start never waits; a worker reads
  // 700 MB in about 2 s, which on two cores would slow the start itself), then daily.
  if (current) {
    firstCheck = setTimeout(checkInBackground, opts.integrityCheckDelayMs ?? FIRST_CHECK_AFTER_MS);
    firstCheck.unref();
  }
  checkTimer = setInterval(checkInBackground, opts.integrityCheckEveryMs ?? 24 * 60 * 60_000);
  checkTimer.unref();

  /**
   * Checks `file`, stages a copy while the current core keeps serving, then swaps it in and
   * opens a new core. On any failure the database that was there stays (or is put back).
   */
  async function restore(file: string, name: string, actor: Actor | null): Promise<RestoreResult> {
    if (restoring) throw AppError.of('CONFLICT', 'restoreInProgress');
    restoring = true;
    const wasDamaged = current === null;
    try {
      const { keptAs } = await restoreDatabase(file, name, {
        dbPath,
        migrationsFolder: opts.migrationsFolder,
        nativeBinding: opts.nativeBinding,
        stamp: fileStamp(clock()),
        release: async () => {
          // The record of backups made since that backup comes along (a damaged store's cannot be trusted).
          const carried = current ? readBackupRecords(current.store.sqlite) : [];
          await shut();
          return { carried, sound: !wasDamaged };
        },
        open: () => {
          try {
            current = open();
          } catch (err) {
            log.error('the restored database did not open; putting the previous one back', { message: err instanceof Error ? err.message : String(err) });
            throw err;
          }
          return current.store.sqlite;
        },
        by: { at: iso(clock()), actorId: actor?.userId ?? null, by: actor?.username ?? null },
      });
      problem = null;
      // The store the sessions belonged to is gone: whatever was open on their behalf ends.
      sessions.ended({ all: true, reason: 'restore' });
      log.info('database restored', { from: name, keptAs, user: actor?.username ?? null });
      return { restored: name, keptAs: keptAs === null ? null : path.basename(keptAs), schemaVersion: need().store.schemaVersion };
    } catch (err) {
      if (err instanceof RestoreRefused) throw AppError.of('VALIDATION', 'backupNotRestorable', err.params, { issues: [errorIssue(['name'], 'restoreRefusal', err.params)] });
      // The previous file is back in place (restoreDatabase put it back): serve it again.
      if (!current && !wasDamaged && !closed) current = open();
      throw err;
    } finally {
      restoring = false;
    }
  }

  /** While the database is damaged: the methods of the recovery screen, through the one dispatcher. */
  const recoveryHandlers: RecoveryHandlers = {
    'system.health': () => ({ status: 'corrupt', version: opts.version, schemaVersion: 0, problem: problem ?? 'The database is damaged.' }),
    // Names, times and sizes only: no paths, and no kinds from a record that cannot be trusted.
    'system.backups': () => ({ items: listBackupFiles(opts.dataDir, DB_FILE).map(({ name, bytes, createdAt }) => ({ name, bytes, createdAt })) }),
    'system.recover': async ({ name, username, password }) => {
      // Throttled like sign-in: a public method must not be a password oracle.
      recoverThrottle.check(username);
      const backup = findBackupFile(opts.dataDir, DB_FILE, name);
      // The damaged database cannot vouch for anyone: the backup's own administrators can.
      let hash: string | undefined;
      try {
        hash = await adminPasswordHash(backup.file, username, opts.nativeBinding);
      } catch {
        hash = undefined;
      }
      if (!(await verifyPassword(hash, password))) {
        recoverThrottle.failed(username);
        log.warn('recovery sign-in failed', { username, backup: backup.name });
        throw AppError.of('UNAUTHENTICATED', 'wrongRecoveryCredentials');
      }
      recoverThrottle.succeeded(username);
      return restore(backup.file, backup.name, null);
    },
  };
  const recoveryDispatch = createDispatcher({
    handlers: recoveryHandlers as unknown as AllHandlers,
    // Nobody can sign in to a damaged store: the recovery screen's methods answer without a session.
    auth: { tryResolve: () => null, resolve: () => { throw AppError.of('UNAUTHENTICATED', 'signInFirst'); } },
    sessionless: true,
    log: log.child('rpc'),
    checkOutputs: opts.checkOutputs,
  });
  const DAMAGED = 'The database is damaged, so Tessera is not serving requests. Restore a backup (the app shows how), or run `tessera restore`.';

  const dispatch: Dispatch = async (method, input, token, caller) => {
    if (restoring && method !== 'system.health') return failure('CONFLICT', 'A backup is being restored; try again in a moment.');
    if (current) return current.dispatch(method, input, token, caller);
    if (Object.hasOwn(recoveryHandlers, method) || !isMethod(method)) return recoveryDispatch(method, input, token, caller);
    return failure('INTERNAL', DAMAGED);
  };

  const need = (): Core => {
    if (!current) throw new Error(problem ? `The database is damaged: ${problem}` : 'The database is not open.');
    return current;
  };

  const core: Core = {
    dispatch,
    bus,
    sessions,
    get store() {
      return need().store;
    },
    get services() {
      return need().services;
    },
    dataDir: opts.dataDir,
    // While damaged or restoring nobody is signed in and no ticket is served.
    session: (token) => (current && !restoring ? current.session(token) : null),
    sessionLive: (tokenHash) => (current && !restoring ? current.sessionLive(tokenHash) : false),
    download: (ticket) => (current && !restoring ? current.download(ticket) : null),
    close: () => host.close(),
  };

  const host: CoreHost = {
    core,
    get state() {
      return current ? 'ok' : 'corrupt';
    },
    get problem() {
      return problem;
    },
    dispatch,
    async autoBackup() {
      if (!current || restoring || closed) return null;
      // One at a time: a timer tick never starts a second one beside a running one.
      if (autoRunning) return autoRunning;
      const running = current.services.backup.autoBackup().catch((err: unknown) => {
        log.error('the automatic backup failed', { message: err instanceof Error ? err.message : String(err) });
        return null;
      });
      autoRunning = running;
      try {
        return await running;
      } finally {
        autoRunning = null;
      }
    },
    startAutoBackups() {
      if (autoTimer || closed) return;
      setImmediate(() => void host.autoBackup());
      autoTimer = setInterval(() => void host.autoBackup(), opts.autoBackupEveryMs ?? 10 * 60_000);
      autoTimer.unref();
    },
    checkIntegrity,
    close() {
      if (closed) return;
      closed = true;
      if (firstCheck) clearTimeout(firstCheck);
      if (checkTimer) clearInterval(checkTimer);
      if (autoTimer) clearInterval(autoTimer);
      autoTimer = null;
      unforward?.();
      current?.close();
      current = null;
      release();
    },
  };
  return host;
}
