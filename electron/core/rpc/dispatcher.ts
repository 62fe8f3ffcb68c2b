import crypto from 'node:crypto';
import type { z } from 'zod';
import { allows, contract, isMethod } from '../../../shared/contract';
import { MoneyRangeError } from '../../../shared/domain/money';
import { AppError, errorIssue, errorText, issuesText, keyOfContractMessage, type Envelope, type ErrorBody, type ErrorIssue, type ErrorKey, type ErrorParams } from '../../../shared/errors';
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

type Keyed = { key: ErrorKey; params?: ErrorParams };

const primitive = (v: unknown): string => (typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? `"${v}"` : `${String(v)}`);
const comparison = (i: { exact?: boolean; inclusive?: boolean }): string => (i.exact ? 'exactly' : i.inclusive ? 'inclusive' : 'exclusive');
const stringFormats: Partial<Record<string, ErrorKey>> = { email: 'invalidEmail', date: 'invalidDate', datetime: 'invalidDateTime', time: 'invalidTime', uuid: 'invalidUuid' };

/** The errors catalogue's message for a zod issue: a contract's own message (contractMessage), else by zod's issue code. */
function keyOfIssue(i: z.core.$ZodIssue): Keyed | undefined {
  const written = keyOfContractMessage(i.message);
  if (written) return written;
  switch (i.code) {
    case 'invalid_type': {
      const received = /, received (\S+)$/.exec(i.message)?.[1];
      if (received === undefined) return undefined;
      return received === 'undefined' ? { key: 'required', params: { expected: i.expected } } : { key: 'invalidType', params: { expected: i.expected, received } };
    }
    case 'invalid_value':
      return i.values.length === 1 ? { key: 'invalidValue', params: { expected: primitive(i.values[0]) } } : { key: 'invalidOption', params: { options: i.values.map(primitive).join('|') } };
    case 'too_small': {
      if (typeof i.minimum !== 'number') return undefined;
      const params = { minimum: i.minimum, comparison: comparison(i) };
      if (i.origin === 'string') return { key: 'tooShort', params };
      if (i.origin === 'array') return { key: 'tooFewItems', params };
      if (i.origin === 'number' || i.origin === 'int') return { key: 'tooSmall', params: { ...params, origin: i.origin } };
      return undefined;
    }
    case 'too_big': {
      if (typeof i.maximum !== 'number') return undefined;
      const params = { maximum: i.maximum, comparison: comparison(i) };
      if (i.origin === 'string') return { key: 'tooLong', params };
      if (i.origin === 'array') return { key: 'tooManyItems', params };
      if (i.origin === 'number' || i.origin === 'int') return { key: 'tooBig', params: { ...params, origin: i.origin } };
      return undefined;
    }
    case 'invalid_format': {
      if (i.format === 'regex') return { key: 'patternMismatch', params: { pattern: String(i.pattern) } };
      if (i.format === 'starts_with' && 'prefix' in i) return { key: 'mustStartWith', params: { prefix: String(i.prefix) } };
      if (i.format === 'ends_with' && 'suffix' in i) return { key: 'mustEndWith', params: { suffix: String(i.suffix) } };
      if (i.format === 'includes' && 'includes' in i) return { key: 'mustInclude', params: { includes: String(i.includes) } };
      const key = stringFormats[i.format];
      return key ? { key } : undefined;
    }
    case 'not_multiple_of':
      return { key: 'notMultipleOf', params: { divisor: i.divisor } };
    case 'invalid_union':
      if ('options' in i && Array.isArray(i.options) && i.options.length > 0) return { key: 'invalidDiscriminator', params: { options: (i.options as unknown[]).map((o) => `'${String(o)}'`).join(' | ') } };
      return i.inclusive === false ? { key: 'ambiguousInput' } : { key: 'invalidInput' };
    case 'invalid_key':
      return i.origin === 'record' ? { key: 'invalidRecordKey' } : undefined;
    case 'custom':
      return { key: 'invalidInput' };
    default:
      return undefined;
  }
}

/** An issue at `path` with zod's message, and its key when the catalogue's English says exactly that. */
function keyedIssue(path: Path, i: z.core.$ZodIssue): ErrorIssue {
  const keyed = keyOfIssue(i);
  if (!keyed || errorText(keyed.key, keyed.params) !== i.message) return { path, message: i.message };
  return errorIssue(path, keyed.key, keyed.params);
}

/**
 * The zod issues as paths and messages, each with its key in the errors catalogue. A union
 * failure is replaced by the issues of the one branch whose shape the input has (no unknown
 * keys), so the error names the field.
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
      if (i.code === 'unrecognized_keys') return i.keys.map((key) => errorIssue([...path, key], 'notAField'));
      return [keyedIssue(path, i)];
    });
  return flatten(error.issues, []);
}

export function validationError(issues: ErrorIssue[]): AppError {
  return new AppError('VALIDATION', issuesText(issues), { issues });
}

/**
 * The one way into the core: method → input schema → session → role → handler → envelope.
 * Never throws; every failure becomes a typed error.
 */
export function createDispatcher({ handlers, auth, sessionless = false, log, checkOutputs = false }: DispatcherOptions): Dispatch {
  return async (method, rawInput, token, caller) => {
    try {
      if (!isMethod(method)) throw AppError.of('NOT_FOUND', 'noMethod', { method: String(method).slice(0, 100) });
      const spec = contract[method];
      // No input at all means {}; anything else (null included) must match the schema.
      const parsed = spec.input.safeParse(rawInput === undefined ? {} : rawInput);
      if (!parsed.success) throw validationError(issuesOf(parsed.error));
      const resolveOpts = { allowLocked: OPEN_WHEN_LOCKED.has(method) };
      // A locked session gets LOCKED from every signed-in method; a public one answers it as nobody.
      const actor = spec.access === 'public' || sessionless ? auth.tryResolve(token, resolveOpts) : auth.resolve(token, resolveOpts);
      if (actor && !allows(spec.access, actor.role)) {
        throw AppError.of('FORBIDDEN', 'roleMayNotUse', { role: actor.role, method });
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
  if (err instanceof MoneyRangeError) return AppError.rule(err.field, 'exceedsMaxAmount').toBody();
  const errorId = crypto.randomUUID();
  log.error('internal error', { errorId, method, stack: err instanceof Error ? err.stack : String(err) });
  return { code: 'INTERNAL', message: errorText('internal', { errorId }), key: 'internal', params: { errorId }, errorId };
}
