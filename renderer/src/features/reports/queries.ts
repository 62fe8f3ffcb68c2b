import type { CashSession, Input, Output } from '../../../../shared/contract';
import { dayEnd, dayStart } from '../orders/dates';

/** Rows a list page asks for at a time. */
export const PAGE = 50;

export interface SessionFilter {
  /** '' for every register. */
  registerId: string;
  status: '' | 'OPEN' | 'CLOSED';
  /** Store days as date-input values; '' for no bound. */
  from: string;
  to: string;
}
export const emptySessionFilter: SessionFilter = { registerId: '', status: '', from: '', to: '' };

export function sessionListInput(f: SessionFilter): Omit<Input<'cashSessions.list'>, 'cursor'> {
  const from = dayStart(f.from);
  const to = dayEnd(f.to);
  return {
    limit: PAGE,
    ...(f.registerId ? { registerId: f.registerId } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

export interface ZFilter {
  registerId: string;
  from: string;
  to: string;
}
export const emptyZFilter: ZFilter = { registerId: '', from: '', to: '' };

export function zListInput(f: ZFilter): Omit<Input<'reports.zList'>, 'cursor'> {
  const from = dayStart(f.from);
  const to = dayEnd(f.to);
  return { limit: PAGE, ...(f.registerId ? { registerId: f.registerId } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

export const sessionKey = (s: CashSession) => s.id;
export const zKey = (z: Output<'reports.zList'>['items'][number]) => z.id;
