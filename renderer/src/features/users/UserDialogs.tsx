import { useState } from 'react';
import type { Role, User } from '../../../../shared/contract';
// define.ts holds no schemas: importing the contract's index would bring zod into the UI.
import { roles } from '../../../../shared/contract/define';
import { formErrors, type FormErrors } from '../../api';
import { roleLabels } from '../../app/access';
import { Banner, Checkbox, Dialog, DialogActions, Select, TextField, toast } from '../../ui';
import { useSession } from '../session/store';
import { useUsers } from './store';

const roleOptions = roles.map((r) => ({ value: r, label: roleLabels[r] }));
const noErrors = { fields: {}, general: null };

type CreateField = 'username' | 'displayName' | 'role' | 'password';
const createLabels: Record<CreateField, string> = { username: 'Username', displayName: 'Display name', role: 'Role', password: 'Password' };

export function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
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
      toast(`User ${user.username} created.`);
      close();
    } catch (err) {
      setErrors(formErrors(err, createLabels));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title="New user"
      description="The new user signs in with this username and password."
      onClose={close}
      onSubmit={submit}
      footer={<DialogActions onCancel={close} submitLabel="Create user" busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField
        label="Username"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        hint="3–64 characters: lowercase letters, digits, dot, underscore or hyphen."
        value={form.username}
        onChange={(e) => setForm({ ...form, username: e.target.value })}
        error={errors.fields.username}
      />
      <NameAndRoleFields value={form} onChange={(v) => setForm({ ...form, ...v })} errors={errors.fields} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters. The user can be given a new one later."
        value={form.password}
        onChange={(e) => setForm({ ...form, password: e.target.value })}
        error={errors.fields.password}
      />
    </Dialog>
  );
}

/** Display name and role: the same two fields when a user is created and when edited. */
function NameAndRoleFields({ value, onChange, errors }: { value: { displayName: string; role: Role }; onChange: (v: { displayName?: string; role?: Role }) => void; errors: { displayName?: string; role?: string } }) {
  return (
    <>
      <TextField label="Display name" autoComplete="off" value={value.displayName} onChange={(e) => onChange({ displayName: e.target.value })} error={errors.displayName} />
      <Select label="Role" options={roleOptions} value={value.role} onChange={(e) => onChange({ role: e.target.value as Role })} error={errors.role} />
    </>
  );
}

type EditField = 'displayName' | 'role' | 'active';
const editLabels: Record<EditField, string> = { displayName: 'Display name', role: 'Role', active: 'Active' };

export function EditUserDialog({ user, onClose }: { user: User; onClose: () => void }) {
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
      toast(`Saved ${saved.username}.`);
      if (isMe) await refreshSession();
      onClose();
    } catch (err) {
      setErrors(formErrors(err, editLabels));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      title={`Edit ${user.username}`}
      description={isMe ? 'This is your own account.' : 'Changing the role or deactivating signs this user out everywhere.'}
      onClose={onClose}
      onSubmit={submit}
      footer={<DialogActions onCancel={onClose} submitLabel="Save changes" busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <NameAndRoleFields value={form} onChange={(v) => setForm({ ...form, ...v })} errors={errors.fields} />
      <Checkbox
        label="Active"
        hint="An inactive user cannot sign in. Their past orders are kept."
        checked={form.active}
        onChange={(e) => setForm({ ...form, active: e.target.checked })}
        error={errors.fields.active}
      />
    </Dialog>
  );
}

type PasswordField = 'password' | 'confirm';
const passwordLabels: Record<PasswordField, string> = { password: 'New password', confirm: 'Confirm new password' };

export function ResetPasswordDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const setPassword = useUsers((s) => s.setPassword);
  const [form, setForm] = useState({ password: '', confirm: '' });
  const [errors, setErrors] = useState<FormErrors<PasswordField>>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (form.confirm !== form.password) {
      setErrors({ fields: { confirm: 'The passwords do not match.' }, general: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      await setPassword({ id: user.id, password: form.password });
      toast(`Password of ${user.username} reset.`);
      onClose();
    } catch (err) {
      setErrors(formErrors(err, passwordLabels));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      title={`Reset password of ${user.username}`}
      description={`${user.displayName} will be signed out and must sign in with the new password.`}
      onClose={onClose}
      onSubmit={submit}
      footer={<DialogActions onCancel={onClose} submitLabel="Reset password" busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        value={form.password}
        onChange={(e) => setForm({ ...form, password: e.target.value })}
        error={errors.fields.password}
      />
      <TextField
        label="Confirm new password"
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
const pinLabels: Record<PinField, string> = { pin: 'PIN', confirm: 'PIN again' };

/** An admin sets a user's PIN (4–8 digits) for quick unlock and cashier switching. */
export function SetPinDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const setPin = useUsers((s) => s.setPin);
  const [form, setForm] = useState({ pin: '', confirm: '' });
  const [errors, setErrors] = useState<FormErrors<PinField>>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!/^\d{4,8}$/.test(form.pin)) return setErrors({ fields: { pin: 'A PIN is 4 to 8 digits.' }, general: null });
    if (form.confirm !== form.pin) return setErrors({ fields: { confirm: 'The two PINs differ.' }, general: null });
    setBusy(true);
    setErrors(noErrors);
    try {
      await setPin({ userId: user.id, pin: form.pin });
      toast(`PIN of ${user.username} set.`);
      onClose();
    } catch (err) {
      setErrors(formErrors(err, pinLabels));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      title={`${user.hasPin ? 'Change' : 'Set'} PIN of ${user.username}`}
      description={`${user.displayName} can unlock a terminal and switch cashier with it. Tell them in person.`}
      onClose={onClose}
      onSubmit={submit}
      footer={<DialogActions onCancel={onClose} submitLabel="Set PIN" busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField label="PIN" type="password" inputMode="numeric" autoComplete="off" hint="4 to 8 digits." value={form.pin} onChange={(e) => setForm({ ...form, pin: e.target.value })} error={errors.fields.pin} />
      <TextField label="PIN again" type="password" inputMode="numeric" autoComplete="off" value={form.confirm} onChange={(e) => setForm({ ...form, confirm: e.target.value })} error={errors.fields.confirm} />
    </Dialog>
  );
}
