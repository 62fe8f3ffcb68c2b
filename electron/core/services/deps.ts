import type { Statement } from 'better-sqlite3';
import type { PushEvent, Role } from '../../../shared/contract';
import type { PushBus } from '../bus';
import type { Clock } from '../clock';
import { isCorruptionError, type Orm, type Sqlite } from '../db/open';
import type { Logger } from '../log';
import type { SessionSignals } from '../sessionSignals';
import type { EventLog } from './events';

/** What every service is built from. */
export interface ServiceDeps {
  sqlite: Sqlite;
  /** The same connection through drizzle, typed by the schema: how services read and write. */
  db: Orm;
  clock: Clock;
  events: EventLog;
  bus: PushBus;
  /** "This session has ended": for what holds something on a session's behalf (streams, download tickets). */
  sessions: SessionSignals;
  log: Logger;
  /** Runs `fn` in one IMMEDIATE transaction (nested calls become savepoints). */
  tx<T>(fn: () => T): T;
  /**
   * Inside `tx`: what this transaction changed, for the push events. They are published
   * once, after the outermost transaction commits (the last word per entity), and never
   * when it rolls back; the services do not publish themselves.
   */
  changed(event: PushEvent): void;
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
  /** Called with a written compressed backup before it is read back (to damage it). */
  backupCompressed?(file: string): void;
}

/** The signed-in caller of a method. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  tokenHash: string;
  /** The register the session sells through; null: none (API clients, the back office). */
  registerId: string | null;
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

/** The transaction helper and its push events: see ServiceDeps.tx and ServiceDeps.changed. */
export function makeTx(sqlite: Sqlite, bus: PushBus, onCorruption?: (err: unknown) => void): Pick<ServiceDeps, 'tx' | 'changed'> {
  // One frame per open transaction or savepoint: a savepoint that rolls back drops its own events only.
  const frames: PushEvent[][] = [];
  const run = <T>(fn: () => T): T => {
    frames.push([]);
    let ok = false;
    try {
      const value = sqlite.transaction(fn).immediate();
      ok = true;
      return value;
    } catch (err) {
      if (isCorruptionError(err)) onCorruption?.(err);
      throw err;
    } finally {
      const frame = frames.pop() ?? [];
      if (ok && frames.length > 0) frames[frames.length - 1]!.push(...frame);
      else if (ok) publish(bus, frame);
    }
  };
  return {
    tx: run,
    changed(event) {
      const frame = frames[frames.length - 1];
      if (!frame) throw new Error(`push event ${event.event} outside a transaction`);
      frame.push(event);
    },
  };
}

/** The last event per entity (kind and id), in the order of their last change. */
function publish(bus: PushBus, events: PushEvent[]): void {
  const last = new Map<string, PushEvent>();
  for (const e of events) {
    const key = `${e.event}:${'id' in e.data ? e.data.id : 'jobId' in e.data ? e.data.jobId : ''}`;
    last.delete(key);
    last.set(key, e);
  }
  for (const e of last.values()) bus.publish(e);
}
