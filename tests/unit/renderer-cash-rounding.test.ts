import { describe, expect, it } from 'vitest';
import { amountTextFor, clears, dueFor, taken } from '../../renderer/src/features/payment/rounding';
import { varianceView } from '../../renderer/src/features/register/variance';

describe('cash rounding at the payment step', () => {
  it('cash due is the balance rounded to the increment; card and other stay exact', () => {
    expect(dueFor('cash', 1559, 5)).toBe(1560);
    expect(dueFor('cash', 1557, 5)).toBe(1555);
    expect(dueFor('card', 1559, 5)).toBe(1559);
    expect(dueFor('other', 1559, 5)).toBe(1559);
    expect(dueFor('cash', 1559, null)).toBe(1559);
  });

  it('cash settles with the exact or the rounded balance, and takes the rounded one', () => {
    expect(clears('cash', 1559, 1560, 5)).toBe(true);
    expect(clears('cash', 1559, 1559, 5)).toBe(true);
    expect(clears('cash', 1557, 1555, 5)).toBe(true);
    expect(clears('cash', 1559, 1565, 5)).toBe(false);
    expect(clears('card', 1559, 1560, 5)).toBe(false);
    expect(clears('cash', 1559, 1560, null)).toBe(false);
    expect(taken('cash', 1559, 1559, 5)).toBe(1560);
    expect(taken('cash', 1559, 1000, 5)).toBe(1000);
    expect(taken('card', 1559, 1559, 5)).toBe(1559);
  });

  it('switching the method moves a due amount to the new due, never a typed one', () => {
    expect(amountTextFor('15.60', 'cash', 'card', 1559, 5, 'CHF')).toBe('15.59');
    expect(amountTextFor('15.59', 'card', 'cash', 1559, 5, 'CHF')).toBe('15.60');
    expect(amountTextFor('10', 'cash', 'card', 1559, 5, 'CHF')).toBe('10');
  });
});

describe('over/short as read at the close', () => {
  const money = (n: number) => `€${(n / 100).toFixed(2)}`;
  it('words the variance by its sign', () => {
    expect(varianceView(0, money)).toEqual({ tone: 'exact', text: 'Even' });
    expect(varianceView(200, money)).toEqual({ tone: 'over', text: 'Over €2.00' });
    expect(varianceView(-500, money)).toEqual({ tone: 'short', text: 'Short €5.00' });
  });
});
