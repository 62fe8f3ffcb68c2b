import { describe, expect, it } from 'vitest';
import { prorate } from '../../shared/domain/returns';
import { chosenLines, creditEstimate, exchangeFigures, keyFor, lineCredit, needsManager, placeIssues, receiptlessTotal, saleQuery, stepQuantity } from '../../renderer/src/features/returns/plan';
import { approvalErrors, approvalInput, approvalReason } from '../../renderer/src/features/session/ApprovalFields';
import { ApiError } from '../../renderer/src/api';

/** 3 mugs at 7.95 + 20 %: net 23.85, tax 4.77, total 28.62 (not divisible by 3). */
const mugs = { quantity: 3, subtotal: 2385, tax: 477 };
const notebook = { quantity: 1, subtotal: 1047, tax: 209 };

/** What returns.returnable says once `returned` of a line came back under the core's cumulative rule. */
const after = (line: typeof mugs, returned: number) => ({ returned, credited: prorate(line.subtotal, returned, line.quantity) + prorate(line.tax, returned, line.quantity) });

describe('the Returns screen’s credit estimate', () => {
  it('partial returns of a line credit exactly the line once it is all back, one at a time or together', () => {
    const one = [0, 1, 2].map((r) => lineCredit(mugs, after(mugs, r), 1));
    expect(one.reduce((a, b) => a + b, 0)).toBe(2862);
    expect(lineCredit(mugs, after(mugs, 0), 3)).toBe(2862);
    expect(lineCredit(mugs, after(mugs, 1), 2) + one[0]!).toBe(2862);
  });

  it('nothing chosen credits nothing; more than is left is refused as the core refuses it', () => {
    expect(lineCredit(mugs, after(mugs, 1), 0)).toBe(0);
    expect(() => lineCredit(mugs, after(mugs, 2), 2)).toThrow(RangeError);
  });

  it('sums the chosen lines; a paid invoice gives it all back, a partly paid one first reduces what is owed', () => {
    const lines = [
      { ...mugs, productId: 'p1', sku: 'MUG', name: 'Mug', unitPrice: 795, taxRateBp: 2000, total: 2862 },
      { ...notebook, productId: 'p2', sku: 'NB', name: 'Notebook', unitPrice: 1047, taxRateBp: 2000, total: 1256 },
    ];
    const returnable = [
      { invoiceLineIndex: 0, name: 'Mug', sold: 3, returned: 0, returnable: 3, credited: 0 },
      { invoiceLineIndex: 1, name: 'Notebook', sold: 1, returned: 0, returnable: 1, credited: 0 },
    ];
    const choices = { 0: { quantity: 1, reason: 'Damaged', restock: false }, 1: { quantity: 1, reason: 'Wrong size', restock: true } };
    const paid = creditEstimate({ lines, balance: 0, amountPaid: 4118 }, returnable, choices);
    expect(paid.byLine).toEqual({ 0: 954, 1: 1256 });
    expect(paid).toMatchObject({ credit: 2210, refund: 2210 });
    // 40.00 paid of 41.18: 1.18 owed is taken off first.
    expect(creditEstimate({ lines, balance: 118, amountPaid: 4000 }, returnable, choices)).toMatchObject({ credit: 2210, refund: 2092 });
    // Nothing paid: the credit only reduces what is owed.
    expect(creditEstimate({ lines, balance: 4118, amountPaid: 0 }, returnable, choices).refund).toBe(0);
  });
});

describe('the request and its refusals', () => {
  it('sends the chosen lines in invoice order with their reasons trimmed, and knows which line each is', () => {
    const { lines, indexes } = chosenLines({ 2: { quantity: 1, reason: ' Damaged ', restock: false }, 0: { quantity: 0, reason: 'x', restock: true }, 1: { quantity: 2, reason: 'Too big', restock: true } });
    expect(indexes).toEqual([1, 2]);
    expect(lines).toEqual([
      { invoiceLineIndex: 1, quantity: 2, restock: true, reason: 'Too big' },
      { invoiceLineIndex: 2, quantity: 1, restock: false, reason: 'Damaged' },
    ]);
  });

  it('lands lines.<i>.quantity on the invoice line sent at i, the rest once for the form', () => {
    const placed = placeIssues(
      [
        { path: ['lines', 1, 'quantity'], message: 'exceeds what is left to return (0)' },
        { path: ['refunds', 0, 'amount'], message: 'must add up to 12.56' },
      ],
      [1, 4],
      'Refused',
    );
    expect(placed.lines).toEqual({ 4: 'Quantity exceeds what is left to return (0).' });
    expect(placed.general).toBe('Must add up to 12.56.');
    expect(placeIssues([], [0], 'the register is closed').general).toBe('The register is closed.');
  });

  it('keeps the key of a request whose outcome is unknown, and only for the same request', () => {
    let n = 0;
    const fresh = () => `k${++n}`;
    const first = keyFor(null, 'a', fresh);
    expect(keyFor(first, 'a', fresh).key).toBe('k1');
    expect(keyFor(first, 'b', fresh).key).toBe('k2');
  });

  it('reads a scanned or typed invoice number as one, any other text as a search', () => {
    expect(saleQuery('42')).toBe('INV-000042');
    expect(saleQuery(' 000042 ')).toBe('INV-000042');
    expect(saleQuery('INV-000042')).toBe('INV-000042');
    expect(saleQuery('Jane Doe')).toBe('Jane Doe');
  });

  it('steps a quantity within 0..what is left', () => {
    expect(stepQuantity(0, -1, 3)).toBe(0);
    expect(stepQuantity(3, 1, 3)).toBe(3);
    expect(stepQuantity(9, 0, 3)).toBe(3);
    expect(stepQuantity(1, 1, 3)).toBe(2);
  });
});

describe('the exchange and the return without a receipt', () => {
  const net = { pricesIncludeTax: false, taxRounding: 'line' } as const;
  it('the difference: to pay when the new sale costs more, to give back when less, nothing when even', () => {
    const stapler = { unitPrice: 1450, taxRateBp: 2000, quantity: 1 };
    expect(exchangeFigures([stapler], 1256, net)).toEqual({ saleTotal: 1740, toPay: 484, toGiveBack: 0 });
    expect(exchangeFigures([stapler], 2000, net)).toEqual({ saleTotal: 1740, toPay: 0, toGiveBack: 260 });
    expect(exchangeFigures([stapler], 1740, net)).toEqual({ saleTotal: 1740, toPay: 0, toGiveBack: 0 });
    expect(exchangeFigures([], 500, net)).toEqual({ saleTotal: 0, toPay: 0, toGiveBack: 500 });
    // A tax-inclusive store: the shelf price is what the new sale costs.
    expect(exchangeFigures([stapler], 1256, { pricesIncludeTax: true, taxRounding: 'line' })).toEqual({ saleTotal: 1450, toPay: 194, toGiveBack: 0 });
  });

  it('prices receipt-less lines with the sale’s own line rule', () => {
    expect(receiptlessTotal([{ unitPrice: 795, taxRateBp: 2000, quantity: 2 }], net)).toBe(1908);
    expect(receiptlessTotal([{ unitPrice: 795, taxRateBp: 2000, quantity: 2 }], { pricesIncludeTax: true, taxRounding: 'rate' })).toBe(1590);
    expect(receiptlessTotal([], net)).toBe(0);
  });

  it('a cashier needs a manager when there is a reason; a manager or an admin never', () => {
    expect(needsManager('cashier', true)).toBe(true);
    expect(needsManager('cashier', false)).toBe(false);
    expect(needsManager('manager', true)).toBe(false);
    expect(needsManager('admin', true)).toBe(false);
  });
});

describe('a manager’s approval at the till', () => {
  it('is sent with the username and a PIN of 4 to 8 digits, or a password', () => {
    expect(approvalInput({ username: ' Morgan ', kind: 'pin', secret: '4321' })).toEqual({ approval: { username: 'morgan', pin: '4321' } });
    expect(approvalInput({ username: 'morgan', kind: 'password', secret: 'pw' })).toEqual({ approval: { username: 'morgan', password: 'pw' } });
    expect(approvalInput({ username: '', kind: 'pin', secret: '12' })).toEqual({ errors: { username: "Type the approving manager's username.", secret: 'Type their PIN: 4 to 8 digits.' } });
  });

  it('reads the core’s refusals and puts each on its field', () => {
    const refusal = (reason: string) => new ApiError('returns.create', { code: 'FORBIDDEN', message: 'no', details: { reason } });
    expect(approvalReason(refusal('APPROVAL_REQUIRED'))).toBe('APPROVAL_REQUIRED');
    expect(approvalReason(refusal('SOMETHING_ELSE'))).toBeNull();
    expect(approvalReason(new Error('x'))).toBeNull();
    const draft = { username: 'morgan', kind: 'pin' as const, secret: '0000' };
    expect(approvalErrors('APPROVAL_INVALID', draft)).toEqual({ secret: 'Wrong username or PIN.' });
    expect(approvalErrors('APPROVAL_NOT_MANAGER', draft)).toEqual({ username: 'Only a manager or an admin can approve.' });
    expect(approvalErrors('APPROVAL_REQUIRED', { ...draft, username: '' })).toEqual({ username: 'A manager must approve.' });
  });
});
