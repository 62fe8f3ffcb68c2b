import { describe, expect, test } from 'vitest';
import { saleChange, tenderChange } from '../../shared/domain/currency';

describe('change: one rule for the counter, the payment screens and the core', () => {
  test('cash handed over beyond its amount; nothing for exact cash, card or other', () => {
    expect(tenderChange({ method: 'cash', amount: 1256, tendered: 2000 })).toBe(744);
    expect(tenderChange({ method: 'cash', amount: 1256, tendered: 1256 })).toBe(0);
    expect(tenderChange({ method: 'cash', amount: 1256 })).toBe(0);
    expect(tenderChange({ method: 'card', amount: 1256, tendered: 2000 })).toBe(0);
  });

  test("a sale's change is the sum over its tenders", () => {
    expect(saleChange([{ method: 'cash', amount: 1000, tendered: 1600 }, { method: 'card', amount: 1218 }, { method: 'cash', amount: 500, tendered: 1100 }])).toBe(1200);
    expect(saleChange([])).toBe(0);
  });
});
