import { useState } from 'react';
import type { Register } from '../../../../shared/contract';
import { useContractQuery, useStoreFormat } from '../../data';
import { Badge, Button, LoadError, PageHeader, Table, type Column } from '../../ui';
import { RegisterDialog } from './RegisterDialog';
import './settings.css';

/** Admin → Registers: the store's tills, their network receipt printers, and how far their Z reports have come. */
export function RegistersPage() {
  const fmt = useStoreFormat();
  // Live: registers.create/update push register.changed, which re-reads this list (data/invalidation.ts).
  const query = useContractQuery('registers.list', { includeInactive: true });
  const [editing, setEditing] = useState<Register | 'new' | null>(null);

  const columns: Column<Register>[] = [
    { key: 'code', header: 'Code', width: 'shrink', render: (r) => <strong>{r.code}</strong> },
    { key: 'name', header: 'Name', render: (r) => r.name },
    { key: 'printer', header: 'Receipt printer', render: (r) => (r.printer ? <code>{`${r.printer.host}:${r.printer.port}`}</code> : <span className="list__muted">None</span>) },
    { key: 'z', header: 'Z reports', align: 'end', width: 'shrink', render: (r) => fmt.number(r.zCount) },
    { key: 'grand', header: 'Grand total', align: 'end', width: 'shrink', hideBelow: 'md', render: (r) => <span className="list__amount">{fmt.money(r.grandTotal)}</span> },
    { key: 'status', header: 'Status', width: 'shrink', render: (r) => (r.active ? <Badge tone="success">Active</Badge> : <Badge tone="warning">Inactive</Badge>) },
    {
      key: 'actions',
      header: 'Actions',
      hideHeader: true,
      width: 'shrink',
      render: (r) => (
        <Button variant="secondary" onClick={() => setEditing(r)} aria-label={`Edit register ${r.code}`}>
          Edit
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        eyebrow="Admin"
        title="Registers"
        description="Each till of the store: its cash sessions and Z reports are its own. A terminal chooses its register at its first sign-in."
        actions={
          <Button variant="primary" onClick={() => setEditing('new')}>
            New register
          </Button>
        }
      />
      {query.error ? (
        <LoadError title="The registers could not be loaded." message={query.error.message} onRetry={() => void query.refetch()} />
      ) : (
        <Table caption="Registers" columns={columns} rows={query.data?.items ?? []} rowKey={(r) => r.id} busy={!query.data} empty={query.data ? 'No register yet.' : 'Loading registers…'} />
      )}
      {editing ? <RegisterDialog register={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
