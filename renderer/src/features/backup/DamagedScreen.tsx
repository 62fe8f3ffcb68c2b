import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { BackupFile, Health } from '../../../../shared/contract/system';
import { api } from '../../api';
import { Badge, Banner, Button, TextField } from '../../ui';
import { formatBytes, formatWhen, kindLabels } from './format';
import '../session/session.css';
import './backup.css';

/** Restoring one backup: the credentials of an administrator of that backup (the damaged database cannot vouch for anyone). */
function RecoverForm({ backup, onCancel }: { backup: BackupFile; onCancel: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = async () => {
    if (!username.trim() || !password) {
      setError('Enter the username and password of an administrator.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.call('system.recover', { name: backup.name, username, password });
      setDone(true);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  if (done) {
    return (
      <div className="recovery__form">
        <Banner tone="success" title="The backup is restored.">
          Tessera runs on the data of {formatWhen(backup.createdAt)}. The damaged file is kept beside it.
        </Banner>
        <Button variant="primary" size="lg" block onClick={() => window.location.reload()}>
          Continue to sign in
        </Button>
      </div>
    );
  }

  return (
    <form
      className="recovery__form"
      noValidate
      aria-label={`Restore ${backup.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p>
        Restore <strong>{backup.name}</strong>, made {formatWhen(backup.createdAt)}. Sign in as an administrator of that backup:
      </p>
      <TextField label="Username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
      <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      {error ? <Banner tone="error">{error}</Banner> : null}
      <div className="recovery__actions">
        <Button onClick={onCancel} disabled={busy}>
          Back
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          Restore this backup
        </Button>
      </div>
    </form>
  );
}

/**
 * The database is damaged (found at start, by the background check or by a call that met
 * it): the app serves nothing else. Lists the backups, each with a Restore button.
 */
export function DamagedScreen({ health }: { health: Health }) {
  const [backups, setBackups] = useState<BackupFile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<BackupFile | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const list = await api.call('system.backups', {});
      setBackups(list.items);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    document.title = 'The database is damaged · Tessera';
  }, []);

  let body: ReactNode;
  if (chosen) {
    body = <RecoverForm backup={chosen} onCancel={() => setChosen(null)} />;
  } else if (error) {
    body = (
      <Banner tone="error" title="The backups could not be listed.">
        {error}
      </Banner>
    );
  } else if (backups === null) {
    body = <p className="recovery__muted">Looking for backups…</p>;
  } else if (backups.length === 0) {
    body = (
      <Banner tone="warning" title="No backup was found.">
        Copy a backup file into the data folder&apos;s <code>backups</code> folder and check again, or restore one with <code>tessera restore FILE</code> while the app is stopped.
      </Banner>
    );
  } else {
    body = (
      <ul className="recovery__list" aria-label="Backups">
        {backups.map((b) => (
          <li key={b.name} className="recovery__item">
            <div className="recovery__item-text">
              <p className="recovery__when">{formatWhen(b.createdAt)}</p>
              <p className="recovery__meta">
                {b.kind ? (
                  <>
                    <Badge tone={kindLabels[b.kind].tone}>{kindLabels[b.kind].label}</Badge>{' '}
                  </>
                ) : null}
                <span className="backup__name">{b.name}</span> ·{' '}
                {formatBytes(b.bytes)}
              </p>
            </div>
            <Button variant={b === backups.find((x) => x.kind !== 'before-restore' && !x.name.includes('.before-restore-')) ? 'primary' : 'secondary'} onClick={() => setChosen(b)} aria-label={`Restore ${b.name}`}>
              Restore
            </Button>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <main className="auth recovery">
      <div className="auth__card recovery__card">
        <div className="auth__brand" aria-hidden="true">
          <span className="auth__logo">T</span>
          <span className="auth__name">Tessera</span>
        </div>
        <div className="recovery__alert" role="alert">
          <span className="recovery__icon" aria-hidden="true">
            !
          </span>
          <div>
            <h1 className="auth__title">The database is damaged</h1>
            <p className="auth__subtitle">
              Tessera found damage in its database, so it has stopped and writes nothing more to it. Restore a backup to carry on: the damaged
              file is kept aside, not deleted.
            </p>
          </div>
        </div>
        <details className="recovery__details">
          <summary>What the check found</summary>
          <p>{health.problem ?? 'The integrity check failed.'}</p>
        </details>
        <h2 className="recovery__heading">{chosen ? 'Restore' : 'Backups, newest first'}</h2>
        {body}
        {!chosen ? (
          <div className="recovery__footer">
            <Button variant="ghost" onClick={() => void load()}>
              Look for backups again
            </Button>
          </div>
        ) : null}
      </div>
    </main>
  );
}
