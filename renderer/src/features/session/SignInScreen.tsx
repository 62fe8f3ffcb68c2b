import { useRef, useState, type FormEvent } from 'react';
import { formErrors, type FormErrors } from '../../api';
import { Banner, Button, TextField } from '../../ui';
import { AuthLayout } from './AuthLayout';
import { useSession } from './store';

type Field = 'username' | 'password';
const labels: Record<Field, string> = { username: 'Username', password: 'Password' };

export function SignInScreen() {
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
    if (!username.trim()) missing.username = 'Enter your username.';
    if (!password) missing.password = 'Enter your password.';
    if (Object.keys(missing).length > 0) {
      setErrors({ fields: missing, general: null });
      return;
    }
    setBusy(true);
    setErrors({ fields: {}, general: null });
    try {
      await signIn({ username, password });
    } catch (err) {
      setErrors(formErrors(err, labels));
      setPassword('');
      setBusy(false);
      // The username stays; the cashier types the password again.
      if (username.trim()) passwordRef.current?.focus();
    }
  };

  return (
    <AuthLayout title="Sign in" subtitle="Sign in with the username and password your administrator gave you.">
      <form className="auth__form" onSubmit={submit} noValidate aria-label="Sign in">
        {notice && !errors.general ? (
          <Banner tone={notice.tone} onDismiss={dismissNotice}>
            {notice.text}
          </Banner>
        ) : null}
        {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
        <TextField
          label="Username"
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
          label="Password"
          name="password"
          type="password"
          ref={passwordRef}
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
        />
        <Button type="submit" variant="primary" size="lg" block busy={busy}>
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}
