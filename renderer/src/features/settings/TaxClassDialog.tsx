import { useState } from 'react';
import type { TaxClass } from '../../../../shared/contract';
import type { StoreFormat } from '../../../../shared/domain/format';
import { formErrors, noErrors, type FormErrors } from '../../api';
import { useChanged, useDataClient, useStoreFormat } from '../../data';
import { Banner, Checkbox, Dialog, DialogActions, TextField, toast } from '../../ui';
import { formatDay } from '../reports/format';
import { effectiveFromProblem, readRate, toRateInput } from './taxRates';

type Field = 'name' | 'rateBp' | 'effectiveFrom' | 'archived';
const labels: Record<Field, string> = { name: 'Name', rateBp: 'Rate', effectiveFrom: 'From', archived: 'Archived' };

/** The errors less the one of `field`, which was just edited (its message no longer holds). */
const cleared = (errors: FormErrors<Field>, field: Field): FormErrors<Field> => (errors.fields[field] ? { ...errors, fields: { ...errors.fields, [field]: undefined } } : errors);

/** What archiving a class does, said where it is done. */
function archivedToast(tc: TaxClass, fmt: StoreFormat): string {
  const kept = tc.productCount === 0 ? '' : ` Its ${fmt.number(tc.productCount)} ${tc.productCount === 1 ? 'product keeps' : 'products keep'} it.`;
  return tc.archived ? `${tc.name} archived: no new product can take it.${kept}` : `${tc.name} can be given to products again.`;
}

/**
 * The errors and busy state of a tax class dialog, and its save: `send` makes the call (null:
 * nothing to send), the class's change is announced and said, and the dialog closes; a refusal
 * stays on the form, on the fields it names.
 */
function useTaxClassSave(onClose: () => void) {
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
      setErrors(formErrors(err, labels));
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
  const client = useDataClient();
  const fmt = useStoreFormat();
  const [name, setName] = useState(taxClass?.name ?? '');
  const [archived, setArchived] = useState(taxClass?.archived ?? false);
  const [rate, setRate] = useState('');
  const { errors, setErrors, busy, save, edit } = useTaxClassSave(onClose);

  const submit = async () => {
    const rateBp = taxClass ? 0 : readRate(rate, fmt);
    const fields: FormErrors<Field>['fields'] = {};
    if (!name.trim()) fields.name = 'Enter the name, such as Reduced.';
    if (typeof rateBp === 'string') fields.rateBp = rateBp;
    if (Object.keys(fields).length > 0 || typeof rateBp === 'string') {
      setErrors({ fields, general: null });
      return;
    }
    if (!taxClass) {
      await save(() => client.call('taxClasses.create', { name, rateBp }), (saved) => `Tax class ${saved.name} added.`);
      return;
    }
    const renamed = name.trim() !== taxClass.name;
    const archiving = archived !== taxClass.archived;
    await save(
      async () => (renamed || archiving ? client.call('taxClasses.update', { id: taxClass.id, ...(renamed ? { name } : {}), ...(archiving ? { archived } : {}) }) : null),
      (saved) => (archiving ? archivedToast(saved, fmt) : `Saved ${saved.name}.`),
    );
  };

  return (
    <Dialog
      open
      title={taxClass ? `Edit ${taxClass.name}` : 'New tax class'}
      description={taxClass ? 'Its products keep the class; documents already issued never change.' : 'A named rate products can take. Its rate applies from today; change it from a later day with Change rate.'}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogActions onCancel={onClose} submitLabel={taxClass ? 'Save changes' : 'Add tax class'} busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField label="Name" value={name} maxLength={60} autoComplete="off" hint="Such as Standard, Reduced or Zero." onChange={(e) => edit('name', setName)(e.target.value)} error={errors.fields.name} />
      {taxClass ? (
        <Checkbox
          label="Archived"
          hint={`No new product can take it${taxClass.productCount > 0 ? `; the ${fmt.number(taxClass.productCount)} ${taxClass.productCount === 1 ? 'product that has it keeps' : 'products that have it keep'} it and sell at its rate` : ''}.`}
          checked={archived}
          onChange={(e) => setArchived(e.target.checked)}
          error={errors.fields.archived}
        />
      ) : (
        <RateField
          label="Rate (%)"
          value={rate}
          hint={`A percent, such as ${toRateInput(2000, fmt)} or ${toRateInput(550, fmt)}; 0 for none.`}
          onChange={edit('rateBp', setRate)}
          error={errors.fields.rateBp}
        />
      )}
    </Dialog>
  );
}

/** A class's new rate from a day on (today or later); invoices already issued keep theirs. */
export function TaxRateDialog({ taxClass, onClose }: { taxClass: TaxClass; onClose: () => void }) {
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
      (saved) => `${saved.name}: ${fmt.rate(rateBp)} from ${formatDay(from, fmt.locale)}.`,
    );
  };

  return (
    <Dialog
      open
      title={`Change the rate of ${taxClass.name}`}
      description={`Today ${fmt.rate(taxClass.rateBp)}. Sales from the chosen day take the new rate; invoices already issued never change. The same day again replaces a change already set.`}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogActions onCancel={onClose} submitLabel="Set rate" busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <div className="settings__pair">
        <RateField label="New rate (%)" value={rate} hint={`Such as ${toRateInput(2200, fmt)}; 0 for none.`} onChange={edit('rateBp', setRate)} error={errors.fields.rateBp} />
        <TextField
          label="From"
          type="date"
          value={from}
          min={today}
          hint={/^\d{4}-\d{2}-\d{2}$/.test(from) ? `From ${formatDay(from, fmt.locale)}, in the store's time zone.` : 'Today or later.'}
          onChange={(e) => edit('effectiveFrom', setFrom)(e.target.value)}
          error={errors.fields.effectiveFrom}
        />
      </div>
    </Dialog>
  );
}
