/** The backups the app records (the `backups` table): by hand, the daily one, the file a restore set aside. */
export const recordedBackupKinds = ['manual', 'automatic', 'before-restore'] as const;
export type RecordedBackupKind = (typeof recordedBackupKinds)[number];

/** As listed: the recorded kinds and `other`, a file in the folder the app did not make. */
export const backupKinds = [...recordedBackupKinds, 'other'] as const;
export type BackupKind = (typeof backupKinds)[number];

/** What a backup failure was making: a backup, or the copy of one into the second folder. */
export const backupFailureKinds = ['manual', 'automatic', 'copy'] as const;
export type BackupFailureKind = (typeof backupFailureKinds)[number];
