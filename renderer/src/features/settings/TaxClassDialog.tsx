import { useState } from 'react';
import type { TaxClass } from '../../../../shared/contract';
import type { StoreFormat } from '../../../../shared/domain/format';
import { formErrors, noErrors, type FormErrors } from '../../api';
import { useChanged, useDataClient, useStoreFormat } from '../../data';
import { useT, type Translate } from '../../i18n';
import { Banner, Checkbox, Dialog, DialogActions, TextField, toast } from '../../ui';
import { formatDay } from '../reports/format';
import { effectiveFromProblem, readRate, toRateInput } from './taxRates';

type Field = 'name' | 'rateBp' | 'effectiveFrom' | 'archived';
const labelsOf = (t: Translate): Record<Field, string> => ({ name: t('common.name'), rateBp: t('settings.rate'), effectiveFrom: t('common.from'), archived: t('settings.archived') });

/** The errors less the one of `field`, which was just edited (its message no longer holds). */
const cleared = (errors: FormErrors<Field>, field: Field): FormErrors<Field> => (errors.fields[field] ? { ...errors, fields: { ...errors.fields, [field]: undefined } } : errors);

/** What archiving a class does, said where it is done. */
function archivedToast(tc: TaxClass, fmt: StoreFormat, t: Translate): string {
  return tc.archived
    ? t('settings.taxArchivedToast', { name: tc.name, count: tc.productCount, n: fmt.number(tc.productCount) })
    : t('settings.taxUnarchivedToast', { name: tc.name });
}

/**
 * The errors and busy state of a tax class dialog, and its save: `send` makes the call (null:
 * nothing to send), the class's change is announced and said, and the dialog closes; a refusal
 * stays on the form, on the fields it names.
 */
function useTaxClassSave(onClose: () => void) {
  const t = useT();
  const changed = useChanged();
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);
  const save = async (send: () => Promise<TaxClass | null>, said: (saved: TaxClass) => string) => {
    setBusy(true);
    setErrors(noErrors);
    try {
      const saved = await send();
      if (saved) {
        await changed({ event: 'taxClass.changed', data: { id: saved.id } });
        toast(said(saved));
      }
      onClose();
    } catch (err) {
      setErrors(formErrors(err, labelsOf(t)));
      setBusy(false);
    }
  };
  /** The edit of a field, which clears its error. */
  const edit = (field: Field, set: (text: string) => void) => (text: string) => {
    set(text);
    setErrors(cleared(errors, field));
  };
  return { errors, setErrors, busy, save, edit };
}

/** A rate typed as a percent in the store's number format. */
function RateField({ label, value, hint, error, onChange }: { label: string; value: string; hint: string; error?: string; onChange: (text: string) => void }) {
  return <TextField label={label} value={value} inputMode="decimal" autoComplete="off" hint={hint} onChange={(e) => onChange(e.target.value)} error={error} />;
}

/** A new tax class (name and rate from today), or a class to rename or archive. */
export function TaxClassDialog({ taxClass, onClose }: { taxClass: TaxClass | null; onClose: () => void }) {
  const t = useT();
  const client = useDataClient();
  const fmt = useStoreFormat();
  const [name, setName] = useState(taxClass?.name ?? '');
  const [archived, setArchived] = useState(taxClass?.archived ?? false);
  const [rate, setRate] = useState('');
  const { errors, setErrors, busy, save, edit } = useTaxClassSave(onClose);

  const submit = async () => {
    const rateBp = taxClass ? 0 : readRate(rate, fmt);
    const fields: FormErrors<Field>['fields'] = {};
    if (!name.trim()) fields.name = t('settings.taxNameRequired');
    if (typeof rateBp === 'string') fields.rateBp = rateBp;
    if (Object.keys(fields).length > 0 || typeof rateBp === 'string') {
      setErrors({ fields, general: null });
      return;
    }
    if (!taxClass) {
      await save(() => client.call('taxClasses.create', { name, rateBp }), (saved) => t('settings.taxClassAdded', { name: saved.name }));
      return;
    }
    const renamed = name.trim() !== taxClass.name;
    const archiving = archived !== taxClass.archived;
    await save(
      async () => (renamed || archiving ? client.call('taxClasses.update', { id: taxClass.id, ...(renamed ? { name } : {}), ...(archiving ? { archived } : {}) }) : null),
      (saved) => (archiving ? archivedToast(saved, fmt, t) : t('settings.taxClassSaved', { name: saved.name })),
    );
  };

  return (
    <Dialog
      open
      title={taxClass ? t('settings.editTaxClass', { name: taxClass.name }) : t('settings.newTaxClass')}
      description={taxClass ? t('settings.taxClassEditDescription') : t('settings.taxClassNewDescription')}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogActions onCancel={onClose} submitLabel={taxClass ? t('settings.saveChanges') : t('settings.addTaxClass')} busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField label={t('common.name')} value={name} maxLength={60} autoComplete="off" hint={t('settings.taxNameHint')} onChange={(e) => edit('name', setName)(e.target.value)} error={errors.fields.name} />
      {taxClass ? (
        <Checkbox
          label={t('settings.archived')}
          hint={t('settings.taxArchivedHint', { count: taxClass.productCount, n: fmt.number(taxClass.productCount) })}
          checked={archived}
          onChange={(e) => setArchived(e.target.checked)}
          error={errors.fields.archived}
        />
      ) : (
        <RateField
          label={t('settings.ratePercent')}
          value={rate}
          hint={t('settings.rateHint', { standard: toRateInput(2000, fmt), reduced: toRateInput(550, fmt) })}
          onChange={edit('rateBp', setRate)}
          error={errors.fields.rateBp}
        />
      )}
    </Dialog>
  );
}

/** A class's new rate from a day on (today or later); invoices already issued keep theirs. */
export function TaxRateDialog({ taxClass, onClose }: { taxClass: TaxClass; onClose: () => void }) {
  const t = useT();
  const client = useDataClient();
  const fmt = useStoreFormat();
  const today = fmt.day(Date.now());
  const [rate, setRate] = useState(toRateInput(taxClass.rateBp, fmt));
  const [from, setFrom] = useState(today);
  const { errors, setErrors, busy, save, edit } = useTaxClassSave(onClose);

  const submit = async () => {
    const rateBp = readRate(rate, fmt);
    const day = effectiveFromProblem(from, today, fmt);
    if (typeof rateBp === 'string' || day) {
      setErrors({ fields: { ...(typeof rateBp === 'string' ? { rateBp } : {}), ...(day ? { effectiveFrom: day } : {}) }, general: null });
      return;
    }
    await save(
      () => client.call('taxClasses.setRate', { id: taxClass.id, rateBp, effectiveFrom: from }),
      (saved) => t('settings.rateSetToast', { name: saved.name, rate: fmt.rate(rateBp), day: formatDay(from, fmt.locale) }),
    );
  };

  return (
    <Dialog
      open
      title={t('settings.changeRateOf', { name: taxClass.name })}
      description={t('settings.rateDialogDescription', { rate: fmt.rate(taxClass.rateBp) })}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogActions onCancel={onClose} submitLabel={t('settings.setRate')} busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <div className="settings__pair">
        <RateField label={t('settings.newRatePercent')} value={rate} hint={t('settings.newRateHint', { example: toRateInput(2200, fmt) })} onChange={edit('rateBp', setRate)} error={errors.fields.rateBp} />
        <TextField
          label={t('common.from')}
          type="date"
          value={from}
          min={today}
          hint={/^\d{4}-\d{2}-\d{2}$/.test(from) ? t('settings.rateFromHint', { day: formatDay(from, fmt.locale) }) : t('settings.rateFromTodayHint')}
          onChange={(e) => edit('effectiveFrom', setFrom)(e.target.value)}
          error={errors.fields.effectiveFrom}
        />
      </div>
    </Dialog>
  );
}
