import { useMutation } from '@tanstack/react-query';
import type { Input, Output } from '../../../../shared/contract';
import type { AuditEntry } from '../../../../shared/contract/audit';
import { storeFormat, useContractList, useContractQuery, useDataClient, useStoreCurrency, useStoreFormat } from '../../data';
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
  if (e.actor) return <span title={e.actor.username}>{e.actor.displayName}</span>;
  if (e.actorId) {
    return (
      <span className="audit__none" title={e.actorId}>
        Unknown user
      </span>
    );
  }
  return <span className="audit__none">{e.entity === 'auth' ? 'Not signed in' : 'System'}</span>;
}

function shortId(id: string): string {
  // Ids are UUIDv7: the start is the time, the end tells them apart.
  return id.length > 12 ? `…${id.slice(-8)}` : id;
}

function entityLabel(entity: string): string {
  // credit_note → Credit note.
  const words = entity.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function VerifyBanner({ result, onDismiss }: { result: VerifyResult; onDismiss: () => void }) {
  const took = result.durationMs < 100 ? 'under 0.1 s' : `${(result.durationMs / 1000).toFixed(result.durationMs < 10_000 ? 1 : 0)} s`;
  if (result.ok) {
    return (
      <div className="audit__verify" data-testid="verify-result">
        <Banner tone="success" title={`Chain intact: ${storeFormat().number(result.entries)} entries`} onDismiss={onDismiss}>
          Every entry matches its hash and none is missing (checked in {took}).
        </Banner>
      </div>
    );
  }
  return (
    <div className="audit__verify" data-testid="verify-result">
      <Banner tone="error" title={`Broken at entry #${result.firstBadEntry ?? '?'}`} onDismiss={onDismiss}>
        <p>{result.message}</p>
        <p>
          The trail was altered outside Tessera. Keep the database file as it is for investigation; entries before #{result.firstBadEntry} are
          intact ({storeFormat().number(result.entries)} entries in all).
        </p>
      </Banner>
    </div>
  );
}

function Change({ entry, currency }: { entry: AuditEntry; currency: string | null }) {
  const { changes, more } = changesOf(entry, currency);
  const hasData = entry.before !== null || entry.after !== null;
  return (
    <div className="audit__change">
      {changes.length > 0 ? (
        <ul className="audit__changes">
          {changes.map((c) => (
            <li key={c.field}>
              <span className="audit__field">{c.field}:</span>{' '}
              {c.before !== null ? (
                <>
                  <span className="audit__before">{c.before}</span>
                  <span className="audit__arrow">{' → '}</span>
                </>
              ) : null}
              <span className="audit__after">{c.after}</span>
            </li>
          ))}
          {more > 0 ? <li className="audit__extra">and {more} more</li> : null}
        </ul>
      ) : (
        <span className="audit__none">—</span>
      )}
      {hasData ? (
        <details className="audit__details">
          <summary>Recorded data</summary>
          <div className="audit__json">
            <div>
              <p className="audit__json-label">Before</p>
              <pre>{JSON.stringify(entry.before, null, 2)}</pre>
            </div>
            <div>
              <p className="audit__json-label">After</p>
              <pre>{JSON.stringify(entry.after, null, 2)}</pre>
            </div>
          </div>
        </details>
      ) : null}
    </div>
  );
}

export function AuditPage() {
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
      header: 'Entry',
      width: 'shrink',
      render: (e) => (
        <span className="audit__seq">
          #{e.seq}
          {e.seq === badSeq ? <Badge tone="danger">Broken here</Badge> : null}
        </span>
      ),
    },
    {
      key: 'at',
      header: 'Time',
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
    { key: 'actor', header: 'By', hideBelow: 'lg', render: (e) => <Actor entry={e} /> },
    {
      key: 'type',
      header: 'Event',
      render: (e) => (
        <span className="audit__type">
          <span>{typeLabel(e.type)}</span>
          <code>{e.type}</code>
        </span>
      ),
    },
    {
      key: 'entity',
      header: 'Record',
      render: (e) => (
        <span className="audit__record">
          <span>{entityLabel(e.entity)}</span>
          {e.entityId ? (
            <button type="button" className="audit__id" title={`${e.entityId}: show this record's history`} onClick={() => showRecord(e)}>
              {shortId(e.entityId)}
            </button>
          ) : null}
        </span>
      ),
    },
    { key: 'change', header: 'Change', render: (e) => <Change entry={e} currency={currency} /> },
  ];

  const filtered = Object.values(filter).some((v) => v !== '');

  return (
    <>
      <PageHeader
        eyebrow="Admin"
        title="Audit trail"
        description="Every change made in this store, newest first. Each entry is chained to the one before by its hash, so a change made outside the app shows up when you verify."
        actions={
          <Button variant="primary" onClick={() => verification.mutate()} busy={verification.isPending}>
            Verify chain
          </Button>
        }
      />
      <div aria-live="polite">
        {verify ? <VerifyBanner result={verify} onDismiss={() => verification.reset()} /> : null}
        {verification.error ? (
          <div className="audit__verify">
            <Banner tone="error" title="The chain could not be verified." onDismiss={() => verification.reset()}>
              {verification.error.message}
            </Banner>
          </div>
        ) : null}
      </div>
      <FilterBar label="Filter the audit trail" filtered={filtered} onClear={clearFilter}>
        <FilterItem size="select">
          <Select
            label="Record type"
            value={filter.entity}
            options={[{ value: '', label: 'All records' }, ...entities.map((v) => ({ value: v, label: entityLabel(v) }))]}
            onChange={(e) => setFilter({ entity: e.target.value })}
          />
        </FilterItem>
        <FilterSearch label="Record id" placeholder="Order, invoice, user… id" value={filter.entityId} onChange={(entityId) => setFilter({ entityId })} />
        <FilterItem size="select">
          <Select
            label="Event"
            value={filter.type}
            options={[{ value: '', label: 'All events' }, ...types.map((v) => ({ value: v, label: `${typeLabel(v)} (${v})` }))]}
            onChange={(e) => setFilter({ type: e.target.value })}
          />
        </FilterItem>
        <FilterDates from={filter.from} to={filter.to} onChange={setFilter} />
      </FilterBar>
      <PagedTable caption="Audit trail" columns={columns} list={list} filtered={filtered} noun={['entry', 'entries']}
        empty="No entries yet." emptyFiltered="No entry matches these filters." />
    </>
  );
}
