import path from 'node:path';
import { PushBus } from './bus';
import { systemClock, type Clock } from './clock';
import { openStore, type Store } from './db/open';
import { createLogger } from './log';
import { createDispatcher, type Dispatch } from './rpc/dispatcher';
import { createHandlers } from './rpc/handlers';
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
  const bus = new PushBus();
  const sessions = opts.sessions ?? new SessionSignals();
  const deps = {
    sqlite: store.sqlite,
    clock: opts.clock ?? systemClock,
    events: new EventLog(store.sqlite),
    bus,
    sessions,
    log,
    tx: makeTx(store.sqlite),
    stmt: makeStmtCache(store.sqlite),
    hooks: opts.hooks ?? {},
  };
  const services = createServices(deps, { version: opts.version, schemaVersion: store.schemaVersion });
  const dispatch = createDispatcher({ handlers: createHandlers(services), auth: services.auth, log: log.child('rpc'), checkOutputs: opts.checkOutputs });
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
