import { useState } from 'react';
import { isLanguage, languageNames, uiLanguages } from '../../../../shared/i18n/languages';
import { api, formErrors, type FormErrors } from '../../api';
import { useStoreSettings } from '../../data';
import { adoptUserLanguage, t as translate, useLanguage, useT } from '../../i18n';
import { Banner, Button, Dialog, DialogActions, Select, TextField, toast } from '../../ui';
import { useSession } from './store';
import './session.css';

type Field = 'pin' | 'language';
const noErrors: FormErrors<Field | 'confirm'> = { fields: {}, general: null };

/** My account: set or remove my own PIN (quick unlock and switching on a shared terminal), and the language my screens speak. */
export function MyAccountDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const current = useLanguage();
  const user = useSession((s) => s.user);
  const refresh = useSession((s) => s.refresh);
  const storeLanguage = useStoreSettings().data?.defaultLanguage;
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [language, setLanguage] = useState<string>(user?.language ?? '');
  const [errors, setErrors] = useState<FormErrors<Field | 'confirm'>>(noErrors);
  const [busy, setBusy] = useState(false);
  if (!user) return null;

  const labels = (): Record<Field, string> => ({ pin: t('session.pin'), language: t('session.language') });

  const save = async (next: string | null) => {
    if (next !== null) {
      if (!/^\d{4,8}$/.test(next)) return setErrors({ fields: { pin: t('session.pinFormat') }, general: null });
      if (confirm !== next) return setErrors({ fields: { confirm: t('session.pinsDiffer') }, general: null });
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      await api.call('users.setPin', { pin: next });
      await refresh();
      toast(t(next === null ? 'session.pinRemoved' : 'session.pinSet'));
      onClose();
    } catch (err) {
      setErrors(formErrors(err, labels()));
      setBusy(false);
    }
  };

  const saveLanguage = async () => {
    setBusy(true);
    setErrors(noErrors);
    try {
      const saved = await api.call('users.update', { language: isLanguage(language) ? language : null });
      // The session's user says which language the screens speak (see the subscription in store.ts).
      await refresh();
      // Said in the language just chosen (once its catalogue is in; the screens switch with it).
      await adoptUserLanguage(saved.language).catch(() => undefined);
      toast(translate('session.languageSaved'));
      onClose();
    } catch (err) {
      setErrors(formErrors(err, labels()));
      setBusy(false);
    }
  };

  // The store's language: from its settings; until they are read, what the screens speak when the user has none.
  const storeDefault = storeLanguage ?? (user.language === null ? current : 'en');
  const languageOptions = [
    { value: '', label: t('session.languageStoreDefault', { language: languageNames[storeDefault] }) },
    ...uiLanguages.map((l) => ({ value: l, label: languageNames[l] })),
  ];

  return (
    <Dialog
      open
      title={t('session.myAccount')}
      description={t('session.myAccountDescription', { name: user.displayName, username: user.username })}
      onClose={onClose}
      onSubmit={() => void save(pin)}
      footer={<DialogActions onCancel={onClose} submitLabel={t(user.hasPin ? 'session.changePin' : 'session.setPin')} busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField
        label={t(user.hasPin ? 'session.newPin' : 'session.pin')}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        hint={t('session.pinHint')}
        value={pin}
        onChange={(e) => setPin(e.target.value)}
        error={errors.fields.pin}
      />
      <TextField label={t('session.pinAgain')} type="password" inputMode="numeric" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={errors.fields.confirm} />
      {user.hasPin ? (
        <Button variant="ghost" onClick={() => void save(null)} disabled={busy}>
          {t('session.removePin')}
        </Button>
      ) : null}
      <div className="account__language">
        <Select
          label={t('session.language')}
          hint={t('session.languageHint')}
          value={language}
          options={languageOptions}
          disabled={busy}
          onChange={(e) => setLanguage(e.target.value)}
          error={errors.fields.language}
        />
        <Button onClick={() => void saveLanguage()} disabled={busy || language === (user.language ?? '')}>
          {t('session.saveLanguage')}
        </Button>
      </div>
    </Dialog>
  );
}
