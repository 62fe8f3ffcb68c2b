import path from 'node:path';
import { PushBus } from './bus';
import { systemClock, type Clock } from './clock';
import { CorruptDatabaseError, isCorruptionError, openStore, type Store } from './db/open';
import { createLogger } from './log';
import { createDispatcher, type Dispatch } from './rpc/dispatcher';
import { createHandlers } from './rpc/handlers';
import type { AllHandlers } from './rpc/types';
import { makeStmtCache, makeTx, type TestHooks } from './services/deps';
import { EventLog } from './services/events';
import { createServices, type Services } from './services';
import { SessionSignals } from './sessionSignals';

export interface CoreOptions {
  /** The data directory: tessera.db and exports/ live here. */
  dataDir: string;
  migrationsFolder: string;
  version: string;
  clock?: Clock;
  nativeBinding?: string;
  checkOutputs?: boolean;
  /** Run quick_check on the file before opening it (default true; it reads the whole file). */
  quickCheck?: boolean;
  /** Fault injection for tests. */
  hooks?: TestHooks;
  /** Where ended sessions are told (a host passes one that outlives its cores). */
  sessions?: SessionSignals;
  /**
   * Hears of every SQLITE_CORRUPT / NOTADB the core meets after it opened (in a call, a
   * session check, a transaction of background work); the call still fails with its error.
   */
  onCorruption?: (err: unknown) => void;
}

/** The back end, whatever hosts it: store, services and the dispatcher. */
export interface Core {
  dispatch: Dispatch;
  bus: PushBus;
  /** Ended sessions (logout, expiry, deactivation, role change, password reset, restore). */
  sessions: SessionSignals;
  store: Store;
  services: Services;
  dataDir: string;
  close(): void;
}

export const DB_FILE = 'tessera.db';

export function createCore(opts: CoreOptions): Core {
  const log = createLogger('core');
  const store = openStore({
    file: path.join(opts.dataDir, DB_FILE),
    migrationsFolder: opts.migrationsFolder,
    nativeBinding: opts.nativeBinding,
    quickCheck: opts.quickCheck,
  });
  try {
    return assemble(opts, store, log);
  } catch (err) {
    // Damage the open's checks did not see (the file was not checked, or it is in a table
    // only the services read at start): the same answer as a failed check, not a crash.
    store.sqlite.close();
    if (isCorruptionError(err)) throw new CorruptDatabaseError(store.file, [err instanceof Error ? err.message : String(err)]);
    throw err;
  }
}

function assemble(opts: CoreOptions, store: Store, log: ReturnType<typeof createLogger>): Core {
  const report = opts.onCorruption ?? (() => {});
  const bus = new PushBus();
  const sessions = opts.sessions ?? new SessionSignals();
  const deps = {
    sqlite: store.sqlite,
    db: store.orm,
    clock: opts.clock ?? systemClock,
    events: new EventLog(store.sqlite),
    bus,
    sessions,
    log,
    ...makeTx(store.sqlite, bus, report),
    stmt: makeStmtCache(store.sqlite),
    hooks: opts.hooks ?? {},
  };
  const services = createServices(deps, { version: opts.version, schemaVersion: store.schemaVersion });
  const dispatch = createDispatcher({
    handlers: watchHandlers(createHandlers(services), report),
    auth: watchSessionChecks(services.auth, report),
    log: log.child('rpc'),
    checkOutputs: opts.checkOutputs,
  });
  let closed = false;
  return {
    dispatch,
    bus,
    sessions,
    store,
    services,
    dataDir: opts.dataDir,
    close() {
      if (closed) return;
      closed = true;
      services.orders.search.close();
      services.auth.close();
      store.sqlite.close();
    },
  };
}

/** Runs `fn`, telling `report` of damage it meets; the error still goes to the caller. */
function watching<T>(report: (err: unknown) => void, fn: () => T): T {
  try {
    const result = fn();
    if (result instanceof Promise) {
      return result.catch((err: unknown) => {
        if (isCorruptionError(err)) report(err);
        throw err;
      }) as T;
    }
    return result;
  } catch (err) {
    if (isCorruptionError(err)) report(err);
    throw err;
  }
}

/** Every handler, reporting the damage it meets (reads included, not only transactions). */
function watchHandlers(handlers: AllHandlers, report: (err: unknown) => void): AllHandlers {
  type AnyHandler = (input: never, ctx: never) => unknown;
  const watched: Record<string, AnyHandler> = {};
  for (const [method, handler] of Object.entries(handlers) as [string, AnyHandler][]) {
    watched[method] = (input, ctx) => watching(report, () => handler(input, ctx));
  }
  return watched as unknown as AllHandlers;
}

/** The dispatcher's session checks (they read the sessions table before any handler runs), reporting damage. */
function watchSessionChecks(auth: Services['auth'], report: (err: unknown) => void): Services['auth'] {
  return new Proxy(auth, {
    get(target, prop, receiver) {
      if (prop === 'resolve' || prop === 'tryResolve') {
        const check = target[prop].bind(target);
        return (token: string | undefined) => watching(report, () => check(token));
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}
