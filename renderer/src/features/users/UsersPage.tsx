import { useEffect, useState } from 'react';
import type { ListedUser, User } from '../../../../shared/contract';
import { canCall, roleLabel } from '../../app/access';
import { storeFormat } from '../../data/format';
import { useT } from '../../i18n';
import { Badge, Banner, Button, PageHeader, Table, toast, type Column } from '../../ui';
import { useSession } from '../session/store';
import { useUsers } from './store';
import { CreateUserDialog, EditUserDialog, ResetPasswordDialog, SetPinDialog } from './UserDialogs';
import './users.css';

type Open = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | { kind: 'pin'; user: User } | null;

export function UsersPage() {
  const t = useT();
  const me = useSession((s) => s.user);
  const { items, status, error, load, unlock, setPin } = useUsers();
  const [open, setOpen] = useState<Open>(null);
  const [unlocking, setUnlocking] = useState<string | null>(null);
  const canCreate = me ? canCall(me.role, 'users.create') : false;
  // users.update is open to everyone for their own language; editing a user is an admin's, like creating one.
  const canEdit = canCreate;
  const canUnlock = me ? canCall(me.role, 'users.unlock') : false;

  const doUnlock = async (u: ListedUser) => {
    setUnlocking(u.id);
    try {
      await unlock(u.id);
      toast(t('users.unlocked', { username: u.username }));
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), 'error');
    } finally {
      setUnlocking(null);
    }
  };

  const removePin = async (u: ListedUser) => {
    if (!window.confirm(t('users.removePinConfirm', { username: u.username }))) return;
    try {
      await setPin({ userId: u.id, pin: null });
      toast(t('users.pinRemoved', { username: u.username }));
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), 'error');
    }
  };

  useEffect(() => {
    void load();
  }, [load]);

  const columns: Column<ListedUser>[] = [
    {
      key: 'username',
      header: t('users.username'),
      render: (u) => (
        <span className="users__username">
          {u.username}
          {u.id === me?.id ? <span className="users__you">{t('users.you')}</span> : null}
        </span>
      ),
    },
    {
      key: 'displayName',
      header: t('users.displayName'),
      render: (u) => (
        <>
          {u.displayName}
          {u.hasPin ? <span className="users__pin">{t('users.pinMark')}</span> : null}
        </>
      ),
    },
    { key: 'role', header: t('users.role'), render: (u) => <Badge tone={u.role === 'admin' ? 'info' : 'neutral'}>{roleLabel(u.role, t)}</Badge> },
    {
      key: 'active',
      header: t('common.status'),
      render: (u) => (
        <span className="users__status">
          {u.active ? <Badge tone="success">{t('users.active')}</Badge> : <Badge tone="warning">{t('users.inactive')}</Badge>}
          {u.lockedUntil ? (
            <span title={t('users.lockedTitle')}>
              <Badge tone="danger">{t('users.lockedUntil', { time: lockTime(u.lockedUntil) })}</Badge>
            </span>
          ) : null}
          {canUnlock && u.lockedUntil ? (
            <Button variant="secondary" busy={unlocking === u.id} onClick={() => void doUnlock(u)} aria-label={t('users.unlockUser', { username: u.username })}>
              {t('users.unlock')}
            </Button>
          ) : null}
        </span>
      ),
    },
  ];
  if (canEdit) {
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      align: 'end',
      width: 'shrink',
      render: (u) => (
        <div className="users__actions">
          <Button variant="secondary" onClick={() => setOpen({ kind: 'edit', user: u })} aria-label={t('users.editUser', { username: u.username })}>
            {t('common.edit')}
          </Button>
          <Button variant="ghost" onClick={() => setOpen({ kind: 'password', user: u })} aria-label={t('users.resetPasswordOf', { username: u.username })}>
            {t('users.resetPassword')}
          </Button>
          {u.active ? (
            <Button variant="ghost" onClick={() => setOpen({ kind: 'pin', user: u })} aria-label={u.hasPin ? t('users.changePinOf', { username: u.username }) : t('users.setPinOf', { username: u.username })}
            >
              {u.hasPin ? t('users.changePin') : t('users.setPin')}
            </Button>
          ) : null}
          {u.hasPin ? (
            <Button variant="ghost" onClick={() => void removePin(u)} aria-label={t('users.removePinOf', { username: u.username })}>
              {t('users.removePin')}
            </Button>
          ) : null}
        </div>
      ),
    });
  }

  return (
    <>
      <PageHeader
        eyebrow={t('users.eyebrow')}
        title={t('users.title')}
        description={canEdit ? t('users.description') : t('users.descriptionReadOnly')}
        actions={
          canCreate ? (
            <Button variant="primary" onClick={() => setOpen({ kind: 'create' })}>
              {t('users.newUser')}
            </Button>
          ) : null
        }
      />
      {status === 'error' && error ? (
        <div className="users__error">
          <Banner tone="error" title={t('users.loadError')}>
            {error}
          </Banner>
          <Button onClick={() => void load()}>{t('users.tryAgain')}</Button>
        </div>
      ) : null}
      <Table
        caption={t('users.title')}
        columns={columns}
        rows={items}
        rowKey={(u) => u.id}
        busy={status === 'loading'}
        empty={status === 'loading' ? t('users.loading') : t('users.empty')}
      />
      {canCreate ? <CreateUserDialog open={open?.kind === 'create'} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'edit' ? <EditUserDialog key={open.user.id} user={open.user} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'password' ? <ResetPasswordDialog key={open.user.id} user={open.user} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'pin' ? <SetPinDialog key={open.user.id} user={open.user} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

/** The time a lock ends, in the shop's clock (locks last minutes: the time of day is enough). */
function lockTime(iso: string): string {
  return storeFormat().time(iso);
}
