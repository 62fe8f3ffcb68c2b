/**
 * The sync loop: ships the till's trail to the head office in batches, forever, never in a
 * sale's way. It runs on a worker thread (syncWorker.ts) with its own read-only connection to
 * tessera.db and one PostgreSQL connection.
 *
 * - Each round asks the head office where this installation's log stands (tessera_hello), then
 *   sends the entries after it, one transaction per batch (tessera_ingest); so a crash, a kill
 *   or a dropped connection at any point resumes from what PostgreSQL committed, and a batch
 *   sent twice changes nothing.
 * - Failures wait with exponential backoff (with jitter), up to maxBackoffMs.
 * - Memory is bounded by the batch: at most batchSize entries and the documents they touch.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { HeadOfficeStatus, SyncState } from '../../shared/contract/headOffice';
import { catalogueSince, type CatalogueVersion } from './catalogue';
import { DivergedError, Outbox } from './outbox';

export interface Hello {
  installation: { id: string; name: string };
  reservedCodes: string[];
  takenCodes: string[];
}

export interface SyncOptions {
  url: string;
  /** tessera.db. */
  dbFile: string;
  nativeBinding?: string;
  batchSize?: number;
  /** How often an idle loop looks for new entries (default 100 ms: one read of the trail's last seq). */
  idleMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Where the head office's last known position is noted (seq and time, best effort, at most
   * every few seconds): after a restart while it is out of reach, the changes waiting and the
   * last success are still known. Shipping never trusts it: it always asks the head office.
   */
  positionFile?: string;
  /** How often a caught-up loop asks for a newer catalogue (default 2 s). */
  catalogueEveryMs?: number;
  onStatus(status: HeadOfficeStatus): void;
  /** After each hello: who the head office knows this till as, and the register codes it holds and those another holds. */
  onHello?(hello: Hello): void;
  /** Applies a catalogue version in the core (the host's thread); rejects when it could not. Absent: the catalogue is not pulled. */
  onCatalogue?(update: CatalogueVersion): Promise<void>;
}


/** The head office's address without credentials: what the UI may show. */
export function targetOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'an unreadable URL';
  }
}

/** PostgreSQL's answers that no retry will change (credentials, rights, a missing schema). */
const REFUSALS: Record<string, string> = {
  '28P01': "the head office refused this installation's password",
  '28000': 'the head office does not let this installation in (pg_hba.conf)',
  '3D000': "the head office's database does not exist",
  '42501': 'this role is not a Tessera installation at the head office',
  '42883': "the head office's schema is missing: run `tessera headoffice init` against it",
  '42P01': "the head office's schema is missing: run `tessera headoffice init` against it",
};

const OUT_OF_STEP = 'TS409';

/** Node's TLS verdicts on a certificate: no retry makes it trusted. */
const TLS_REFUSALS = /^(UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_|ERR_TLS_CERT_ALTNAME_INVALID)/;

function classify(err: unknown): { state: SyncState; message: string; resync: boolean } {
  if (err instanceof DivergedError) {
    return { state: 'diverged', message: `${err.message} (was a backup restored?); nothing more is sent until this is resolved`, resync: false };
  }
  if (err instanceof pg.DatabaseError && err.code !== undefined) {
    if (err.code === OUT_OF_STEP) return { state: 'connecting', message: 'the head office was at another point of this till\'s records; sending again from there', resync: true };
    if (err.code === '28000' && /no encryption/.test(err.message)) {
      return { state: 'refused', message: 'the head office accepts only encrypted connections: add ?sslmode=verify-full to its URL (and sslrootcert=FILE for a private CA)', resync: false };
    }
    const refusal = REFUSALS[err.code];
    if (refusal) return { state: 'refused', message: refusal, resync: false };
  }
  const code = (err as { code?: string } | null)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  if (code !== undefined && TLS_REFUSALS.test(code)) {
    return { state: 'refused', message: `the head office's certificate is not trusted (${detail}): give its CA with sslrootcert=FILE in the URL`, resync: false };
  }
  if (/does not support SSL/i.test(detail)) return { state: 'refused', message: 'the URL asks for TLS and the head office does not offer it', resync: false };
  if (code === 'ECONNREFUSED') return { state: 'offline', message: 'the head office does not answer (connection refused)', resync: false };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { state: 'offline', message: "the head office's host name is not found", resync: false };
  return { state: 'offline', message: `the connection to the head office failed: ${detail}`, resync: false };
}

const SECOND = 1000;

function readPosition(file: string | undefined): { seq: number; at: string } | null {
  if (!file) return null;
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as { seq?: unknown; at?: unknown };
    return typeof v.seq === 'number' && typeof v.at === 'string' ? { seq: v.seq, at: v.at } : null;
  } catch {
    return null;
  }
}

export class SyncLoop {
  private stopped = false;
  private wake: (() => void) | null = null;
  private client: pg.Client | null = null;
  private db: Database.Database | null = null;
  private dbIno = 0;
  private outbox: Outbox | null = null;
  private cursor: { seq: number; hash: string | null } | null = null;
  /** The head office's last known position, kept across reconnections for the pending count. */
  private known = 0;
  private failures = 0;
  private readonly status: HeadOfficeStatus;
  private running: Promise<void> | null = null;
  private nextCatalogueAt = 0;
  private nextNoteAt = 0;
  private rehelloAt = Infinity;
  private catalogueProblem: string | null = null;

  constructor(private readonly opts: SyncOptions) {
    this.status = { state: 'connecting', installation: null, target: targetOf(opts.url), pending: 0, lastSuccessAt: null, error: null, takenRegisterCodes: [], settable: false };
    const noted = readPosition(opts.positionFile);
    if (noted) {
      this.known = noted.seq;
      this.status.lastSuccessAt = noted.at;
    }
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Ends the loop after the step in flight (a batch in flight is committed or not, never half). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    this.notePosition(true);
    this.db?.close();
  }

  private notePosition(now: boolean): void {
    const file = this.opts.positionFile;
    const at = this.status.lastSuccessAt;
    if (!file || at === null || (!now && Date.now() < this.nextNoteAt)) return;
    this.nextNoteAt = Date.now() + 5 * SECOND;
    try {
      const temp = `${file}.tmp`;
      fs.writeFileSync(temp, JSON.stringify({ seq: this.known, at }), { mode: 0o600 });
      fs.renameSync(temp, file);
    } catch {
      // A note only: the next hello says where the head office stands.
    }
  }

  private publish(patch: Partial<HeadOfficeStatus>): void {
    Object.assign(this.status, patch);
    this.opts.onStatus({ ...this.status });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async loop(): Promise<void> {
    this.publish({});
    while (!this.stopped) {
      try {
        const sent = await this.step();
        this.failures = 0;
        if (!sent) await this.sleep(this.opts.idleMs ?? 100);
      } catch (err) {
        const { state, message, resync } = classify(err);
        this.cursor = null;
        await this.disconnect();
        this.publish({ state, error: message, pending: this.pendingCount() });
        if (resync) continue;
        this.failures += 1;
        const min = this.opts.minBackoffMs ?? 500;
        const max = this.opts.maxBackoffMs ?? 60 * SECOND;
        const delay = Math.min(max, min * 2 ** Math.min(this.failures - 1, 16));
        await this.sleep(delay / 2 + Math.random() * (delay / 2));
      }
    }
    await this.disconnect();
  }

  /** One round: connect and say hello when needed, then send one batch. False when there was nothing to send. */
  private async step(): Promise<boolean> {
    const outbox = this.localOutbox();
    if (this.client === null) {
      const client = new pg.Client({ connectionString: this.opts.url, connectionTimeoutMillis: 10 * SECOND, query_timeout: 60 * SECOND, keepAlive: true, application_name: 'tessera sync' });
      // An error between queries (the server gone) surfaces in the next query; this keeps it from crashing the thread.
      client.on('error', () => {});
      this.client = client;
      await client.connect();
    }
    if (this.cursor === null || Date.now() >= this.rehelloAt) await this.hello(this.client, outbox);
    const cursor = this.cursor!;
    const batch = outbox.read(cursor.seq, this.opts.batchSize ?? 500);
    if (batch === null) {
      await this.pullCatalogue(this.client);
      if (this.catalogueProblem === null) this.publish({ state: 'synced', error: null, pending: 0 });
      return false;
    }
    const r = await this.client.query<{ upto: string }>('SELECT tessera_ingest($1, $2, $3, $4, $5::jsonb) AS upto', [
      batch.after,
      batch.afterHash,
      batch.upto,
      batch.uptoHash,
      JSON.stringify(batch.docs),
    ]);
    const upto = Number(r.rows[0]!.upto);
    this.cursor = { seq: upto, hash: upto === batch.upto ? batch.uptoHash : outbox.hashAtSeq(upto) ?? null };
    this.known = upto;
    const pending = this.pendingCount();
    const at = new Date().toISOString();
    this.publish({ state: pending === 0 ? 'synced' : 'sending', error: null, pending, lastSuccessAt: at });
    this.notePosition(false);
    return true;
  }

  /**
   * Brings the catalogue down when the head office has a newer version than the one applied
   * here (read from tessera.db: the core records it as it applies one). A refused version
   * is tried again at the next pull; the books keep shipping meanwhile.
   */
  private async pullCatalogue(client: pg.Client): Promise<void> {
    const apply = this.opts.onCatalogue;
    const now = Date.now();
    if (!apply || now < this.nextCatalogueAt) return;
    const row = this.db!.prepare('SELECT catalogue_version AS v FROM head_office WHERE id = 1').get() as { v: number } | undefined;
    // Not attached yet: the host records the attachment on this loop's first hello (look again at the next round).
    if (row === undefined) return;
    this.nextCatalogueAt = now + (this.opts.catalogueEveryMs ?? 2 * SECOND);
    const update = await catalogueSince(client, row.v);
    if (update === null) {
      this.catalogueProblem = null;
      return;
    }
    try {
      await apply(update);
      this.catalogueProblem = null;
    } catch (err) {
      this.catalogueProblem = `catalogue version ${update.version} could not be applied here: ${err instanceof Error ? err.message : String(err)}`;
      this.publish({ state: 'synced', error: this.catalogueProblem, pending: this.pendingCount() });
    }
  }

  private async hello(client: pg.Client, outbox: Outbox): Promise<void> {
    const db = this.db!;
    const zone = db.prepare("SELECT value FROM settings WHERE key = 'timeZone'").get() as { value: string } | undefined;
    const timeZone = zone ? (JSON.parse(zone.value) as string) : Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    const codes = (db.prepare('SELECT code FROM registers ORDER BY code').all() as { code: string }[]).map((r) => r.code);
    const r = await client.query<{ installation_id: string; name: string; shipped_seq: string; shipped_hash: string | null; taken_codes: string[]; reserved_codes: string[] }>(
      'SELECT * FROM tessera_hello($1, $2)',
      [timeZone, codes],
    );
    const row = r.rows[0]!;
    const seq = Number(row.shipped_seq);
    // The head office's position must be an entry of this trail, with the same hash.
    const local = outbox.hashAtSeq(seq);
    if (local === undefined || local !== row.shipped_hash) throw new DivergedError(seq);
    this.cursor = { seq, hash: row.shipped_hash };
    this.known = seq;
    const installation = { id: row.installation_id, name: row.name };
    this.opts.onHello?.({ installation, reservedCodes: row.reserved_codes, takenCodes: row.taken_codes });
    // A taken code may be renamed here (the host takes a reserved one at once, someone later):
    // say hello again soon after a new clash to see, then only now and then.
    const sameClash = row.taken_codes.join() === this.status.takenRegisterCodes.join();
    this.rehelloAt = row.taken_codes.length === 0 ? Infinity : Date.now() + (sameClash ? 60 : 2) * SECOND;
    this.publish({ installation, takenRegisterCodes: row.taken_codes, pending: this.pendingCount() });
  }

  /** The read-only connection, reopened when tessera.db was replaced (a restore). */
  private localOutbox(): Outbox {
    const ino = fs.statSync(this.opts.dbFile).ino;
    if (this.db === null || ino !== this.dbIno) {
      this.db?.close();
      this.db = new Database(this.opts.dbFile, { readonly: true, fileMustExist: true, nativeBinding: this.opts.nativeBinding });
      this.dbIno = ino;
      this.outbox = new Outbox(this.db);
      this.cursor = null;
    }
    return this.outbox!;
  }

  private pendingCount(): number {
    if (this.outbox === null) return this.status.pending;
    try {
      return Math.max(0, this.outbox.head() - this.known);
    } catch {
      return this.status.pending;
    }
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
