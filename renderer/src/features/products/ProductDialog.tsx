import { useEffect, useId, useState } from 'react';
import type { Input, Product } from '../../../../shared/contract';
import { ApiError, formErrors, type FormErrors } from '../../api';
import { Banner, Dialog, DialogActions, TextField, toast } from '../../ui';
import { fractionDigits, parseMoney, toMoneyInput } from '../../ui/money';
import { parsePercent, toPercentInput } from './percent';
import { useChanged, useDataClient } from '../../data';

type Field = 'name' | 'sku' | 'barcode' | 'category' | 'unitPrice' | 'taxRateBp';
const labels: Record<Field, string> = {
  name: 'Name',
  sku: 'SKU',
  barcode: 'Barcode',
  category: 'Category',
  unitPrice: 'Price',
  taxRateBp: 'Tax rate',
};
const noErrors: FormErrors<Field> = { fields: {}, general: null };

interface Form {
  name: string;
  sku: string;
  barcode: string;
  category: string;
  price: string;
  taxRate: string;
}

function formOf(product: Product | null, currency: string): Form {
  if (!product) return { name: '', sku: '', barcode: '', category: '', price: '', taxRate: '0' };
  return {
    name: product.name,
    sku: product.sku,
    barcode: product.barcode ?? '',
    category: product.category ?? '',
    price: toMoneyInput(product.unitPrice, currency),
    taxRate: toPercentInput(product.taxRateBp),
  };
}

/** The price as exact minor units, or the message to show next to the field. */
function readPrice(text: string, currency: string): number | string {
  const t = text.trim();
  if (!t) return 'Enter the price.';
  const value = parseMoney(t, currency);
  if (value !== null) return value;
  const digits = fractionDigits(currency);
  const decimals = /^\s*\d+[.,](\d+)\s*$/.exec(t)?.[1]?.length ?? 0;
  if (decimals > digits) {
    return digits === 0
      ? `${currency} prices have no decimals: enter a whole amount.`
      : `Use at most ${digits} decimals: a price such as ${toMoneyInput(1999, currency)}.`;
  }
  return `Enter the price as a number, such as ${toMoneyInput(1999, currency)}.`;
}

/** The tax rate in basis points, or the message to show next to the field. */
function readTaxRate(text: string): number | string {
  if (!text.trim()) return 0;
  return parsePercent(text) ?? 'Enter the tax rate as a percent from 0 to 100 with at most 2 decimals, such as 20 or 7.5.';
}

/** Server errors next to their fields; a taken SKU or barcode gets the server's full sentence (it names the other product). */
function serverErrors(err: unknown): FormErrors<Field> {
  const errors = formErrors(err, labels);
  if (err instanceof ApiError && err.code === 'CONFLICT') {
    for (const issue of err.issues) {
      const key = issue.path[0];
      if (key === 'sku' || key === 'barcode') return { fields: { ...errors.fields, [key]: err.message }, general: null };
    }
  }
  return errors;
}

export interface ProductDialogProps {
  /** null: a new product. */
  product: Product | null;
  currency: string;
  categories: readonly string[];
  onClose: () => void;
}

/** Create or edit a product. Prices are typed in currency units and converted exactly; nothing typed is lost on an error. */
export function ProductDialog({ product, currency, categories, onClose }: ProductDialogProps) {
  const client = useDataClient();
  const changed = useChanged();
  const [form, setForm] = useState<Form>(() => formOf(product, currency));
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);
  const listId = useId();
  const digits = fractionDigits(currency);

  // After a refusal, the first field in error takes the focus (its message is read with it).
  useEffect(() => {
    if (Object.keys(errors.fields).length === 0) return;
    document.querySelector<HTMLInputElement>('dialog[open] input[aria-invalid="true"]')?.focus();
  }, [errors]);

  const edit = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async () => {
    const fields: FormErrors<Field>['fields'] = {};
    const name = form.name.trim();
    const sku = form.sku.trim();
    const barcode = form.barcode.trim();
    const category = form.category.trim();
    if (!name) fields.name = 'Enter the product name.';
    if (!sku) fields.sku = 'Enter the SKU.';
    const price = readPrice(form.price, currency);
    if (typeof price === 'string') fields.unitPrice = price;
    const taxRate = readTaxRate(form.taxRate);
    if (typeof taxRate === 'string') fields.taxRateBp = taxRate;
    if (Object.keys(fields).length > 0 || typeof price === 'string' || typeof taxRate === 'string') {
      setErrors({ fields, general: null });
      return;
    }

    setBusy(true);
    setErrors(noErrors);
    try {
      if (!product) {
        const input: Input<'products.create'> = { name, sku, unitPrice: price, taxRateBp: taxRate };
        if (barcode) input.barcode = barcode;
        if (category) input.category = category;
        const saved = await client.call('products.create', input);
        await changed({ event: 'product.changed', data: { id: saved.id } });
        toast(`Product ${saved.name} created.`);
      } else {
        const changes: Omit<Input<'products.update'>, 'id'> = {};
        if (name !== product.name) changes.name = name;
        if (sku !== product.sku) changes.sku = sku;
        if ((barcode || null) !== product.barcode) changes.barcode = barcode || null;
        if ((category || null) !== product.category) changes.category = category || null;
        if (price !== product.unitPrice) changes.unitPrice = price;
        if (taxRate !== product.taxRateBp) changes.taxRateBp = taxRate;
        if (Object.keys(changes).length > 0) {
          const saved = await client.call('products.update', { id: product.id, ...changes });
          await changed({ event: 'product.changed', data: { id: saved.id } });
          toast(`Saved ${saved.name}.`);
        }
      }
      onClose();
    } catch (err) {
      setErrors(serverErrors(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      size="lg"
      title={product ? `Edit ${product.name}` : 'New product'}
      description={product ? 'Changes apply to new orders; issued invoices keep their prices.' : 'Prices are before tax, in the store currency.'}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogActions onCancel={onClose} submitLabel={product ? 'Save changes' : 'Create product'} busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField label="Name" autoComplete="off" value={form.name} onChange={(e) => edit({ name: e.target.value })} error={errors.fields.name} />
      <div className="products__form-grid">
        <TextField
          label="SKU"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          hint="Your own product code, unique in the store."
          className="products__code"
          value={form.sku}
          onChange={(e) => edit({ sku: e.target.value })}
          error={errors.fields.sku}
        />
        <TextField
          label="Barcode"
          autoComplete="off"
          spellCheck={false}
          inputMode="numeric"
          hint="Optional. Scan it or type it (EAN, UPC)."
          className="products__code"
          value={form.barcode}
          onChange={(e) => edit({ barcode: e.target.value })}
          error={errors.fields.barcode}
        />
        <TextField
          label={`Price (${currency})`}
          autoComplete="off"
          inputMode={digits > 0 ? 'decimal' : 'numeric'}
          hint={digits > 0 ? `Before tax, such as ${toMoneyInput(1999, currency)}.` : 'Before tax, a whole amount.'}
          className="products__number"
          value={form.price}
          onChange={(e) => edit({ price: e.target.value })}
          error={errors.fields.unitPrice}
        />
        <TextField
          label="Tax rate (%)"
          autoComplete="off"
          inputMode="decimal"
          hint="Such as 20 or 7.5; 0 for none."
          className="products__number"
          value={form.taxRate}
          onChange={(e) => edit({ taxRate: e.target.value })}
          error={errors.fields.taxRateBp}
        />
      </div>
      <TextField
        label="Category"
        autoComplete="off"
        list={listId}
        hint="Optional. Groups products on the counter."
        value={form.category}
        onChange={(e) => edit({ category: e.target.value })}
        error={errors.fields.category}
      />
      <datalist id={listId}>
        {categories.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
    </Dialog>
  );
}
