import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, formErrors, type FormErrors } from '../../api';
import { useContractQuery } from '../../data';
import { useT, type Translate } from '../../i18n';
import { Banner, Button, LoadError, TextField } from '../../ui';
import { useSession } from '../session/store';
import './register.css';

type NewField = 'code' | 'name';
const newLabelsOf = (t: Translate): Record<NewField, string> => ({ code: t('register.code'), name: t('common.name') });

/** An admin adds a register from the chooser: code and name, then this terminal is bound to it. */
function NewRegister({ onCreated }: { onCreated: (id: string) => Promise<void> }) {
  const t = useT();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<NewField>>({ fields: {}, general: null });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setBusy(true);
    try {
      const register = await api.call('registers.create', { code, name });
      await onCreated(register.id);
    } catch (err) {
      setErrors(formErrors(err, newLabelsOf(t)));
      setBusy(false);
    }
  };

  return (
    <form className="chooser__new" onSubmit={(e) => void submit(e)} noValidate aria-label={t('register.newRegister')}>
      <h2 className="chooser__subtitle">{t('register.newRegister')}</h2>
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <div className="chooser__new-fields">
        <TextField label={t('register.code')} hint={t('register.codeHint')} value={code} maxLength={12} autoCapitalize="characters" spellCheck={false} onChange={(e) => setCode(e.target.value)} error={errors.fields.code} />
        <TextField label={t('common.name')} value={name} maxLength={60} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
      </div>
      <Button type="submit" busy={busy}>
        {t('register.addAndUse')}
      </Button>
    </form>
  );
}

/**
 * "Which till is this terminal?": the active registers, "No register (back office)" for
 * managers and admins, and a new register for an admin. Required after a seller's first
 * sign-in on a terminal when there are several; from the register menu it can be cancelled.
 */
export function RegisterChooser() {
  const t = useT();
  const user = useSession((s) => s.user);
  const mode = useSession((s) => s.choosingRegister);
  const current = useSession((s) => s.registerId);
  const bindRegister = useSession((s) => s.bindRegister);
  const askRegister = useSession((s) => s.askRegister);
  const signOut = useSession((s) => s.signOut);
  const registers = useContractQuery('registers.list', { includeInactive: false });
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  // Focus the first choice once the registers are there.
  const loaded = registers.data !== undefined;
  useEffect(() => {
    if (loaded) ref.current?.querySelector<HTMLButtonElement>('.chooser__choice')?.focus();
  }, [loaded]);

  if (!user || !mode) return null;
  const manages = user.role === 'admin' || user.role === 'manager';

  const choose = async (registerId: string | null) => {
    setBusy(registerId ?? 'none');
    setError(null);
    try {
      await bindRegister(registerId);
    } catch (err) {
      setError(formErrors(err, {}).general);
      setBusy(null);
    }
  };

  return (
    <dialog
      ref={ref}
      className="window-screen"
      aria-labelledby="chooser-title"
      data-testid="register-chooser"
      onCancel={(e) => {
        e.preventDefault();
        askRegister(null);
      }}
    >
      <div className="window-screen__card chooser__card">
        <h1 id="chooser-title" className="chooser__title">
          {t('register.chooserTitle')}
        </h1>
        <p className="chooser__lead">{t('register.chooserLead')}</p>
        {error ? <Banner tone="error">{error}</Banner> : null}
        {registers.error ? <LoadError title={t('register.registersReadError')} message={registers.error.message} onRetry={() => void registers.refetch()} /> : null}
        {registers.data ? (
          <ul className="chooser__list" aria-label={t('register.registersLabel')}>
            {registers.data.items.map((r) => (
              <li key={r.id}>
                <Button className="chooser__choice" block size="lg" variant={r.id === current ? 'primary' : 'secondary'} busy={busy === r.id} onClick={() => void choose(r.id)}>
                  <span className="chooser__code">{r.code}</span> {r.name}
                </Button>
              </li>
            ))}
            {registers.data.items.length === 0 ? <li className="chooser__empty">{user.role === 'admin' ? t('register.noneInUseAdmin') : t('register.noneInUse')}</li> : null}
            {manages ? (
              <li>
                <Button className="chooser__choice" block variant="ghost" busy={busy === 'none'} onClick={() => void choose(null)}>
                  {t('register.backOffice')}
                </Button>
              </li>
            ) : null}
          </ul>
        ) : null}
        {user.role === 'admin' ? <NewRegister onCreated={(id) => choose(id)} /> : null}
        <div className="chooser__footer">
          {mode === 'change' ? (
            <Button variant="secondary" onClick={() => askRegister(null)}>
              {t('common.cancel')}
            </Button>
          ) : (
            <Button variant="ghost" onClick={() => void signOut()}>
              {t('register.signOut')}
            </Button>
          )}
        </div>
      </div>
    </dialog>
  );
}
