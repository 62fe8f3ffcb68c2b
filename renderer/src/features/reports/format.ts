import type { CashMovementKind } from '../../../../shared/contract/registers';
import type { StoreFormat } from '../../../../shared/domain/format';
import type { Tone } from '../../ui';

export const movementLabels: Record<CashMovementKind, string> = { payIn: 'Pay-in', payOut: 'Pay-out', drop: 'Drop to safe', noSale: 'No sale' };

/** Over (positive) and short (negative) read apart at a glance; even is neither. */
export function varianceTone(variance: number): Tone {
  return variance > 0 ? 'warning' : variance < 0 ? 'danger' : 'success';
}

/** "+1,20 € over", "−3,00 € short", "even". */
export function varianceText(variance: number, fmt: StoreFormat, currency?: string): string {
  if (variance === 0) return 'Even';
  const amount = fmt.money(Math.abs(variance), currency);
  return variance > 0 ? `+${amount} over` : `−${amount} short`;
}

/** A store day ("2026-12-06") as the locale writes it ("6 dic 2026"): a calendar date, no time zone shift. */
export function formatDay(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}
