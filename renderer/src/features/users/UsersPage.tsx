import { useEffect, useState } from 'react';
import type { ListedUser, User } from '../../../../shared/contract';
import { canCall, roleLabels } from '../../app/access';
import { storeFormat } from '../../data/format';
import { Badge, Banner, Button, PageHeader, Table, toast, type Column } from '../../ui';
import { useSession } from '../session/store';
import { useUsers } from './store';
import { CreateUserDialog, EditUserDialog, ResetPasswordDialog, SetPinDialog } from './UserDialogs';
import './users.css';

type Open = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | { kind: 'pin'; user: User } | null;

export function UsersPage() {
  const me = useSession((s) => s.user);
  const { items, status, error, load, unlock, setPin } = useUsers();
  const [open, setOpen] = useState<Open>(null);
  const [unlocking, setUnlocking] = useState<string | null>(null);
  const canEdit = me ? canCall(me.role, 'users.update') : false;
  const canCreate = me ? canCall(me.role, 'users.create') : false;
  const canUnlock = me ? canCall(me.role, 'users.unlock') : false;

  const doUnlock = async (u: ListedUser) => {
    setUnlocking(u.id);
    try {
      await unlock(u.id);
      toast(`${u.username} can sign in again.`);
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), 'error');
    } finally {
      setUnlocking(null);
    }
  };

  const removePin = async (u: ListedUser) => {
    if (!window.confirm(`Remove the PIN of ${u.username}? They sign in and unlock with their password until they set a new one.`)) return;
    try {
      await setPin({ userId: u.id, pin: null });
      toast(`PIN of ${u.username} removed.`);
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
      header: 'Username',
      render: (u) => (
        <span className="users__username">
          {u.username}
          {u.id === me?.id ? <span className="users__you"> (you)</span> : null}
        </span>
      ),
    },
    {
      key: 'displayName',
      header: 'Display name',
      render: (u) => (
        <>
          {u.displayName}
          {u.hasPin ? <span className="users__pin"> · PIN</span> : null}
        </>
      ),
    },
    { key: 'role', header: 'Role', render: (u) => <Badge tone={u.role === 'admin' ? 'info' : 'neutral'}>{roleLabels[u.role]}</Badge> },
    {
      key: 'active',
      header: 'Status',
      render: (u) => (
        <span className="users__status">
          {u.active ? <Badge tone="success">Active</Badge> : <Badge tone="warning">Inactive</Badge>}
          {u.lockedUntil ? (
            <span title="Too many wrong passwords: sign-in is refused until then, or until an administrator unlocks the account.">
              <Badge tone="danger">Locked until {lockTime(u.lockedUntil)}</Badge>
            </span>
          ) : null}
          {canUnlock && u.lockedUntil ? (
            <Button variant="secondary" busy={unlocking === u.id} onClick={() => void doUnlock(u)} aria-label={`Unlock ${u.username}`}>
              Unlock
            </Button>
          ) : null}
        </span>
      ),
    },
  ];
  if (canEdit) {
    columns.push({
      key: 'actions',
      header: 'Actions',
      hideHeader: true,
      align: 'end',
      width: 'shrink',
      render: (u) => (
        <div className="users__actions">
          <Button variant="secondary" onClick={() => setOpen({ kind: 'edit', user: u })} aria-label={`Edit ${u.username}`}>
            Edit
          </Button>
          <Button variant="ghost" onClick={() => setOpen({ kind: 'password', user: u })} aria-label={`Reset password of ${u.username}`}>
            Reset password
          </Button>
          {u.active ? (
            <Button variant="ghost" onClick={() => setOpen({ kind: 'pin', user: u })} aria-label={`${u.hasPin ? 'Change' : 'Set'} PIN of ${u.username}`}>
              {u.hasPin ? 'Change PIN' : 'Set PIN'}
            </Button>
          ) : null}
          {u.hasPin ? (
            <Button variant="ghost" onClick={() => void removePin(u)} aria-label={`Remove PIN of ${u.username}`}>
              Remove PIN
            </Button>
          ) : null}
        </div>
      ),
    });
  }

  return (
    <>
      <PageHeader
        eyebrow="Admin"
        title="Users"
        description={canEdit ? 'Who can sign in to this store, and what each person may do.' : 'Who can sign in to this store. Only an administrator can change users.'}
        actions={
          canCreate ? (
            <Button variant="primary" onClick={() => setOpen({ kind: 'create' })}>
              New user
            </Button>
          ) : null
        }
      />
      {status === 'error' && error ? (
        <div className="users__error">
          <Banner tone="error" title="The users could not be loaded.">
            {error}
          </Banner>
          <Button onClick={() => void load()}>Try again</Button>
        </div>
      ) : null}
      <Table
        caption="Users"
        columns={columns}
        rows={items}
        rowKey={(u) => u.id}
        busy={status === 'loading'}
        empty={status === 'loading' ? 'Loading users…' : 'No users yet.'}
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
