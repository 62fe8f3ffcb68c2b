/**
 * The host's side of the head office: starts the sync worker, keeps its latest status for
 * headOffice.status, starts a fresh worker when one dies, and asks PostgreSQL for every
 * installation's progress (headOffice.installations).
 */
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { HeadOfficeStatus, InstallationProgress } from '../../shared/contract/headOffice';
import type { Services } from '../core/services';
import { workerUrl } from '../core/workerUrl';
import type { CatalogueItem, CatalogueVersion } from './catalogue';
import { targetOf, type Hello } from './sync';
import type { FromSyncWorker, SyncWorkerData, ToSyncWorker } from './syncProtocol';

/** What the core's headOffice.* methods read and do (HeadOfficeControl). */
export interface HeadOfficeView {
  status(): HeadOfficeStatus;
  installations(): Promise<InstallationProgress[]>;
  /** Makes these items a new catalogue version at the head office; resolves with its number. */
  putCatalogue(items: CatalogueItem[]): Promise<number>;
  /** Settings → Head office (the desktop): set it, or stop shipping and forget it. */
  attach(url: string): Promise<HeadOfficeStatus>;
  detach(): Promise<HeadOfficeStatus>;
}

export const DETACHED: HeadOfficeStatus = { state: 'detached', installation: null, target: null, pending: 0, lastSuccessAt: null, error: null, takenRegisterCodes: [], settable: false };

const RESTART_MS = 2000;

/** What the head office's answers change in the core: the attachment record and the catalogue. */
export function coreCallbacks(services: () => Pick<Services, 'headOffice'>): Pick<HeadOfficeLink, 'onHello' | 'onCatalogue'> {
  return {
    onHello: (hello) => services().headOffice.recordAttachment(hello.installation, hello),
    onCatalogue: (update) => void services().headOffice.applyCatalogue(update),
  };
}

export class HeadOfficeLink implements Pick<HeadOfficeView, 'status' | 'installations' | 'putCatalogue'> {
  private worker: Worker | null = null;
  private latest: HeadOfficeStatus;
  private closing = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private pool: pg.Pool | null = null;

  /** Told at each hello who the head office knows this till as, and its register codes (the host records it). */
  onHello: ((hello: Hello) => void) | null = null;
  /** Applies a catalogue version from the head office in the core (throws when it cannot). */
  onCatalogue: ((update: CatalogueVersion) => void) | null = null;

  constructor(private readonly data: SyncWorkerData) {
    this.latest = { ...DETACHED, state: 'connecting', target: targetOf(data.url) };
  }

  start(): void {
    if (this.closing || this.worker) return;
    const worker = new Worker(workerUrl(import.meta.url, 'syncWorker-bootstrap.mjs', 'sync-worker.js'), {
      workerData: this.data,
      // Not the host's flags (a host started with `node -e` would pass its script's flags on); the bootstrap loads what source needs.
      execArgv: [],
    });
    worker.on('message', (m: FromSyncWorker) => {
      if (m.type === 'catalogue') {
        let error: string | null = null;
        try {
          if (!this.onCatalogue) throw new Error('this host does not apply catalogues');
          this.onCatalogue(m.update);
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
        }
        worker.postMessage({ type: 'catalogueApplied', id: m.id, error } satisfies ToSyncWorker);
        return;
      }
      if (m.type === 'hello') {
        try {
          this.onHello?.(m.hello);
        } catch (err) {
          this.latest = { ...this.latest, error: `the attachment could not be recorded here: ${err instanceof Error ? err.message : String(err)}` };
        }
        return;
      }
      if (m.type === 'status') this.latest = m.status;
    });
    worker.on('error', (err) => {
      this.latest = { ...this.latest, state: 'connecting', error: `the sync worker stopped: ${err.message}` };
    });
    worker.on('exit', () => {
      this.worker = null;
      if (!this.closing) this.restartTimer = setTimeout(() => this.start(), RESTART_MS);
    });
    // The host process may end while the worker waits on the network.
    worker.unref();
    this.worker = worker;
  }

  status(): HeadOfficeStatus {
    return { ...this.latest };
  }

  async installations(): Promise<InstallationProgress[]> {
    const r = await this.query<{ installation_id: string; name: string; register_codes: string[]; shipped_seq: string; last_received_at: Date | null }>(
      'SELECT * FROM tessera_installations()',
    );
    const now = Date.now();
    return r.map((row) => ({
      id: row.installation_id,
      name: row.name,
      registerCodes: row.register_codes,
      shippedSeq: Number(row.shipped_seq),
      lastReceivedAt: row.last_received_at?.toISOString() ?? null,
      lagSeconds: row.last_received_at ? Math.max(0, Math.round((now - row.last_received_at.getTime()) / 1000)) : null,
    }));
  }

  async putCatalogue(items: CatalogueItem[]): Promise<number> {
    const [row] = await this.query<{ v: string }>('SELECT tessera_catalogue_put($1::jsonb) AS v', [JSON.stringify(items)]);
    return Number(row!.v);
  }

  /**
   * One statement on this thread's connection (the worker's is busy shipping): a pool of one,
   * opened on the first call and closed after a minute unused, so a screen that asks every few
   * seconds does not connect each time.
   */
  private query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    if (!this.pool) {
      this.pool = new pg.Pool({ connectionString: this.data.url, max: 1, idleTimeoutMillis: 60_000, connectionTimeoutMillis: 5_000, query_timeout: 30_000 });
      this.pool.on('error', () => {});
    }
    return this.pool.query<R>(sql, params).then((r) => r.rows);
  }

  /** Stops the worker after its step in flight. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.pool?.end().catch(() => {});
    this.pool = null;
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 15_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage({ type: 'stop' } satisfies ToSyncWorker);
    });
  }
}
