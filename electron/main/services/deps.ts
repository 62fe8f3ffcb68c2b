import type { Role } from '../../../shared/contract';
import type { PushBus } from '../bus';
import type { Clock } from '../clock';
import type { Sqlite } from '../db/open';
import type { Logger } from '../log';
import type { EventLog } from './events';

/** What every service is built from. */
export interface ServiceDeps {
  sqlite: Sqlite;
  clock: Clock;
  events: EventLog;
  bus: PushBus;
  log: Logger;
  /** Runs `fn` in one IMMEDIATE transaction (nested calls become savepoints). */
  tx<T>(fn: () => T): T;
}

/** The signed-in caller of a method. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  tokenHash: string;
}

export function makeTx(sqlite: Sqlite): ServiceDeps['tx'] {
  return <T>(fn: () => T): T => sqlite.transaction(fn).immediate();
}
