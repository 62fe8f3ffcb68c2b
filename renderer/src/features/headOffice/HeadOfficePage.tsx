import type { ReactNode } from 'react';
import type { HeadOfficeStatus, InstallationProgress } from '../../../../shared/contract/headOffice';
import { canCall } from '../../app/access';
import { href } from '../../app/router';
import { useStoreFormat } from '../../data';
import { useT } from '../../i18n';
import { Badge, Banner, Button, Facts, LoadError, PageHeader, Section, Table, type Column, type Fact } from '../../ui';
import { Rich } from '../backup/Rich';
import { useSession } from '../session/store';
import { AttachAskAdmin, AttachForm, DetachControl } from './AttachControls';
import { attachMode, offersDetach, type AttachMode } from './attach';
import { humanizeLag, shownState, stateLabel, stateSentence, syncTone } from './status';
import { useHeadOfficeStatus, useInstallations } from './useHeadOffice';
import './headOffice.css';

// Commands read left to right on an Arabic screen too.
const code = (chunks: ReactNode[]) => (
  <code className="ho__code" dir="ltr">
    {chunks}
  </code>
);

/**
 * No head office. The desktop app sets it here (an admin pastes the URL; others are told who
 * does); the HTTP host takes it at its start, which the steps say how.
 */
function Detached({ mode }: { mode: AttachMode }) {
  const t = useT();
  return (
    <Section title={t('headOffice.thisTill')} aside={<Badge tone="neutral">{stateLabel('detached', t)}</Badge>} testId="head-office-detached">
      <p className="ho__sentence" data-testid="head-office-sentence">
        {stateSentence({ state: 'detached', error: null, pending: 0 }, t)}
      </p>
      {mode === 'form' ? (
        <AttachForm />
      ) : mode === 'askAdmin' ? (
        <AttachAskAdmin />
      ) : (
        <>
          <p className="ho__text">{t('headOffice.attachIntro')}</p>
          <ol className="ho__steps">
            <li>
              <Rich id="headOffice.attachStepAdd" values={{ code }} />
            </li>
            <li>
              <Rich id="headOffice.attachStepServe" values={{ code }} />
            </li>
          </ol>
        </>
      )}
    </Section>
  );
}

/** Register codes of this till another installation already holds. */
function TakenCodes({ codes }: { codes: string[] }) {
  const t = useT();
  const role = useSession((s) => s.user?.role);
  const fmt = useStoreFormat();
  const list = new Intl.ListFormat(fmt.locale, { type: 'conjunction' }).format(codes);
  return (
    <div className="ho__taken" data-testid="head-office-taken-codes">
      <Banner tone="warning" title={t('headOffice.takenTitle', { count: codes.length })}>
        <p>{t('headOffice.takenBody', { count: codes.length, codes: list })}</p>
        <p className="ho__taken-action">
          {role && canCall(role, 'registers.update') ? (
            <a className="ho__link" href={href('/admin/registers')}>
              {t('headOffice.takenOpenRegisters')}
            </a>
          ) : (
            t('headOffice.takenAskAdmin')
          )}
        </p>
      </Banner>
    </div>
  );
}

function ThisTill({ status, detach }: { status: HeadOfficeStatus; detach: boolean }) {
  const t = useT();
  const fmt = useStoreFormat();
  const tone = syncTone(status);
  const facts: Fact[] = [
    { label: t('headOffice.factInstallation'), value: status.installation?.name ?? t('headOffice.notKnownYet'), testId: 'head-office-installation' },
    { label: t('headOffice.factPending'), value: fmt.number(status.pending), testId: 'head-office-pending' },
    { label: t('headOffice.factLastSent'), value: status.lastSuccessAt ? fmt.dateTime(status.lastSuccessAt) : t('headOffice.notSinceStart'), testId: 'head-office-last-sent' },
    { label: t('headOffice.factTarget'), value: status.target ?? t('common.none_dash'), testId: 'head-office-target', mono: true },
  ];
  return (
    <Section
      title={t('headOffice.thisTill')}
      aside={
        <span data-testid="head-office-state" data-state={status.state}>
          <Badge tone={tone}>{stateLabel(shownState(status), t)}</Badge>
        </span>
      }
    >
      <p className="ho__sentence" data-testid="head-office-sentence">
        {stateSentence(status, t)}
      </p>
      {status.error ? (
        <div className={`ho__error ho__error--${tone === 'danger' ? 'danger' : 'warning'}`} data-testid="head-office-error">
          <p className="ho__error-label">{t('headOffice.errorLabel')}</p>
          <p className="ho__error-text" lang="en" dir="ltr">
            {status.error}
          </p>
        </div>
      ) : null}
      {/* Data in Latin script (a name, a date in the store's locale) keeps its order on an Arabic screen. */}
      <Facts items={facts} dir="auto" />
      {detach ? <DetachControl status={status} /> : null}
    </Section>
  );
}

function Installations({ ownId }: { ownId: string | null }) {
  const t = useT();
  const fmt = useStoreFormat();
  const query = useInstallations(true);
  const columns: Column<InstallationProgress>[] = [
    {
      key: 'name',
      header: t('headOffice.columnName'),
      render: (i) => (
        <span className="ho__name">
          {i.name}
          {i.id === ownId ? <Badge tone="info">{t('headOffice.thisTillBadge')}</Badge> : null}
        </span>
      ),
    },
    {
      key: 'registers',
      header: t('headOffice.columnRegisters'),
      render: (i) =>
        i.registerCodes.length > 0 ? (
          <span className="ho__codes" dir="ltr">
            {i.registerCodes.join(', ')}
          </span>
        ) : (
          <span className="ho__muted">{t('common.none_dash')}</span>
        ),
    },
    {
      key: 'received',
      header: t('headOffice.columnLastReceived'),
      render: (i) =>
        i.lastReceivedAt ? (
          <time dateTime={i.lastReceivedAt} dir="auto">
            {fmt.dateTime(i.lastReceivedAt)}
          </time>
        ) : (
          <span className="ho__muted">{t('headOffice.never')}</span>
        ),
    },
    { key: 'lag', header: t('headOffice.columnLag'), align: 'end', width: 'shrink', render: (i) => <span className="ho__lag">{humanizeLag(i.lagSeconds, t)}</span> },
  ];
  return (
    <Section title={t('headOffice.installationsHeading')} lead={t('headOffice.installationsText')}>
      {query.status === 'error' ? (
        <LoadError title={t('headOffice.installationsFailed')} message={query.error.message} onRetry={() => void query.refetch()} />
      ) : query.data?.error ? (
        <div className="ho__asked" data-testid="head-office-installations-error">
          <Banner tone="warning" title={t('headOffice.installationsFailed')}>
            <span lang="en" dir="ltr">
              {query.data.error}
            </span>
          </Banner>
          <Button onClick={() => void query.refetch()} busy={query.isFetching}>
            {t('shell.tryAgain')}
          </Button>
        </div>
      ) : (
        <Table
          caption={t('headOffice.installationsHeading')}
          columns={columns}
          rows={query.data?.items ?? []}
          rowKey={(i) => i.id}
          busy={query.isPending}
          empty={query.isPending ? t('common.loading') : t('headOffice.installationsEmpty')}
        />
      )}
    </Section>
  );
}

/** Admin → Head office: where this till's books go, and how far behind each installation is. */
export function HeadOfficePage() {
  const t = useT();
  const status = useHeadOfficeStatus();
  const role = useSession((s) => s.user?.role);
  const data = status.data;
  const mode = data ? attachMode(data, role ? canCall(role, 'headOffice.attach') : false) : null;
  return (
    <>
      <PageHeader eyebrow={t('shell.navAdmin')} title={t('headOffice.title')} description={t('headOffice.description')} />
      <div className="ho">
        {status.status === 'error' && !data ? (
          <LoadError title={t('headOffice.loadFailed')} message={status.error.message} onRetry={() => void status.refetch()} />
        ) : !data ? (
          <div className="page-loading" aria-busy="true" />
        ) : mode ? (
          <Detached mode={mode} />
        ) : (
          <>
            {data.takenRegisterCodes.length > 0 ? <TakenCodes codes={data.takenRegisterCodes} /> : null}
            <ThisTill status={data} detach={offersDetach(data, role ? canCall(role, 'headOffice.detach') : false)} />
            <Installations ownId={data.installation?.id ?? null} />
          </>
        )}
      </div>
    </>
  );
}
