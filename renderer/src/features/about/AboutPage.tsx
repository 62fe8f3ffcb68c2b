import { useState } from 'react';
import type { About, DiagnosticsResult } from '../../../../shared/contract/system';
import { api } from '../../api';
import { storeFormat, useContractQuery, useDataClient } from '../../data';
import { useT, type Translate } from '../../i18n';
import { Banner, Button, Facts, LoadError, PageHeader, Section, Select, type Fact } from '../../ui';
import { formatBytes } from '../backup/format';
import './about.css';

const dayOptions = (t: Translate) => [
  { value: '1', label: t('about.logsToday') },
  { value: '3', label: t('about.logsLast3Days') },
  { value: '7', label: t('about.logsLast7Days') },
  { value: '14', label: t('about.logsLast14Days') },
];

/** The browser showing this page (the HTTP host has no Chromium of its own). */
function browserVersion(): string | null {
  return /(?:Chrome|Chromium)\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? null;
}

function Installation({ about }: { about: About }) {
  const t = useT();
  const viewer = browserVersion();
  const notUsed = t('about.notUsed');
  const facts: Fact[] = [
    { label: t('shell.appName'), value: about.version, testId: 'about-version' },
    { label: t('about.factSchema'), value: String(about.schemaVersion), testId: 'about-schema' },
    { label: t('about.factNode'), value: about.node, testId: 'about-node' },
    { label: t('about.factElectron'), value: about.electron ?? notUsed, testId: 'about-electron' },
    { label: t('about.factChromium'), value: about.chromium ?? (viewer ? t('about.thisBrowser', { version: viewer }) : notUsed), testId: 'about-chromium' },
    { label: t('about.factOs'), value: about.os, testId: 'about-os' },
    { label: t('about.factDatabaseSize'), value: formatBytes(about.databaseBytes), testId: 'about-db-size' },
    { label: t('about.factDataFolder'), value: about.dataDir, mono: true, testId: 'about-data-dir' },
    { label: t('about.factLogFiles'), value: about.logsDir, mono: true, testId: 'about-logs-dir' },
  ];
  return (
    <Section title={t('about.factsHeading')}>
      <Facts items={facts} wide />
    </Section>
  );
}

type Saved = { bundle: DiagnosticsResult; link: { url: string; fileName: string } | null; savedAs: string | null };

function Diagnostics() {
  const t = useT();
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
    <Section title={t('about.diagnosticsHeading')} lead={t('about.diagnosticsText')}>
      <div className="about__actions">
        <div className="about__days">
          <Select label={t('about.logsFrom')} value={days} options={dayOptions(t)} disabled={busy} onChange={(e) => setDays(e.target.value)} />
        </div>
        <Button variant="primary" onClick={() => void save()} busy={busy}>
          {t('about.saveDiagnostics')}
        </Button>
      </div>
      {error ? (
        <Banner tone="error" title={t('about.saveFailed')}>
          {error}
        </Banner>
      ) : null}
      {saved ? (
        <Banner tone="success" title={t('about.ready')} onDismiss={() => setSaved(null)}>
          <p data-testid="diagnostics-result">
            {t(saved.savedAs ? 'about.resultSavedAs' : saved.link ? 'about.resultDownload' : 'about.resultInFolder', {
              file: saved.bundle.fileName,
              size: formatBytes(saved.bundle.bytes),
              lines: saved.bundle.logLines,
              count: storeFormat().number(saved.bundle.logLines),
              savedAs: saved.savedAs ?? '',
            })}
          </p>
          {saved.link ? (
            <p className="about__download">
              <a className="btn btn--secondary btn--md" href={saved.link.url} download={saved.link.fileName}>
                <span className="btn__label">{t('about.download', { file: saved.link.fileName })}</span>
              </a>
            </p>
          ) : null}
        </Banner>
      ) : null}
    </Section>
  );
}

export function AboutPage() {
  const t = useT();
  const about = useContractQuery('system.about', {});
  return (
    <>
      <PageHeader eyebrow={t('shell.navAdmin')} title={t('shell.navAbout')} description={t('about.description')} />
      <div className="about">
        {about.status === 'error' ? (
          <LoadError title={t('about.loadFailed')} message={about.error.message} onRetry={() => void about.refetch()} />
        ) : about.data ? (
          <Installation about={about.data} />
        ) : (
          <div className="page-loading" aria-busy="true" />
        )}
        <Diagnostics />
      </div>
    </>
  );
}
