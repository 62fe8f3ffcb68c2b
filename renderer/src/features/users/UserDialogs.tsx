import { useState } from 'react';
import type { Role, User } from '../../../../shared/contract';
// define.ts holds no schemas: importing the contract's index would bring zod into the UI.
import { roles } from '../../../../shared/contract/define';
import { formErrors, type FormErrors } from '../../api';
import { roleLabel } from '../../app/access';
import { useT, type Translate } from '../../i18n';
import { Banner, Checkbox, Dialog, DialogActions, Select, TextField, toast } from '../../ui';
import { useSession } from '../session/store';
import { useUsers } from './store';

const noErrors = { fields: {}, general: null };

type CreateField = 'username' | 'displayName' | 'role' | 'password';
const createLabels = (t: Translate): Record<CreateField, string> => ({ username: t('users.username'), displayName: t('users.displayName'), role: t('users.role'), password: t('users.password') });

export function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const create = useUsers((s) => s.create);
  const [form, setForm] = useState({ username: '', displayName: '', role: 'cashier' as Role, password: '' });
  const [errors, setErrors] = useState<FormErrors<CreateField>>(noErrors);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setForm({ username: '', displayName: '', role: 'cashier', password: '' });
    setErrors(noErrors);
    onClose();
  };

  const submit = async () => {
    setBusy(true);
    setErrors(noErrors);
    try {
      const user = await create(form);
      toast(t('users.userCreated', { username: user.username }));
      close();
    } catch (err) {
      setErrors(formErrors(err, createLabels(t)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={t('users.newUser')}
      description={t('users.newUserDescription')}
      onClose={close}
      onSubmit={submit}
      footer={<DialogActions onCancel={close} submitLabel={t('users.createUser')} busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField
        label={t('users.username')}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        hint={t('users.usernameHint')}
        value={form.username}
        onChange={(e) => setForm({ ...form, username: e.target.value })}
        error={errors.fields.username}
      />
      <NameAndRoleFields value={form} onChange={(v) => setForm({ ...form, ...v })} errors={errors.fields} />
      <TextField
        label={t('users.password')}
        type="password"
        autoComplete="new-password"
        hint={t('users.passwordHint')}
        value={form.password}
        onChange={(e) => setForm({ ...form, password: e.target.value })}
        error={errors.fields.password}
      />
    </Dialog>
  );
}

/** Display name and role: the same two fields when a user is created and when edited. */
function NameAndRoleFields({ value, onChange, errors }: { value: { displayName: string; role: Role }; onChange: (v: { displayName?: string; role?: Role }) => void; errors: { displayName?: string; role?: string } }) {
  const t = useT();
  const roleOptions = roles.map((r) => ({ value: r, label: roleLabel(r, t) }));
  return (
    <>
      <TextField label={t('users.displayName')} autoComplete="off" value={value.displayName} onChange={(e) => onChange({ displayName: e.target.value })} error={errors.displayName} />
      <Select label={t('users.role')} options={roleOptions} value={value.role} onChange={(e) => onChange({ role: e.target.value as Role })} error={errors.role} />
    </>
  );
}

type EditField = 'displayName' | 'role' | 'active';
const editLabels = (t: Translate): Record<EditField, string> => ({ displayName: t('users.displayName'), role: t('users.role'), active: t('users.active') });

export function EditUserDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const update = useUsers((s) => s.update);
  const me = useSession((s) => s.user);
  const refreshSession = useSession((s) => s.refresh);
  const [form, setForm] = useState({ displayName: user.displayName, role: user.role, active: user.active });
  const [errors, setErrors] = useState<FormErrors<EditField>>(noErrors);
  const [busy, setBusy] = useState(false);
  const isMe = me?.id === user.id;

  const submit = async () => {
    const changes: { displayName?: string; role?: Role; active?: boolean } = {};
    if (form.displayName !== user.displayName) changes.displayName = form.displayName;
    if (form.role !== user.role) changes.role = form.role;
    if (form.active !== user.active) changes.active = form.active;
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      const saved = await update({ id: user.id, ...changes });
      toast(t('users.saved', { username: saved.username }));
      if (isMe) await refreshSession();
      onClose();
    } catch (err) {
      setErrors(formErrors(err, editLabels(t)));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      title={t('users.editUser', { username: user.username })}
      description={isMe ? t('users.ownAccount') : t('users.editDescription')}
      onClose={onClose}
      onSubmit={submit}
      footer={<DialogActions onCancel={onClose} submitLabel={t('users.saveChanges')} busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <NameAndRoleFields value={form} onChange={(v) => setForm({ ...form, ...v })} errors={errors.fields} />
      <Checkbox
        label={t('users.active')}
        hint={t('users.activeHint')}
        checked={form.active}
        onChange={(e) => setForm({ ...form, active: e.target.checked })}
        error={errors.fields.active}
      />
    </Dialog>
  );
}

type PasswordField = 'password' | 'confirm';
const passwordLabels = (t: Translate): Record<PasswordField, string> => ({ password: t('users.newPassword'), confirm: t('users.confirmNewPassword') });

export function ResetPasswordDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const setPassword = useUsers((s) => s.setPassword);
  const [form, setForm] = useState({ password: '', confirm: '' });
  const [errors, setErrors] = useState<FormErrors<PasswordField>>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (form.confirm !== form.password) {
      setErrors({ fields: { confirm: t('users.passwordsDiffer') }, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      await setPassword({ id: user.id, password: form.password });
      toast(t('users.passwordReset', { username: user.username }));
      onClose();
    } catch (err) {
      setErrors(formErrors(err, passwordLabels(t)));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      title={t('users.resetPasswordOf', { username: user.username })}
      description={t('users.resetDescription', { displayName: user.displayName })}
      onClose={onClose}
      onSubmit={submit}
      footer={<DialogActions onCancel={onClose} submitLabel={t('users.resetPassword')} busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField
        label={t('users.newPassword')}
        type="password"
        autoComplete="new-password"
        hint={t('users.newPasswordHint')}
        value={form.password}
        onChange={(e) => setForm({ ...form, password: e.target.value })}
        error={errors.fields.password}
      />
      <TextField
        label={t('users.confirmNewPassword')}
        type="password"
        autoComplete="new-password"
        value={form.confirm}
        onChange={(e) => setForm({ ...form, confirm: e.target.value })}
        error={errors.fields.confirm}
      />
    </Dialog>
  );
}

type PinField = 'pin' | 'confirm';
const pinLabels = (t: Translate): Record<PinField, string> => ({ pin: t('users.pin'), confirm: t('users.pinAgain') });

/** An admin sets a user's PIN (4–8 digits) for quick unlock and cashier switching. */
export function SetPinDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const setPin = useUsers((s) => s.setPin);
  const [form, setForm] = useState({ pin: '', confirm: '' });
  const [errors, setErrors] = useState<FormErrors<PinField>>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!/^\d{4,8}$/.test(form.pin)) return setErrors({ fields: { pin: t('users.pinFormat') }, general: null });
    if (form.confirm !== form.pin) return setErrors({ fields: { confirm: t('users.pinsDiffer') }, general: null });
    setBusy(true);
    setErrors(noErrors);
    try {
      await setPin({ userId: user.id, pin: form.pin });
      toast(t('users.pinSet', { username: user.username }));
      onClose();
    } catch (err) {
      setErrors(formErrors(err, pinLabels(t)));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      title={user.hasPin ? t('users.changePinOf', { username: user.username }) : t('users.setPinOf', { username: user.username })}
      description={t('users.pinDescription', { displayName: user.displayName })}
      onClose={onClose}
      onSubmit={submit}
      footer={<DialogActions onCancel={onClose} submitLabel={t('users.setPin')} busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField label={t('users.pin')} type="password" inputMode="numeric" autoComplete="off" hint={t('users.pinHint')} value={form.pin} onChange={(e) => setForm({ ...form, pin: e.target.value })} error={errors.fields.pin} />
      <TextField label={t('users.pinAgain')} type="password" inputMode="numeric" autoComplete="off" value={form.confirm} onChange={(e) => setForm({ ...form, confirm: e.target.value })} error={errors.fields.confirm} />
    </Dialog>
  );
}
