import { useState } from 'react';
import { api, formErrors, type FormErrors } from '../../api';
import { Banner, Button, Dialog, DialogActions, TextField, toast } from '../../ui';
import { useSession } from './store';

type Field = 'pin';
const labels: Record<Field, string> = { pin: 'PIN' };
const noErrors: FormErrors<Field> = { fields: {}, general: null };

/** My account: set or remove my own PIN (quick unlock and switching on a shared terminal). */
export function MyAccountDialog({ onClose }: { onClose: () => void }) {
  const user = useSession((s) => s.user);
  const refresh = useSession((s) => s.refresh);
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field | 'confirm'>>(noErrors);
  const [busy, setBusy] = useState(false);
  if (!user) return null;

  const save = async (next: string | null) => {
    if (next !== null) {
      if (!/^\d{4,8}$/.test(next)) return setErrors({ fields: { pin: 'A PIN is 4 to 8 digits.' }, general: null });
      if (confirm !== next) return setErrors({ fields: { confirm: 'The two PINs differ.' }, general: null });
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      await api.call('users.setPin', { pin: next });
      await refresh();
      toast(next === null ? 'Your PIN is removed.' : 'Your PIN is set.');
      onClose();
    } catch (err) {
      setErrors(formErrors(err, labels));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      title="My account"
      description={`${user.displayName} (${user.username}). A PIN unlocks this terminal and switches cashier quickly; your password still signs in.`}
      onClose={onClose}
      onSubmit={() => void save(pin)}
      footer={<DialogActions onCancel={onClose} submitLabel={user.hasPin ? 'Change PIN' : 'Set PIN'} busy={busy} />}
    >
      {errors.general ? <Banner tone="error">{errors.general}</Banner> : null}
      <TextField label={user.hasPin ? 'New PIN' : 'PIN'} type="password" inputMode="numeric" autoComplete="off" hint="4 to 8 digits." value={pin} onChange={(e) => setPin(e.target.value)} error={errors.fields.pin} />
      <TextField label="PIN again" type="password" inputMode="numeric" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={errors.fields.confirm} />
      {user.hasPin ? (
        <Button variant="ghost" onClick={() => void save(null)} disabled={busy}>
          Remove my PIN
        </Button>
      ) : null}
    </Dialog>
  );
}
