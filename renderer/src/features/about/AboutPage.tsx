import { useState } from 'react';
import type { About, DiagnosticsResult } from '../../../../shared/contract/system';
import { api } from '../../api';
import { storeFormat, useContractQuery, useDataClient } from '../../data';
import { Banner, Button, LoadError, PageHeader, Select } from '../../ui';
import { formatBytes } from '../backup/format';
import './about.css';

const dayOptions = [
  { value: '1', label: 'Today' },
  { value: '3', label: 'The last 3 days' },
  { value: '7', label: 'The last 7 days' },
  { value: '14', label: 'The last 14 days (all kept)' },
];

/** The browser showing this page (the HTTP host has no Chromium of its own). */
function browserVersion(): string | null {
  return /(?:Chrome|Chromium)\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? null;
}

function Facts({ about }: { about: About }) {
  const viewer = browserVersion();
  const rows: { label: string; value: string; mono?: boolean; testId: string }[] = [
    { label: 'Tessera', value: about.version, testId: 'about-version' },
    { label: 'Database schema', value: String(about.schemaVersion), testId: 'about-schema' },
    { label: 'Node.js', value: about.node, testId: 'about-node' },
    { label: 'Electron', value: about.electron ?? 'Not used (browser host)', testId: 'about-electron' },
    { label: 'Chromium', value: about.chromium ?? (viewer ? `${viewer} (this browser)` : 'Not used (browser host)'), testId: 'about-chromium' },
    { label: 'Operating system', value: about.os, testId: 'about-os' },
    { label: 'Database size', value: formatBytes(about.databaseBytes), testId: 'about-db-size' },
    { label: 'Data folder', value: about.dataDir, mono: true, testId: 'about-data-dir' },
    { label: 'Log files', value: about.logsDir, mono: true, testId: 'about-logs-dir' },
  ];
  return (
    <section className="about__card" aria-labelledby="about-facts">
      <h2 className="about__heading" id="about-facts">
        This installation
      </h2>
      <dl className="about__facts">
        {rows.map((r) => (
          <div key={r.label} className="about__fact">
            <dt>{r.label}</dt>
            <dd className={r.mono ? 'about__mono' : undefined} data-testid={r.testId}>
              {r.value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

type Saved = { bundle: DiagnosticsResult; link: { url: string; fileName: string } | null; savedAs: string | null };

function Diagnostics() {
  const client = useDataClient();
  const [days, setDays] = useState('3');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const bundle = await client.call('system.diagnostics', { days: Number(days) });
      // The browser downloads it like an export; the desktop app asks where to save it.
      if (api.transport === 'http') {
        const link = await client.call('exports.download', { id: bundle.id });
        setSaved({ bundle, link, savedAs: null });
      } else {
        const { fileName } = await client.call('exports.saveAs', { id: bundle.id });
        setSaved({ bundle, link: null, savedAs: fileName });
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="about__card" aria-labelledby="about-diagnostics">
      <h2 className="about__heading" id="about-diagnostics">
        Diagnostics for support
      </h2>
      <p className="about__text">
        One file with the versions above, the store&apos;s settings, how many orders, invoices and payments there are, and the log lines of the days you choose. It holds no
        passwords, sessions or setup codes. Send it to whoever supports your Tessera; an &ldquo;error&rdquo; number a screen showed can be found in it.
      </p>
      <div className="about__actions">
        <div className="about__days">
          <Select label="Logs from" value={days} options={dayOptions} disabled={busy} onChange={(e) => setDays(e.target.value)} />
        </div>
        <Button variant="primary" onClick={() => void save()} busy={busy}>
          Save diagnostics
        </Button>
      </div>
      {error ? (
        <Banner tone="error" title="The diagnostics could not be saved.">
          {error}
        </Banner>
      ) : null}
      {saved ? (
        <Banner tone="success" title="Diagnostics ready" onDismiss={() => setSaved(null)}>
          <p data-testid="diagnostics-result">
            {saved.bundle.fileName} ({formatBytes(saved.bundle.bytes)}, {storeFormat().number(saved.bundle.logLines)} {saved.bundle.logLines === 1 ? 'log line' : 'log lines'})
            {saved.savedAs ? ` saved as ${saved.savedAs}.` : saved.link ? '' : ' is in the exports folder of the data folder.'}
          </p>
          {saved.link ? (
            <p className="about__download">
              <a className="btn btn--secondary btn--md" href={saved.link.url} download={saved.link.fileName}>
                <span className="btn__label">Download {saved.link.fileName}</span>
              </a>
            </p>
          ) : null}
        </Banner>
      ) : null}
    </section>
  );
}

export function AboutPage() {
  const about = useContractQuery('system.about', {});
  return (
    <>
      <PageHeader eyebrow="Admin" title="About" description="Versions and where this Tessera keeps its data: what support asks for first." />
      <div className="about">
        {about.status === 'error' ? (
          <LoadError title="The details could not be loaded." message={about.error.message} onRetry={() => void about.refetch()} />
        ) : about.data ? (
          <Facts about={about.data} />
        ) : (
          <div className="page-loading" aria-busy="true" />
        )}
        <Diagnostics />
      </div>
    </>
  );
}
