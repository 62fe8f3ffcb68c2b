import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import type { Input, Output } from '../../../../shared/contract';
import type { AuditEntry } from '../../../../shared/contract/audit';
import { storeFormat, useContractList, useContractQuery, useDataClient, useStoreCurrency, useStoreFormat } from '../../data';
import { t as translate, useT, type MessageId } from '../../i18n';
import { Badge, Banner, Button, FilterBar, FilterDates, FilterItem, FilterSearch, PageHeader, PagedTable, Select, useDebounced, usePageFilter, type Column } from '../../ui';
import { changesOf, typeLabel } from './summary';
import './audit.css';

type VerifyResult = Output<'audit.verify'>;

interface AuditFilter {
  /** '' for every entity. */
  entity: string;
  entityId: string;
  /** '' for every type. */
  type: string;
  /** YYYY-MM-DD or ''. */
  from: string;
  to: string;
}

const ID_DELAY_MS = 300;
const PAGE = 50;
const emptyFilter: AuditFilter = { entity: '', entityId: '', type: '', from: '', to: '' };
const entryKey = (e: AuditEntry) => String(e.seq);

function listInput(filter: AuditFilter): Omit<Input<'audit.list'>, 'cursor'> {
  const entityId = filter.entityId.trim();
  return {
    limit: PAGE,
    ...(filter.entity ? { entity: filter.entity } : {}),
    ...(entityId ? { entityId } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
  };
}

function Time({ at }: { at: string }) {
  const fmt = useStoreFormat();
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return <span className="audit__time">{at}</span>;
  return (
    <time dateTime={at} className="audit__time">
      <span>{fmt.date(ms)}</span> <span className="audit__clock">{fmt.time(ms, true)}</span>
    </time>
  );
}

function Actor({ entry: e }: { entry: AuditEntry }) {
  const t = useT();
  if (e.actor) return <span title={e.actor.username}>{e.actor.displayName}</span>;
  if (e.actorId) {
    return (
      <span className="audit__none" title={e.actorId}>
        {t('audit.unknownUser')}
      </span>
    );
  }
  return <span className="audit__none">{e.entity === 'auth' ? t('audit.notSignedIn') : t('audit.system')}</span>;
}

function shortId(id: string): string {
  // Ids are UUIDv7: the start is the time, the end tells them apart.
  return id.length > 12 ? `…${id.slice(-8)}` : id;
}

/** Labels for the records the app writes about; others are made readable from their names. */
const entityLabels: Record<string, MessageId> = {
  auth: 'audit.entityAuth',
  cash_session: 'audit.entityCashSession',
  counter: 'audit.entityCounter',
  credit_note: 'audit.entityCreditNote',
  export: 'audit.entityExport',
  invoice: 'audit.entityInvoice',
  order: 'audit.entityOrder',
  payment: 'audit.entityPayment',
  product: 'audit.entityProduct',
  register: 'audit.entityRegister',
  settings: 'audit.entitySettings',
  system: 'audit.entitySystem',
  tax_class: 'audit.entityTaxClass',
  user: 'audit.entityUser',
  voucher: 'audit.entityVoucher',
  z_report: 'audit.entityZReport',
};

function entityLabel(entity: string): string {
  if (Object.hasOwn(entityLabels, entity)) return translate(entityLabels[entity]!);
  // credit_note → Credit note.
  const words = entity.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function VerifyBanner({ result, onDismiss }: { result: VerifyResult; onDismiss: () => void }) {
  const t = useT();
  const took = result.durationMs < 100 ? t('audit.tookShort') : t('audit.tookSeconds', { seconds: (result.durationMs / 1000).toFixed(result.durationMs < 10_000 ? 1 : 0) });
  const entries = storeFormat().number(result.entries);
  if (result.ok) {
    return (
      <div className="audit__verify" data-testid="verify-result">
        <Banner tone="success" title={t('audit.chainIntact', { count: result.entries, entries })} onDismiss={onDismiss}>
          {t('audit.chainIntactBody', { took })}
        </Banner>
      </div>
    );
  }
  return (
    <div className="audit__verify" data-testid="verify-result">
      <Banner tone="error" title={t('audit.brokenAt', { seq: result.firstBadEntry ?? '?' })} onDismiss={onDismiss}>
        <p>{result.message}</p>
        <p>{t('audit.brokenBody', { seq: result.firstBadEntry ?? '', entries })}</p>
      </Banner>
    </div>
  );
}

/** The spans of a change line (audit.changeLine): the field, the value before (struck out), the arrow, the value after. */
const changeTags = {
  label: (chunks: ReactNode[]) => <span className="audit__field">{chunks}</span>,
  old: (chunks: ReactNode[]) => <span className="audit__before">{chunks}</span>,
  arrow: (chunks: ReactNode[]) => <span className="audit__arrow">{chunks}</span>,
  new: (chunks: ReactNode[]) => <span className="audit__after">{chunks}</span>,
};

function Change({ entry, currency }: { entry: AuditEntry; currency: string | null }) {
  const t = useT();
  const { changes, more } = changesOf(entry, currency);
  const hasData = entry.before !== null || entry.after !== null;
  return (
    <div className="audit__change">
      {changes.length > 0 ? (
        <ul className="audit__changes">
          {changes.map((c) => (
            <li key={c.field}>
              <FormattedMessage
                id={(c.before !== null ? 'audit.changeLine' : 'audit.changeLineNew') satisfies MessageId}
                values={{ field: c.field, before: c.before ?? '', after: c.after, ...changeTags }}
              />
            </li>
          ))}
          {more > 0 ? <li className="audit__extra">{t('audit.andMore', { count: more })}</li> : null}
        </ul>
      ) : (
        <span className="audit__none">{t('common.none_dash')}</span>
      )}
      {hasData ? (
        <details className="audit__details">
          <summary>{t('audit.recordedData')}</summary>
          <div className="audit__json">
            <div>
              <p className="audit__json-label">{t('audit.before')}</p>
              <pre>{JSON.stringify(entry.before, null, 2)}</pre>
            </div>
            <div>
              <p className="audit__json-label">{t('audit.after')}</p>
              <pre>{JSON.stringify(entry.after, null, 2)}</pre>
            </div>
          </div>
        </details>
      ) : null}
    </div>
  );
}

export function AuditPage() {
  const t = useT();
  const [filter, setFilter, clearFilter] = usePageFilter('audit', emptyFilter);
  const entityId = useDebounced(filter.entityId, ID_DELAY_MS);
  const list = useContractList('audit.list', listInput({ ...filter, entityId }), entryKey);
  const facets = useContractQuery('audit.types', {}).data;
  const entities = facets?.entities ?? [];
  const types = facets?.types ?? [];
  const currency = useStoreCurrency();
  const client = useDataClient();
  const verification = useMutation<VerifyResult, Error>({ mutationFn: () => client.call('audit.verify', {}) });
  const verify = verification.data ?? null;

  const showRecord = (entry: AuditEntry) => {
    if (!entry.entityId) return;
    setFilter({ entity: entry.entity, entityId: entry.entityId, type: '' });
  };

  const badSeq = verify && !verify.ok ? verify.firstBadEntry : null;

  const columns: Column<AuditEntry>[] = [
    {
      key: 'seq',
      header: t('audit.colEntry'),
      width: 'shrink',
      render: (e) => (
        <span className="audit__seq">
          {t('audit.seq', { seq: e.seq })}
          {e.seq === badSeq ? <Badge tone="danger">{t('audit.brokenHere')}</Badge> : null}
        </span>
      ),
    },
    {
      key: 'at',
      header: t('audit.colTime'),
      render: (e) => (
        <>
          <Time at={e.at} />
          {/* Where the By column gives way (a 1024-pixel screen), who did it rides under the time. */}
          <span className="audit__by-inline">
            <Actor entry={e} />
          </span>
        </>
      ),
    },
    { key: 'actor', header: t('audit.colBy'), hideBelow: 'lg', render: (e) => <Actor entry={e} /> },
    {
      key: 'type',
      header: t('audit.event'),
      render: (e) => (
        <span className="audit__type">
          <span>{typeLabel(e.type)}</span>
          <code>{e.type}</code>
        </span>
      ),
    },
    {
      key: 'entity',
      header: t('audit.colRecord'),
      render: (e) => (
        <span className="audit__record">
          <span>{entityLabel(e.entity)}</span>
          {e.entityId ? (
            <button type="button" className="audit__id" title={t('audit.showHistory', { id: e.entityId })} onClick={() => showRecord(e)}>
              {shortId(e.entityId)}
            </button>
          ) : null}
        </span>
      ),
    },
    { key: 'change', header: t('audit.colChange'), render: (e) => <Change entry={e} currency={currency} /> },
  ];

  const filtered = Object.values(filter).some((v) => v !== '');

  return (
    <>
      <PageHeader
        eyebrow={t('audit.eyebrow')}
        title={t('audit.title')}
        description={t('audit.description')}
        actions={
          <Button variant="primary" onClick={() => verification.mutate()} busy={verification.isPending}>
            {t('audit.verifyChain')}
          </Button>
        }
      />
      <div aria-live="polite">
        {verify ? <VerifyBanner result={verify} onDismiss={() => verification.reset()} /> : null}
        {verification.error ? (
          <div className="audit__verify">
            <Banner tone="error" title={t('audit.verifyError')} onDismiss={() => verification.reset()}>
              {verification.error.message}
            </Banner>
          </div>
        ) : null}
      </div>
      <FilterBar label={t('audit.filterLabel')} filtered={filtered} onClear={clearFilter}>
        <FilterItem size="select">
          <Select
            label={t('audit.recordType')}
            value={filter.entity}
            options={[{ value: '', label: t('audit.allRecords') }, ...entities.map((v) => ({ value: v, label: entityLabel(v) }))]}
            onChange={(e) => setFilter({ entity: e.target.value })}
          />
        </FilterItem>
        <FilterSearch label={t('audit.recordId')} placeholder={t('audit.recordIdPlaceholder')} value={filter.entityId} onChange={(entityId) => setFilter({ entityId })} />
        <FilterItem size="select">
          <Select
            label={t('audit.event')}
            value={filter.type}
            options={[{ value: '', label: t('audit.allEvents') }, ...types.map((v) => ({ value: v, label: t('audit.eventOption', { label: typeLabel(v), type: v }) }))]}
            onChange={(e) => setFilter({ type: e.target.value })}
          />
        </FilterItem>
        <FilterDates from={filter.from} to={filter.to} onChange={setFilter} />
      </FilterBar>
      <PagedTable
        caption={t('audit.title')}
        columns={columns}
        list={list}
        filtered={filtered}
        noun={(n, count) => t('audit.entryCount', { n, count })}
        empty={t('audit.empty')}
        emptyFiltered={t('audit.emptyFiltered')}
      />
    </>
  );
}
