/**
 * The counter's preview: the cart's figures by the one pricing rule (the golden cases of the
 * store's own rule, through the cart's lines as typed), what a manager must approve, typed
 * prices and percentages as the cashier types them.
 */
import { describe, expect, it } from 'vitest';
import { parsePercent } from '../../renderer/src/features/counter/Adjust';
import { approvalWhy } from '../../renderer/src/features/counter/approvalWhy';
import { soldAsHeld } from '../../renderer/src/features/counter/store';
import type { CartLine } from '../../renderer/src/features/counter/cartLine';
import { cartApprovalNeeds, cartTotals, linePrice } from '../../renderer/src/features/counter/totals';

const line = (n: number, patch: Partial<CartLine> = {}): CartLine => ({ productId: `p${n}`, sku: `S${n}`, name: `Item ${n}`, unitPrice: 100, taxRateBp: 1000, quantityText: '1', ...patch });
const net = { pricesIncludeTax: false, taxRounding: 'line' } as const;

describe('the cart preview', () => {
  it('spreads an order discount 34 / 33 / 33 and rounds tax per line or per rate (golden)', () => {
    const lines = [line(1), line(2), line(3)];
    const off = { kind: 'amount', value: 100, reason: 'Loyalty' } as const;
    const perLine = cartTotals(lines, off, net);
    expect(perLine.lines.map((l) => l?.orderDiscount)).toEqual([34, 33, 33]);
    expect(perLine.lines.map((l) => l?.subtotal)).toEqual([66, 67, 67]);
    expect(perLine.totals).toMatchObject({ subtotal: 200, tax: 21, total: 221, discount: 100, orderDiscount: 100 });
    expect(cartTotals(lines, off, { ...net, taxRounding: 'rate' }).totals).toMatchObject({ tax: 20, total: 220 });
  });

  it('extracts tax from gross prices (golden)', () => {
    const gross = { pricesIncludeTax: true, taxRounding: 'line' } as const;
    expect(cartTotals([line(1, { unitPrice: 100, taxRateBp: 2000, quantityText: '3' })], null, gross).totals).toMatchObject({ subtotal: 250, tax: 50, total: 300 });
    expect(cartTotals([line(1, { unitPrice: 999, taxRateBp: 2000 })], null, gross).totals).toMatchObject({ subtotal: 832, tax: 167, total: 999 });
  });

  it('takes a 10 % line discount off 19.99 (golden)', () => {
    const figures = cartTotals([line(1, { unitPrice: 1999, discount: { kind: 'percent', value: 10, reason: 'Damaged' } })], null, net);
    expect(figures.lines[0]).toMatchObject({ lineDiscount: 200, subtotal: 1799, tax: 180, total: 1979 });
  });

  it('prices a typed price over the list price, and has no total while an open price is not typed', () => {
    expect(cartTotals([line(1, { price: { unitPrice: 80, reason: 'Damaged' } })], null, net).totals?.subtotal).toBe(80);
    const open = line(2, { openPrice: true, unitPrice: 500 });
    expect(linePrice(open)).toBeNull();
    const figures = cartTotals([line(1), open], null, net);
    expect(figures.totals).toBeNull();
    expect(figures.lines[0]?.subtotal).toBe(100);
    expect(cartTotals([line(1), { ...open, price: { unitPrice: 1250, reason: '' } }], null, net).totals?.subtotal).toBe(1350);
  });

  it('names a discount larger than what it is taken off', () => {
    expect(cartTotals([line(1, { discount: { kind: 'amount', value: 101, reason: 'x' } })], null, net).discountTooLarge).toBe('p1');
    expect(cartTotals([line(1)], { kind: 'amount', value: 101, reason: 'x' }, net).discountTooLarge).toBe('order');
  });
});

describe('who approves at the counter', () => {
  it('lets a cashier give 10 % alone and asks a manager beyond it, or below cost', () => {
    const ten = [line(1, { discount: { kind: 'percent', value: 10, reason: 'Damaged' } })];
    expect(cartApprovalNeeds(ten, null, net, 10)).toEqual([]);
    const thirty = { kind: 'percent', value: 30, reason: 'Friends' } as const;
    const needs = cartApprovalNeeds([line(1)], thirty, net, 10);
    expect(needs).toEqual([{ cause: 'order-discount' }]);
    expect(approvalWhy(needs, [line(1)], thirty, 10, 'EUR')).toBe('30 % order discount is more than 10 %.');
    expect(cartApprovalNeeds([line(1, { price: { unitPrice: 50, reason: 'Damaged' } })], null, net, 10)).toEqual([{ cause: 'price-override', line: 0 }]);
    expect(cartApprovalNeeds([line(1, { cost: 95, discount: { kind: 'percent', value: 10, reason: 'x' } })], null, net, 10)).toEqual([{ cause: 'below-cost', line: 0 }]);
    // An open price is no reduction: only its cost can call a manager.
    expect(cartApprovalNeeds([line(1, { openPrice: true, price: { unitPrice: 10, reason: '' } })], null, net, 10)).toEqual([]);
  });
});

describe('a held order reopened in the cart', () => {
  const thirty = { kind: 'percent', value: 30, reason: 'Friends' } as const;
  // As the cart keeps it: the content it would send when opened.
  const held = { id: 'o1', number: 1, version: 1, content: JSON.stringify({ lines: [{ productId: 'p1', quantity: 2 }], discount: thirty, note: 'gift' }) };
  const lines = [line(1, { quantityText: '2' })];

  it('sells as held while its lines and order discount are unchanged (its customer or note may change): its approval stands', () => {
    expect(soldAsHeld({ lines, orderDiscount: thirty, held })).toBe(true);
    expect(soldAsHeld({ lines, orderDiscount: { ...thirty }, held: { ...held, content: JSON.stringify({ lines: [{ productId: 'p1', quantity: 2 }], discount: thirty }) } })).toBe(true);
  });

  it('does not once a quantity, price, discount or line changes, nor without a held order', () => {
    expect(soldAsHeld({ lines: [line(1, { quantityText: '3' })], orderDiscount: thirty, held })).toBe(false);
    expect(soldAsHeld({ lines: [line(1, { quantityText: '2', price: { unitPrice: 50, reason: 'x' } })], orderDiscount: thirty, held })).toBe(false);
    expect(soldAsHeld({ lines: [line(1, { quantityText: '2', discount: thirty })], orderDiscount: thirty, held })).toBe(false);
    expect(soldAsHeld({ lines, orderDiscount: { ...thirty, value: 31 }, held })).toBe(false);
    expect(soldAsHeld({ lines, orderDiscount: null, held })).toBe(false);
    expect(soldAsHeld({ lines: [...lines, line(2)], orderDiscount: thirty, held })).toBe(false);
    expect(soldAsHeld({ lines: [line(1, { quantityText: 'x' })], orderDiscount: thirty, held })).toBe(false);
    expect(soldAsHeld({ lines, orderDiscount: thirty, held: null })).toBe(false);
  });
});

describe('percentages as typed', () => {
  it('reads "10", "12,5", "12.5 %" and refuses more than 100 or three decimals', () => {
    expect(parsePercent('10')).toBe(10);
    expect(parsePercent('12,5')).toBe(12.5);
    expect(parsePercent('12.5 %')).toBe(12.5);
    expect(parsePercent('100')).toBe(100);
    expect(parsePercent('100.01')).toBeNull();
    expect(parsePercent('1.234')).toBeNull();
    expect(parsePercent('0')).toBeNull();
    expect(parsePercent('abc')).toBeNull();
  });
});
