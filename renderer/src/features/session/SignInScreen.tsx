import { useRef, useState, type FormEvent } from 'react';
import { formErrors, type FormErrors } from '../../api';
import { useT } from '../../i18n';
import { Banner, Button, TextField } from '../../ui';
import { AuthLayout } from './AuthLayout';
import { useSession } from './store';

type Field = 'username' | 'password';

export function SignInScreen() {
  const t = useT();
  const signIn = useSession((s) => s.signIn);
  const notice = useSession((s) => s.notice);
  const dismissNotice = useSession((s) => s.dismissNotice);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<FormErrors<Field>>({ fields: {}, general: null });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing: FormErrors<Field>['fields'] = {};
    if (!username.trim()) missing.username = t('session.enterYourUsername');
    if (!password) missing.password = t('session.enterYourPassword');
    if (Object.keys(missing).length > 0) {
      setErrors({ fields: missing, general: null });
      return;
    }
    setBusy(true);
    setErrors({ fields: {}, general: null });
    try {
      await signIn({ username, password });
    } catch (err) {
      setErrors(formErrors(err, { username: t('session.username'), password: t('session.password') }));
      setPassword('');
      setBusy(false);
      // The username stays; the cashier types the password again.
      if (username.trim()) passwordRef.current?.focus();
    }
  };

  return (
    <AuthLayout title={t('session.signIn')} subtitle={t('session.signInSubtitle')}>
      <form className="auth__form" onSubmit={submit} noValidate aria-label={t('session.signIn')}>
        {notice && !errors.general ? (
          <Banner tone={notice.tone} onDismiss={dismissNotice}>
            {t(notice.message)}
          </Banner>
        ) : null}
        {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
        <TextField
          label={t('session.username')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={errors.fields.username}
        />
        <TextField
          label={t('session.password')}
          name="password"
          type="password"
          ref={passwordRef}
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
        />
        <Button type="submit" variant="primary" size="lg" block busy={busy}>
          {t('session.signIn')}
        </Button>
      </form>
    </AuthLayout>
  );
}
