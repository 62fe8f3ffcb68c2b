import type { BackupKind } from '../../../../shared/contract/system';
import type { Tone } from '../../ui';
import { storeFormat } from '../../data/format';
import { t as translate, type MessageId, type Translate } from '../../i18n';

/** "6 dic 2026, 03:17" in the store's locale and time zone (the browser's when the store is unreadable). */
export function formatWhen(iso: string): string {
  return storeFormat().dateTime(iso);
}

/** "512 B", "12 KB", "3.4 MB", "1.25 GB": the unit in the current language (or in `t`'s). */
export function formatBytes(bytes: number, t: Translate = translate): string {
  if (bytes < 1024) return t('backup.sizeB', { n: String(bytes) });
  if (bytes < 1024 * 1024) return t('backup.sizeKB', { n: (bytes / 1024).toFixed(0) });
  if (bytes < 1024 * 1024 * 1024) return t('backup.sizeMB', { n: (bytes / 1024 / 1024).toFixed(1) });
  return t('backup.sizeGB', { n: (bytes / 1024 / 1024 / 1024).toFixed(2) });
}

const kinds: Record<BackupKind, { id: MessageId; tone: Tone }> = {
  manual: { id: 'backup.kindManual', tone: 'info' },
  automatic: { id: 'backup.kindAutomatic', tone: 'neutral' },
  'before-restore': { id: 'backup.kindBeforeRestore', tone: 'warning' },
  other: { id: 'backup.kindOther', tone: 'neutral' },
};

/** A backup's kind as its badge shows it: the name in `t`'s language and the badge's tone. */
export function kindBadge(t: Translate, kind: BackupKind): { label: string; tone: Tone } {
  return { label: t(kinds[kind].id), tone: kinds[kind].tone };
}
