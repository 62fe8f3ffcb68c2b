import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { BackupFile, Health } from '../../../../shared/contract/system';
import { api } from '../../api';
import { useT } from '../../i18n';
import { Badge, Banner, Button, TextField } from '../../ui';
import { formatBytes, formatWhen, kindBadge } from './format';
import { Rich } from './Rich';
import '../session/session.css';
import './backup.css';

/** Restoring one backup: the credentials of an administrator of that backup (the damaged database cannot vouch for anyone). */
function RecoverForm({ backup, onCancel }: { backup: BackupFile; onCancel: () => void }) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = async () => {
    if (!username.trim() || !password) {
      setError(t('backup.recoverCredentialsMissing'));
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
        <Banner tone="success" title={t('backup.recoveredTitle')}>
          {t('backup.recoveredBody', { when: formatWhen(backup.createdAt) })}
        </Banner>
        <Button variant="primary" size="lg" block onClick={() => window.location.reload()}>
          {t('backup.continueToSignIn')}
        </Button>
      </div>
    );
  }

  return (
    <form
      className="recovery__form"
      noValidate
      aria-label={t('backup.restoreNamed', { name: backup.name })}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p>
        <Rich
          id="backup.recoverIntro"
          values={{ name: backup.name, when: formatWhen(backup.createdAt), strong: (chunks) => <strong>{chunks}</strong> }}
        />
      </p>
      <TextField label={t('backup.username')} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
      <TextField label={t('backup.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      {error ? <Banner tone="error">{error}</Banner> : null}
      <div className="recovery__actions">
        <Button onClick={onCancel} disabled={busy}>
          {t('common.back')}
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          {t('backup.restoreThisBackup')}
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
  const t = useT();
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
    document.title = t('shell.windowTitle', { page: t('backup.damagedTitle') });
  }, [t]);

  let body: ReactNode;
  if (chosen) {
    body = <RecoverForm backup={chosen} onCancel={() => setChosen(null)} />;
  } else if (error) {
    body = (
      <Banner tone="error" title={t('backup.listFailed')}>
        {error}
      </Banner>
    );
  } else if (backups === null) {
    body = <p className="recovery__muted">{t('backup.looking')}</p>;
  } else if (backups.length === 0) {
    body = (
      <Banner tone="warning" title={t('backup.noneFound')}>
        <Rich id="backup.noneFoundHelp" values={{ code: (chunks) => <code>{chunks}</code> }} />
      </Banner>
    );
  } else {
    body = (
      <ul className="recovery__list" aria-label={t('backup.title')}>
        {backups.map((b) => (
          <li key={b.name} className="recovery__item">
            <div className="recovery__item-text">
              <p className="recovery__when">{formatWhen(b.createdAt)}</p>
              <p className="recovery__meta">
                {b.kind ? (
                  <>
                    <Badge tone={kindBadge(t, b.kind).tone}>{kindBadge(t, b.kind).label}</Badge>{' '}
                  </>
                ) : null}
                <Rich
                  id="backup.fileMeta"
                  values={{ name: b.name, size: formatBytes(b.bytes, t), file: (chunks) => <span className="backup__name">{chunks}</span> }}
                />
              </p>
            </div>
            <Button variant={b === backups.find((x) => x.kind !== 'before-restore' && !x.name.includes('.before-restore-')) ? 'primary' : 'secondary'} onClick={() => setChosen(b)} aria-label={t('backup.restoreNamed', { name: b.name })}>
              {t('backup.restore')}
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
          <span className="auth__logo">{t('shell.appName').charAt(0)}</span>
          <span className="auth__name">{t('shell.appName')}</span>
        </div>
        <div className="recovery__alert" role="alert">
          <span className="recovery__icon" aria-hidden="true">
            {t('backup.alertIcon')}
          </span>
          <div>
            <h1 className="auth__title">{t('backup.damagedTitle')}</h1>
            <p className="auth__subtitle">{t('backup.damagedBody')}</p>
          </div>
        </div>
        <details className="recovery__details">
          <summary>{t('backup.checkFound')}</summary>
          <p>{health.problem ?? t('backup.integrityFailed')}</p>
        </details>
        <h2 className="recovery__heading">{chosen ? t('backup.restore') : t('backup.newestFirst')}</h2>
        {body}
        {!chosen ? (
          <div className="recovery__footer">
            <Button variant="ghost" onClick={() => void load()}>
              {t('backup.lookAgain')}
            </Button>
          </div>
        ) : null}
      </div>
    </main>
  );
}
