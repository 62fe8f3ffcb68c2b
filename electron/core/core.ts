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
import type { ResolveOptions } from './services/auth';
import { createServices, type Services } from './services';
import type { HostHooks, Platform } from './platform';
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
  /** What the machine offers (dialogs, printer); the desktop host passes it, the others none. */
  platform?: Platform;
  /** Restore and the live check, lent by the host that can reopen the core (coreHost.ts). */
  host?: HostHooks;
  /** The code that lets a browser create the first administrator (the HTTP host prints it). */
  setupCode?: string;
  /** Where PDFs are drawn: a worker thread (default), or this thread (the bench's comparison). */
  pdf?: 'worker' | 'in-thread';
}

/** A signed-in session, as a push stream knows it. */
export interface SessionRef {
  tokenHash: string;
  userId: string;
}

/** An export's file behind a download ticket. */
export interface Download {
  file: string;
  fileName: string;
  bytes: number;
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
  /** The session behind a bearer token; null when it is not a live one. */
  session(token: string | undefined): SessionRef | null;
  /** Whether a session still holds (a stream ends when it does not). */
  sessionLive(tokenHash: string): boolean;
  /** The file of a download ticket (random, short-lived, tied to a live session); null when none. */
  download(ticket: string): Download | null;
  close(): void;
}

const TICKET = /^[A-Za-z0-9_-]{16,64}$/;

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
  const services = createServices(deps, { version: opts.version, schemaVersion: store.schemaVersion }, { platform: opts.platform, host: opts.host, pdf: opts.pdf });
  if (opts.setupCode) services.auth.setupCode.set(opts.setupCode);
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
    session(token) {
      try {
        const actor = watching(report, () => services.auth.resolve(token));
        return { tokenHash: actor.tokenHash, userId: actor.userId };
      } catch {
        return null;
      }
    },
    sessionLive(tokenHash) {
      try {
        return watching(report, () => services.auth.isLive(tokenHash));
      } catch {
        return false;
      }
    },
    download(ticket) {
      return TICKET.test(ticket) ? watching(report, () => services.exports.download(ticket)) : null;
    },
    close() {
      if (closed) return;
      closed = true;
      services.orders.search.close();
      services.auth.close();
      services.documents.close();
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
        return (token: string | undefined, opts?: ResolveOptions) => watching(report, () => check(token, opts));
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}
