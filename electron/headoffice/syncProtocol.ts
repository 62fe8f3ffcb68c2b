/** Messages between the host (HeadOfficeLink) and the sync worker. */
import type { HeadOfficeStatus } from '../../shared/contract/headOffice';
import type { CatalogueVersion } from './catalogue';
import type { Hello } from './sync';

export interface SyncWorkerData {
  url: string;
  dbFile: string;
  nativeBinding?: string;
  positionFile?: string;
  batchSize?: number;
  idleMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** `catalogueApplied` answers a `catalogue` of the same id: the core applied it, or why not. */
export type ToSyncWorker = { type: 'stop' } | { type: 'catalogueApplied'; id: number; error: string | null };
export type FromSyncWorker =
  | { type: 'status'; status: HeadOfficeStatus }
  | { type: 'hello'; hello: Hello }
  | { type: 'catalogue'; id: number; update: CatalogueVersion };
