import type { PaymentMethod } from '../../../../shared/contract';
import type { CashMovementKind } from '../../../../shared/contract/registers';
import type { StoreFormat } from '../../../../shared/domain/format';
import type { MessageId, Translate } from '../../i18n';
import type { Tone } from '../../ui';

const movementIds: Record<CashMovementKind, MessageId> = {
  payIn: 'reports.movementPayIn',
  payOut: 'reports.movementPayOut',
  drop: 'reports.movementDrop',
  noSale: 'reports.movementNoSale',
};

/** A cash movement's kind as the list names it: "Pay-in", "Drop to safe". */
export function movementLabel(t: Translate, kind: CashMovementKind): string {
  return t(movementIds[kind]);
}

/** A tender's name ("Cash", "Card"): the words every screen uses for the payment methods. */
export function tenderLabel(t: Translate, method: PaymentMethod): string {
  return t(`common.${method}`);
}

/** Over (positive) and short (negative) read apart at a glance; even is neither. */
export function varianceTone(variance: number): Tone {
  return variance > 0 ? 'warning' : variance < 0 ? 'danger' : 'success';
}

/** "+1,20 € over", "−3,00 € short", "even". */
export function varianceText(variance: number, fmt: StoreFormat, t: Translate, currency?: string): string {
  if (variance === 0) return t('reports.varianceEven');
  const amount = fmt.money(Math.abs(variance), currency);
  return variance > 0 ? t('reports.varianceOver', { amount }) : t('reports.varianceShort', { amount });
}

/** A store day ("2026-12-06") as the locale writes it ("6 dic 2026"): a calendar date, no time zone shift. */
export function formatDay(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}
