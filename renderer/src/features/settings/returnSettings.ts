/**
 * The Returns and vouchers settings as typed: day counts and the reasons offered for a
 * returned line, one a line. The limits are the contract's (settings.update).
 */
import { t } from '../../i18n';

export const RETURN_WINDOW_MAX = 3650;
export const PRICE_WINDOW_MAX = 3650;
export const VOUCHER_VALIDITY_MAX = 3650 * 2;
export const MAX_REASONS = 30;
export const MAX_REASON_LENGTH = 80;

/** The reasons as typed in the text box: one a line, trimmed, empty lines and repeats left out. */
export function reasonsOf(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const reason = line.trim();
    if (!reason || seen.has(reason.toLowerCase())) continue;
    seen.add(reason.toLowerCase());
    out.push(reason);
  }
  return out;
}

/** The text box of the stored reasons. */
export const reasonsText = (reasons: readonly string[]): string => reasons.join('\n');

/** What is wrong with the reasons typed, or null. */
export function reasonsProblem(text: string): string | null {
  const reasons = reasonsOf(text);
  if (reasons.length > MAX_REASONS) return t('settings.reasonsTooMany', { max: String(MAX_REASONS), count: reasons.length });
  const long = reasons.find((r) => r.length > MAX_REASON_LENGTH);
  if (long) return t('settings.reasonTooLong', { start: long.slice(0, 20), max: String(MAX_REASON_LENGTH) });
  return null;
}

/** Whether two reason lists are the same, in the same order. */
export const sameReasons = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((r, i) => r === b[i]);
