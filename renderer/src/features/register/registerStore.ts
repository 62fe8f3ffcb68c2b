/**
 * The terminal's register: which till it is (remembered on this device), the cash session
 * the counter sells through, and what the counter shows about it.
 */
import { create } from 'zustand';
import type { CashSession } from '../../../../shared/contract';
import { ApiError } from '../../api';
import { useContractQuery } from '../../data';
import { t as translateNow, type Translate } from '../../i18n';
import type { StoreFormat } from '../../../../shared/domain/format';
import { onSessionCleared } from '../session/store';

/** A sale, payment or movement refused because the register has no open cash session. */
export function isNoCashSession(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'CONFLICT' && (err.details as { reason?: unknown } | undefined)?.reason === 'NO_CASH_SESSION';
}

/** The register's open cash session (null: closed), read while the terminal is bound to one. */
export function useCashSession(registerId: string | null) {
  return useContractQuery('cashSessions.current', { registerId: registerId ?? '' }, { enabled: registerId !== null });
}

/** The register menu's dialogs. */
export type RegisterView = null | 'payIn' | 'payOut' | 'drop' | 'noSale' | 'x';

interface RegisterUi {
  view: RegisterView;
  /** The session the close screen is closing (kept until it is done: the Z shows after the session is closed). */
  closing: string | null;
  /** Why the counter asks to open the register (it was closed while this terminal sold). */
  closedNotice: string | null;
  show(view: RegisterView): void;
  setClosing(sessionId: string | null): void;
  setClosedNotice(text: string | null): void;
}

export const useRegisterUi = create<RegisterUi>((set) => ({
  view: null,
  closing: null,
  closedNotice: null,
  show: (view) => set({ view }),
  setClosing: (closing) => set({ closing, view: null }),
  setClosedNotice: (closedNotice) => set({ closedNotice }),
}));

onSessionCleared(() => useRegisterUi.setState({ view: null, closing: null, closedNotice: null }));

/** True when `openedAt` falls on an earlier store day than `now` (the store's time zone). */
export function openedBeforeToday(openedAt: string, now: number, fmt: Pick<StoreFormat, 'day'>): boolean {
  return fmt.day(openedAt) < fmt.day(now);
}

/** The counter's warning for a session left open from an earlier day; null when it is today's. `t`: the screen's useT() (so it follows a language change). */
export function staleSessionWarning(session: CashSession, now: number, fmt: Pick<StoreFormat, 'day' | 'date'>, t: Translate = translateNow): string | null {
  if (!session.openSinceEarlierDay && !openedBeforeToday(session.openedAt, now, fmt)) return null;
  return t('register.staleWarning', { code: session.registerCode, date: fmt.date(session.openedAt) });
}
