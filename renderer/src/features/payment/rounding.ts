import type { PaymentMethod } from '../../../../shared/contract';
import { cashTaken, roundCash } from '../../../../shared/domain/cash';
import { parseMoney, toMoneyInput } from '../../ui/money';

/**
 * Cash rounding at the payment step (settings.cashRounding, minor units; null: none). The
 * figures are shared/domain/cash's; this only says which applies to a tender.
 */

/** What a tender of `method` takes to clear `remaining`: cash rounded to the increment, card and other exact. */
export function dueFor(method: PaymentMethod, remaining: number, increment: number | null): number {
  return method === 'cash' ? roundCash(remaining, increment) : remaining;
}

/** Whether `amount` of `method` settles `remaining`: the exact amount, or for cash the rounded one. */
export function clears(method: PaymentMethod, remaining: number, amount: number, increment: number | null): boolean {
  return amount === remaining || (method === 'cash' && amount === roundCash(remaining, increment));
}

/** What the tender takes from the customer: cash that settles the balance takes the rounded balance. */
export function taken(method: PaymentMethod, remaining: number, amount: number, increment: number | null): number {
  return method === 'cash' ? cashTaken(remaining, amount, increment).taken : amount;
}

/**
 * The amount field's text when the method changes: an amount that was the old method's due
 * becomes the new one's (15.60 cash → 15.59 card); anything typed by hand stays.
 */
export function amountTextFor(text: string, from: PaymentMethod, to: PaymentMethod, remaining: number, increment: number | null, currency: string): string {
  const typed = parseMoney(text, currency);
  return typed === dueFor(from, remaining, increment) ? toMoneyInput(dueFor(to, remaining, increment), currency) : text;
}
