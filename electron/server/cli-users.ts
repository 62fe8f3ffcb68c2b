/**
 * `tessera users unlock NAME`: lifts a sign-in lock from the command line. It runs as the
 * OS user who owns the data folder (who could read and write the database anyway), so it
 * needs no sign-in: the way back in when every admin is locked out. It opens the store
 * like `tessera export` does, so it works while the app runs; the app reads the lock from
 * the database on every sign-in, so the unlock takes effect at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const usersUsage = `Usage: tessera users unlock NAME [--data-dir DIR]

Lifts the sign-in lock of user NAME (set after 5 wrong passwords within 15 minutes) and
clears their count of failures, so they can sign in at once. Recorded in the audit trail
as done from the command line by this OS user.

Options:
  --data-dir DIR  folder of tessera.db     default TESSERA_DATA_DIR or the app-data folder
  --help          show this help

Exit codes: 0 unlocked, 1 no such user or the store could not be opened, 2 bad arguments.`;

export const USERS_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

function usageFailure(message: string): number {
  console.error(`tessera users: ${message}\nRun "tessera users --help" for the options.`);
  return USERS_EXIT.usage;
}

function osUser(): string | null {
  try {
    return os.userInfo().username;
  } catch {
    return null;
  }
}

export async function usersCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { 'data-dir': { type: 'string' }, help: { type: 'boolean' } } });
  } catch (err) {
    return usageFailure(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usersUsage);
    return USERS_EXIT.ok;
  }
  const [action, given, ...extra] = positionals;
  if (action !== 'unlock') return usageFailure(action === undefined ? 'say what to do: unlock' : `unknown action "${action}"; the only one is unlock`);
  if (given === undefined) return usageFailure('name the user to unlock');
  if (extra.length > 0) return usageFailure(`unexpected argument "${extra[0]}"`);
  const username = given.trim().toLowerCase();

  const { resolveDataDir } = await import('../core/dataDir');
  const { createCore, DB_FILE } = await import('../core/core');
  const { packageVersion, repoRoot } = await import('./main');
  const dataDir = resolveDataDir(values['data-dir']);
  if (!fs.existsSync(path.join(dataDir, DB_FILE))) {
    return usageFailure(`there is no Tessera store in ${dataDir} (${DB_FILE} not found); pass --data-dir`);
  }
  process.env.TESSERA_LOG ??= 'error';
  let core;
  try {
    core = createCore({ dataDir, migrationsFolder: path.join(repoRoot, 'migrations'), version: packageVersion() });
  } catch (err) {
    console.error(`tessera users: cannot open the store in ${dataDir}: ${err instanceof Error ? err.message : String(err)}`);
    return USERS_EXIT.failed;
  }
  try {
    const row = core.services.users.rowByUsername(username);
    if (!row) {
      console.error(`tessera users: there is no user named ${username} in ${dataDir}`);
      return USERS_EXIT.failed;
    }
    const before = core.services.users.list().find((u) => u.id === row.id)?.lockedUntil ?? null;
    core.services.auth.unlock(row.id, null, { by: 'tessera users unlock', osUser: osUser() });
    console.error(before ? `${username} is unlocked (the lock would have held until ${before}).` : `${username} is unlocked (there was no lock; failures are cleared).`);
    return USERS_EXIT.ok;
  } finally {
    core.close();
  }
}
