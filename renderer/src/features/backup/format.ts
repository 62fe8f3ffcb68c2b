import type { BackupKind } from '../../../../shared/contract/system';
import type { Tone } from '../../ui';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatWhen(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : timeFormat.format(ms);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export const kindLabels: Record<BackupKind, { label: string; tone: Tone }> = {
  manual: { label: 'Manual', tone: 'info' },
  automatic: { label: 'Daily', tone: 'neutral' },
  'before-restore': { label: 'Before a restore', tone: 'warning' },
  other: { label: 'Added by hand', tone: 'neutral' },
};
