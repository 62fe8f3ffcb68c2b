/**
 * Fixtures for the till tests: sessions bound to a register (a terminal selling through it),
 * opening a register's cash session, and reading its rows.
 */
import type { CashSession } from '../../shared/contract';
import { adminInput } from './core';
import { count, type SalesStore } from './sales';

export const REGISTER_1 = 'register-1';

type RoleName = 'admin' | 'manager' | 'cashier' | 'support';
const credentials: Record<RoleName, { username: string; password: string }> = {
  admin: { username: adminInput.username, password: adminInput.password },
  manager: { username: 'manager1', password: 'manager-password-1' },
  cashier: { username: 'cashier1', password: 'cashier-password-1' },
  support: { username: 'support1', password: 'support-password-1' },
};

export function credentialsOf(role: RoleName): { username: string; password: string } {
  return credentials[role];
}

/** A new session of `role`'s user of the sales store, bound to `registerId` (as a terminal signs in). */
export async function signInAt(s: SalesStore, role: RoleName, registerId: string | null = REGISTER_1): Promise<string> {
  return (await s.t.ok('auth.login', { ...credentials[role], ...(registerId === null ? {} : { registerId }) })).token;
}

/** Opens `registerId`'s cash session with `openingFloat` (no count). */
export async function openTill(s: SalesStore, token: string, openingFloat = 10_000, registerId = REGISTER_1): Promise<CashSession> {
  return s.t.ok('cashSessions.open', { registerId, openingFloat }, token);
}

export function rowCount(s: SalesStore, table: string): number {
  return count(s, `SELECT count(*) AS n FROM ${table}`);
}
