import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../../../shared/contract/audit';
import { Badge, Banner, Button, LoadError, PageHeader, Select, Table, TextField, type Column } from '../../ui';
import { useAudit, type VerifyResult } from './store';
import { changesOf, typeLabel } from './summary';
import './audit.css';

const ID_DELAY_MS = 300;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

function Time({ at }: { at: string }) {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return <span className="audit__time">{at}</span>;
  return (
    <time dateTime={at} className="audit__time">
      <span>{dateFormat.format(ms)}</span> <span className="audit__clock">{timeFormat.format(ms)}</span>
    </time>
  );
}

function shortId(id: string): string {
  // Ids are UUIDv7: the start is the time, the end tells them apart.
  return id.length > 12 ? `…${id.slice(-8)}` : id;
}

function entityLabel(entity: string): string {
  return entity.charAt(0).toUpperCase() + entity.slice(1);
}

function VerifyBanner({ result, onDismiss }: { result: VerifyResult; onDismiss: () => void }) {
  const took = result.durationMs < 100 ? 'under 0.1 s' : `${(result.durationMs / 1000).toFixed(result.durationMs < 10_000 ? 1 : 0)} s`;
  if (result.ok) {
    return (
      <div className="audit__verify" data-testid="verify-result">
        <Banner tone="success" title={`Chain intact: ${result.entries.toLocaleString()} entries`} onDismiss={onDismiss}>
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
          intact ({result.entries.toLocaleString()} entries in all).
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
  const { items, status, error, filter, nextCursor, loadingMore, entities, types, currency, verifying, verify, verifyError, load, loadMore, setFilter, clearFilter, runVerify } =
    useAudit();
  const [entityId, setEntityId] = useState(filter.entityId);

  useEffect(() => {
    void load();
  }, [load]);

  // Filter by record id as it is typed, once the typing pauses.
  useEffect(() => {
    if (entityId === useAudit.getState().filter.entityId) return;
    const timer = window.setTimeout(() => setFilter({ entityId }), ID_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [entityId, setFilter]);

  const showRecord = (entry: AuditEntry) => {
    if (!entry.entityId) return;
    setEntityId(entry.entityId);
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
    { key: 'at', header: 'Time', render: (e) => <Time at={e.at} /> },
    {
      key: 'actor',
      header: 'By',
      render: (e) =>
        e.actor ? (
          <span title={e.actor.username}>{e.actor.displayName}</span>
        ) : e.actorId ? (
          <span className="audit__none" title={e.actorId}>
            Unknown user
          </span>
        ) : (
          <span className="audit__none">{e.entity === 'auth' ? 'Not signed in' : 'System'}</span>
        ),
    },
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
          <Button variant="primary" onClick={() => void runVerify()} busy={verifying}>
            Verify chain
          </Button>
        }
      />
      <div aria-live="polite">
        {verify ? <VerifyBanner result={verify} onDismiss={() => useAudit.setState({ verify: null })} /> : null}
        {verifyError ? (
          <div className="audit__verify">
            <Banner tone="error" title="The chain could not be verified." onDismiss={() => useAudit.setState({ verifyError: null })}>
              {verifyError}
            </Banner>
          </div>
        ) : null}
      </div>
      <form
        className="audit__filters"
        role="search"
        aria-label="Filter the audit trail"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ entityId });
        }}
      >
        <div className="audit__filter audit__filter--entity">
          <Select
            label="Record type"
            value={filter.entity}
            options={[{ value: '', label: 'All records' }, ...entities.map((v) => ({ value: v, label: entityLabel(v) }))]}
            onChange={(e) => setFilter({ entity: e.target.value })}
          />
        </div>
        <div className="audit__filter audit__filter--id">
          <TextField label="Record id" placeholder="Order, invoice, user… id" autoComplete="off" spellCheck={false} value={entityId} onChange={(e) => setEntityId(e.target.value)} />
        </div>
        <div className="audit__filter audit__filter--type">
          <Select
            label="Event"
            value={filter.type}
            options={[{ value: '', label: 'All events' }, ...types.map((v) => ({ value: v, label: `${typeLabel(v)} (${v})` }))]}
            onChange={(e) => setFilter({ type: e.target.value })}
          />
        </div>
        <div className="audit__filter audit__filter--date">
          <TextField label="From" type="date" value={filter.from} max={filter.to || undefined} onChange={(e) => setFilter({ from: e.target.value })} />
        </div>
        <div className="audit__filter audit__filter--date">
          <TextField label="To" type="date" value={filter.to} min={filter.from || undefined} onChange={(e) => setFilter({ to: e.target.value })} />
        </div>
        <Button
          variant="ghost"
          disabled={!filtered}
          onClick={() => {
            setEntityId('');
            clearFilter();
          }}
        >
          Clear filters
        </Button>
      </form>
      {status === 'error' && error ? <LoadError title="The audit trail could not be loaded." message={error} onRetry={() => void load()} /> : null}
      <Table
        caption="Audit trail"
        columns={columns}
        rows={items}
        rowKey={(e) => String(e.seq)}
        busy={status === 'loading'}
        empty={status === 'loading' ? 'Loading the audit trail…' : filtered ? 'No entry matches these filters.' : 'No entries yet.'}
      />
      <div className="audit__more">
        {items.length > 0 ? (
          <p className="audit__count" aria-live="polite">
            Showing {items.length.toLocaleString()} entr{items.length === 1 ? 'y' : 'ies'}
            {nextCursor ? '' : filtered ? ' (all that match)' : ' (all)'}
          </p>
        ) : null}
        {nextCursor ? (
          <Button onClick={() => void loadMore()} busy={loadingMore}>
            Load more
          </Button>
        ) : null}
      </div>
    </>
  );
}
