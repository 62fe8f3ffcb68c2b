import { useEffect, useState } from 'react';
import type { BackupFile } from '../../../../shared/contract/system';
import { canCall } from '../../app/access';
import { useT } from '../../i18n';
import { Badge, Banner, Button, Dialog, PageHeader, Table, toast, useConfirm, type Column } from '../../ui';
import { useSession } from '../session/store';
import { formatBytes, formatWhen, kindBadge } from './format';
import { Rich } from './Rich';
import { isDesktop, useBackups } from './store';
import './backup.css';

function RestoreDialog({ backup, onClose }: { backup: BackupFile; onClose: () => void }) {
  const t = useT();
  const restore = useBackups((s) => s.restore);
  const { busy, error, run } = useConfirm(async () => {
    await restore(backup.name);
    onClose();
  });

  return (
    <Dialog
      open
      title={t('backup.restoreTitle')}
      onClose={busy ? () => {} : onClose}
      description={t('backup.restoreDescription', { when: formatWhen(backup.createdAt) })}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button variant="danger" onClick={() => void run()} busy={busy}>
            {t('backup.restoreBackup')}
          </Button>
        </>
      }
    >
      <div className="backup__confirm">
        <p>
          <Rich
            id="backup.fileSizeStrong"
            values={{ name: backup.name, size: formatBytes(backup.bytes, t), strong: (chunks) => <strong>{chunks}</strong> }}
          />
        </p>
        <ul>
          <li>{t('backup.restoreLosesLater')}</li>
          <li>{t('backup.restoreKeepsCurrent')}</li>
          <li>{t('backup.restoreChecksFirst')}</li>
          <li>{t('backup.restoreSignInAgain')}</li>
        </ul>
        {error ? (
          <Banner tone="error" title={t('backup.restoreFailed')}>
            {error}
          </Banner>
        ) : null}
      </div>
    </Dialog>
  );
}

/** Shown once a restore has replaced the database: everything cached belongs to the old one. */
function Restored() {
  const t = useT();
  const restored = useBackups((s) => s.restored);
  if (!restored) return null;
  return (
    <div className="backup__restored" data-testid="restore-result">
      <Banner tone="success" title={t('backup.restoredTitle', { name: restored.restored })}>
        <p>{restored.keptAs ? t('backup.restoredBodyKept', { keptAs: restored.keptAs }) : t('backup.restoredBody')}</p>
        <p className="backup__restored-action">
          <Button variant="primary" onClick={() => window.location.reload()}>
            {t('backup.signInAgain')}
          </Button>
        </p>
      </Banner>
    </div>
  );
}

export function BackupsPage() {
  const t = useT();
  const role = useSession((s) => s.user?.role);
  const { items, copyFolder, lastFailure, status, error, backingUp, made, restored, load, backupNow, copyTo, chooseCopyFolder } = useBackups();
  const [confirming, setConfirming] = useState<BackupFile | null>(null);
  const canRestore = role ? canCall(role, 'system.restore') : false;
  const canChooseFolder = isDesktop && (role ? canCall(role, 'system.chooseBackupFolder') : false);
  const canCopy = isDesktop && (role ? canCall(role, 'system.copyBackup') : false);

  const copy = async (b: BackupFile) => {
    try {
      const name = await copyTo(b.name);
      if (name) toast(name !== b.name ? t('backup.copiedAs', { name: b.name, copy: name }) : t('backup.copied', { name: b.name }), 'success');
    } catch (err) {
      toast(t('backup.copyFailed', { error: err instanceof Error ? err.message : String(err) }), 'error');
    }
  };

  const chooseFolder = async (clear?: boolean) => {
    try {
      await chooseCopyFolder(clear);
    } catch (err) {
      toast(t('backup.folderFailed', { error: err instanceof Error ? err.message : String(err) }), 'error');
    }
  };

  useEffect(() => {
    if (!useBackups.getState().restored) void load();
  }, [load]);

  const makeBackup = async () => {
    try {
      await backupNow();
    } catch (err) {
      toast(t('backup.backupFailed', { error: err instanceof Error ? err.message : String(err) }), 'error');
    }
  };

  if (restored) {
    return (
      <>
        <PageHeader eyebrow={t('backup.eyebrow')} title={t('backup.title')} />
        <Restored />
      </>
    );
  }

  const columns: Column<BackupFile>[] = [
    { key: 'name', header: t('backup.columnBackup'), render: (b) => <span className="backup__name">{b.name}</span> },
    {
      key: 'kind',
      header: t('backup.columnKind'),
      render: (b) => {
        const kind = kindBadge(t, b.kind ?? 'other');
        return <Badge tone={kind.tone}>{kind.label}</Badge>;
      },
    },
    { key: 'made', header: t('backup.columnMade'), render: (b) => <time dateTime={b.createdAt}>{formatWhen(b.createdAt)}</time> },
    { key: 'size', header: t('backup.columnSize'), align: 'end', render: (b) => <span className="backup__size">{formatBytes(b.bytes, t)}</span> },
  ];
  if (canRestore || canCopy) {
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      align: 'end',
      width: 'shrink',
      render: (b) => (
        <span className="backup__actions">
          {canCopy ? (
            <Button onClick={() => void copy(b)} aria-label={t('backup.copyNamed', { name: b.name })}>
              {t('backup.copyTo')}
            </Button>
          ) : null}
          {canRestore ? (
            <Button onClick={() => setConfirming(b)} aria-label={t('backup.restoreNamed', { name: b.name })}>
              {t('backup.restoreEllipsis')}
            </Button>
          ) : null}
        </span>
      ),
    });
  }

  return (
    <>
      <PageHeader
        eyebrow={t('backup.eyebrow')}
        title={t('backup.title')}
        description={t('backup.description')}
        actions={
          <Button variant="primary" onClick={() => void makeBackup()} busy={backingUp}>
            {t('backup.backUpNow')}
          </Button>
        }
      />
      {made ? (
        <div className="backup__made" aria-live="polite">
          <Banner tone="success" title={t('backup.made')} onDismiss={() => useBackups.setState({ made: null })}>
            {t('backup.fileSize', { name: made.name, size: formatBytes(made.bytes, t) })}
          </Banner>
        </div>
      ) : null}
      {lastFailure ? (
        <div className="backup__error">
          <Banner tone="error" title={lastFailure.kind === 'copy' ? t('backup.lastCopyFailed') : t('backup.lastBackupFailed')}>
            {t('backup.failureAt', { when: formatWhen(lastFailure.at), reason: lastFailure.reason })}
          </Banner>
        </div>
      ) : null}
      {status === 'error' && error ? (
        <div className="backup__error">
          <Banner tone="error" title={t('backup.listFailed')}>
            {error}
          </Banner>
          <Button onClick={() => void load()}>{t('backup.tryAgain')}</Button>
        </div>
      ) : null}
      <Table
        caption={t('backup.title')}
        columns={columns}
        rows={items}
        rowKey={(b) => b.name}
        busy={status === 'loading'}
        empty={status === 'loading' ? t('backup.looking') : t('backup.empty')}
      />
      <div className="backup__folder">
        <p>
          {copyFolder ? (
            <Rich
              id="backup.keptInAndCopied"
              values={{ folder: copyFolder, code: (chunks) => <code>{chunks}</code>, strong: (chunks) => <strong>{chunks}</strong> }}
            />
          ) : (
            <Rich id="backup.keptInSameDisk" values={{ code: (chunks) => <code>{chunks}</code> }} />
          )}
        </p>
        {canChooseFolder ? (
          <p className="backup__folder-actions">
            <Button onClick={() => void chooseFolder()}>{copyFolder ? t('backup.changeFolder') : t('backup.chooseFolder')}</Button>
            {copyFolder ? <Button variant="ghost" onClick={() => void chooseFolder(true)}>{t('backup.stopCopying')}</Button> : null}
          </p>
        ) : null}
      </div>
      {confirming ? <RestoreDialog backup={confirming} onClose={() => setConfirming(null)} /> : null}
    </>
  );
}
