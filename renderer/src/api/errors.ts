import { errorText, isErrorKey, issuesText, listsOf, listText, type ErrorBody, type ErrorCode, type ErrorIssue, type ErrorKey, type ErrorParams } from '../../../shared/errors';
import { t } from '../i18n';
import { invoiceStatusLabel, isInvoiceStatus, isOrderStatus, orderStatusLabel } from '../i18n/statuses';

/** An issue as a screen reads it: `message` in the user's language, `serverMessage` the core's English. */
export interface ApiIssue extends ErrorIssue {
  serverMessage: string;
}

/** An error's values in the user's words: a status code (from, to, status) by its name; an invoice's by the invoice's. */
function localParams(key: ErrorKey, params: ErrorParams | undefined): ErrorParams | undefined {
  if (!params) return params;
  const invoice = key.startsWith('invoice');
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      // statusCode is what a message's select reads: it stays a code.
      name === 'statusCode' ? value : invoice && isInvoiceStatus(value) ? invoiceStatusLabel(t, value) : isOrderStatus(value) ? orderStatusLabel(t, value) : value,
    ]),
  );
}

/** An error's or issue's words in the user's language: its catalogue message when it has a key this build knows, else the core's. */
export function localText(e: { message: string; key?: string; params?: ErrorParams }): string {
  return isErrorKey(e.key) ? t(`errors.${e.key}`, localParams(e.key, e.params)) : e.message;
}

function issuesOf(details: ErrorBody['details']): ErrorIssue[] {
  const issues = (details as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) ? (issues as ErrorIssue[]) : [];
}

/** A body's message in the user's language; a VALIDATION error's is made of its issues' ("path: message; …"). */
function localMessage(body: ErrorBody): string {
  if (isErrorKey(body.key)) {
    // A list param (several reasons) is said item by item in the user's language.
    const lists = Object.entries(listsOf(body.details)).filter(([, list]) => isErrorKey(list.key) && Array.isArray(list.items));
    const params = { ...body.params, ...Object.fromEntries(lists.map(([name, list]) => [name, listText(list, (key, values) => localText({ message: '', key, params: values }))])) };
    return localText({ ...body, params });
  }
  const issues = issuesOf(body.details);
  if (issues.length > 0 && body.message === issuesText(issues)) return issuesText(issues, localText);
  return body.message;
}

/** An error body this client makes itself (no answer, or not an envelope): English in `message`, keyed like the core's. */
export function clientError(code: ErrorCode, key: ErrorKey, params?: ErrorParams): ErrorBody {
  return params ? { code, message: errorText(key, params), key, params } : { code, message: errorText(key), key };
}

/** A failed contract call: the envelope's error, thrown so callers can `try/catch` it. `message` speaks the user's language. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorBody['details'];
  readonly errorId: string | undefined;
  /** The method that failed. */
  readonly method: string;
  /** The errors catalogue's key and values of the message, when the core gave one. */
  readonly key: ErrorKey | undefined;
  readonly params: ErrorParams | undefined;
  /** The core's own (English) message: what the logs and the command line say. */
  readonly serverMessage: string;

  constructor(method: string, body: ErrorBody) {
    super(localMessage(body));
    this.name = 'ApiError';
    this.method = method;
    this.code = body.code;
    this.details = body.details;
    this.errorId = body.errorId;
    this.key = isErrorKey(body.key) ? body.key : undefined;
    this.params = body.params;
    this.serverMessage = body.message;
  }

  /** The zod-style issues in `details`, if any (VALIDATION, and CONFLICTs that name a field), in the user's language. */
  get issues(): ApiIssue[] {
    return issuesOf(this.details).map((issue) => ({ ...issue, message: localText(issue), serverMessage: issue.message }));
  }
}

/** What a cashier reads when the store's host does not answer at all (English; UnreachableError's message is in the user's language). */
export const UNREACHABLE_MESSAGE = errorText('unreachable');

/**
 * The store did not answer (network down, host stopped). INTERNAL like any failure whose
 * outcome is unknown (a retry reuses its idempotency key), with `unreachable` set so screens
 * can offer Retry instead of reporting a fault.
 */
export class UnreachableError extends ApiError {
  readonly unreachable = true;
  constructor(method: string) {
    super(method, clientError('INTERNAL', 'unreachable'));
    this.name = 'UnreachableError';
  }
}

export const isUnreachable = (err: unknown): err is UnreachableError => err instanceof UnreachableError;

/** Any thrown value as an ApiError: network failures and bugs become INTERNAL with a plain message. */
export function toApiError(method: string, err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  // fetch rejects with a TypeError ("Failed to fetch") only when no answer came back.
  if (err instanceof TypeError) return new UnreachableError(method);
  const message = err instanceof Error && err.message ? err.message : String(err);
  return new ApiError(method, clientError('INTERNAL', 'notReached', { reason: message }));
}
