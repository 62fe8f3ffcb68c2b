/**
 * The host's head office: whether one is set and how it is reached. The HTTP host takes its
 * URL from `--head-office` / TESSERA_HEAD_OFFICE_URL; the desktop app from Settings → Head office,
 * keeping the URL (it holds the installation's password) in the OS keychain through Electron's
 * safeStorage (a SecretStore). It starts and stops the link that ships the books.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { HeadOfficeStatus, InstallationProgress } from '../../shared/contract/headOffice';
import { AppError } from '../../shared/errors';
import type { Services } from '../core/services';
import type { CatalogueItem } from './catalogue';
import { coreCallbacks, DETACHED, HeadOfficeLink, type HeadOfficeView } from './link';
import { targetOf } from './sync';

/** Where the desktop keeps a secret: encrypted by the OS keychain, in a file private to the user. */
export interface SecretStore {
  /** False when the OS offers no keychain (then nothing is stored). */
  available(): boolean;
  read(): string | null;
  write(value: string): void;
  clear(): void;
}

export interface HeadOfficeControlOptions {
  dbFile: string;
  nativeBinding?: string;
  /** The HTTP host's URL from its command line; it cannot be changed from the app. */
  fixedUrl?: string;
  /** The desktop's keychain; absent on the HTTP host. */
  secrets?: SecretStore;
  services: () => Pick<Services, 'headOffice'>;
}

export class HeadOfficeControl implements HeadOfficeView {
  private link: HeadOfficeLink | null = null;

  constructor(private readonly opts: HeadOfficeControlOptions) {}

  /** Starts shipping when a head office is set (the command line's, or the keychain's). */
  start(): void {
    const url = this.opts.fixedUrl ?? (this.opts.secrets?.available() ? this.opts.secrets.read() : null);
    if (url) this.connect(url);
  }

  /** Whether the app may set the head office (the desktop, with a keychain). */
  settable(): boolean {
    return this.opts.fixedUrl === undefined && this.opts.secrets !== undefined;
  }

  /**
   * Sets the head office from Settings: the URL must reach it as an installation (checked
   * before anything is kept); it is then kept in the keychain and shipping starts.
   */
  async attach(url: string): Promise<HeadOfficeStatus> {
    const secrets = this.opts.secrets;
    if (this.opts.fixedUrl !== undefined || !secrets) throw AppError.of('CONFLICT', 'headOfficeSetAtStart');
    if (!secrets.available()) throw AppError.of('CONFLICT', 'headOfficeNoKeychain');
    await checkInstallationUrl(url);
    await this.link?.close();
    this.link = null;
    secrets.write(url);
    this.connect(url);
    return this.status();
  }

  /** Stops shipping and forgets the URL. What was shipped stays at the head office; numbering stays per register. */
  async detach(): Promise<HeadOfficeStatus> {
    if (this.opts.fixedUrl !== undefined || !this.opts.secrets) throw AppError.of('CONFLICT', 'headOfficeSetAtStart');
    await this.link?.close();
    this.link = null;
    this.opts.secrets.clear();
    fs.rmSync(this.positionFile(), { force: true });
    return this.status();
  }

  status(): HeadOfficeStatus {
    return { ...(this.link?.status() ?? DETACHED), settable: this.settable() };
  }

  installations(): Promise<InstallationProgress[]> {
    return this.link ? this.link.installations() : Promise.resolve([]);
  }

  putCatalogue(items: CatalogueItem[]): Promise<number> {
    if (!this.link) return Promise.reject(new Error('no head office is set'));
    return this.link.putCatalogue(items);
  }

  async close(): Promise<void> {
    await this.link?.close();
    this.link = null;
  }

  /** Beside the database: the head office's last known position (SyncOptions.positionFile). */
  private positionFile(): string {
    return path.join(path.dirname(this.opts.dbFile), 'head-office.position');
  }

  private connect(url: string): void {
    const link = new HeadOfficeLink({ url, dbFile: this.opts.dbFile, nativeBinding: this.opts.nativeBinding, positionFile: this.positionFile() });
    Object.assign(link, coreCallbacks(this.opts.services));
    this.link = link;
    link.start();
  }
}

/** Connects once and asks the head office for its catalogue head, which only an installation's role may: the URL works. */
async function checkInstallationUrl(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, query_timeout: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT tessera_catalogue_head()');
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw AppError.of('CONFLICT', 'headOfficeUnreachable', { target: targetOf(url), detail });
  } finally {
    await client.end().catch(() => {});
  }
}
