import { useState, type FormEvent, type ReactNode } from 'react';
import type { HeadOfficeStatus } from '../../../../shared/contract/headOffice';
import { contractKey, useDataClient, useQueryClient, useStoreFormat } from '../../data';
import { useT } from '../../i18n';
import { Banner, Button, Dialog, DialogActions, TextField, toast, useConfirm } from '../../ui';
import { Rich } from '../backup/Rich';
import { attachErrorText, urlProblem } from './attach';

// Commands read left to right on an Arabic screen too, and are short here: never broken at their hyphen.
const code = (chunks: ReactNode[]) => (
  <code className="ho__code ho__code--whole" dir="ltr">
    {chunks}
  </code>
);
// The head office's address may be long: it wraps.
const address = (chunks: ReactNode[]) => (
  <code className="ho__code" dir="ltr">
    {chunks}
  </code>
);

const statusKey = contractKey('headOffice.status', {});

/** The new state as headOffice.attach / .detach answered it, at once and read again (a poll in flight may hold the old one). */
function useAdoptStatus(): (status: HeadOfficeStatus) => Promise<void> {
  const queryClient = useQueryClient();
  return async (status) => {
    await queryClient.cancelQueries({ queryKey: statusKey });
    queryClient.setQueryData(statusKey, status);
    await queryClient.invalidateQueries({ queryKey: ['headOffice.installations'] });
  };
}

/**
 * Desktop, an admin, no head office: paste the URL `tessera headoffice add-installation`
 * printed. The core connects with it first (up to about 10 s), then keeps it in the OS keychain
 * and starts shipping. The URL holds the installation's password: a password field, never
 * shown again, gone from the screen once attached.
 */
export function AttachForm() {
  const t = useT();
  const client = useDataClient();
  const adopt = useAdoptStatus();
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = t('headOffice.attachUrlLabel');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const problem = urlProblem(url, t);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const status = await client.call('headOffice.attach', { url });
      setUrl('');
      await adopt(status);
      toast(t('headOffice.attachedToast'), 'success');
    } catch (err) {
      setError(attachErrorText(err, label, t));
      setBusy(false);
    }
  };

  return (
    <form className="ho__attach" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="ho-attach" data-testid="head-office-attach">
      <h3 className="ho__subheading" id="ho-attach">
        {t('headOffice.attachHeading')}
      </h3>
      <p className="ho__text">{t('headOffice.attachText')}</p>
      <div className="ho__attach-field">
        <TextField
          label={label}
          type="password"
          name="head-office-url"
          value={url}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          dir="ltr"
          readOnly={busy}
          maxLength={2000}
          hint={<Rich id="headOffice.attachUrlHint" values={{ code }} />}
          error={error}
          onChange={(e) => {
            setUrl(e.target.value);
            if (error) setError(null);
          }}
        />
      </div>
      <div className="ho__attach-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {t('headOffice.attachButton')}
        </Button>
        {/* The check can take a while: say so, and say it to screen readers too. */}
        <p className="ho__attach-busy" aria-live="polite" data-testid="head-office-attach-busy">
          {busy ? t('headOffice.attachChecking') : null}
        </p>
      </div>
    </form>
  );
}

/** Desktop, not an admin, no head office: who sets it, and with what. */
export function AttachAskAdmin() {
  return (
    <p className="ho__text" data-testid="head-office-ask-admin">
      <Rich id="headOffice.attachAskAdmin" values={{ code }} />
    </p>
  );
}

function DetachDialog({ status, onClose }: { status: HeadOfficeStatus; onClose: () => void }) {
  const t = useT();
  const fmt = useStoreFormat();
  const client = useDataClient();
  const adopt = useAdoptStatus();
  const { busy, error, run } = useConfirm(async () => {
    const next = await client.call('headOffice.detach', {});
    onClose();
    await adopt(next);
    toast(t('headOffice.detachedToast'), 'success');
  }, t('errors.somethingWrong'));

  return (
    <Dialog
      open
      title={t('headOffice.detachTitle')}
      onClose={busy ? () => {} : onClose}
      description={status.target ? <Rich id="headOffice.detachDescription" values={{ target: status.target, code: address }} /> : undefined}
      onSubmit={() => void run()}
      footer={<DialogActions onCancel={onClose} cancelLabel={t('headOffice.detachCancel')} submitLabel={t('headOffice.detachConfirm')} busy={busy} tone="danger" />}
    >
      <ul className="ho__consequences" data-testid="head-office-detach-consequences">
        <li>{t('headOffice.detachKeepsShipped')}</li>
        <li>{t('headOffice.detachKeepsSelling')}</li>
        {status.pending > 0 ? <li>{t('headOffice.detachPending', { count: status.pending, n: fmt.number(status.pending) })}</li> : null}
        <li>
          <Rich id="headOffice.detachAgain" values={{ code }} />
        </li>
      </ul>
      {error ? (
        <Banner tone="error" title={t('headOffice.detachFailed')}>
          {error}
        </Banner>
      ) : null}
    </Dialog>
  );
}

/** Desktop, an admin, a head office set: stop shipping to it, after saying what that means. */
export function DetachControl({ status }: { status: HeadOfficeStatus }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <div className="ho__detach">
      <Button onClick={() => setOpen(true)}>{t('headOffice.detachButton')}</Button>
      {open ? <DetachDialog status={status} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}
