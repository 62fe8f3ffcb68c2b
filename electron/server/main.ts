import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DB_FILE } from '../core/core';
import { openHost } from '../core/coreHost';
import { HEAD_OFFICE_URL } from '../../shared/contract/headOffice';
import { HeadOfficeControl } from '../headoffice/control';
import { resolveDataDir, usePrivateUmask } from '../core/dataDir';
import { DataDirInUseError } from '../core/dataLock';
import { configureLogFiles, flushLogs } from '../core/log';
import { newSetupCode } from '../core/services/setupCode';
import { createHttpServer } from './http';
import { readTls, selfSignedTls, type TlsMaterial } from './tlsCert';
import { isLoopbackAddress } from './trust';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

const usage = `Usage: tessera serve [--port 4780] [--host 127.0.0.1] [--data-dir DIR] [--allow-host NAME]…
                     [--tls-cert FILE --tls-key FILE | --tls-self-signed]

Serves the Tessera UI and its contract over HTTP.
  --port             TCP port (0 picks a free one)       default 4780
  --host             address to bind                      default 127.0.0.1
                     (beyond this machine only with TLS)
  --data-dir         folder of tessera.db                 default TESSERA_DATA_DIR or the app-data folder
  --allow-host NAME  also answer requests for NAME (the till's name on the shop's network); repeatable
  --tls-cert FILE    serve HTTPS with this certificate (PEM) …
  --tls-key FILE     … and its private key (PEM)
  --tls-self-signed  serve HTTPS with a certificate made once and kept in <data dir>/tls/
  --head-office URL  ship the books to this head office (postgres://…, the URL
                     \`tessera headoffice add-installation\` printed); TESSERA_HEAD_OFFICE_URL
                     sets it too, and keeps the password out of the process list

While the store has no admin, it prints a one-time "Setup code:" that the browser's setup
screen asks for; TESSERA_SETUP_CODE (at least 12 characters) sets it instead.`;

const MIN_SETUP_CODE = 12;

/** The exit code when another process holds the data folder (as `tessera restore`'s). */
export const SERVE_EXIT_IN_USE = 3;

/** The TLS flags, checked before anything is opened: beyond loopback only with TLS. */
function tlsChoice(values: { host?: string; 'tls-cert'?: string; 'tls-key'?: string; 'tls-self-signed'?: boolean }, host: string): 'self-signed' | { cert: string; key: string } | null {
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if ((cert === undefined) !== (key === undefined)) throw new Error('--tls-cert and --tls-key go together.');
  if (values['tls-self-signed'] && cert !== undefined) throw new Error('Use either --tls-self-signed or --tls-cert/--tls-key, not both.');
  const choice = values['tls-self-signed'] ? 'self-signed' : cert !== undefined && key !== undefined ? { cert, key } : null;
  if (choice === null && !isLoopbackAddress(host)) {
    throw new Error(
      `--host ${host} reaches beyond this machine, where sign-ins and sales must not travel in clear text: serve it over TLS with --tls-cert FILE --tls-key FILE, or --tls-self-signed.`,
    );
  }
  return choice;
}

/** TESSERA_SETUP_CODE, or a new one. */
function setupCodeFromEnv(): { code: string; fromEnv: boolean } {
  const given = process.env.TESSERA_SETUP_CODE;
  if (!given) return { code: newSetupCode(), fromEnv: false };
  if (given.replace(/[\s-]/g, '').length < MIN_SETUP_CODE) throw new Error(`TESSERA_SETUP_CODE must have at least ${MIN_SETUP_CODE} characters (besides spaces and hyphens).`);
  return { code: given, fromEnv: true };
}

/** `tessera serve`: the HTTP host. Resolves once listening; closes the database on SIGINT/SIGTERM. */
export async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-self-signed': { type: 'boolean' },
      'head-office': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port ?? 4780);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a whole number from 0 to 65535, not ${values.port}`);
  const host = values.host ?? '127.0.0.1';
  const allowHosts = values['allow-host'] ?? [];
  const tlsWanted = tlsChoice(values, host);
  const setup = setupCodeFromEnv();
  const dataDir = resolveDataDir(values['data-dir']);
  const headOfficeUrl = values['head-office'] ?? process.env.TESSERA_HEAD_OFFICE_URL;
  if (headOfficeUrl !== undefined && !HEAD_OFFICE_URL.test(headOfficeUrl)) throw new Error('--head-office takes a postgres:// URL.');
  // The core a restore reopens too: coreHost.core follows it.
  const headOffice = headOfficeUrl
    ? new HeadOfficeControl({ fixedUrl: headOfficeUrl, dbFile: path.join(dataDir, DB_FILE), services: () => coreHost.core.services })
    : undefined;
  // Everything it creates from here on (database, logs, backups, exports) is the OS user's alone.
  usePrivateUmask();
  // Log lines go to <data dir>/logs/ from here on, so what happens while opening is there too.
  configureLogFiles(dataDir, { host: 'tessera serve', version: packageVersion() });
  // Takes the folder's lock, checks the database (a damaged one is served as the recovery screen only) and migrates it.
  // Every core the host opens (a restore opens a new one) takes the setup code.
  let coreHost: ReturnType<typeof openHost>;
  try {
    coreHost = openHost({
      dataDir,
      migrationsFolder: path.join(repoRoot, 'migrations'),
      version: packageVersion(),
      purpose: 'tessera serve',
      setupCode: setup.code,
      headOffice,
    });
  } catch (err) {
    if (!(err instanceof DataDirInUseError)) throw err;
    console.error(`tessera serve: ${err.message}`);
    process.exit(SERVE_EXIT_IN_USE);
  }
  const core = coreHost.core;
  let tls: TlsMaterial | undefined;
  try {
    if (tlsWanted === 'self-signed') tls = await selfSignedTls(dataDir, [...allowHosts, host]);
    else if (tlsWanted) tls = readTls(tlsWanted.cert, tlsWanted.key);
  } catch (err) {
    coreHost.close();
    throw err;
  }
  const staticDir = path.join(repoRoot, 'out', 'renderer');
  const server = createHttpServer(core, fs.existsSync(path.join(staticDir, 'index.html')) ? staticDir : null, { allowHosts, tls });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  if (tls) console.log(`TLS certificate SHA-256 fingerprint: ${tls.fingerprint}`);
  if (coreHost.state === 'ok' && core.services.users.count() === 0) {
    // Whoever can read this console may create the first admin from a browser; nobody else.
    console.log(setup.fromEnv ? 'The setup code is the one in TESSERA_SETUP_CODE.' : `Setup code: ${setup.code}`);
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  console.log(`Tessera is ready at ${tls ? 'https' : 'http'}://${shownHost}:${actualPort}/ (data: ${dataDir})`);
  if (coreHost.state === 'corrupt') {
    console.error(`The database in ${dataDir} is damaged (${coreHost.problem}). Nothing will be written to it; open the app to restore a backup, or stop it and run \`tessera restore\`.`);
  }
  // The day's automatic backup, off the request path, and each new day's while the host runs.
  coreHost.startAutoBackups();
  if (headOffice && coreHost.state === 'ok') {
    headOffice.start();
    console.log(`Shipping the books to the head office at ${headOffice.status().target}.`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Tessera is stopping (${signal}).`);
    server.closeAllConnections();
    server.close(() => {
      void (headOffice?.close() ?? Promise.resolve()).finally(() => {
        coreHost.close();
        flushLogs();
        process.exit(0);
      });
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
