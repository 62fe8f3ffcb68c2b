import { useState, type FormEvent } from 'react';
import { formErrors, type FormErrors } from '../../api';
import { useT, type Translate } from '../../i18n';
import { Banner, Button, TextField } from '../../ui';
import { AuthLayout } from './AuthLayout';
import { useSession } from './store';

type Field = 'setupCode' | 'username' | 'displayName' | 'password' | 'confirm';
const labels = (t: Translate): Record<Field, string> => ({
  setupCode: t('session.setupCode'),
  username: t('session.username'),
  displayName: t('session.displayName'),
  password: t('session.password'),
  confirm: t('session.confirmPassword'),
});

/** First run: no user exists yet, so the first person creates the administrator account. */
export function SetupScreen() {
  const t = useT();
  const setup = useSession((s) => s.setup);
  const needsCode = useSession((s) => s.needsSetupCode);
  const [form, setForm] = useState({ setupCode: '', username: '', displayName: '', password: '', confirm: '' });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<Field>>({ fields: {}, general: null });
  const update = (field: Field) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FormErrors<Field>['fields'] = {};
    if (needsCode && !form.setupCode.trim()) local.setupCode = t('session.setupCodeMissing');
    if (!form.username.trim()) local.username = t('session.usernameMissing');
    if (!form.displayName.trim()) local.displayName = t('session.displayNameMissing');
    if (form.password.length < 8) local.password = t('session.passwordTooShort');
    if (form.confirm !== form.password) local.confirm = t('session.passwordsDiffer');
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, general: null });
      return;
    }
    setBusy(true);
    setErrors({ fields: {}, general: null });
    try {
      await setup({
        username: form.username,
        displayName: form.displayName,
        password: form.password,
        ...(needsCode ? { setupCode: form.setupCode.trim() } : {}),
      });
    } catch (err) {
      setErrors(formErrors(err, labels(t)));
      setBusy(false);
    }
  };

  return (
    <AuthLayout
      title={t('session.setupTitle')}
      subtitle={t('session.setupSubtitle')}
    >
      <form className="auth__form" onSubmit={submit} noValidate aria-label={t('session.setupFormLabel')}>
        {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
        {needsCode ? (
          <TextField
            label={t('session.setupCode')}
            name="setupCode"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            autoFocus
            hint={t('session.setupCodeHint')}
            value={form.setupCode}
            onChange={update('setupCode')}
            error={errors.fields.setupCode}
          />
        ) : null}
        <TextField
          label={t('session.username')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus={!needsCode}
          hint={t('session.usernameHint')}
          value={form.username}
          onChange={update('username')}
          error={errors.fields.username}
        />
        <TextField
          label={t('session.displayName')}
          name="displayName"
          autoComplete="name"
          hint={t('session.displayNameHint')}
          value={form.displayName}
          onChange={update('displayName')}
          error={errors.fields.displayName}
        />
        <TextField
          label={t('session.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          hint={t('session.passwordHint')}
          value={form.password}
          onChange={update('password')}
          error={errors.fields.password}
        />
        <TextField
          label={t('session.confirmPassword')}
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={form.confirm}
          onChange={update('confirm')}
          error={errors.fields.confirm}
        />
        <Button type="submit" variant="primary" size="lg" block busy={busy}>
          {t('session.createAdmin')}
        </Button>
      </form>
    </AuthLayout>
  );
}
