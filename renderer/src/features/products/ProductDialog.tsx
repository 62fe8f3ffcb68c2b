import { useEffect, useId, useState } from 'react';
import type { Input, Product, TaxClass } from '../../../../shared/contract';
import { ApiError, formErrors, type FormErrors } from '../../api';
import { Banner, Checkbox, Dialog, DialogActions, Select, TextField, toast } from '../../ui';
import { formatMoney, fractionDigits, parseMoney, toMoneyInput } from '../../ui/money';
import { useChanged, useContractQuery, useDataClient, useStoreFormat, useStoreSettings } from '../../data';
import { useT, type Translate } from '../../i18n';
import { taxClassLabel } from '../settings/taxRates';
import { belowCost, netPrice } from './cost';

type Field = 'name' | 'sku' | 'barcode' | 'category' | 'unitPrice' | 'taxClassId' | 'taxRateBp' | 'openPrice' | 'cost';
const labelsOf = (t: Translate): Record<Field, string> => ({
  name: t('common.name'),
  sku: t('products.sku'),
  barcode: t('products.barcode'),
  category: t('products.category'),
  unitPrice: t('common.price'),
  taxClassId: t('products.taxClass'),
  taxRateBp: t('products.taxRate'),
  openPrice: t('products.openPrice'),
  cost: t('products.cost'),
});
const noErrors: FormErrors<Field> = { fields: {}, general: null };

interface Form {
  name: string;
  sku: string;
  barcode: string;
  category: string;
  price: string;
  /** '' : none chosen (the store has no class yet: the core gives the 0 % one). */
  taxClassId: string;
  openPrice: boolean;
  /** Money as typed; empty: no cost. */
  cost: string;
}

function formOf(product: Product | null, currency: string): Form {
  if (!product) return { name: '', sku: '', barcode: '', category: '', price: '', taxClassId: '', openPrice: false, cost: '' };
  return {
    name: product.name,
    sku: product.sku,
    barcode: product.barcode ?? '',
    category: product.category ?? '',
    price: toMoneyInput(product.unitPrice, currency),
    taxClassId: product.taxClassId,
    openPrice: product.openPrice,
    cost: product.cost === null ? '' : toMoneyInput(product.cost, currency),
  };
}

/** The class a new product starts with: the one most products have (the store's standard rate). */
function defaultClass(classes: readonly TaxClass[]): string {
  const usable = classes.filter((c) => !c.archived);
  return [...usable].sort((a, b) => b.productCount - a.productCount)[0]?.id ?? '';
}

/** An amount as exact minor units, or the message to show next to the field (`what`: "price", "cost"). */
function readPrice(text: string, currency: string, t: Translate, what: 'price' | 'cost' = 'price'): number | string {
  const typed = text.trim();
  if (!typed) return t('products.enterAmount', { what });
  const value = parseMoney(typed, currency);
  if (value !== null) return value;
  const digits = fractionDigits(currency);
  const decimals = /^\s*\d+[.,](\d+)\s*$/.exec(typed)?.[1]?.length ?? 0;
  if (decimals > digits) {
    return digits === 0 ? t('products.noDecimals', { currency }) : t('products.maxDecimals', { what, digits, example: toMoneyInput(1999, currency) });
  }
  return t('products.notANumber', { what, example: toMoneyInput(1999, currency) });
}

/** Server errors next to their fields; a taken SKU or barcode gets the server's full sentence (it names the other product). */
function serverErrors(err: unknown, t: Translate): FormErrors<Field> {
  const errors = formErrors(err, labelsOf(t));
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
  const t = useT();
  const client = useDataClient();
  const changed = useChanged();
  const settings = useStoreSettings().data;
  const fmt = useStoreFormat();
  const grossPrices = settings?.pricesIncludeTax ?? false;
  // Every class, so a product keeps an archived one; only active ones are offered to others.
  const classes = useContractQuery('taxClasses.list', { includeArchived: true }).data?.items;
  const [form, setForm] = useState<Form>(() => formOf(product, currency));
  // A new product takes the store's usual class once the classes are read.
  if (!product && form.taxClassId === '' && classes && defaultClass(classes) !== '') setForm({ ...form, taxClassId: defaultClass(classes) });
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

  const chosen = classes?.find((c) => c.id === form.taxClassId);
  const classOptions = classes
    ? classes.filter((c) => !c.archived || c.id === form.taxClassId).map((c) => ({ value: c.id, label: c.archived ? t('products.classArchived', { label: taxClassLabel(c, fmt) }) : taxClassLabel(c, fmt) }))
    : [{ value: form.taxClassId, label: t('products.loadingClasses') }];
  if (classes && classOptions.length === 0) classOptions.push({ value: '', label: t('products.noTax', { rate: fmt.rate(0) }) });
  const priceHint = form.openPrice
    ? t(grossPrices ? 'products.openPriceHintGross' : 'products.openPriceHintNet')
    : digits > 0
      ? t(grossPrices ? 'products.priceHintGross' : 'products.priceHintNet', { example: toMoneyInput(1999, currency) })
      : t(grossPrices ? 'products.priceHintGrossWhole' : 'products.priceHintNetWhole');
  // The warning follows what is typed: the price's net against the cost, by the pricing rule.
  const typedPrice = parseMoney(form.price.trim(), currency);
  const typedCost = form.cost.trim() ? parseMoney(form.cost.trim(), currency) : null;
  const underCost =
    typedPrice !== null && typedPrice > 0 && typedCost !== null && chosen && belowCost(typedPrice, typedCost, chosen.rateBp, grossPrices)
      ? { net: netPrice(typedPrice, chosen.rateBp, grossPrices), cost: typedCost }
      : null;

  const submit = async () => {
    const fields: FormErrors<Field>['fields'] = {};
    const name = form.name.trim();
    const sku = form.sku.trim();
    const barcode = form.barcode.trim();
    const category = form.category.trim();
    if (!name) fields.name = t('products.enterName');
    if (!sku) fields.sku = t('products.enterSku');
    // An open price is typed at each sale: the price here is a suggestion, empty for none.
    const price = form.openPrice && !form.price.trim() ? 0 : readPrice(form.price, currency, t);
    if (typeof price === 'string') fields.unitPrice = price;
    const cost = form.cost.trim() ? readPrice(form.cost, currency, t, 'cost') : null;
    if (typeof cost === 'string') fields.cost = cost;
    if (Object.keys(fields).length > 0 || typeof price === 'string' || typeof cost === 'string') {
      setErrors({ fields, general: null });
      return;
    }

    setBusy(true);
    setErrors(noErrors);
    try {
      if (!product) {
        const input: Input<'products.create'> = { name, sku, unitPrice: price };
        if (form.taxClassId) input.taxClassId = form.taxClassId;
        if (form.openPrice) input.openPrice = true;
        if (cost !== null) input.cost = cost;
        if (barcode) input.barcode = barcode;
        if (category) input.category = category;
        const saved = await client.call('products.create', input);
        await changed({ event: 'product.changed', data: { id: saved.id } });
        toast(t('products.created', { name: saved.name }));
      } else {
        const changes: Omit<Input<'products.update'>, 'id'> = {};
        if (name !== product.name) changes.name = name;
        if (sku !== product.sku) changes.sku = sku;
        if ((barcode || null) !== product.barcode) changes.barcode = barcode || null;
        if ((category || null) !== product.category) changes.category = category || null;
        if (price !== product.unitPrice) changes.unitPrice = price;
        if (form.taxClassId && form.taxClassId !== product.taxClassId) changes.taxClassId = form.taxClassId;
        if (form.openPrice !== product.openPrice) changes.openPrice = form.openPrice;
        if (cost !== product.cost) changes.cost = cost;
        if (Object.keys(changes).length > 0) {
          const saved = await client.call('products.update', { id: product.id, ...changes });
          await changed({ event: 'product.changed', data: { id: saved.id } });
          toast(t('products.saved', { name: saved.name }));
        }
      }
      onClose();
    } catch (err) {
      setErrors(serverErrors(err, t));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      size="lg"
      title={product ? t('products.editTitle', { name: product.name }) : t('products.newProduct')}
      description={product ? t('products.editDescription') : t(grossPrices ? 'products.newDescriptionGross' : 'products.newDescriptionNet')}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogActions onCancel={onClose} submitLabel={product ? t('products.saveChanges') : t('products.createProduct')} busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      {underCost ? (
        <Banner tone="warning" title={t('products.belowCostTitle')}>
          {t(grossPrices ? 'products.belowCostGross' : 'products.belowCostNet', { net: formatMoney(underCost.net, currency), cost: formatMoney(underCost.cost, currency) })}
        </Banner>
      ) : null}
      <TextField label={t('common.name')} autoComplete="off" value={form.name} onChange={(e) => edit({ name: e.target.value })} error={errors.fields.name} />
      <div className="products__form-grid">
        <TextField
          label={t('products.sku')}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          hint={t('products.skuHint')}
          className="products__code"
          value={form.sku}
          onChange={(e) => edit({ sku: e.target.value })}
          error={errors.fields.sku}
        />
        <TextField
          label={t('products.barcode')}
          autoComplete="off"
          spellCheck={false}
          inputMode="numeric"
          hint={t('products.barcodeHint')}
          className="products__code"
          value={form.barcode}
          onChange={(e) => edit({ barcode: e.target.value })}
          error={errors.fields.barcode}
        />
        <TextField
          label={t(grossPrices ? 'products.priceLabelGross' : 'products.priceLabelNet', { currency })}
          autoComplete="off"
          inputMode={digits > 0 ? 'decimal' : 'numeric'}
          hint={priceHint}
          className="products__number"
          value={form.price}
          onChange={(e) => edit({ price: e.target.value })}
          error={errors.fields.unitPrice}
        />
        <Select
          label={t('products.taxClass')}
          options={classOptions}
          value={form.taxClassId}
          disabled={!classes}
          hint={chosen?.archived ? t('products.classHintArchived') : t('products.classHint')}
          onChange={(e) => edit({ taxClassId: e.target.value })}
          error={errors.fields.taxClassId ?? errors.fields.taxRateBp}
        />
        <TextField
          label={t('products.costLabel', { currency })}
          autoComplete="off"
          inputMode={digits > 0 ? 'decimal' : 'numeric'}
          hint={t('products.costHint')}
          className="products__number"
          value={form.cost}
          onChange={(e) => edit({ cost: e.target.value })}
          error={errors.fields.cost}
        />
        <Checkbox
          label={t('products.openPrice')}
          hint={t('products.openPriceHint')}
          checked={form.openPrice}
          onChange={(e) => edit({ openPrice: e.target.checked })}
          error={errors.fields.openPrice}
        />
      </div>
      <TextField
        label={t('products.category')}
        autoComplete="off"
        list={listId}
        hint={t('products.categoryHint')}
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
