import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { useQueryClient } from '../../data';
import { useT, type MessageId } from '../../i18n';
import { Banner, Button, TextField } from '../../ui';
import { useSession } from './store';
import './lock.css';

type Secret = 'pin' | 'password';

/*
 * While locked, no key reaches the app underneath (the counter's scanner and shortcut
 * listeners sit on window too). Registered when this module loads, before any page mounts,
 * so it runs first; typing into the lock screen's own fields is untouched (default actions).
 */
window.addEventListener(
  'keydown',
  (e) => {
    if (!useSession.getState().locked) return;
    e.stopImmediatePropagation();
    const inLock = e.target instanceof Node && document.querySelector('.lock')?.contains(e.target);
    if (!inLock || e.key === 'Escape') e.preventDefault();
  },
  true,
);

/**
 * The lock screen over the app (which stays as it was, cart included): the signed-in user
 * opens it with their PIN (or password), or another cashier signs in with theirs.
 */
export function LockScreen() {
  const t = useT();
  const user = useSession((s) => s.user);
  const unlock = useSession((s) => s.unlock);
  const queryClient = useQueryClient();
  const ref = useRef<HTMLDialogElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const [switching, setSwitching] = useState(false);
  const [username, setUsername] = useState('');
  const [kind, setKind] = useState<Secret>(user?.hasPin ? 'pin' : 'password');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  useEffect(() => {
    (switching ? usernameRef : secretRef).current?.focus();
  }, [switching, kind]);

  if (!user) return null;

  const choose = (next: { switching: boolean; kind: Secret }) => {
    setSwitching(next.switching);
    setKind(next.kind);
    setSecret('');
    setError(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = switching ? username.trim() : user.username;
    if (!name || !secret) {
      setError(t(!name ? 'session.enterTheUsername' : kind === 'pin' ? 'session.enterThePin' : 'session.enterThePassword'));
      return;
    }
    if (kind === 'pin' && !/^\d{4,8}$/.test(secret)) {
      setError(t('session.pinFormat'));
      setSecret('');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await unlock(kind === 'pin' ? { username: name, pin: secret } : { username: name, password: secret });
      // What was refused while locked is read again for whoever is signed in now.
      void queryClient.invalidateQueries();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setSecret('');
      setBusy(false);
      secretRef.current?.focus();
    }
  };

  return (
    <dialog ref={ref} className="window-screen lock" aria-labelledby="lock-title" onCancel={(e) => e.preventDefault()} data-testid="lock-screen">
      <form className="window-screen__card" onSubmit={(e) => void submit(e)} noValidate>
        <h1 id="lock-title" className="lock__title">
          {t(switching ? 'session.switchCashier' : 'session.locked')}
        </h1>
        <p className="lock__who">
          <FormattedMessage
            id={'session.lockSignedIn' satisfies MessageId}
            values={{ name: user.displayName, username: user.username, strong: (chunks: ReactNode[]) => <strong data-testid="lock-user">{chunks}</strong> }}
          />
        </p>
        {error ? <Banner tone="error">{error}</Banner> : null}
        {switching ? (
          <TextField ref={usernameRef} label={t('session.username')} autoComplete="off" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} />
        ) : null}
        <div className="lock__kind" role="radiogroup" aria-label={t('session.signInWith')}>
          {(['pin', 'password'] as const).map((k) => (
            <label key={k} className={`lock__kind-option${kind === k ? ' is-active' : ''}`}>
              <input type="radio" name="lock-kind" checked={kind === k} onChange={() => choose({ switching, kind: k })} />
              {t(k === 'pin' ? 'session.withPin' : 'session.withPassword')}
            </label>
          ))}
        </div>
        <TextField
          ref={secretRef}
          label={t(kind === 'pin' ? 'session.pin' : 'session.password')}
          type="password"
          inputMode={kind === 'pin' ? 'numeric' : undefined}
          autoComplete="off"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <Button type="submit" variant="primary" busy={busy} block>
          {t(switching ? 'session.signIn' : 'session.unlock')}
        </Button>
        {switching ? (
          <Button variant="ghost" onClick={() => choose({ switching: false, kind: user.hasPin ? 'pin' : 'password' })} block>
            {t('session.backUnlockAs', { name: user.displayName })}
          </Button>
        ) : (
          <Button variant="secondary" onClick={() => choose({ switching: true, kind: 'pin' })} block>
            {t('session.switchCashier')}
          </Button>
        )}
      </form>
    </dialog>
  );
}
