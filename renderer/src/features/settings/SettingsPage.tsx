import { useId, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import type { Input, PaperSize, ReceiptWidth, Settings } from '../../../../shared/contract';
import type { TaxRounding } from '../../../../shared/domain/pricing';
import { formErrors, noErrors, type FormErrors } from '../../api';
import { storeSettingsSaved, useChanged, useContractQuery, useDataClient, useQueryClient, useStoreSettings } from '../../data';
import { Banner, Button, Checkbox, Field, LoadError, PageHeader, Select, TextArea, TextField, toast } from '../../ui';
import { openInvoicePdf } from '../documents/openInvoicePdf';
import { ReceiptPage } from '../documents/ReceiptPage';
import { checkLogo } from './logo';
import { PRICE_WINDOW_MAX, reasonsOf, reasonsProblem, reasonsText, RETURN_WINDOW_MAX, sameReasons, VOUCHER_VALIDITY_MAX } from './returnSettings';
import { defaultMaxChange } from '../../../../shared/domain/currency';
import { MAX_AMOUNT, MAX_QUANTITY } from '../../../../shared/domain/money';
import { formatMoney, parseMoney, toMoneyInput } from '../../ui/money';
import { currencyOptions, localeOptions, paperOptions, receiptWidthOptions, taxRoundingHints, taxRoundingOptions, timeZoneOptions } from './options';
import './settings.css';

type Field =
  | 'storeName'
  | 'address'
  | 'taxId'
  | 'phone'
  | 'currency'
  | 'locale'
  | 'timeZone'
  | 'invoiceFooter'
  | 'paperSize'
  | 'receiptWidth'
  | 'logo'
  | 'maxChange'
  | 'quantityConfirmAbove'
  | 'lockAfterIdleMinutes'
  | 'cashRounding'
  | 'varianceApprovalAbove'
  | 'blindCount'
  | 'returnWindowDays'
  | 'receiptlessPriceWindowDays'
  | 'voucherValidityDays'
  | 'returnReasons'
  | 'pricesIncludeTax'
  | 'taxRounding'
  | 'discountReasons'
  | 'cashierMaxDiscountPercent';

const labels: Record<Field, string> = {
  storeName: 'Store name',
  address: 'Address',
  taxId: 'Tax ID',
  phone: 'Phone',
  currency: 'Currency',
  locale: 'Number and date format',
  timeZone: 'Time zone',
  invoiceFooter: 'Invoice footer',
  paperSize: 'Invoice paper size',
  receiptWidth: 'Receipt width',
  logo: 'Logo',
  maxChange: 'Most change in cash',
  quantityConfirmAbove: 'Ask to confirm quantities above',
  lockAfterIdleMinutes: 'Lock after idle minutes',
  cashRounding: 'Round cash to',
  varianceApprovalAbove: 'Manager approval when over or short by more than',
  blindCount: 'Blind count',
  returnWindowDays: 'Days to return with a receipt',
  receiptlessPriceWindowDays: 'Days of prices for returns without a receipt',
  voucherValidityDays: 'Days a voucher can be spent',
  returnReasons: 'Return reasons',
  pricesIncludeTax: 'Prices include tax',
  taxRounding: 'Round tax',
  discountReasons: 'Discount reasons',
  cashierMaxDiscountPercent: 'Largest discount a cashier gives alone (%)',
};

interface Form {
  storeName: string;
  address: string;
  taxId: string;
  phone: string;
  currency: string;
  locale: string;
  timeZone: string;
  invoiceFooter: string;
  paperSize: PaperSize;
  receiptWidth: ReceiptWidth;
  /** Money as typed; empty = the currency's default. */
  maxChange: string;
  quantityConfirmAbove: string;
  lockAfterIdleMinutes: string;
  /** Money as typed; empty: no cash rounding. */
  cashRounding: string;
  varianceApprovalAbove: string;
  blindCount: boolean;
  returnWindowDays: string;
  receiptlessPriceWindowDays: string;
  voucherValidityDays: string;
  /** One a line. */
  returnReasons: string;
  pricesIncludeTax: boolean;
  taxRounding: TaxRounding;
  /** One a line. */
  discountReasons: string;
  cashierMaxDiscountPercent: string;
}

/** The fields held as the text typed (inputs, text areas and selects of plain strings). */
type TextKey = { [K in keyof Form]: string extends Form[K] ? K : never }[keyof Form];

/** How a whole number and an amount of money are typed. */
const wholeInput = { inputMode: 'numeric', autoComplete: 'off' } as const;
const moneyInput = { inputMode: 'decimal', autoComplete: 'off' } as const;

/** A new logo to upload, the logo to remove (null), or no change (undefined). */
type PendingLogo = { base64: string; dataUrl: string; name: string } | null | undefined;

function formOf(s: Settings): Form {
  return {
    storeName: s.storeName,
    address: s.address ?? '',
    taxId: s.taxId ?? '',
    phone: s.phone ?? '',
    currency: s.currency,
    locale: s.locale,
    timeZone: s.timeZone,
    invoiceFooter: s.invoiceFooter ?? '',
    paperSize: s.paperSize,
    receiptWidth: s.receiptWidth,
    // The view shows the effective limit: the currency's default is shown as an empty field.
    maxChange: s.maxChange === defaultMaxChange(s.currency) ? '' : toMoneyInput(s.maxChange, s.currency),
    quantityConfirmAbove: String(s.quantityConfirmAbove),
    lockAfterIdleMinutes: String(s.lockAfterIdleMinutes),
    cashRounding: s.cashRounding === null ? '' : toMoneyInput(s.cashRounding, s.currency),
    varianceApprovalAbove: toMoneyInput(s.varianceApprovalAbove, s.currency),
    blindCount: s.blindCount,
    returnWindowDays: String(s.returnWindowDays),
    receiptlessPriceWindowDays: String(s.receiptlessPriceWindowDays),
    voucherValidityDays: String(s.voucherValidityDays),
    returnReasons: reasonsText(s.returnReasons),
    pricesIncludeTax: s.pricesIncludeTax,
    taxRounding: s.taxRounding,
    discountReasons: reasonsText(s.discountReasons),
    cashierMaxDiscountPercent: String(s.cashierMaxDiscountPercent),
  };
}

/** Only what differs from the saved settings; optional texts left empty are cleared. */
function changesOf(form: Form, s: Settings, logo: PendingLogo): Input<'settings.update'> {
  const changes: Input<'settings.update'> = {};
  if (form.storeName.trim() !== s.storeName) changes.storeName = form.storeName;
  for (const key of ['address', 'taxId', 'phone', 'invoiceFooter'] as const) {
    if (form[key].trim() !== (s[key] ?? '')) changes[key] = form[key];
  }
  if (form.currency !== s.currency) changes.currency = form.currency;
  if (form.locale !== s.locale) changes.locale = form.locale;
  if (form.timeZone !== s.timeZone) changes.timeZone = form.timeZone;
  if (form.paperSize !== s.paperSize) changes.paperSize = form.paperSize;
  if (form.receiptWidth !== s.receiptWidth) changes.receiptWidth = form.receiptWidth;
  if (logo !== undefined) changes.logo = logo === null ? null : logo.base64;
  const limits = limitsOf(form);
  if (limits.maxChange !== undefined && limits.maxChange !== (formOf(s).maxChange === '' ? null : s.maxChange)) changes.maxChange = limits.maxChange;
  if (limits.quantityConfirmAbove !== undefined && limits.quantityConfirmAbove !== s.quantityConfirmAbove) changes.quantityConfirmAbove = limits.quantityConfirmAbove;
  if (limits.lockAfterIdleMinutes !== undefined && limits.lockAfterIdleMinutes !== s.lockAfterIdleMinutes) changes.lockAfterIdleMinutes = limits.lockAfterIdleMinutes;
  const cash = cashOf(form);
  if (cash.cashRounding !== undefined && cash.cashRounding !== s.cashRounding) changes.cashRounding = cash.cashRounding;
  if (cash.varianceApprovalAbove !== undefined && cash.varianceApprovalAbove !== s.varianceApprovalAbove) changes.varianceApprovalAbove = cash.varianceApprovalAbove;
  if (form.blindCount !== s.blindCount) changes.blindCount = form.blindCount;
  const returns = returnsOf(form);
  if (returns.returnWindowDays !== undefined && returns.returnWindowDays !== s.returnWindowDays) changes.returnWindowDays = returns.returnWindowDays;
  if (returns.receiptlessPriceWindowDays !== undefined && returns.receiptlessPriceWindowDays !== s.receiptlessPriceWindowDays) changes.receiptlessPriceWindowDays = returns.receiptlessPriceWindowDays;
  if (returns.voucherValidityDays !== undefined && returns.voucherValidityDays !== s.voucherValidityDays) changes.voucherValidityDays = returns.voucherValidityDays;
  for (const key of reasonLists) {
    const reasons = reasonsOf(form[key]);
    if (!sameReasons(reasons, s[key])) changes[key] = reasons;
  }
  if (form.pricesIncludeTax !== s.pricesIncludeTax) changes.pricesIncludeTax = form.pricesIncludeTax;
  if (form.taxRounding !== s.taxRounding) changes.taxRounding = form.taxRounding;
  const maxDiscount = maxDiscountOf(form);
  if (maxDiscount !== undefined && maxDiscount !== s.cashierMaxDiscountPercent) changes.cashierMaxDiscountPercent = maxDiscount;
  return changes;
}

/** The settings typed one reason a line. */
const reasonLists = ['returnReasons', 'discountReasons'] as const;

/** The cashier's discount limit as typed (a whole percent), or undefined when the text is not valid. */
const maxDiscountOf = (form: Form) => wholeNumber(form.cashierMaxDiscountPercent, 0, 100);

/** A whole number in [min, max] as typed, or undefined. */
function wholeNumber(text: string, min: number, max: number): number | undefined {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= min && n <= max ? n : undefined;
}

/** The counter limits as typed: a value, null (maxChange back to its default), or undefined when the text is not valid. */
function limitsOf(form: Form): { maxChange?: number | null; quantityConfirmAbove?: number; lockAfterIdleMinutes?: number } {
  const money = form.maxChange.trim() === '' ? null : parseMoney(form.maxChange.trim(), form.currency);
  return {
    maxChange: money === null && form.maxChange.trim() === '' ? null : money !== null && money >= 1 && money <= MAX_AMOUNT ? money : undefined,
    quantityConfirmAbove: wholeNumber(form.quantityConfirmAbove, 1, MAX_QUANTITY),
    lockAfterIdleMinutes: wholeNumber(form.lockAfterIdleMinutes, 0, MAX_IDLE_MINUTES),
  };
}

/** The longest idle lock the settings take (a day). */
const MAX_IDLE_MINUTES = 24 * 60;

/** The cash settings as typed: a value (null: no rounding), or undefined when the text is not valid. */
function cashOf(form: Form): { cashRounding?: number | null; varianceApprovalAbove?: number } {
  const rounding = form.cashRounding.trim() === '' ? null : parseMoney(form.cashRounding.trim(), form.currency);
  const variance = parseMoney(form.varianceApprovalAbove.trim(), form.currency);
  return {
    cashRounding: form.cashRounding.trim() === '' ? null : rounding !== null && rounding >= MIN_ROUNDING && rounding <= MAX_ROUNDING ? rounding : undefined,
    varianceApprovalAbove: variance !== null && variance >= 0 && variance <= MAX_AMOUNT ? variance : undefined,
  };
}

/** The day counts of returns and vouchers as typed, or undefined when the text is not valid. */
function returnsOf(form: Form): { returnWindowDays?: number; receiptlessPriceWindowDays?: number; voucherValidityDays?: number } {
  return {
    returnWindowDays: wholeNumber(form.returnWindowDays, 0, RETURN_WINDOW_MAX),
    receiptlessPriceWindowDays: wholeNumber(form.receiptlessPriceWindowDays, 1, PRICE_WINDOW_MAX),
    voucherValidityDays: wholeNumber(form.voucherValidityDays, 1, VOUCHER_VALIDITY_MAX),
  };
}

/** The cash rounding increments the settings take, minor units (settings.update: 2 to 10,000). */
const MIN_ROUNDING = 2;
const MAX_ROUNDING = 10_000;

/** Field errors of the counter limits and cash settings, before anything is sent. */
function limitErrors(form: Form): Partial<Record<Field, string>> {
  const limits = limitsOf(form);
  const cash = cashOf(form);
  const errors: Partial<Record<Field, string>> = {};
  if (cash.cashRounding === undefined) {
    errors.cashRounding = `Enter an increment from ${formatMoney(MIN_ROUNDING, form.currency)} to ${formatMoney(MAX_ROUNDING, form.currency)}, or leave it empty for no rounding.`;
  }
  if (cash.varianceApprovalAbove === undefined) errors.varianceApprovalAbove = 'Enter an amount, 0 or more.';
  if (limits.maxChange === undefined) errors.maxChange = 'Enter an amount above zero, or leave it empty for the default.';
  if (limits.quantityConfirmAbove === undefined) errors.quantityConfirmAbove = `Enter a whole number from 1 to ${MAX_QUANTITY}.`;
  if (limits.lockAfterIdleMinutes === undefined) errors.lockAfterIdleMinutes = `Enter whole minutes from 0 (never) to ${MAX_IDLE_MINUTES}.`;
  const returns = returnsOf(form);
  if (returns.returnWindowDays === undefined) errors.returnWindowDays = `Enter whole days from 0 (a manager approves every return) to ${RETURN_WINDOW_MAX}.`;
  if (returns.receiptlessPriceWindowDays === undefined) errors.receiptlessPriceWindowDays = `Enter whole days from 1 to ${PRICE_WINDOW_MAX}.`;
  if (returns.voucherValidityDays === undefined) errors.voucherValidityDays = `Enter whole days from 1 to ${VOUCHER_VALIDITY_MAX}.`;
  for (const key of reasonLists) {
    const problem = reasonsProblem(form[key]);
    if (problem) errors[key] = problem;
  }
  if (maxDiscountOf(form) === undefined) errors.cashierMaxDiscountPercent = 'Enter a whole percent from 0 (a manager approves every discount) to 100.';
  return errors;
}

/** Whether two forms hold the same values. */
function sameForm(a: Form, b: Form): boolean {
  return (Object.keys(a) as (keyof Form)[]).every((k) => a[k] === b[k]);
}

function LogoField({
  current,
  pending,
  error,
  onPick,
  onRemove,
  onUndo,
}: {
  current: string | null;
  pending: PendingLogo;
  error?: string | null;
  onPick: (file: File) => void;
  onRemove: () => void;
  onUndo: () => void;
}) {
  const id = useId();
  const shown = pending === undefined ? current : pending === null ? null : pending.dataUrl;
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) onPick(file);
  };
  return (
    <Field
      id={id}
      label="Logo"
      labelFor={false}
      className="settings__logo"
      error={error}
      hint={`${pending ? `${pending.name} will be saved. ` : pending === null ? 'The logo will be removed. ' : ''}PNG or JPEG, at most 512 KiB. Shown on invoices and printed receipts.`}
    >
      <div className="settings__logo-row">
        <div className="settings__logo-preview" aria-live="polite">
          {shown ? <img src={shown} alt="Store logo preview" data-testid="logo-preview" /> : <span className="settings__logo-none">No logo</span>}
        </div>
        <div className="settings__logo-actions">
          <label className="btn btn--secondary btn--md settings__file">
            <input
              type="file"
              accept="image/png,image/jpeg"
              className="visually-hidden"
              onChange={onChange}
              aria-labelledby={`${id}-label`}
              aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
              data-testid="logo-input"
            />
            <span>{shown ? 'Replace image…' : 'Choose image…'}</span>
          </label>
          {shown ? (
            <Button variant="ghost" onClick={onRemove}>
              Remove logo
            </Button>
          ) : null}
          {pending !== undefined ? (
            <Button variant="ghost" onClick={onUndo}>
              Undo
            </Button>
          ) : null}
        </div>
      </div>
    </Field>
  );
}

/** One card of the settings: its heading, its fields in a grid, and what follows them (`extra`). */
function SettingsCard({ id, title, extra, children }: { id: string; title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section className="settings__card" aria-labelledby={`settings-${id}`}>
      <h2 className="settings__heading" id={`settings-${id}`}>
        {title}
      </h2>
      <div className="settings__grid">{children}</div>
      {extra}
    </section>
  );
}

/** Admin → Settings: the store's details, how invoices and receipts look, and the logo. */
export function SettingsPage() {
  const { data: settings, error, refetch } = useStoreSettings();
  const logoQuery = useContractQuery('settings.logo', {}, { enabled: !!settings?.logo });
  const stored = settings?.logo ? logoQuery.data?.logo : null;
  const logoUrl = stored ? `data:${stored.contentType};base64,${stored.contentBase64}` : null;
  const latestQuery = useContractQuery('invoices.list', { limit: 1 });
  /** The newest invoice, for the previews; null when there is none (or it cannot be read), undefined until known. */
  const latest = latestQuery.data ? (latestQuery.data.items[0]?.id ?? null) : latestQuery.error ? null : undefined;
  const client = useDataClient();
  const queryClient = useQueryClient();
  const changed = useChanged();
  /** The form and the settings it started from. */
  const [draft, setDraft] = useState<{ base: Settings; form: Form } | null>(null);
  const [logo, setLogo] = useState<PendingLogo>(undefined);
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);
  const [receiptFor, setReceiptFor] = useState<string | null>(null);

  // The form follows the saved settings (first read, a save, a change from another terminal)
  // unless it holds edits of its own.
  if (settings && (!draft || (draft.base !== settings && (sameForm(draft.form, formOf(draft.base)) || sameForm(draft.form, formOf(settings)))))) {
    setDraft({ base: settings, form: formOf(settings) });
  }
  const form = draft?.form ?? null;

  if (!settings || !form) {
    return (
      <>
        <PageHeader eyebrow="Admin" title="Settings" />
        {error ? (
          <LoadError title="The settings could not be loaded." message={error.message} onRetry={() => void refetch()} />
        ) : (
          <p className="settings__loading" aria-busy="true">
            Loading settings…
          </p>
        )}
      </>
    );
  }

  const changes = changesOf(form, settings, logo);
  // A limit typed but not valid counts as an edit, so Save shows its error.
  const dirty = Object.keys(changes).length > 0 || Object.keys(limitErrors(form)).length > 0;
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setDraft({ base: settings, form: { ...form, [key]: value } });
    if (errors.fields[key]) setErrors({ ...errors, fields: { ...errors.fields, [key]: undefined } });
  };

  const pickLogo = async (file: File) => {
    const checked = await checkLogo(file);
    if (!checked.ok) {
      setErrors({ ...errors, fields: { ...errors.fields, logo: checked.error } });
      return;
    }
    setErrors({ ...errors, fields: { ...errors.fields, logo: undefined } });
    setLogo({ base64: checked.base64, dataUrl: checked.dataUrl, name: file.name });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const invalid = limitErrors(form);
    if (Object.keys(invalid).length > 0) {
      setErrors({ ...noErrors, fields: invalid });
      return;
    }
    if (!dirty) return;
    setBusy(true);
    setErrors(noErrors);
    try {
      const saved = await client.call('settings.update', changes);
      storeSettingsSaved(queryClient, saved);
      // The form shows what was stored (the reasons trimmed, repeats left out), nothing left to save.
      setDraft({ base: saved, form: formOf(saved) });
      await changed({ event: 'settings.changed', data: { keys: Object.keys(changes) } });
      setLogo(undefined);
      toast('Settings saved.');
    } catch (err) {
      setErrors(formErrors(err, labels));
    } finally {
      setBusy(false);
    }
  };

  const discard = () => {
    setDraft({ base: settings, form: formOf(settings) });
    setLogo(undefined);
    setErrors(noErrors);
  };

  const previewPdf = async () => {
    if (!latest) return;
    try {
      await openInvoicePdf(latest);
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err));
    }
  };

  const f = errors.fields;
  /** What a field of typed text takes from the form: its label, text, edit and error. */
  const typed = (key: TextKey) => ({ label: labels[key], value: form[key], onChange: (e: { target: { value: string } }) => set(key, e.target.value), error: f[key] });
  return (
    <>
      <PageHeader
        eyebrow="Admin"
        title="Settings"
        description="Your store's details as customers see them on invoices and receipts. Invoices already issued keep the details they were issued with."
      />
      <form className="settings" onSubmit={submit} noValidate aria-label="Store settings">
        {errors.general ? (
          <Banner tone="error" title="The settings were not saved.">
            {errors.general}
          </Banner>
        ) : null}

        <SettingsCard
          id="store"
          title="Store"
          extra={
            <LogoField
              current={logoUrl}
              pending={logo}
              error={f.logo}
              onPick={(file) => void pickLogo(file)}
              onRemove={() => setLogo(settings.logo ? null : undefined)}
              onUndo={() => {
                setLogo(undefined);
                setErrors({ ...errors, fields: { ...errors.fields, logo: undefined } });
              }}
            />
          }
        >
          <TextField {...typed('storeName')} maxLength={120} />
          <TextField {...typed('phone')} maxLength={40} autoComplete="off" />
          <TextField {...typed('taxId')} maxLength={40} autoComplete="off" hint="VAT or sales-tax number, printed under the store's name." />
          <TextArea {...typed('address')} rows={3} maxLength={500} wide />
        </SettingsCard>

        <SettingsCard id="money" title="Money and dates">
          <Select
            {...typed('currency')}
            options={currencyOptions(form.currency)}
            disabled={settings.currencyLocked}
            hint={
              settings.currencyLocked
                ? `Sales are recorded in ${settings.currency}, so the currency can no longer change.`
                : 'Choose it before the first sale: it is fixed once the first order exists.'
            }
          />
          <Select {...typed('locale')} options={localeOptions(form.locale)} />
          <Select {...typed('timeZone')} options={timeZoneOptions(form.timeZone)} />
        </SettingsCard>

        <SettingsCard id="pricing" title="Pricing and discounts">
          <Checkbox
            label={labels.pricesIncludeTax}
            checked={form.pricesIncludeTax}
            disabled={settings.currencyLocked}
            hint={
              settings.currencyLocked
                ? `Sales are recorded with prices ${settings.pricesIncludeTax ? 'including' : 'before'} tax, so this can no longer change.`
                : 'The shelf price is what the customer pays, tax included (EU, UK, Australia). Choose it before the first sale: it is fixed once the first order exists.'
            }
            onChange={(e) => set('pricesIncludeTax', e.target.checked)}
            error={f.pricesIncludeTax}
          />
          <Select
            label={labels.taxRounding}
            options={taxRoundingOptions}
            value={form.taxRounding}
            hint={taxRoundingHints[form.taxRounding]}
            onChange={(e) => set('taxRounding', e.target.value as TaxRounding)}
            error={f.taxRounding}
          />
          <TextField
            {...typed('cashierMaxDiscountPercent')}
            {...wholeInput}
            hint="A larger discount or price reduction needs a manager's PIN or password at the counter; so does selling below cost. 0: a manager approves every discount."
          />
          <TextArea
            {...typed('discountReasons')}
            rows={5}
            wide
            hint="Offered for each discount and price override, one a line (a cashier may also type another)."
          />
        </SettingsCard>

        <SettingsCard id="counter" title="Counter">
          <TextField
            {...typed('maxChange')}
            {...moneyInput}
            placeholder={toMoneyInput(defaultMaxChange(form.currency), form.currency)}
            hint={`Cash tendered that would give more change is refused (a scanned barcode in the cash field). Empty: ${formatMoney(defaultMaxChange(form.currency), form.currency)}, the largest common banknote.`}
          />
          <TextField
            {...typed('quantityConfirmAbove')}
            {...wholeInput}
            hint="A larger quantity typed at the counter asks the cashier to confirm it."
          />
          <TextField
            {...typed('lockAfterIdleMinutes')}
            {...wholeInput}
            hint="The counter locks and asks for a PIN after this many minutes without use; the cart is kept. 0: never."
          />
        </SettingsCard>

        <SettingsCard id="cash" title="Cash">
          <TextField
            {...typed('cashRounding')}
            {...moneyInput}
            placeholder="No rounding"
            hint={`Cash due is rounded to this step, half up: with ${toMoneyInput(5, form.currency)}, ${formatMoney(1559, form.currency)} due is ${formatMoney(1560, form.currency)} in cash. The invoice stays as issued; the difference is recorded on the payment. Empty: no rounding.`}
          />
          <TextField
            {...typed('varianceApprovalAbove')}
            {...moneyInput}
            hint="Closing a register with a larger difference between counted and expected cash needs a manager's PIN or password. 0: every difference."
          />
          <Checkbox
            label="Cashiers count blind"
            hint="At the close a cashier counts the drawer before seeing what it should hold, and their X report shows no expected cash."
            checked={form.blindCount}
            onChange={(e) => set('blindCount', e.target.checked)}
            error={f.blindCount}
          />
        </SettingsCard>

        <SettingsCard id="returns" title="Returns and vouchers">
          <TextField
            {...typed('returnWindowDays')}
            {...wholeInput}
            hint="A cashier takes goods back with their receipt for this many days after the sale; later, a manager approves. 0: a manager approves every return."
          />
          <TextField
            {...typed('receiptlessPriceWindowDays')}
            {...wholeInput}
            hint="A return without a receipt refunds the lowest price the product sold for in this many days."
          />
          <TextField
            {...typed('voucherValidityDays')}
            {...wholeInput}
            hint="Vouchers issued from now on (store credit and gift vouchers) expire this many days after they are issued. Vouchers already issued keep their date."
          />
          <TextArea
            {...typed('returnReasons')}
            rows={5}
            wide
            hint="Offered for each returned line, one a line (a cashier may also type another)."
          />
        </SettingsCard>

        <SettingsCard
          id="docs"
          title="Invoices and receipts"
          extra={
            <div className="settings__previews">
              <Button variant="secondary" disabled={!latest} onClick={() => latest && setReceiptFor(latest)}>
                Preview last receipt
              </Button>
              <Button variant="secondary" disabled={!latest} onClick={() => void previewPdf()}>
                Preview last invoice PDF
              </Button>
              {latest === null ? <span className="settings__previews-note">Previews appear once an invoice exists.</span> : null}
            </div>
          }
        >
          <Select
            label={labels.paperSize}
            options={paperOptions}
            value={form.paperSize}
            onChange={(e) => set('paperSize', e.target.value as PaperSize)}
            error={f.paperSize}
          />
          <Select
            label={labels.receiptWidth}
            options={receiptWidthOptions}
            value={String(form.receiptWidth)}
            hint="The thermal paper roll of the receipt printer: 48 characters a line on 80 mm, 32 on 58 mm."
            onChange={(e) => set('receiptWidth', Number(e.target.value) as ReceiptWidth)}
            error={f.receiptWidth}
          />
          <TextArea
            {...typed('invoiceFooter')}
            rows={3}
            maxLength={1000}
            wide
            hint="Printed at the foot of every invoice page and of receipts: payment terms, bank details, a thank-you."
          />
        </SettingsCard>

        <div className="settings__actions">
          <Button variant="secondary" onClick={discard} disabled={!dirty || busy}>
            Discard changes
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabled={!dirty}>
            Save settings
          </Button>
        </div>
      </form>
      {receiptFor ? <ReceiptPage invoiceId={receiptFor} onClose={() => setReceiptFor(null)} /> : null}
    </>
  );
}
