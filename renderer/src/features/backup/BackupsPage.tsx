import { useEffect, useState } from 'react';
import type { BackupFile } from '../../../../shared/contract/system';
import { canCall } from '../../app/access';
import { Badge, Banner, Button, Dialog, PageHeader, Table, toast, type Column } from '../../ui';
import { useSession } from '../session/store';
import { formatBytes, formatWhen, kindLabels } from './format';
import { isDesktop, useBackups } from './store';
import './backup.css';

function RestoreDialog({ backup, onClose }: { backup: BackupFile; onClose: () => void }) {
  const restore = useBackups((s) => s.restore);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await restore(backup.name);
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      title="Restore this backup?"
      onClose={busy ? () => {} : onClose}
      description={`The store's data is replaced by the backup made ${formatWhen(backup.createdAt)}.`}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => void confirm()} busy={busy}>
            Restore backup
          </Button>
        </>
      }
    >
      <div className="backup__confirm">
        <p>
          <strong>{backup.name}</strong> ({formatBytes(backup.bytes)})
        </p>
        <ul>
          <li>Sales and changes made after this backup will not be in the store.</li>
          <li>The current database is not deleted: it is kept beside it and listed here, so this restore can be undone.</li>
          <li>The backup is checked first; a damaged file is refused and nothing changes.</li>
          <li>Everyone signs in again afterwards.</li>
        </ul>
        {error ? (
          <Banner tone="error" title="The backup was not restored.">
            {error}
          </Banner>
        ) : null}
      </div>
    </Dialog>
  );
}

/** Shown once a restore has replaced the database: everything cached belongs to the old one. */
function Restored() {
  const restored = useBackups((s) => s.restored);
  if (!restored) return null;
  return (
    <div className="backup__restored" data-testid="restore-result">
      <Banner tone="success" title={`Restored ${restored.restored}`}>
        <p>Tessera now runs on the restored data.{restored.keptAs ? ` The database it replaced is kept as ${restored.keptAs} and listed here.` : ''}</p>
        <p className="backup__restored-action">
          <Button variant="primary" onClick={() => window.location.reload()}>
            Sign in again
          </Button>
        </p>
      </Banner>
    </div>
  );
}

export function BackupsPage() {
  const role = useSession((s) => s.user?.role);
  const { items, copyFolder, lastFailure, status, error, backingUp, made, restored, load, backupNow, copyTo, chooseCopyFolder } = useBackups();
  const [confirming, setConfirming] = useState<BackupFile | null>(null);
  const canRestore = role ? canCall(role, 'system.restore') : false;
  const canChooseFolder = isDesktop && (role ? canCall(role, 'system.chooseBackupFolder') : false);
  const canCopy = isDesktop && (role ? canCall(role, 'system.copyBackup') : false);

  const copy = async (b: BackupFile) => {
    try {
      const name = await copyTo(b.name);
      if (name) toast(`Copied ${b.name}${name !== b.name ? ` as ${name}` : ''}.`, 'success');
    } catch (err) {
      toast(`The backup was not copied: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  };

  const chooseFolder = async (clear?: boolean) => {
    try {
      await chooseCopyFolder(clear);
    } catch (err) {
      toast(`The folder was not changed: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  };

  useEffect(() => {
    if (!useBackups.getState().restored) void load();
  }, [load]);

  const makeBackup = async () => {
    try {
      await backupNow();
    } catch (err) {
      toast(`The backup failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  };

  if (restored) {
    return (
      <>
        <PageHeader eyebrow="Admin" title="Backups" />
        <Restored />
      </>
    );
  }

  const columns: Column<BackupFile>[] = [
    { key: 'name', header: 'Backup', render: (b) => <span className="backup__name">{b.name}</span> },
    { key: 'kind', header: 'Kind', render: (b) => <Badge tone={kindLabels[b.kind ?? 'other'].tone}>{kindLabels[b.kind ?? 'other'].label}</Badge> },
    { key: 'made', header: 'Made', render: (b) => <time dateTime={b.createdAt}>{formatWhen(b.createdAt)}</time> },
    { key: 'size', header: 'Size', align: 'end', render: (b) => <span className="backup__size">{formatBytes(b.bytes)}</span> },
  ];
  if (canRestore || canCopy) {
    columns.push({
      key: 'actions',
      header: 'Actions',
      hideHeader: true,
      align: 'end',
      width: 'shrink',
      render: (b) => (
        <span className="backup__actions">
          {canCopy ? (
            <Button onClick={() => void copy(b)} aria-label={`Copy ${b.name} to…`}>
              Copy to…
            </Button>
          ) : null}
          {canRestore ? (
            <Button onClick={() => setConfirming(b)} aria-label={`Restore ${b.name}`}>
              Restore…
            </Button>
          ) : null}
        </span>
      ),
    });
  }

  return (
    <>
      <PageHeader
        eyebrow="Admin"
        title="Backups"
        description="Copies of the store's database. Tessera makes one each day while it runs and keeps the last 14; make one yourself before a big change."
        actions={
          <Button variant="primary" onClick={() => void makeBackup()} busy={backingUp}>
            Back up now
          </Button>
        }
      />
      {made ? (
        <div className="backup__made" aria-live="polite">
          <Banner tone="success" title="Backup made" onDismiss={() => useBackups.setState({ made: null })}>
            {made.name} ({formatBytes(made.bytes)})
          </Banner>
        </div>
      ) : null}
      {lastFailure ? (
        <div className="backup__error">
          <Banner tone="error" title={lastFailure.kind === 'copy' ? 'A backup could not be copied.' : 'A backup failed.'}>
            {formatWhen(lastFailure.at)}: {lastFailure.reason}
          </Banner>
        </div>
      ) : null}
      {status === 'error' && error ? (
        <div className="backup__error">
          <Banner tone="error" title="The backups could not be listed.">
            {error}
          </Banner>
          <Button onClick={() => void load()}>Try again</Button>
        </div>
      ) : null}
      <Table
        caption="Backups"
        columns={columns}
        rows={items}
        rowKey={(b) => b.name}
        busy={status === 'loading'}
        empty={status === 'loading' ? 'Looking for backups…' : 'No backups yet. Make the first one with Back up now.'}
      />
      <div className="backup__folder">
        <p>
          Kept in the data folder&apos;s <code>backups</code> folder.{' '}
          {copyFolder ? (
            <>
              Each daily backup is also copied into <strong>{copyFolder}</strong>.
            </>
          ) : (
            'A backup on the same disk does not survive the disk: copy them to another one now and then.'
          )}
        </p>
        {canChooseFolder ? (
          <p className="backup__folder-actions">
            <Button onClick={() => void chooseFolder()}>{copyFolder ? 'Change second folder…' : 'Choose a second folder…'}</Button>
            {copyFolder ? <Button variant="ghost" onClick={() => void chooseFolder(true)}>Stop copying</Button> : null}
          </p>
        ) : null}
      </div>
      {confirming ? <RestoreDialog backup={confirming} onClose={() => setConfirming(null)} /> : null}
    </>
  );
}
