import { useState } from 'react';
import { cartLineCount, parkCart } from '../counter/park';
import { useT } from '../../i18n';
import { Banner, Dialog, DialogActions, useConfirm } from '../../ui';
import { useSession } from './store';

/** Asked before signing out with a cart: it is kept as a held order, then the session ends. */
export function SignOutDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const signOut = useSession((s) => s.signOut);
  const [lines] = useState(cartLineCount);
  const { busy, error, run } = useConfirm(async () => {
    if (!(await parkCart())) throw new Error(t('session.cartNotHeld'));
    await signOut();
  });

  return (
    <Dialog
      open
      title={t('session.signOutTitle')}
      onClose={onClose}
      onSubmit={() => void run()}
      footer={<DialogActions onCancel={onClose} submitLabel={t('session.holdAndSignOut')} busy={busy} />}
    >
      {error ? <Banner tone="error">{error}</Banner> : null}
      <p data-testid="signout-warning">{t('session.signOutWarning', { lines, count: String(lines) })}</p>
    </Dialog>
  );
}

/** Signs out at once with an empty cart; otherwise the caller shows SignOutDialog. */
export function needsSignOutWarning(): boolean {
  return cartLineCount() > 0;
}
