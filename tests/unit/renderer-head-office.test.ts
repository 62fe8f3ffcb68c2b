import { afterEach, describe, expect, it } from 'vitest';
import '../../renderer/src/i18n/browser';
import type { HeadOfficeStatus, SyncState } from '../../shared/contract/headOffice';
import { StoreFormat } from '../../shared/domain/format';
import { errorIssue, errorText } from '../../shared/errors';
import { ApiError } from '../../renderer/src/api/errors';
import { attachErrorText, attachMode, offersDetach, urlProblem } from '../../renderer/src/features/headOffice/attach';
import { humanizeLag, indicator, shownState, stateSentence, syncTone } from '../../renderer/src/features/headOffice/status';
import { setLanguage, t } from '../../renderer/src/i18n/core';

const fmt = new StoreFormat('en-GB', 'Europe/Rome');
const now = Date.parse('2026-03-10T13:30:00Z'); // 14:30 in Rome

const status = (patch: Partial<HeadOfficeStatus>): HeadOfficeStatus =>
  ({
    settable: false,
    state: 'synced',
    installation: { id: 'i1', name: 'Main Street' },
    target: 'ho.example.com:5432/books',
    pending: 0,
    lastSuccessAt: '2026-03-10T13:02:00Z',
    error: null,
    takenRegisterCodes: [],
    ...patch,
  }) as HeadOfficeStatus;

describe("the shell's head-office indicator", () => {
  it('shows nothing while detached', () => {
    expect(indicator(status({ state: 'detached', installation: null, target: null, lastSuccessAt: null }), now, fmt, t)).toBeNull();
  });

  it('says "up to date" in green when the head office holds everything', () => {
    expect(indicator(status({}), now, fmt, t)).toMatchObject({ tone: 'success', state: 'Head office: up to date', detail: null });
  });

  it('counts what waits while sending, in the store\'s digits', () => {
    expect(indicator(status({ state: 'sending', pending: 1 }), now, fmt, t)).toMatchObject({ tone: 'info', state: 'Head office: sending', detail: '1 change waiting' });
    expect(indicator(status({ state: 'sending', pending: 1234 }), now, fmt, t)?.detail).toBe('1,234 changes waiting');
    expect(indicator(status({ state: 'sending', pending: 1234 }), now, new StoreFormat('de-DE', 'Europe/Rome'), t)?.detail).toBe('1.234 changes waiting');
  });

  it('offline: amber, what waits and when it last went, at the store\'s time (a date when not today)', () => {
    const offline = status({ state: 'offline', pending: 12, error: 'the head office does not answer (connection refused)' });
    expect(indicator(offline, now, fmt, t)).toMatchObject({ tone: 'warning', state: 'Head office offline', detail: '12 changes waiting, last sent 14:02' });
    expect(indicator({ ...offline, lastSuccessAt: '2026-03-09T16:45:00Z' }, now, fmt, t)?.detail).toBe('12 changes waiting, last sent 9 Mar 2026, 17:45');
    expect(indicator({ ...offline, pending: 0 }, now, fmt, t)?.detail).toBe('Last sent 14:02');
    expect(indicator({ ...offline, lastSuccessAt: null }, now, fmt, t)?.detail).toBe('12 changes waiting');
  });

  it('refused and diverged are red: sending stopped until someone acts', () => {
    expect(indicator(status({ state: 'refused', pending: 3, error: 'x' }), now, fmt, t)).toMatchObject({ tone: 'danger', state: 'Head office refused' });
    expect(indicator(status({ state: 'diverged', error: 'x' }), now, fmt, t)).toMatchObject({ tone: 'danger', state: 'Head office: records differ' });
  });

  it('connecting is neutral; after a failure it is a retry, amber', () => {
    expect(indicator(status({ state: 'connecting', installation: null, lastSuccessAt: null }), now, fmt, t)).toMatchObject({ tone: 'neutral', state: 'Head office: connecting…' });
    expect(indicator(status({ state: 'connecting', error: 'the head office was at another point' }), now, fmt, t)).toMatchObject({ tone: 'warning', state: 'Head office: retrying…' });
  });

  it('"synced" with changes counted as waiting is shown as sending, never "up to date" beside them', () => {
    expect(shownState(status({ state: 'synced', pending: 4 }))).toBe('sending');
    expect(indicator(status({ state: 'synced', pending: 4 }), now, fmt, t)).toMatchObject({ tone: 'info', state: 'Head office: sending', detail: '4 changes waiting' });
  });

  it('the tooltip gives the head office, the installation, the last success and the error detail', () => {
    expect(indicator(status({ state: 'offline', pending: 2, error: 'the head office does not answer (connection refused)' }), now, fmt, t)?.title).toBe(
      ['Head office: ho.example.com:5432/books', 'This till there: Main Street', 'Last sent: 10 Mar 2026, 14:02', 'Error: the head office does not answer (connection refused)'].join('\n'),
    );
    expect(indicator(status({ state: 'connecting', installation: null, lastSuccessAt: null }), now, fmt, t)?.title).toBe(['Head office: ho.example.com:5432/books', 'Nothing sent since Tessera started'].join('\n'));
  });
});

describe('Admin → Head office', () => {
  it('has a sentence of its own for every state', () => {
    const states: SyncState[] = ['detached', 'connecting', 'sending', 'synced', 'offline', 'refused', 'diverged'];
    const sentences = states.map((state) => stateSentence({ state, error: null, pending: state === 'sending' ? 2 : 0 }, t));
    expect(new Set(sentences).size).toBe(states.length);
    for (const s of sentences) expect(s).not.toMatch(/^headOffice\./);
    expect(stateSentence({ state: 'detached', error: null, pending: 0 }, t)).toBe('This till is not attached to a head office: it keeps its books on its own.');
    expect(stateSentence({ state: 'offline', error: 'x', pending: 5 }, t)).toContain('Sales go on');
    expect(stateSentence({ state: 'connecting', error: 'x', pending: 0 }, t)).toContain('trying again');
  });

  it('colours every state', () => {
    expect(syncTone({ state: 'detached', error: null, pending: 0 })).toBe('neutral');
    expect(syncTone({ state: 'synced', error: null, pending: 0 })).toBe('success');
    expect(syncTone({ state: 'offline', error: 'x', pending: 0 })).toBe('warning');
    expect(syncTone({ state: 'refused', error: 'x', pending: 0 })).toBe('danger');
  });

  it('says how long since the head office heard from an installation, short', () => {
    expect(humanizeLag(null, t)).toBe('—');
    expect(humanizeLag(0, t)).toBe('under 1 min');
    expect(humanizeLag(59, t)).toBe('under 1 min');
    expect(humanizeLag(125, t)).toBe('2 min');
    expect(humanizeLag(3 * 3600 + 5 * 60, t)).toBe('3 h 5 min');
    expect(humanizeLag(11 * 3600 + 5 * 60, t)).toBe('11 h');
    expect(humanizeLag(2 * 3600, t)).toBe('2 h');
    expect(humanizeLag(86_400, t)).toBe('1 day');
    expect(humanizeLag(4 * 86_400 + 3600, t)).toBe('4 days');
  });
});

describe('setting the head office here (the desktop app)', () => {
  afterEach(async () => {
    await setLanguage('en');
  });

  const detached = status({ state: 'detached', installation: null, target: null, lastSuccessAt: null });

  it('offers the attach form to an admin on the desktop app, tells others who attaches, and the HTTP host how it is set at its start', () => {
    expect(attachMode({ ...detached, settable: true }, true)).toBe('form');
    expect(attachMode({ ...detached, settable: true }, false)).toBe('askAdmin');
    // The HTTP host: set with --head-office when it starts, whoever asks.
    expect(attachMode(detached, true)).toBe('atStart');
    expect(attachMode(detached, false)).toBe('atStart');
    // Attached: no form, whatever the state of the link.
    for (const state of ['connecting', 'sending', 'synced', 'offline', 'refused', 'diverged'] as const) expect(attachMode(status({ state, settable: true }), true)).toBeNull();
  });

  it('offers to stop shipping only to an admin on the desktop app, while a head office is set', () => {
    expect(offersDetach(status({ settable: true }), true)).toBe(true);
    expect(offersDetach(status({ state: 'refused', settable: true }), true)).toBe(true);
    expect(offersDetach(status({ settable: true }), false)).toBe(false);
    expect(offersDetach(status({ settable: false }), true)).toBe(false);
    expect(offersDetach({ ...detached, settable: true }, true)).toBe(false);
  });

  it('asks for the URL before sending an empty field; the rest is the core\'s to check', () => {
    expect(urlProblem('', t)).toBe(t('errors.headOfficeUrlFormat'));
    expect(urlProblem('   ', t)).toMatch(/^Enter the URL that tessera headoffice add-installation printed/);
    expect(urlProblem('postgres://till:secret@ho.example.com:5432/books', t)).toBeNull();
    expect(urlProblem('not a url', t)).toBeNull();
  });

  const unreachable = () =>
    new ApiError('headOffice.attach', {
      code: 'CONFLICT',
      message: errorText('headOfficeUnreachable', { target: 'ho.example.com:5432/books', detail: 'connect ECONNREFUSED 10.0.0.5:5432' }),
      key: 'headOfficeUnreachable',
      params: { target: 'ho.example.com:5432/books', detail: 'connect ECONNREFUSED 10.0.0.5:5432' },
    });
  const badFormat = () => {
    const issue = errorIssue(['url'], 'headOfficeUrlFormat');
    return new ApiError('headOffice.attach', { code: 'VALIDATION', message: `url: ${issue.message}`, details: { issues: [issue] } });
  };

  it("says why an attach failed in one sentence for under the field: the URL's issue, or why the head office could not be reached", () => {
    expect(attachErrorText(badFormat(), 'Head office URL', t)).toBe('Enter the URL that tessera headoffice add-installation printed (it starts with postgres://).');
    expect(attachErrorText(unreachable(), 'Head office URL', t)).toBe(
      'The head office at ho.example.com:5432/books could not be reached as an installation: connect ECONNREFUSED 10.0.0.5:5432. Nothing was changed.',
    );
    const noKeychain = new ApiError('headOffice.attach', { code: 'CONFLICT', message: errorText('headOfficeNoKeychain'), key: 'headOfficeNoKeychain' });
    expect(attachErrorText(noKeychain, 'Head office URL', t)).toBe(t('errors.headOfficeNoKeychain'));
    const atStart = new ApiError('headOffice.attach', { code: 'CONFLICT', message: errorText('headOfficeSetAtStart'), key: 'headOfficeSetAtStart' });
    expect(attachErrorText(atStart, 'Head office URL', t)).toBe(t('errors.headOfficeSetAtStart'));
    expect(attachErrorText(new Error('boom'), 'Head office URL', t)).toBe('boom');
  });

  it("speaks the user's language, the head office's address and the link's detail kept as they are", async () => {
    await setLanguage('de');
    const text = attachErrorText(unreachable(), t('headOffice.attachUrlLabel'), t);
    expect(text).toBe(t('errors.headOfficeUnreachable', { target: 'ho.example.com:5432/books', detail: 'connect ECONNREFUSED 10.0.0.5:5432' }));
    expect(text).toContain('Zentrale');
    expect(text).toContain('ho.example.com:5432/books');
    expect(text).toContain('connect ECONNREFUSED 10.0.0.5:5432');
    expect(attachErrorText(badFormat(), t('headOffice.attachUrlLabel'), t)).toBe(t('errors.headOfficeUrlFormat'));
    expect(urlProblem('', t)).toBe(t('errors.headOfficeUrlFormat'));
    expect(urlProblem('', t)).not.toMatch(/^Enter/);
  });
});
