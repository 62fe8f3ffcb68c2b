/**
 * What the head-office link's state says in words and colour: the shell's indicator, its
 * tooltip, the Admin → Head office screen's sentence and the installations' lag. Pure (a
 * translate function and the store's format come in), so the choice per state is unit-tested.
 */
import type { HeadOfficeStatus, SyncState } from '../../../../shared/contract/headOffice';
import type { StoreFormat } from '../../../../shared/domain/format';
import type { MessageId, Translate } from '../../i18n';
import type { Tone } from '../../ui/Badge';

/**
 * The state as shown: "synced" with changes counted as waiting (a reconnection's hello counts
 * them before the next batch goes) is shown as sending, never "up to date" beside "3 waiting".
 */
export function shownState(status: Pick<HeadOfficeStatus, 'state' | 'pending'>): SyncState {
  return status.state === 'synced' && status.pending > 0 ? 'sending' : status.state;
}

/** How worried the colour is: sales go on in every state, so only a stop that needs a person is red. */
export function syncTone(status: Pick<HeadOfficeStatus, 'state' | 'error' | 'pending'>): Tone {
  switch (shownState(status)) {
    case 'synced':
      return 'success';
    case 'sending':
      return 'info';
    case 'connecting':
      // Trying again after a failure: the same worry as offline.
      return status.error ? 'warning' : 'neutral';
    case 'offline':
      return 'warning';
    case 'refused':
    case 'diverged':
      return 'danger';
    case 'detached':
      return 'neutral';
  }
}

const badgeIds: Record<SyncState, MessageId> = {
  detached: 'headOffice.stateDetached',
  connecting: 'headOffice.stateConnecting',
  sending: 'headOffice.stateSending',
  synced: 'headOffice.stateSynced',
  offline: 'headOffice.stateOffline',
  refused: 'headOffice.stateRefused',
  diverged: 'headOffice.stateDiverged',
};

/** The state's name, for a badge ("Up to date", "Offline"). */
export function stateLabel(state: SyncState, t: Translate): string {
  return t(badgeIds[state]);
}

const sentenceIds: Record<SyncState, MessageId> = {
  detached: 'headOffice.sentenceDetached',
  connecting: 'headOffice.sentenceConnecting',
  sending: 'headOffice.sentenceSending',
  synced: 'headOffice.sentenceSynced',
  offline: 'headOffice.sentenceOffline',
  refused: 'headOffice.sentenceRefused',
  diverged: 'headOffice.sentenceDiverged',
};

/** The Admin → Head office screen's sentence for this till's state. */
export function stateSentence(status: Pick<HeadOfficeStatus, 'state' | 'error' | 'pending'>, t: Translate): string {
  if (status.state === 'connecting' && status.error) return t('headOffice.sentenceRetrying');
  return t(sentenceIds[shownState(status)]);
}

/** "14:02" when it was today in the store's time zone, else the date with the time. */
export function formatSent(iso: string, now: number, fmt: StoreFormat): string {
  return fmt.day(iso) === fmt.day(now) ? fmt.time(iso) : fmt.dateTime(iso);
}

const indicatorIds: Record<Exclude<SyncState, 'detached'>, MessageId> = {
  connecting: 'headOffice.indicatorConnecting',
  sending: 'headOffice.indicatorSending',
  synced: 'headOffice.indicatorSynced',
  offline: 'headOffice.indicatorOffline',
  refused: 'headOffice.indicatorRefused',
  diverged: 'headOffice.indicatorDiverged',
};

export interface Indicator {
  tone: Tone;
  /** The first line: "Head office: up to date", "Head office offline". */
  state: string;
  /** The second line, when there is one: "12 changes waiting, last sent 14:02". */
  detail: string | null;
  /** The tooltip: where, which installation, the last success and the error detail. */
  title: string;
}

/** The shell's compact indicator; null when no head office is attached (nothing to show). */
export function indicator(status: HeadOfficeStatus, now: number, fmt: StoreFormat, t: Translate): Indicator | null {
  const shown = shownState(status);
  if (shown === 'detached') return null;
  const state = shown === 'connecting' && status.error ? t('headOffice.indicatorRetrying') : t(indicatorIds[shown]);
  const waiting = status.pending > 0 ? { count: status.pending, n: fmt.number(status.pending) } : null;
  // The last success matters when nothing is going out now.
  const stuck = status.state === 'offline' || status.state === 'refused' || status.state === 'diverged' || (status.state === 'connecting' && status.error !== null);
  const sent = stuck && status.lastSuccessAt ? formatSent(status.lastSuccessAt, now, fmt) : null;
  let detail: string | null = null;
  if (waiting && sent) detail = t('headOffice.waitingLastSent', { ...waiting, time: sent });
  else if (waiting) detail = t('headOffice.waiting', waiting);
  else if (sent) detail = t('headOffice.lastSentAt', { time: sent });

  const lines = [status.target ? t('headOffice.titleTarget', { target: status.target }) : t('headOffice.title')];
  if (status.installation) lines.push(t('headOffice.titleInstallation', { name: status.installation.name }));
  lines.push(status.lastSuccessAt ? t('headOffice.titleLastSent', { when: fmt.dateTime(status.lastSuccessAt) }) : t('headOffice.titleNeverSent'));
  if (status.error) lines.push(t('headOffice.titleError', { error: status.error }));
  return { tone: syncTone(status), state, detail, title: lines.join('\n') };
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long since the head office last heard from an installation: "under 1 min", "2 min", "3 h 5 min", "4 d"; "—" for never. */
export function humanizeLag(seconds: number | null, t: Translate): string {
  if (seconds === null) return t('common.none_dash');
  if (seconds < MINUTE) return t('headOffice.lagUnderMinute');
  if (seconds < HOUR) return t('headOffice.lagMinutes', { minutes: Math.floor(seconds / MINUTE) });
  if (seconds < DAY) {
    const hours = Math.floor(seconds / HOUR);
    const minutes = Math.floor((seconds % HOUR) / MINUTE);
    return minutes > 0 && hours < 10 ? t('headOffice.lagHoursMinutes', { hours, minutes }) : t('headOffice.lagHours', { hours });
  }
  return t('headOffice.lagDays', { days: Math.floor(seconds / DAY) });
}
