import type { Statement } from 'better-sqlite3';
import type { Role } from '../../../shared/contract';
import type { PushBus } from '../bus';
import type { Clock } from '../clock';
import { isCorruptionError, type Sqlite } from '../db/open';
import type { Logger } from '../log';
import type { SessionSignals } from '../sessionSignals';
import type { EventLog } from './events';

/** What every service is built from. */
export interface ServiceDeps {
  sqlite: Sqlite;
  clock: Clock;
  events: EventLog;
  bus: PushBus;
  /** "This session has ended": for what holds something on a session's behalf (streams, download tickets). */
  sessions: SessionSignals;
  log: Logger;
  /** Runs `fn` in one IMMEDIATE transaction (nested calls become savepoints). */
  tx<T>(fn: () => T): T;
  /** A prepared statement for `sql`, prepared once and reused (filters build SQL per combination). */
  stmt(sql: string): Statement;
  /** Test-only fault injection: called at named points inside transactions. */
  hooks: TestHooks;
}

export interface TestHooks {
  /** Called after the last write of a transaction, before it commits; throwing rolls it back. */
  beforeCommit?(point: string): void;
  /** Called with a finished backup copy before it is checked (to damage it). */
  backupCopied?(file: string): void;
}

/** The signed-in caller of a method. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  tokenHash: string;
}

export function makeStmtCache(sqlite: Sqlite): ServiceDeps['stmt'] {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = sqlite.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
}

/**
 * The transaction helper. `onCorruption` hears of every SQLITE_CORRUPT / NOTADB a
 * transaction meets (the error still reaches the caller), whatever started it: a request,
 * or background work such as the order search's indexing.
 */
export function makeTx(sqlite: Sqlite, onCorruption?: (err: unknown) => void): ServiceDeps['tx'] {
  if (!onCorruption) return <T>(fn: () => T): T => sqlite.transaction(fn).immediate();
  return <T>(fn: () => T): T => {
    try {
      return sqlite.transaction(fn).immediate();
    } catch (err) {
      if (isCorruptionError(err)) onCorruption(err);
      throw err;
    }
  };
}
