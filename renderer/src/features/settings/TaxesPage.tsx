import { useState } from 'react';
import type { TaxClass } from '../../../../shared/contract';
import { useContractQuery, useStoreFormat } from '../../data';
import { useT } from '../../i18n';
import { Badge, Button, Checkbox, LoadError, PageHeader, Table, type Column } from '../../ui';
import { TaxClassDialog, TaxRateDialog } from './TaxClassDialog';
import { rateChangeText } from './taxRates';
import './settings.css';

type Open = { kind: 'new' } | { kind: 'edit' | 'rate'; taxClass: TaxClass } | null;

/** Admin → Taxes: the named tax rates products take, their rate changes ahead, and how many products use each. */
export function TaxesPage() {
  const t = useT();
  const fmt = useStoreFormat();
  const [includeArchived, setIncludeArchived] = useState(false);
  // Live: every change pushes taxClass.changed, which re-reads this list (data/invalidation.ts).
  const query = useContractQuery('taxClasses.list', includeArchived ? { includeArchived: true } : {});
  const [open, setOpen] = useState<Open>(null);
  const today = fmt.day(Date.now());

  const columns: Column<TaxClass>[] = [
    {
      key: 'name',
      header: t('common.name'),
      // How many products use it rides under the name, so the row fits a 1024-pixel screen.
      render: (tc) => (
        <>
          <span className="taxes__name">
            {tc.name}
            {tc.archived ? <Badge tone="warning">{t('settings.archived')}</Badge> : null}
          </span>
          <span className="taxes__count" data-testid="tax-class-products">
            {t('settings.taxProductCount', { count: tc.productCount, n: fmt.number(tc.productCount) })}
          </span>
        </>
      ),
    },
    { key: 'rate', header: t('settings.rate'), align: 'end', width: 'shrink', render: (tc) => <span className="list__amount">{fmt.rate(tc.rateBp)}</span> },
    {
      key: 'change',
      header: t('settings.scheduledChange'),
      render: (tc) => {
        const change = rateChangeText(tc, today, fmt);
        return change ?? <span className="list__muted">{t('common.none')}</span>;
      },
    },
    {
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      align: 'end',
      width: 'shrink',
      render: (tc) => (
        <div className="taxes__actions">
          <Button onClick={() => setOpen({ kind: 'rate', taxClass: tc })} aria-label={t('settings.changeRateOf', { name: tc.name })}>
            {t('settings.changeRate')}
          </Button>
          <Button variant="ghost" onClick={() => setOpen({ kind: 'edit', taxClass: tc })} aria-label={t('settings.editTaxClass', { name: tc.name })}>
            {t('common.edit')}
          </Button>
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        eyebrow={t('settings.eyebrow')}
        title={t('settings.taxesTitle')}
        description={t('settings.taxesDescription')}
        actions={
          <Button variant="primary" onClick={() => setOpen({ kind: 'new' })}>
            {t('settings.newTaxClass')}
          </Button>
        }
      />
      <div className="taxes__filter">
        <Checkbox label={t('settings.includeArchived')} checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} />
        <p className="taxes__note">{t('settings.archivedNote')}</p>
      </div>
      {query.error ? (
        <LoadError title={t('settings.taxClassesLoadError')} message={query.error.message} onRetry={() => void query.refetch()} />
      ) : (
        <Table
          caption={t('settings.taxClasses')}
          columns={columns}
          rows={query.data?.items ?? []}
          rowKey={(tc) => tc.id}
          busy={!query.data}
          empty={query.data ? t('settings.noTaxClass') : t('settings.loadingTaxClasses')}
        />
      )}
      {open?.kind === 'new' ? <TaxClassDialog taxClass={null} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'edit' ? <TaxClassDialog key={open.taxClass.id} taxClass={open.taxClass} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'rate' ? <TaxRateDialog key={open.taxClass.id} taxClass={open.taxClass} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
