import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openHost } from '../main/coreHost';
import { resolveDataDir } from '../main/dataDir';
import { configureLogFiles, flushLogs } from '../main/log';
import { createHttpServer } from './http';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

const usage = `Usage: tessera serve [--port 4780] [--host 127.0.0.1] [--data-dir DIR]

Serves the Tessera UI and its contract over HTTP.
  --port      TCP port (0 picks a free one)           default 4780
  --host      address to bind                          default 127.0.0.1
  --data-dir  folder of tessera.db                     default TESSERA_DATA_DIR or the app-data folder`;

/** `tessera serve`: the HTTP host. Resolves once listening; closes the database on SIGINT/SIGTERM. */
export async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port ?? 4780);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a whole number from 0 to 65535, not ${values.port}`);
  const dataDir = resolveDataDir(values['data-dir']);
  // Log lines go to <data dir>/logs/ from here on, so what happens while opening is there too.
  configureLogFiles(dataDir);
  // Takes the folder's lock, checks the database (a damaged one is served as the recovery screen only) and migrates it.
  const coreHost = openHost({ dataDir, migrationsFolder: path.join(repoRoot, 'migrations'), version: packageVersion(), purpose: 'tessera serve' });
  const core = coreHost.core;
  const staticDir = path.join(repoRoot, 'out', 'renderer');
  const server = createHttpServer(core, fs.existsSync(path.join(staticDir, 'index.html')) ? staticDir : null);
  const host = values.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  console.log(`Tessera is ready at http://${host}:${actualPort}/ (data: ${dataDir})`);
  if (coreHost.state === 'corrupt') {
    console.error(`The database in ${dataDir} is damaged (${coreHost.problem}). Nothing will be written to it; open the app to restore a backup, or stop it and run \`tessera restore\`.`);
  }
  // The first start of a day makes the day's automatic backup, off the request path.
  setImmediate(() => void coreHost.autoBackup());

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Tessera is stopping (${signal}).`);
    server.closeAllConnections();
    server.close(() => {
      coreHost.close();
      flushLogs();
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
