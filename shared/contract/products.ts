import { z } from 'zod';
import { id, isoTime, money, page, pageInput, taxRateBp, text, searchText } from './common';
import { managers, roles } from '../domain/roles';
import { method } from './define';
import { contractMessage as msg } from '../errors';

const code = z.string().trim().min(1, msg('notEmpty')).max(64, msg('atMostChars', { max: 64 })).regex(/^[\x21-\x7e]+$/, msg('printableNoSpaces'));

export const product = z.object({
  id,
  sku: z.string(),
  barcode: z.string().nullable(),
  name: z.string(),
  /** Per unit, net or gross as the store's pricesIncludeTax says; for an open-price product, a suggestion (0: none). */
  unitPrice: money,
  /** Its tax class, and that class's rate today. */
  taxClassId: z.string(),
  taxRateBp,
  /** The price is typed at each sale. */
  openPrice: z.boolean(),
  /** What one unit costs the store, net of tax: selling below it needs a manager. Null: not set. */
  cost: money.nullable(),
  category: z.string().nullable(),
  archived: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Product = z.infer<typeof product>;

const all = roles;

export const productMethods = {
  'products.create': method({
    summary: 'Add a product',
    access: managers,
    input: z.strictObject({
      sku: code,
      name: text(200),
      unitPrice: money,
      /** Its tax class; or give taxRateBp alone (the class with that rate, made if none has it). Default: the class at 0 %. */
      taxClassId: id.optional(),
      taxRateBp: taxRateBp.optional(),
      openPrice: z.boolean().optional(),
      cost: money.nullable().optional(),
      barcode: code.optional(),
      category: text(64).optional(),
    }),
    output: product,
  }),
  'products.update': method({
    summary: 'Change or archive a product',
    access: managers,
    input: z.strictObject({
      id,
      sku: code.optional(),
      name: text(200).optional(),
      unitPrice: money.optional(),
      taxClassId: id.optional(),
      taxRateBp: taxRateBp.optional(),
      openPrice: z.boolean().optional(),
      cost: money.nullable().optional(),
      barcode: code.nullable().optional(),
      category: text(64).nullable().optional(),
      archived: z.boolean().optional(),
    }),
    output: product,
  }),
  'products.get': method({ summary: 'One product', access: all, input: z.strictObject({ id }), output: product }),
  'products.findByCode': method({
    summary: 'The product with this barcode or SKU',
    access: all,
    input: z.strictObject({ code }),
    output: product,
  }),
  'products.list': method({
    summary: 'Products by name',
    access: all,
    input: z.strictObject({
      query: searchText(100).optional(),
      category: text(64).optional(),
      includeArchived: z.boolean().optional(),
      ...pageInput,
    }),
    output: page(product),
  }),
  'products.categories': method({
    summary: 'The categories in use, by name',
    access: all,
    input: z.strictObject({}),
    output: z.object({ items: z.array(z.string()) }),
  }),
};
