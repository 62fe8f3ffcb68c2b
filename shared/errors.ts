import { IntlMessageFormat } from 'intl-messageformat';
import englishErrors from './i18n/catalogues/en/errors.json';

/** Error codes of the contract and the HTTP status each maps to. */
export const errorStatus = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  /** The session is locked (auth.lock): a PIN or password sign-in opens it; it has not ended. */
  LOCKED: 423,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** A message of the `errors` catalogue area (shared/i18n/catalogues/<language>/errors.json). */
export type ErrorKey = keyof typeof englishErrors & string;
/** A message's values: money and dates come formatted in the store's locale; limits are numbers. */
export type ErrorParams = Record<string, string | number>;

/**
 * One problem with one field. `message` is English (what the command line and the logs read);
 * `key` and `params`, when present, let a client say the same in its user's language:
 * `message` is always the English catalogue's `errors.<key>` rendered with `params`.
 */
export interface ErrorIssue {
  path: (string | number)[];
  message: string;
  key?: ErrorKey;
  params?: ErrorParams;
}

/**
 * A failure. `key`/`params` as for an issue. A VALIDATION error has none of its own: its
 * message is its issues' (issuesText), each with its key.
 */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  key?: ErrorKey;
  params?: ErrorParams;
  details?: { issues: ErrorIssue[] } | Record<string, unknown>;
  errorId?: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

const englishText: Record<string, string> = englishErrors;
const formats = new Map<string, IntlMessageFormat>();

export function isErrorKey(key: unknown): key is ErrorKey {
  return typeof key === 'string' && Object.hasOwn(englishText, key);
}

/** The English of `errors.<key>` with `params`: the `message` of a keyed error. */
export function errorText(key: ErrorKey, params?: ErrorParams): string {
  let format = formats.get(key);
  if (!format) {
    format = new IntlMessageFormat(englishText[key]!, 'en');
    formats.set(key, format);
  }
  return String(format.format(params));
}

/**
 * A value made of several catalogue messages (the causes of one refusal). The error's param
 * holds them in English, joined by "; "; `details.lists[param]` keeps each message's key and
 * values, so a client says every one in its user's language.
 */
export interface ErrorList {
  key: ErrorKey;
  items: ErrorParams[];
}

/** The English of a list param: each item's message, joined. */
export function listText(list: ErrorList, text: (key: ErrorKey, params: ErrorParams) => string = errorText): string {
  return list.items.map((item) => text(list.key, item)).join('; ');
}

/** The lists of an error's details (see ErrorList), if it has any. */
export function listsOf(details: ErrorBody['details']): Record<string, ErrorList> {
  const lists = (details as { lists?: unknown } | undefined)?.lists;
  return lists !== null && typeof lists === 'object' ? (lists as Record<string, ErrorList>) : {};
}

/** An issue with its English message. */
export function errorIssue(path: string | (string | number)[], key: ErrorKey, params?: ErrorParams): ErrorIssue {
  return { path: Array.isArray(path) ? path : [path], message: errorText(key, params), key, ...(params ? { params } : {}) };
}

/** A VALIDATION error's message: its first five issues as "path: message" ("input" for the whole input). */
export function issuesText(issues: readonly ErrorIssue[], message: (issue: ErrorIssue) => string = (i) => i.message): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'input'}: ${message(i)}`)
    .join('; ');
}

const contractMessages = new Map<string, { key: ErrorKey; params?: ErrorParams }>();

/**
 * A message written into a contract schema (`.min(3, contractMessage('atLeastChars', { min: 3 }))`,
 * a refine's or addIssue's message): the English text, remembered with its key so the
 * dispatcher can give the zod issue that carries it its key (keyOfContractMessage).
 */
export function contractMessage(key: ErrorKey, params?: ErrorParams): string {
  const text = errorText(key, params);
  if (!contractMessages.has(text)) contractMessages.set(text, params ? { key, params } : { key });
  return text;
}

/** The key of a message the contract wrote with contractMessage, if it is one. */
export function keyOfContractMessage(text: string): { key: ErrorKey; params?: ErrorParams } | undefined {
  return contractMessages.get(text);
}

/** A failure the caller can act on. Thrown by services, turned into an envelope by the dispatcher. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorBody['details'];
  readonly key?: ErrorKey;
  readonly params?: ErrorParams;
  constructor(code: ErrorCode, message: string, details?: ErrorBody['details'], keyed?: { key: ErrorKey; params?: ErrorParams }) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    if (keyed) {
      this.key = keyed.key;
      if (keyed.params) this.params = keyed.params;
    }
  }

  /** An error whose message is `errors.<key>` (English here; the client says it in its user's language). */
  static of(code: ErrorCode, key: ErrorKey, params?: ErrorParams, details?: ErrorBody['details']): AppError {
    return new AppError(code, errorText(key, params), details, { key, params });
  }

  /** A business-rule VALIDATION error that names the offending field. */
  static rule(path: string | (string | number)[], key: ErrorKey, params?: ErrorParams): AppError {
    const issue = errorIssue(path, key, params);
    return new AppError('VALIDATION', issuesText([issue]), { issues: [issue] });
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.key !== undefined) body.key = this.key;
    if (this.params !== undefined) body.params = this.params;
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}
