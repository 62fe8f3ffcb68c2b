import { z } from 'zod';
import { id, isoTime, taxRateBp, text } from './common';
import { managers, roles } from '../domain/roles';
import { method } from './define';

/** A rate of a tax class and the day (in the store's time zone) it applies from. */
export const taxRate = z.object({ rateBp: taxRateBp, effectiveFrom: z.iso.date() });

/** A named tax rate ("Standard 20 %"): products reference it; its rate may change from a date on. */
export const taxClass = z.object({
  id,
  name: z.string(),
  /** The rate that applies today. */
  rateBp: taxRateBp,
  /** Every rate it has had or will have, oldest first. */
  rates: z.array(taxRate),
  archived: z.boolean(),
  /** Products that reference it. */
  productCount: z.number().int().min(0),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type TaxClass = z.infer<typeof taxClass>;

export const taxMethods = {
  'taxClasses.list': method({
    summary: 'The tax classes, by name',
    access: roles,
    input: z.strictObject({ includeArchived: z.boolean().optional() }),
    output: z.object({ items: z.array(taxClass) }),
  }),
  'taxClasses.create': method({
    summary: 'Add a tax class with its rate from today',
    access: managers,
    input: z.strictObject({ name: text(60), rateBp: taxRateBp }),
    output: taxClass,
  }),
  'taxClasses.update': method({
    summary: 'Rename or archive a tax class (archived: no new product takes it)',
    access: managers,
    input: z.strictObject({ id, name: text(60).optional(), archived: z.boolean().optional() }),
    output: taxClass,
  }),
  'taxClasses.setRate': method({
    summary: 'Change a tax class rate from a day on (today or later); invoices already issued never change',
    access: managers,
    input: z.strictObject({ id, rateBp: taxRateBp, effectiveFrom: z.iso.date() }),
    output: taxClass,
  }),
};
