/** Messages between the host (HeadOfficeLink) and the sync worker. */
import type { HeadOfficeStatus } from '../../shared/contract/headOffice';

export interface SyncWorkerData {
  url: string;
  dbFile: string;
  nativeBinding?: string;
  batchSize?: number;
  idleMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export type ToSyncWorker = { type: 'stop' };
export type FromSyncWorker = { type: 'status'; status: HeadOfficeStatus } | { type: 'stopped' };
