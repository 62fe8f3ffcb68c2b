/**
 * The one-time setup code: what lets a caller over HTTP create a fresh store's first admin.
 * Anyone who can reach the HTTP host's port could otherwise claim the store; the code is
 * printed on the console of whoever started `tessera serve`, so only they can.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/errors';

/** Crockford's base32: no I, L, O or U to misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 15 characters of 5 bits (75 bits), shown in groups of five: `7K3QD-M9XTA-2HF8R`. */
export function newSetupCode(): string {
  const bytes = crypto.randomBytes(15);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10)}`;
}

/** Case, spaces and hyphens do not matter when typing it in. */
function digest(code: string): Buffer {
  return crypto.createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest();
}

export class SetupCode {
  private expected: Buffer | null = null;

  /** The code auth.setup over HTTP must carry from now on. */
  set(code: string): void {
    this.expected = digest(code);
  }

  /** Used up: the store has its admin. */
  clear(): void {
    this.expected = null;
  }

  /** VALIDATION naming setupCode unless `given` is the code (compared in constant time). */
  check(given: string | undefined): void {
    if (!given) throw AppError.rule('setupCode', 'setupCodeMissing');
    if (!this.expected || !crypto.timingSafeEqual(digest(given), this.expected)) {
      throw AppError.rule('setupCode', 'setupCodeWrong');
    }
  }
}
