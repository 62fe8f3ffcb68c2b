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

/** Any thrown value as an ApiError: network failures and bugs become INTERNAL with a plain message. */
export function toApiError(method: string, err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error && err.message ? err.message : String(err);
  return new ApiError(method, { code: 'INTERNAL', message: `Could not reach Tessera (${message}). Try again.` });
}
