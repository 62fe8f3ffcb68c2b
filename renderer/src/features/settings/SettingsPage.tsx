import { useId, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import type { Input, PaperSize, ReceiptWidth, Settings } from '../../../../shared/contract';
import type { TaxRounding } from '../../../../shared/domain/pricing';
import { documentLanguages, languageNames, uiLanguages, type DocumentLanguage, type Language } from '../../../../shared/i18n/languages';
import { formErrors, noErrors, type FormErrors } from '../../api';
import { storeSettingsSaved, useChanged, useContractQuery, useDataClient, useQueryClient, useStoreSettings } from '../../data';
import { t as translate, useLanguage, useT, type Translate } from '../../i18n';
import { Banner, Button, Checkbox, Field, LoadError, PageHeader, Select, TextArea, TextField, toast } from '../../ui';
import { openInvoicePdf } from '../documents/openInvoicePdf';
import { ReceiptPage } from '../documents/ReceiptPage';
import { checkLogo } from './logo';
import { PRICE_WINDOW_MAX, reasonsOf, reasonsProblem, reasonsText, RETURN_WINDOW_MAX, sameReasons, VOUCHER_VALIDITY_MAX } from './returnSettings';
import { defaultMaxChange } from '../../../../shared/domain/currency';
import { MAX_AMOUNT, MAX_QUANTITY } from '../../../../shared/domain/money';
import { formatMoney, parseMoney, toMoneyInput } from '../../ui/money';
import { currencyOptions, localeOptions, paperOptions, receiptWidthOptions, taxRoundingHint, taxRoundingOptions, timeZoneOptions } from './options';
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
  | 'cashierMaxDiscountPercent'
  | 'defaultLanguage'
  | 'documentLanguage';

/** Each field's label, in the UI's language. */
function fieldLabels(t: Translate): Record<Field, string> {
  return {
    storeName: t('settings.storeName'),
    address: t('settings.address'),
    taxId: t('settings.taxId'),
    phone: t('settings.phone'),
    currency: t('settings.currency'),
    locale: t('settings.locale'),
    timeZone: t('settings.timeZone'),
    invoiceFooter: t('settings.invoiceFooter'),
    paperSize: t('settings.paperSize'),
    receiptWidth: t('settings.receiptWidth'),
    logo: t('settings.logo'),
    maxChange: t('settings.maxChange'),
    quantityConfirmAbove: t('settings.quantityConfirmAbove'),
    lockAfterIdleMinutes: t('settings.lockAfterIdleMinutes'),
    cashRounding: t('settings.cashRounding'),
    varianceApprovalAbove: t('settings.varianceApprovalAbove'),
    blindCount: t('settings.blindCount'),
    returnWindowDays: t('settings.returnWindowDays'),
    receiptlessPriceWindowDays: t('settings.receiptlessPriceWindowDays'),
    voucherValidityDays: t('settings.voucherValidityDays'),
    returnReasons: t('settings.returnReasons'),
    pricesIncludeTax: t('settings.pricesIncludeTax'),
    taxRounding: t('settings.taxRounding'),
    discountReasons: t('settings.discountReasons'),
    cashierMaxDiscountPercent: t('settings.cashierMaxDiscountPercent'),
    defaultLanguage: t('settings.defaultLanguage'),
    documentLanguage: t('settings.documentLanguage'),
  };
}

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
  defaultLanguage: Language;
  documentLanguage: DocumentLanguage;
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
    defaultLanguage: s.defaultLanguage,
    documentLanguage: s.documentLanguage,
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
  if (form.defaultLanguage !== s.defaultLanguage) changes.defaultLanguage = form.defaultLanguage;
  if (form.documentLanguage !== s.documentLanguage) changes.documentLanguage = form.documentLanguage;
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
function limitErrors(form: Form, t: Translate = translate): Partial<Record<Field, string>> {
  const limits = limitsOf(form);
  const cash = cashOf(form);
  const errors: Partial<Record<Field, string>> = {};
  if (cash.cashRounding === undefined) {
    errors.cashRounding = t('settings.cashRoundingError', { min: formatMoney(MIN_ROUNDING, form.currency), max: formatMoney(MAX_ROUNDING, form.currency) });
  }
  if (cash.varianceApprovalAbove === undefined) errors.varianceApprovalAbove = t('settings.varianceApprovalError');
  if (limits.maxChange === undefined) errors.maxChange = t('settings.maxChangeError');
  if (limits.quantityConfirmAbove === undefined) errors.quantityConfirmAbove = t('settings.quantityConfirmError', { max: String(MAX_QUANTITY) });
  if (limits.lockAfterIdleMinutes === undefined) errors.lockAfterIdleMinutes = t('settings.lockAfterIdleError', { max: String(MAX_IDLE_MINUTES) });
  const returns = returnsOf(form);
  if (returns.returnWindowDays === undefined) errors.returnWindowDays = t('settings.returnWindowError', { max: String(RETURN_WINDOW_MAX) });
  if (returns.receiptlessPriceWindowDays === undefined) errors.receiptlessPriceWindowDays = t('settings.wholeDaysError', { max: String(PRICE_WINDOW_MAX) });
  if (returns.voucherValidityDays === undefined) errors.voucherValidityDays = t('settings.wholeDaysError', { max: String(VOUCHER_VALIDITY_MAX) });
  for (const key of reasonLists) {
    const problem = reasonsProblem(form[key]);
    if (problem) errors[key] = problem;
  }
  if (maxDiscountOf(form) === undefined) errors.cashierMaxDiscountPercent = t('settings.cashierMaxDiscountError');
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
  const t = useT();
  const shown = pending === undefined ? current : pending === null ? null : pending.dataUrl;
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) onPick(file);
  };
  return (
    <Field
      id={id}
      label={t('settings.logo')}
      labelFor={false}
      className="settings__logo"
      error={error}
      hint={t('settings.logoHint', { pending: pending ? 'new' : pending === null ? 'removed' : 'none', name: pending ? pending.name : '' })}
    >
      <div className="settings__logo-row">
        <div className="settings__logo-preview" aria-live="polite">
          {shown ? <img src={shown} alt={t('settings.logoAlt')} data-testid="logo-preview" /> : <span className="settings__logo-none">{t('settings.noLogo')}</span>}
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
            <span>{shown ? t('settings.replaceImage') : t('settings.chooseImage')}</span>
          </label>
          {shown ? (
            <Button variant="ghost" onClick={onRemove}>
              {t('settings.removeLogo')}
            </Button>
          ) : null}
          {pending !== undefined ? (
            <Button variant="ghost" onClick={onUndo}>
              {t('settings.undo')}
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
  const t = useT();
  const language = useLanguage();
  const labels = fieldLabels(t);
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
        <PageHeader eyebrow={t('settings.eyebrow')} title={t('settings.title')} />
        {error ? (
          <LoadError title={t('settings.loadError')} message={error.message} onRetry={() => void refetch()} />
        ) : (
          <p className="settings__loading" aria-busy="true">
            {t('settings.loading')}
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
    const invalid = limitErrors(form, t);
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
      toast(t('settings.saved'));
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
      <PageHeader eyebrow={t('settings.eyebrow')} title={t('settings.title')} description={t('settings.description')} />
      <form className="settings" onSubmit={submit} noValidate aria-label={t('settings.formLabel')}>
        {errors.general ? (
          <Banner tone="error" title={t('settings.notSaved')}>
            {errors.general}
          </Banner>
        ) : null}

        <SettingsCard
          id="store"
          title={t('settings.cardStore')}
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
          <TextField {...typed('taxId')} maxLength={40} autoComplete="off" hint={t('settings.taxIdHint')} />
          <TextArea {...typed('address')} rows={3} maxLength={500} wide />
        </SettingsCard>

        <SettingsCard id="money" title={t('settings.cardMoney')}>
          <Select
            {...typed('currency')}
            options={currencyOptions(t, language, form.currency)}
            disabled={settings.currencyLocked}
            hint={settings.currencyLocked ? t('settings.currencyLockedHint', { currency: settings.currency }) : t('settings.currencyHint')}
          />
          <Select {...typed('locale')} options={localeOptions(t, language, form.locale)} />
          <Select {...typed('timeZone')} options={timeZoneOptions(form.timeZone)} />
        </SettingsCard>

        <SettingsCard id="languages" title={t('settings.cardLanguages')}>
          <Select
            label={labels.defaultLanguage}
            options={uiLanguages.map((l) => ({ value: l, label: languageNames[l] }))}
            value={form.defaultLanguage}
            hint={t('settings.defaultLanguageHint')}
            onChange={(e) => set('defaultLanguage', e.target.value as Language)}
            error={f.defaultLanguage}
          />
          <Select
            label={labels.documentLanguage}
            options={documentLanguages.map((l) => ({ value: l, label: languageNames[l] }))}
            value={form.documentLanguage}
            hint={t('settings.documentLanguageHint')}
            onChange={(e) => set('documentLanguage', e.target.value as DocumentLanguage)}
            error={f.documentLanguage}
          />
        </SettingsCard>

        <SettingsCard id="pricing" title={t('settings.cardPricing')}>
          <Checkbox
            label={labels.pricesIncludeTax}
            checked={form.pricesIncludeTax}
            disabled={settings.currencyLocked}
            hint={
              settings.currencyLocked
                ? settings.pricesIncludeTax
                  ? t('settings.pricesIncludeTaxLockedIncluding')
                  : t('settings.pricesIncludeTaxLockedBefore')
                : t('settings.pricesIncludeTaxHint')
            }
            onChange={(e) => set('pricesIncludeTax', e.target.checked)}
            error={f.pricesIncludeTax}
          />
          <Select
            label={labels.taxRounding}
            options={taxRoundingOptions(t)}
            value={form.taxRounding}
            hint={taxRoundingHint(t, form.taxRounding)}
            onChange={(e) => set('taxRounding', e.target.value as TaxRounding)}
            error={f.taxRounding}
          />
          <TextField
            {...typed('cashierMaxDiscountPercent')}
            {...wholeInput}
            hint={t('settings.cashierMaxDiscountHint')}
          />
          <TextArea
            {...typed('discountReasons')}
            rows={5}
            wide
            hint={t('settings.discountReasonsHint')}
          />
        </SettingsCard>

        <SettingsCard id="counter" title={t('settings.cardCounter')}>
          <TextField
            {...typed('maxChange')}
            {...moneyInput}
            placeholder={toMoneyInput(defaultMaxChange(form.currency), form.currency)}
            hint={t('settings.maxChangeHint', { amount: formatMoney(defaultMaxChange(form.currency), form.currency) })}
          />
          <TextField
            {...typed('quantityConfirmAbove')}
            {...wholeInput}
            hint={t('settings.quantityConfirmHint')}
          />
          <TextField
            {...typed('lockAfterIdleMinutes')}
            {...wholeInput}
            hint={t('settings.lockAfterIdleHint')}
          />
        </SettingsCard>

        <SettingsCard id="cash" title={t('settings.cardCash')}>
          <TextField
            {...typed('cashRounding')}
            {...moneyInput}
            placeholder={t('settings.noRounding')}
            hint={t('settings.cashRoundingHint', { step: toMoneyInput(5, form.currency), due: formatMoney(1559, form.currency), rounded: formatMoney(1560, form.currency) })}
          />
          <TextField
            {...typed('varianceApprovalAbove')}
            {...moneyInput}
            hint={t('settings.varianceApprovalHint')}
          />
          <Checkbox
            label={t('settings.blindCountLabel')}
            hint={t('settings.blindCountHint')}
            checked={form.blindCount}
            onChange={(e) => set('blindCount', e.target.checked)}
            error={f.blindCount}
          />
        </SettingsCard>

        <SettingsCard id="returns" title={t('settings.cardReturns')}>
          <TextField
            {...typed('returnWindowDays')}
            {...wholeInput}
            hint={t('settings.returnWindowHint')}
          />
          <TextField
            {...typed('receiptlessPriceWindowDays')}
            {...wholeInput}
            hint={t('settings.receiptlessPriceWindowHint')}
          />
          <TextField
            {...typed('voucherValidityDays')}
            {...wholeInput}
            hint={t('settings.voucherValidityHint')}
          />
          <TextArea
            {...typed('returnReasons')}
            rows={5}
            wide
            hint={t('settings.returnReasonsHint')}
          />
        </SettingsCard>

        <SettingsCard
          id="docs"
          title={t('settings.cardDocs')}
          extra={
            <div className="settings__previews">
              <Button variant="secondary" disabled={!latest} onClick={() => latest && setReceiptFor(latest)}>
                {t('settings.previewReceipt')}
              </Button>
              <Button variant="secondary" disabled={!latest} onClick={() => void previewPdf()}>
                {t('settings.previewInvoicePdf')}
              </Button>
              {latest === null ? <span className="settings__previews-note">{t('settings.previewsNote')}</span> : null}
            </div>
          }
        >
          <Select
            label={labels.paperSize}
            options={paperOptions(t)}
            value={form.paperSize}
            onChange={(e) => set('paperSize', e.target.value as PaperSize)}
            error={f.paperSize}
          />
          <Select
            label={labels.receiptWidth}
            options={receiptWidthOptions(t)}
            value={String(form.receiptWidth)}
            hint={t('settings.receiptWidthHint')}
            onChange={(e) => set('receiptWidth', Number(e.target.value) as ReceiptWidth)}
            error={f.receiptWidth}
          />
          <TextArea
            {...typed('invoiceFooter')}
            rows={3}
            maxLength={1000}
            wide
            hint={t('settings.invoiceFooterHint')}
          />
        </SettingsCard>

        <div className="settings__actions">
          <Button variant="secondary" onClick={discard} disabled={!dirty || busy}>
            {t('settings.discardChanges')}
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabled={!dirty}>
            {t('settings.saveSettings')}
          </Button>
        </div>
      </form>
      {receiptFor ? <ReceiptPage invoiceId={receiptFor} onClose={() => setReceiptFor(null)} /> : null}
    </>
  );
}
