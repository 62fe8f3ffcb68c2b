import crypto from 'node:crypto';
import type { z } from 'zod';
import { allows, contract, isMethod } from '../../../shared/contract';
import { MoneyRangeError } from '../../../shared/domain/money';
import { AppError, type Envelope, type ErrorBody, type ErrorIssue } from '../../../shared/errors';
import type { Logger } from '../log';
import type { AuthService } from '../services/auth';
import type { AllHandlers, Caller, Handler } from './types';

export interface DispatcherOptions {
  handlers: AllHandlers;
  /** Who a token belongs to. */
  auth: Pick<AuthService, 'resolve' | 'tryResolve'>;
  /** Answer every method without a session (the damaged-database state, where nobody can sign in). */
  sessionless?: boolean;
  log: Logger;
  /** Parse every output against its schema too (tests): a mismatch is a bug, reported as INTERNAL. */
  checkOutputs?: boolean;
}

/** What a locked session (auth.lock) may still call: who it is, opening the terminal again, signing out. */
const OPEN_WHEN_LOCKED: ReadonlySet<string> = new Set(['auth.status', 'auth.pinLogin', 'auth.login', 'auth.logout']);

/** `caller` says how the call arrived; without it the call is `local` (in-process). */
export type Dispatch = (method: string, input: unknown, token?: string, caller?: Caller) => Promise<Envelope<unknown>>;

type Path = (string | number)[];
const plainPath = (path: readonly PropertyKey[]): Path => path.map((p) => (typeof p === 'symbol' ? String(p) : p));

/**
 * The zod issues as paths and messages. A union failure is replaced by the issues of the
 * one branch whose shape the input has (no unknown keys), so the error names the field.
 */
export function issuesOf(error: z.ZodError): ErrorIssue[] {
  const flatten = (issues: readonly z.core.$ZodIssue[], prefix: Path): ErrorIssue[] =>
    issues.flatMap((i) => {
      const path = [...prefix, ...plainPath(i.path)];
      if (i.code === 'invalid_union') {
        const fitting = i.errors.filter((branch) => !branch.some((b) => b.code === 'unrecognized_keys'));
        if (fitting.length === 1 && fitting[0]) return flatten(fitting[0], path);
      }
      // A field the method does not take is named as the field itself, one issue each.
      if (i.code === 'unrecognized_keys') return i.keys.map((key) => ({ path: [...path, key], message: 'is not a field of this method' }));
      return [{ path, message: i.message }];
    });
  return flatten(error.issues, []);
}

export function validationError(issues: ErrorIssue[]): AppError {
  const text = issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ');
  return new AppError('VALIDATION', text, { issues });
}

/**
 * The one way into the core: method → input schema → session → role → handler → envelope.
 * Never throws; every failure becomes a typed error.
 */
export function createDispatcher({ handlers, auth, sessionless = false, log, checkOutputs = false }: DispatcherOptions): Dispatch {
  return async (method, rawInput, token, caller) => {
    try {
      if (!isMethod(method)) throw new AppError('NOT_FOUND', `There is no method called ${String(method).slice(0, 100)}.`);
      const spec = contract[method];
      // No input at all means {}; anything else (null included) must match the schema.
      const parsed = spec.input.safeParse(rawInput === undefined ? {} : rawInput);
      if (!parsed.success) throw validationError(issuesOf(parsed.error));
      const resolveOpts = { allowLocked: OPEN_WHEN_LOCKED.has(method) };
      // A locked session gets LOCKED from every signed-in method; a public one answers it as nobody.
      const actor = spec.access === 'public' || sessionless ? auth.tryResolve(token, resolveOpts) : auth.resolve(token, resolveOpts);
      if (actor && !allows(spec.access, actor.role)) {
        throw new AppError('FORBIDDEN', `A ${actor.role} may not use ${method}.`);
      }
      const handler = handlers[method] as Handler<typeof method>;
      // The public methods never read ctx.actor as non-null; the others have one by now.
      const value: unknown = await handler(parsed.data as never, { actor: actor as NonNullable<typeof actor>, transport: caller?.transport ?? 'local' });
      if (checkOutputs) {
        const out = spec.output.safeParse(value);
        if (!out.success) throw new Error(`Output of ${method} does not match its schema: ${JSON.stringify(issuesOf(out.error))}`);
      }
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: toErrorBody(err, method, log) };
    }
  };
}

function toErrorBody(err: unknown, method: string, log: Logger): ErrorBody {
  if (err instanceof AppError) return err.toBody();
  if (err instanceof MoneyRangeError) return AppError.field(err.field, 'exceeds the largest supported amount').toBody();
  const errorId = crypto.randomUUID();
  log.error('internal error', { errorId, method, stack: err instanceof Error ? err.stack : String(err) });
  return { code: 'INTERNAL', message: `Something went wrong on our side (error ${errorId}). Nothing was changed.`, errorId };
}
