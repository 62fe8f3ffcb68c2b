import { describe, expect, it } from 'vitest';
import type { CashSession } from '../../shared/contract';
import { StoreFormat } from '../../shared/domain/format';
import { countLines } from '../../renderer/src/features/register/DenominationCount';
import { isNoCashSession, openedBeforeToday, staleSessionWarning } from '../../renderer/src/features/register/registerStore';
import { ApiError } from '../../renderer/src/api';

const session = (openedAt: string, openSinceEarlierDay = false): CashSession => ({
  id: 's1', registerId: 'register-1', registerCode: 'R1', registerName: 'Register 1', status: 'OPEN', openingFloat: 10_000, openingCount: null,
  openedAt, openedBy: 'u1', openedByName: 'Casey', expectedCash: null, countedCash: null, closingCount: null, variance: null, note: null,
  approvedBy: null, closedAt: null, closedBy: null, closedByName: null, zReportId: null, zNumber: null, openSinceEarlierDay,
});

describe("the counter's warning for a session left open from an earlier day", () => {
  const rome = new StoreFormat('en-GB', 'Europe/Rome');
  const now = Date.parse('2026-03-10T08:00:00Z'); // 09:00 in Rome

  it("is the store's calendar day that counts, not UTC's", () => {
    // 23:30 UTC on the 9th is 00:30 on the 10th in Rome: today.
    expect(openedBeforeToday('2026-03-09T23:30:00Z', now, rome)).toBe(false);
    // 22:30 UTC on the 9th is 23:30 on the 9th in Rome: yesterday.
    expect(openedBeforeToday('2026-03-09T22:30:00Z', now, rome)).toBe(true);
    expect(openedBeforeToday('2026-03-10T07:59:00Z', now, rome)).toBe(false);
  });

  it('names the register and the day it was opened; none for a session of today', () => {
    expect(staleSessionWarning(session('2026-03-09T22:30:00Z'), now, rome)).toBe("Register R1 has been open since 9 Mar 2026: close it to start today's Z.");
    expect(staleSessionWarning(session('2026-03-10T06:00:00Z'), now, rome)).toBeNull();
    // The core's own flag is enough (its clock decides the day).
    expect(staleSessionWarning(session('2026-03-10T06:00:00Z', true), now, rome)).toContain('Register R1 has been open since');
  });
});

describe('the register screens', () => {
  it('a count by denomination sends the rows with a quantity, largest first; a field that is not a whole number sends none', () => {
    expect(countLines({ 50: '4', 5000: '2', 1000: '', 200: '0' })).toEqual([
      { denomination: 5000, quantity: 2 },
      { denomination: 50, quantity: 4 },
    ]);
    expect(countLines({ 5000: '1.5' })).toBeNull();
    expect(countLines({ 5000: '-1' })).toBeNull();
  });

  it("a refusal for no open cash session is told from other conflicts by its reason", () => {
    expect(isNoCashSession(new ApiError('orders.checkout', { code: 'CONFLICT', message: 'No open cash session', details: { reason: 'NO_CASH_SESSION' } }))).toBe(true);
    expect(isNoCashSession(new ApiError('orders.checkout', { code: 'CONFLICT', message: 'Changed', details: { reason: 'VERSION' } }))).toBe(false);
  });
});
