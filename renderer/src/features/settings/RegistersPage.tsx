import { useState } from 'react';
import type { Register } from '../../../../shared/contract';
import { useContractQuery, useStoreFormat } from '../../data';
import { useT } from '../../i18n';
import { Badge, Button, LoadError, PageHeader, Table, type Column } from '../../ui';
import { RegisterDialog } from './RegisterDialog';
import './settings.css';

/** Admin → Registers: the store's tills, their network receipt printers, and how far their Z reports have come. */
export function RegistersPage() {
  const t = useT();
  const fmt = useStoreFormat();
  // Live: registers.create/update push register.changed, which re-reads this list (data/invalidation.ts).
  const query = useContractQuery('registers.list', { includeInactive: true });
  const [editing, setEditing] = useState<Register | 'new' | null>(null);

  const columns: Column<Register>[] = [
    { key: 'code', header: t('settings.registerCode'), width: 'shrink', render: (r) => <strong>{r.code}</strong> },
    { key: 'name', header: t('common.name'), render: (r) => r.name },
    { key: 'printer', header: t('settings.receiptPrinter'), render: (r) => (r.printer ? <code>{t('settings.printerAddress', { host: r.printer.host, port: String(r.printer.port) })}</code> : <span className="list__muted">{t('common.none')}</span>) },
    { key: 'z', header: t('settings.zReports'), align: 'end', width: 'shrink', render: (r) => fmt.number(r.zCount) },
    { key: 'grand', header: t('settings.grandTotal'), align: 'end', width: 'shrink', hideBelow: 'md', render: (r) => <span className="list__amount">{fmt.money(r.grandTotal)}</span> },
    { key: 'status', header: t('common.status'), width: 'shrink', render: (r) => (r.active ? <Badge tone="success">{t('settings.active')}</Badge> : <Badge tone="warning">{t('settings.inactive')}</Badge>) },
    {
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      width: 'shrink',
      render: (r) => (
        <Button variant="secondary" onClick={() => setEditing(r)} aria-label={t('settings.editRegister', { code: r.code })}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        eyebrow={t('settings.eyebrow')}
        title={t('settings.registersTitle')}
        description={t('settings.registersDescription')}
        actions={
          <Button variant="primary" onClick={() => setEditing('new')}>
            {t('settings.newRegister')}
          </Button>
        }
      />
      {query.error ? (
        <LoadError title={t('settings.registersLoadError')} message={query.error.message} onRetry={() => void query.refetch()} />
      ) : (
        <Table
          caption={t('settings.registersTitle')}
          columns={columns}
          rows={query.data?.items ?? []}
          rowKey={(r) => r.id}
          busy={!query.data}
          empty={query.data ? t('settings.noRegister') : t('settings.loadingRegisters')}
        />
      )}
      {editing ? <RegisterDialog register={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
