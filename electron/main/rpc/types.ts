import type { Method, Output, ParsedInput } from '../../../shared/contract';
import type { Actor } from '../services/deps';

export interface CallContext {
  /** The signed-in caller; null only for public methods called without a valid session. */
  actor: Actor | null;
}

export interface SignedInContext extends CallContext {
  actor: Actor;
}

export type Handler<M extends Method> = (input: ParsedInput<M>, ctx: SignedInContext) => Output<M> | Promise<Output<M>>;

/** The handlers of one domain: `DomainHandlers<'users'>` must cover every `users.*` method. */
export type DomainHandlers<D extends string> = { [M in Extract<Method, `${D}.${string}`>]: Handler<M> };

export type AllHandlers = { [M in Method]: Handler<M> };
