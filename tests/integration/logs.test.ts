/**
 * Logs a support person can use, on the real HTTP host (a `tessera serve` process on a temp
 * data folder): JSON lines in <data dir>/logs/, private (0700/0600 even when the folder and
 * file were there before with looser modes), 14 days kept, one module name per service, the
 * errorId of every INTERNAL findable with its stack, and written before the process exits.
 * Admin → About's methods: versions and the data folder for admins only; a diagnostics
 * bundle with the recent logs and settings and no secret, fetched through the exports'
 * download link and audited.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input } from '../../shared/contract';
import { configureLogFiles, createLogger } from '../../electron/core/log';
import { openLogFiles } from '../../electron/core/logFiles';
import { startCore, tempDir } from '../support/core';
import { rpc, rpcOk, startServerProcess, type ServerProcess } from '../support/server-process';

const DAY = 86_400_000;
const PLANTED = { token: 'planted-token-7f3a9c', hash: '$argon2id$planted-hash-19d2', code: 'PLNTD-SETUP-CODE9' };
const ADMIN = { username: 'admin', displayName: 'Ada Admin', password: 'admin-secret-password-1' };
const CASHIER = { username: 'cass', displayName: 'Cass Cashier', role: 'cashier', password: 'cashier-secret-password-1' };
const SUPPORT = { username: 'sam', displayName: 'Sam Support', role: 'support', password: 'support-secret-password-1' };
const MANAGER = { username: 'max', displayName: 'Max Manager', role: 'manager', password: 'manager-secret-password-1' };

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const logName = (ms: number) => `tessera-${day(ms)}.log`;
const mode = (file: string) => fs.statSync(file).mode & 0o777;

interface LogLine {
  level: string;
  time: string;
  module: string;
  msg: string;
  [key: string]: unknown;
}

let dir: string;
let logs: string;
let server: ServerProcess;
let admin: string;
const tokens: Record<string, string> = {};
const started = Date.now();

/** The setup code the host printed at start, if it printed one: a secret like the others. */
const setupCodes = () => server.output().match(/\b[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}\b/g) ?? [];

/** Every line of every log file, parsed. */
function readLogs(): LogLine[] {
  return fs
    .readdirSync(logs)
    .filter((n) => n.endsWith('.log'))
    .flatMap((n) => fs.readFileSync(path.join(logs, n), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LogLine);
}

/** Polls the log files until a line matches (the file writes are asynchronous). */
async function logLine(match: (l: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = readLogs().find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs} ms:\n${fs.readdirSync(logs).join('\n')}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Makes the next `users.create` fail inside its transaction (a trigger on the audit trail), as a bug would. */
function breakUserCreation(): () => void {
  const db = new Database(path.join(dir, 'tessera.db'));
  db.exec("CREATE TRIGGER fail_user_event BEFORE INSERT ON events WHEN NEW.type = 'user.created' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  return () => {
    db.exec('DROP TRIGGER fail_user_event');
    db.close();
  };
}

async function internalError(): Promise<string> {
  const restore = breakUserCreation();
  try {
    const r = await rpc(server.base, 'users.create', { username: `u${Date.now()}`, displayName: 'Nobody', role: 'cashier', password: 'never-stored-1' }, admin);
    expect(r.body.ok).toBe(false);
    const error = (r.body as { error: { code: string; errorId?: string } }).error;
    expect(error.code).toBe('INTERNAL');
    expect(error.errorId).toMatch(/^[0-9a-f-]{36}$/);
    return error.errorId!;
  } finally {
    restore();
  }
}

beforeAll(async () => {
  dir = tempDir('tessera-logs-');
  logs = path.join(dir, 'logs');
  // A folder and today's file from before, with loose modes: the host tightens them.
  fs.mkdirSync(logs, { mode: 0o755 });
  fs.chmodSync(logs, 0o755);
  fs.writeFileSync(path.join(logs, logName(started)), '', { mode: 0o644 });
  fs.chmodSync(path.join(logs, logName(started)), 0o644);
  for (const ago of [40, 15, 14, 13, 1]) fs.writeFileSync(path.join(logs, logName(started - ago * DAY)), `{"level":"info","msg":"${ago} days ago"}\n`);
  fs.writeFileSync(path.join(logs, 'notes.txt'), 'not a log');
  // Yesterday's file holds a line some older code wrote with secrets in it: the bundle must not carry them.
  fs.appendFileSync(path.join(logs, logName(started - DAY)), `${JSON.stringify({ level: 'info', module: 'old', msg: 'careless', token: PLANTED.token, user: { passwordHash: PLANTED.hash, setupCode: PLANTED.code } })}\n`);

  // The store and its users are made in-process first (no setup code needed there).
  const t = await startCore('in-process', { dir });
  const setupToken = (await t.ok('auth.setup', ADMIN)).token;
  for (const u of [CASHIER, SUPPORT, MANAGER]) await t.ok('users.create', u as Input<'users.create'>, setupToken);
  await t.close();

  server = await startServerProcess({ dataDir: dir, env: { TESSERA_LOG: 'silent' } });
  admin = (await rpcOk<{ token: string }>(server.base, 'auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
  for (const u of [CASHIER, SUPPORT, MANAGER]) {
    tokens[u.role] = (await rpcOk<{ token: string }>(server.base, 'auth.login', { username: u.username, password: u.password })).token;
  }
});

afterAll(async () => {
  await server?.stop();
});

describe('log files', () => {
  test('the logs folder is 0700 and the day file 0600, set at start even when they were looser', () => {
    expect(mode(logs)).toBe(0o700);
    expect(mode(path.join(logs, logName(started)))).toBe(0o600);
  });

  test('files older than 14 days are removed at start; the last 14 days and other files stay', () => {
    const names = fs.readdirSync(logs);
    for (const ago of [40, 15, 14]) expect(names).not.toContain(logName(started - ago * DAY));
    for (const ago of [13, 1]) expect(names).toContain(logName(started - ago * DAY));
    expect(names).toContain('notes.txt');
  });

  test('a start begins with a line of its own: the host, its version and Node', () => {
    const started = readLogs().find((l) => l.msg === 'started');
    expect(started).toMatchObject({ level: 'info', module: 'log', host: 'tessera serve', version: expect.any(String), node: process.versions.node, pid: server.pid });
  });

  test("an INTERNAL error's id is in the log with the method and the stack", async () => {
    const errorId = await internalError();
    const line = await logLine((l) => l.errorId === errorId);
    expect(line).toMatchObject({ level: 'error', module: 'rpc', method: 'users.create' });
    expect(line.stack).toContain('injected failure');
    expect(Date.parse(line.time)).toBeGreaterThanOrEqual(started - 1000);
    // The id is enough to find it: one plain text search over the folder.
    const hits = fs.readdirSync(logs).filter((n) => fs.readFileSync(path.join(logs, n), 'utf8').includes(errorId));
    expect(hits).toEqual([logName(Date.parse(line.time))]);
  });

  test('services log under their own module name, never as core; stderr stays silent under TESSERA_LOG=silent', async () => {
    await rpcOk(server.base, 'system.backup', {}, admin);
    await logLine((l) => l.module === 'backup');
    expect(readLogs().filter((l) => l.module === 'core')).toEqual([]);
    expect(server.output()).not.toMatch(/"level":/);
  });

  test('no password, token or setup code reaches the log files', () => {
    const text = fs.readdirSync(logs).map((n) => fs.readFileSync(path.join(logs, n), 'utf8')).join('');
    for (const secret of [ADMIN.password, CASHIER.password, SUPPORT.password, MANAGER.password, admin, ...Object.values(tokens), ...setupCodes()]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('the logger in this process', () => {
  test('a new day opens a new file and drops the one that is now 15 days old; lines are whole JSON', async () => {
    const own = tempDir('tessera-logs-day-');
    let now = Date.parse('2026-06-14T23:59:59.000Z');
    fs.mkdirSync(path.join(own, 'logs'));
    fs.writeFileSync(path.join(own, 'logs', 'tessera-2026-06-01.log'), '');
    const sink = openLogFiles(own, () => now);
    expect(fs.readdirSync(path.join(own, 'logs')).sort()).toEqual(['tessera-2026-06-01.log', 'tessera-2026-06-14.log']);
    sink.write('{"msg":"before midnight"}\n');
    now += 2000;
    sink.write('{"msg":"after midnight"}\n');
    sink.close();
    const file = (name: string) => path.join(own, 'logs', name);
    const deadline = Date.now() + 10_000;
    while (!fs.existsSync(file('tessera-2026-06-15.log')) || fs.readFileSync(file('tessera-2026-06-15.log'), 'utf8') === '') {
      if (Date.now() > deadline) throw new Error('the new day file was not written');
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(fs.readdirSync(path.join(own, 'logs')).sort()).toEqual(['tessera-2026-06-14.log', 'tessera-2026-06-15.log']);
    expect(fs.readFileSync(file('tessera-2026-06-14.log'), 'utf8')).toBe('{"msg":"before midnight"}\n');
    expect(fs.readFileSync(file('tessera-2026-06-15.log'), 'utf8')).toBe('{"msg":"after midnight"}\n');
    expect(mode(file('tessera-2026-06-15.log'))).toBe(0o600);
  });

  test('a password or token passed to a logger is written as [redacted]', async () => {
    const own = tempDir('tessera-logs-redact-');
    expect(configureLogFiles(own)).toBe(path.join(own, 'logs'));
    createLogger('careless').warn('signed in', { user: 'ada', password: 'redact-me-1', token: 'redact-me-2', nested: { passwordHash: 'redact-me-3' } });
    const read = () => fs.readdirSync(path.join(own, 'logs')).map((n) => fs.readFileSync(path.join(own, 'logs', n), 'utf8')).join('');
    const deadline = Date.now() + 10_000;
    while (!read().includes('"careless"')) {
      if (Date.now() > deadline) throw new Error('the line was not written');
      await new Promise((resolve) => setImmediate(resolve));
    }
    const text = read();
    const line = text.trim().split('\n').map((l) => JSON.parse(l) as LogLine).find((l) => l.module === 'careless')!;
    expect(line).toMatchObject({ level: 'warn', module: 'careless', msg: 'signed in', user: 'ada', password: '[redacted]', token: '[redacted]', nested: { passwordHash: '[redacted]' } });
    expect(text).not.toContain('redact-me');
  });
});

describe('Admin → About', () => {
  test('system.about: versions, the data folder and the database size, for admins only', async () => {
    const about = await rpcOk<Record<string, unknown>>(server.base, 'system.about', {}, admin);
    expect(about).toMatchObject({ version: expect.any(String), node: process.versions.node, electron: null, chromium: null, dataDir: dir });
    expect(about.schemaVersion).toEqual(expect.any(Number));
    expect(about.schemaVersion as number).toBeGreaterThan(0);
    const dbBytes = fs.statSync(path.join(dir, 'tessera.db')).size;
    expect(about.databaseBytes as number).toBeGreaterThanOrEqual(dbBytes);
    for (const role of ['cashier', 'support', 'manager']) {
      const r = await rpc(server.base, 'system.about', {}, tokens[role]);
      expect(r.status).toBe(403);
    }
    expect((await rpc(server.base, 'system.about', {})).status).toBe(401);
  });

  test('system.diagnostics is for admins only', async () => {
    for (const role of ['cashier', 'support', 'manager']) {
      const r = await rpc(server.base, 'system.diagnostics', {}, tokens[role]);
      expect(r.status).toBe(403);
    }
    expect((await rpc(server.base, 'system.diagnostics', {})).status).toBe(401);
  });

  test('the diagnostics bundle: versions, settings, recent log lines with an error id, and no secret; audited', async () => {
    const errorId = await internalError();
    await logLine((l) => l.errorId === errorId);
    const bundle = await rpcOk<{ id: string; fileName: string; bytes: number }>(server.base, 'system.diagnostics', {}, admin);
    expect(bundle.fileName).toMatch(/^diagnostics-\d{8}-\d{6}(-\d+)?\.ndjson$/);
    const link = await rpcOk<{ url: string }>(server.base, 'exports.download', { id: bundle.id }, admin);
    const res = await fetch(`${server.base}${link.url}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBe(bundle.bytes);

    const records = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
    const about = records.find((r) => r.type === 'about');
    expect(about).toMatchObject({ node: process.versions.node, dataDir: dir });
    expect(records.find((r) => r.type === 'settings')).toMatchObject({ settings: { storeName: expect.any(String), currency: expect.any(String) } });
    const logged = records.filter((r) => r.type === 'log');
    expect(logged.some((r) => (r.line as LogLine | undefined)?.errorId === errorId)).toBe(true);
    // Yesterday's lines are in (the default is three days), with the secrets taken out.
    expect(logged.find((r) => (r.line as LogLine | undefined)?.msg === 'careless')).toMatchObject({ line: { token: '[redacted]', user: { passwordHash: '[redacted]' } } });

    // No secret of any kind: passwords, their hashes, session tokens, the setup code.
    const db = new Database(path.join(dir, 'tessera.db'), { readonly: true });
    const hashes = db.prepare('SELECT password_hash AS h FROM users').all() as { h: string }[];
    db.close();
    expect(hashes.length).toBeGreaterThan(0);
    for (const secret of [...hashes.map((r) => r.h), ADMIN.password, CASHIER.password, admin, ...Object.values(tokens), ...setupCodes(), ...Object.values(PLANTED)]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/"(token|password_?hash|setupCode)":"(?!\[redacted\])/i);

    const audit = await rpcOk<{ items: { type: string; entityId: string | null; after: unknown }[] }>(server.base, 'audit.list', { type: 'system.diagnostics' }, admin);
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ entityId: bundle.id, after: { fileName: bundle.fileName, bytes: bundle.bytes } });
  });

  test('bad input is VALIDATION naming the field', async () => {
    const r = await rpc(server.base, 'system.diagnostics', { days: 'all' }, admin);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('days');
  });
});

describe('at exit', () => {
  test('a line logged just before SIGTERM is in the file once the process has exited', async () => {
    const errorId = await internalError();
    const exited = await server.stop();
    expect(exited.code).toBe(0);
    expect(readLogs().some((l) => l.errorId === errorId)).toBe(true);
  });
});
