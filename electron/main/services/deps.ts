import type { Statement } from 'better-sqlite3';
import type { Role } from '../../../shared/contract';
import type { PushBus } from '../bus';
import type { Clock } from '../clock';
import type { Sqlite } from '../db/open';
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

export function makeTx(sqlite: Sqlite): ServiceDeps['tx'] {
  return <T>(fn: () => T): T => sqlite.transaction(fn).immediate();
}
