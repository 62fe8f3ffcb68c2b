import { useState, type FormEvent } from 'react';
import { formErrors, type FormErrors } from '../../api';
import { Banner, Button, TextField } from '../../ui';
import { AuthLayout } from './AuthLayout';
import { useSession } from './store';

type Field = 'setupCode' | 'username' | 'displayName' | 'password' | 'confirm';
const labels: Record<Field, string> = {
  setupCode: 'Setup code',
  username: 'Username',
  displayName: 'Display name',
  password: 'Password',
  confirm: 'Confirm password',
};

/** First run: no user exists yet, so the first person creates the administrator account. */
export function SetupScreen() {
  const setup = useSession((s) => s.setup);
  const needsCode = useSession((s) => s.needsSetupCode);
  const [form, setForm] = useState({ setupCode: '', username: '', displayName: '', password: '', confirm: '' });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors<Field>>({ fields: {}, general: null });
  const update = (field: Field) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FormErrors<Field>['fields'] = {};
    if (needsCode && !form.setupCode.trim()) local.setupCode = 'Enter the setup code Tessera printed where it was started.';
    if (!form.username.trim()) local.username = 'Choose a username.';
    if (!form.displayName.trim()) local.displayName = 'Enter the name to show for this account.';
    if (form.password.length < 8) local.password = 'Use at least 8 characters.';
    if (form.confirm !== form.password) local.confirm = 'The passwords do not match.';
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
      setErrors(formErrors(err, labels));
      setBusy(false);
    }
  };

  return (
    <AuthLayout
      title="Set up Tessera"
      subtitle="Create the administrator account. You will use it to sign in and to add your staff."
    >
      <form className="auth__form" onSubmit={submit} noValidate aria-label="Create the administrator">
        {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
        {needsCode ? (
          <TextField
            label="Setup code"
            name="setupCode"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            autoFocus
            hint="Only the person who started Tessera has it: the line “Setup code: …” where it was started."
            value={form.setupCode}
            onChange={update('setupCode')}
            error={errors.fields.setupCode}
          />
        ) : null}
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus={!needsCode}
          hint="3–64 characters: lowercase letters, digits, dot, underscore or hyphen."
          value={form.username}
          onChange={update('username')}
          error={errors.fields.username}
        />
        <TextField
          label="Display name"
          name="displayName"
          autoComplete="name"
          hint="Shown in the app and on the orders this person takes."
          value={form.displayName}
          onChange={update('displayName')}
          error={errors.fields.displayName}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          value={form.password}
          onChange={update('password')}
          error={errors.fields.password}
        />
        <TextField
          label="Confirm password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={form.confirm}
          onChange={update('confirm')}
          error={errors.fields.confirm}
        />
        <Button type="submit" variant="primary" size="lg" block busy={busy}>
          Create administrator
        </Button>
      </form>
    </AuthLayout>
  );
}
