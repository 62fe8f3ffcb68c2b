import { describe, expect, it } from 'vitest';
import { StoreFormat } from '../../shared/domain/format';
import { belowCost, netPrice } from '../../renderer/src/features/products/cost';
import { effectiveFromProblem, rateChangeText, rateOnDay, readRate, taxClassLabel, toRateInput, upcomingRate } from '../../renderer/src/features/settings/taxRates';

const it_IT = new StoreFormat('it-IT', 'Europe/Rome', 'EUR');
const en_US = new StoreFormat('en-US', 'America/New_York', 'USD');
const standard = {
  rates: [
    { rateBp: 2000, effectiveFrom: '1970-01-01' },
    { rateBp: 2200, effectiveFrom: '2027-01-01' },
  ],
};

describe('tax classes on the Taxes screen', () => {
  it('take the rate of the day and name the change ahead', () => {
    expect(rateOnDay(standard, '2026-12-31')).toBe(2000);
    expect(rateOnDay(standard, '2027-01-01')).toBe(2200);
    expect(upcomingRate(standard, '2026-12-06')).toEqual({ rateBp: 2200, effectiveFrom: '2027-01-01' });
    expect(upcomingRate(standard, '2027-01-01')).toBeNull();
    expect(rateChangeText(standard, '2026-12-06', en_US)).toBe('20% → 22% from Jan 1, 2027');
    expect(rateChangeText(standard, '2026-12-06', it_IT)).toBe('20% → 22% from 1 gen 2027');
    expect(rateChangeText(standard, '2027-02-01', en_US)).toBeNull();
  });

  it('name a class with its rate in the store locale', () => {
    expect(taxClassLabel({ name: 'Reduced', rateBp: 550 }, it_IT)).toBe('Reduced · 5,5%');
    expect(taxClassLabel({ name: 'Reduced', rateBp: 550 }, en_US)).toBe('Reduced · 5.5%');
  });

  it('read a rate typed as a percent, exactly, in either separator', () => {
    expect(readRate('5,5', it_IT)).toBe(550);
    expect(readRate('5.5 %', en_US)).toBe(550);
    expect(readRate('7,25', it_IT)).toBe(725);
    expect(readRate('0', it_IT)).toBe(0);
    expect(readRate('', it_IT)).toMatch(/Enter the rate/);
    expect(readRate('5,555', it_IT)).toMatch(/such as 5,5\./);
    expect(readRate('120', en_US)).toMatch(/from 0 to 100/);
    expect(toRateInput(550, it_IT)).toBe('5,5');
    expect(toRateInput(2000, it_IT)).toBe('20');
  });

  it('take a rate change from today or later', () => {
    expect(effectiveFromProblem('2026-12-06', '2026-12-06', it_IT)).toBeNull();
    expect(effectiveFromProblem('2027-01-01', '2026-12-06', it_IT)).toBeNull();
    expect(effectiveFromProblem('2026-12-05', '2026-12-06', it_IT)).toBe('Choose today (6 dic 2026) or later: what was sold before keeps its rate.');
    expect(effectiveFromProblem('', '2026-12-06', it_IT)).toMatch(/Choose the day/);
  });
});

describe('a product priced below its cost', () => {
  it('compares the net of the price with the cost, by the pricing rule', () => {
    expect(netPrice(1000, 2000, false)).toBe(1000);
    // 9,99 gross at 20 %: tax 1,67 inside it, 8,32 net.
    expect(netPrice(999, 2000, true)).toBe(832);
    expect(belowCost(999, 833, 2000, true)).toBe(true);
    expect(belowCost(999, 832, 2000, true)).toBe(false);
    expect(belowCost(999, 1000, 2000, false)).toBe(true);
    expect(belowCost(999, null, 2000, false)).toBe(false);
  });
});
