import type { BackupKind } from '../../../../shared/contract/system';
import type { Tone } from '../../ui';
import { storeFormat } from '../../data/format';

/** "6 dic 2026, 03:17" in the store's locale and time zone (the browser's when the store is unreadable). */
export function formatWhen(iso: string): string {
  return storeFormat().dateTime(iso);
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
