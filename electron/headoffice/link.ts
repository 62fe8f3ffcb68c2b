/**
 * The host's side of the head office: starts the sync worker, keeps its latest status for
 * headOffice.status, starts a fresh worker when one dies, and asks PostgreSQL for every
 * installation's progress (headOffice.installations).
 */
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { HeadOfficeStatus, InstallationProgress } from '../../shared/contract/headOffice';
import { workerUrl } from '../core/workerUrl';
import { targetOf } from './sync';
import type { FromSyncWorker, SyncWorkerData, ToSyncWorker } from './syncProtocol';

/** What the core's headOffice.* methods read. */
export interface HeadOfficeView {
  status(): HeadOfficeStatus;
  installations(): Promise<InstallationProgress[]>;
}

export const DETACHED: HeadOfficeStatus = { state: 'detached', installation: null, target: null, pending: 0, lastSuccessAt: null, error: null, takenRegisterCodes: [] };

const RESTART_MS = 2000;

export class HeadOfficeLink implements HeadOfficeView {
  private worker: Worker | null = null;
  private latest: HeadOfficeStatus;
  private closing = false;
  private restartTimer: NodeJS.Timeout | null = null;

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
    const client = new pg.Client({ connectionString: this.data.url, connectionTimeoutMillis: 10_000, query_timeout: 30_000 });
    client.on('error', () => {});
    await client.connect();
    try {
      const r = await client.query<{ installation_id: string; name: string; register_codes: string[]; shipped_seq: string; last_received_at: Date | null }>(
        'SELECT * FROM tessera_installations()',
      );
      const now = Date.now();
      return r.rows.map((row) => ({
        id: row.installation_id,
        name: row.name,
        registerCodes: row.register_codes,
        shippedSeq: Number(row.shipped_seq),
        lastReceivedAt: row.last_received_at?.toISOString() ?? null,
        lagSeconds: row.last_received_at ? Math.max(0, Math.round((now - row.last_received_at.getTime()) / 1000)) : null,
      }));
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Stops the worker after its step in flight. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
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
