/**
 * The concurrency tests' set-up: the HTTP host as a real process on a fresh data folder, with
 * an admin, a cashier and a manager signed in; bursts of calls from separate clients; the
 * database read directly afterwards.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { DB_FILE } from '../../electron/core/core';
import { errorStatus } from '../../shared/errors';
import { tempDir } from './core';
import { rpc, rpcOk, startServerProcess, type RpcAnswer, type ServerProcess } from './server-process';

export interface StaffedServer {
  server: ServerProcess;
  /** http://127.0.0.1:PORT of the running host. */
  base: string;
  dir: string;
  admin: string;
  cashier: string;
  manager: string;
  /** Sends every input to `method` at once, each on its own connection, the staff's tokens in turn; checks each envelope's status. */
  burst(method: string, inputs: unknown[]): Promise<RpcAnswer[]>;
  /** Runs `check` on the database opened read-only, then checks its integrity and foreign keys. */
  inDatabase(check: (db: Database.Database) => void): void;
}

/**
 * Starts the host before the file's tests and stops it (and removes its folder) after them.
 * The fields are filled once beforeAll has run.
 */
export function useStaffedServer(dirPrefix: string): StaffedServer {
  const host = {
    async burst(method: string, inputs: unknown[]) {
      const tokens = [host.admin, host.cashier, host.manager];
      const answers = await Promise.all(inputs.map((input, i) => rpc(host.base, method, input, tokens[i % tokens.length])));
      for (const a of answers) {
        // Every answer is an envelope whose status matches its code.
        if (a.body.ok) expect(a.status).toBe(200);
        else expect(a.status, JSON.stringify(a.body)).toBe(errorStatus[a.body.error.code]);
      }
      return answers;
    },
    inDatabase(check: (db: Database.Database) => void) {
      const db = new Database(path.join(host.dir, DB_FILE), { readonly: true, fileMustExist: true });
      try {
        check(db);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        db.close();
      }
    },
  } as StaffedServer;

  beforeAll(async () => {
    host.dir = tempDir(dirPrefix);
    host.server = await startServerProcess({ dataDir: host.dir });
    host.base = host.server.base;
    host.admin = (await rpcOk<{ token: string }>(host.base, 'auth.setup', { username: 'admin', displayName: 'Admin', password: 'correct horse battery' })).token;
    for (const role of ['cashier', 'manager'] as const) {
      await rpcOk(host.base, 'users.create', { username: role, displayName: role, role, password: `${role}-password-1` }, host.admin);
    }
    host.cashier = (await rpcOk<{ token: string }>(host.base, 'auth.login', { username: 'cashier', password: 'cashier-password-1' })).token;
    host.manager = (await rpcOk<{ token: string }>(host.base, 'auth.login', { username: 'manager', password: 'manager-password-1' })).token;
  }, 60_000);

  afterAll(async () => {
    await host.server?.stop();
    if (host.dir) fs.rmSync(host.dir, { recursive: true, force: true });
  });

  return host;
}
