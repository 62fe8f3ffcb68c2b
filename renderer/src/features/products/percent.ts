import { MAX_TAX_RATE_BP } from '../../../../shared/domain/money';

/**
 * A tax rate typed as a percent ("20", "7.5", "7,25 %") as exact basis points (2000, 750, 725),
 * read digit by digit: no float ever holds the rate. Null when the text is not such a percent
 * (more than two decimals, or above 100 %).
 */
export function parsePercent(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:[.,](\d{0,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= MAX_TAX_RATE_BP ? bp : null;
}
