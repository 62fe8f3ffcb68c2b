import type { ErrorBody, ErrorCode, ErrorIssue } from '../../../shared/errors';

/** A failed contract call: the envelope's error, thrown so callers can `try/catch` it. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorBody['details'];
  readonly errorId: string | undefined;
  /** The method that failed. */
  readonly method: string;

  constructor(method: string, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.method = method;
    this.code = body.code;
    this.details = body.details;
    this.errorId = body.errorId;
  }

  /** The zod-style issues in `details`, if any (VALIDATION, and CONFLICTs that name a field). */
  get issues(): ErrorIssue[] {
    const issues = (this.details as { issues?: unknown } | undefined)?.issues;
    return Array.isArray(issues) ? (issues as ErrorIssue[]) : [];
  }
}

/** What a cashier reads when the store's host does not answer at all. */
export const UNREACHABLE_MESSAGE = "Can't reach the store. Check that it is running and the network; your cart is kept.";

/**
 * The store did not answer (network down, host stopped). INTERNAL like any failure whose
 * outcome is unknown (a retry reuses its idempotency key), with `unreachable` set so screens
 * can offer Retry instead of reporting a fault.
 */
export class UnreachableError extends ApiError {
  readonly unreachable = true;
  constructor(method: string) {
    super(method, { code: 'INTERNAL', message: UNREACHABLE_MESSAGE });
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
  return new ApiError(method, { code: 'INTERNAL', message: `Could not reach Tessera (${message}). Try again.` });
}
