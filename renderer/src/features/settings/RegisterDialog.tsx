import { useState } from 'react';
import type { Input, Register } from '../../../../shared/contract';
import { formErrors, noErrors, type FormErrors } from '../../api';
import { useChanged, useDataClient } from '../../data';
import { useT, type Translate } from '../../i18n';
import { Banner, Checkbox, Dialog, DialogActions, TextField, toast } from '../../ui';

type Field = 'code' | 'name' | 'printer' | 'active';
const labelsOf = (t: Translate): Record<Field, string> => ({ code: t('settings.registerCode'), name: t('common.name'), printer: t('settings.receiptPrinter'), active: t('settings.active') });

interface Form {
  code: string;
  name: string;
  /** Empty: no network printer. */
  host: string;
  port: string;
  active: boolean;
}

const DEFAULT_PORT = '9100';

function formOf(r: Register | null): Form {
  return { code: r?.code ?? '', name: r?.name ?? '', host: r?.printer?.host ?? '', port: r?.printer ? String(r.printer.port) : DEFAULT_PORT, active: r?.active ?? true };
}

/** The printer as typed: none (empty host), one, or a port that is not a port (an error by the field). */
function printerOf(form: Form): { host: string; port: number } | null | 'bad-port' {
  const host = form.host.trim();
  if (host === '') return null;
  const port = form.port.trim() === '' ? 9100 : Number(form.port.trim());
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? { host, port } : 'bad-port';
}

/**
 * A new register (code, name, printer) or one to edit (name, printer, active; its code only
 * while no Z report carries it).
 */
export function RegisterDialog({ register, onClose }: { register: Register | null; onClose: () => void }) {
  const t = useT();
  const client = useDataClient();
  const changed = useChanged();
  const [form, setForm] = useState<Form>(() => formOf(register));
  const [errors, setErrors] = useState<FormErrors<Field | 'port'>>(noErrors);
  const [busy, setBusy] = useState(false);
  const codeLocked = register !== null && register.zCount > 0;
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });

  const submit = async () => {
    const printer = printerOf(form);
    if (printer === 'bad-port') {
      setErrors({ fields: { port: t('settings.registerPortError') }, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      if (register === null) {
        const saved = await client.call('registers.create', { code: form.code, name: form.name, printer });
        await changed({ event: 'register.changed', data: { id: saved.id } });
        toast(t('settings.registerCreated', { code: saved.code }));
      } else {
        const changes: Input<'registers.update'> = { id: register.id };
        if (!codeLocked && form.code.trim().toUpperCase() !== register.code) changes.code = form.code;
        if (form.name.trim() !== register.name) changes.name = form.name;
        const before = register.printer;
        if ((printer?.host ?? null) !== (before?.host ?? null) || (printer?.port ?? null) !== (before?.port ?? null)) changes.printer = printer;
        if (form.active !== register.active) changes.active = form.active;
        if (Object.keys(changes).length > 1) {
          const saved = await client.call('registers.update', changes);
          await changed({ event: 'register.changed', data: { id: saved.id } });
          toast(t('settings.registerSaved', { code: saved.code }));
        }
      }
      onClose();
    } catch (err) {
      setErrors(formErrors(err, labelsOf(t)));
      setBusy(false);
    }
  };

  const f = errors.fields;
  return (
    <Dialog
      open
      title={register ? t('settings.editRegister', { code: register.code }) : t('settings.newRegister')}
      description={register ? undefined : t('settings.registerDescription')}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogActions onCancel={onClose} submitLabel={register ? t('settings.saveChanges') : t('settings.createRegister')} busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField
        label={t('settings.registerCode')}
        value={form.code}
        maxLength={12}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        disabled={codeLocked}
        hint={codeLocked ? t('settings.registerCodeLockedHint') : t('settings.registerCodeHint')}
        onChange={(e) => set({ code: e.target.value })}
        error={f.code}
      />
      <TextField label={t('common.name')} value={form.name} maxLength={60} autoComplete="off" onChange={(e) => set({ name: e.target.value })} error={f.name} />
      <div className="settings__printer">
        <TextField
          label={t('settings.printerHost')}
          value={form.host}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('settings.printerHostPlaceholder')}
          hint={t('settings.printerHostHint')}
          onChange={(e) => set({ host: e.target.value })}
          error={f.printer}
        />
        <TextField label={t('settings.printerPort')} value={form.port} inputMode="numeric" autoComplete="off" disabled={form.host.trim() === ''} onChange={(e) => set({ port: e.target.value })} error={f.port} />
      </div>
      {register ? (
        <Checkbox
          label={t('settings.active')}
          hint={t('settings.registerActiveHint')}
          checked={form.active}
          onChange={(e) => set({ active: e.target.checked })}
          error={f.active}
        />
      ) : null}
    </Dialog>
  );
}
