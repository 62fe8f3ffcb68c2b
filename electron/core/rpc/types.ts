import type { Method, Output, ParsedInput } from '../../../shared/contract';
import type { Actor } from '../services/deps';

/**
 * How a call reached the core: `http` from the HTTP host (anyone who can reach its port),
 * `ipc` from the desktop window, `local` from inside the process (command line, tests).
 */
export type Transport = 'http' | 'ipc' | 'local';

/** What the host that received a call knows about it. */
export interface Caller {
  transport: Transport;
}

export interface CallContext {
  /** The signed-in caller; null only for public methods called without a valid session. */
  actor: Actor | null;
  transport: Transport;
}

export interface SignedInContext extends CallContext {
  actor: Actor;
}

export type Handler<M extends Method> = (input: ParsedInput<M>, ctx: SignedInContext) => Output<M> | Promise<Output<M>>;

/** The handlers of one domain: `DomainHandlers<'users'>` must cover every `users.*` method. */
export type DomainHandlers<D extends string> = { [M in Extract<Method, `${D}.${string}`>]: Handler<M> };

export type AllHandlers = { [M in Method]: Handler<M> };
