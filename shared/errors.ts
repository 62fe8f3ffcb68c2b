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

export interface ErrorIssue {
  path: (string | number)[];
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: { issues: ErrorIssue[] } | Record<string, unknown>;
  errorId?: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** A failure the caller can act on. Thrown by services, turned into an envelope by the dispatcher. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorBody['details'];
  constructor(code: ErrorCode, message: string, details?: ErrorBody['details']) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  /** A business-rule VALIDATION error that names the offending field. */
  static field(path: string | (string | number)[], message: string): AppError {
    const p = Array.isArray(path) ? path : [path];
    return new AppError('VALIDATION', `${p.join('.')}: ${message}`, { issues: [{ path: p, message }] });
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}
