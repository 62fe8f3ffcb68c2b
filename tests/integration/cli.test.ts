/**
 * `tessera export` as a support script runs it: `node bin/tessera.mjs export …` in a child
 * process on a real data directory, signing in with TESSERA_PASSWORD (or a prompt on a
 * terminal). Exit codes and messages for success, bad arguments, wrong passwords, refused
 * roles and existing files; Z reports by register code.
 */
import { spawn } from 'node:child_process';
import { parse as parseCsv } from 'csv-parse/sync';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { outPath } from '../../electron/server/cli';
import { setupAdmin, startCore, tempDir, userWithRole } from '../support/core';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'tessera.mjs');

let dataDir: string;
let out: string;
const ORDERS = 12;
/** Each run starts Node with the TypeScript loader: seconds each on a busy machine. */
const SLOW = 240_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command line; `env` adds to (or with undefined removes from) the environment. */
function tessera(args: string[], env: Record<string, string | undefined> = {}, opts: { cwd?: string } = {}): Promise<Run> {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, TESSERA_DATA_DIR: undefined, TESSERA_PASSWORD: undefined, TESSERA_LOG: undefined };
  for (const [k, v] of Object.entries(env)) fullEnv[k] = v;
  for (const k of Object.keys(fullEnv)) if (fullEnv[k] === undefined) delete fullEnv[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: opts.cwd ?? root, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function exportArgs(kind: string, user: string, ...rest: string[]): string[] {
  return ['export', kind, '--data-dir', dataDir, '--user', user, ...rest];
}

beforeAll(async () => {
  const t = await startCore('in-process');
  const admin = await setupAdmin(t);
  await userWithRole(t, admin, 'support');
  await userWithRole(t, admin, 'cashier');
  for (let i = 0; i < ORDERS; i++) {
    const o = await t.ok('orders.create', { lines: [{ name: `Item ${i}`, unitPrice: 1999, quantity: 1 + (i % 3), taxRateBp: 2000 }], customer: { name: i % 2 ? 'Zoë — 東京 €' : '=1+1' } }, admin);
    if (i % 3 === 0) {
      const inv = await t.ok('invoices.generate', { orderId: o.id }, admin);
      await t.ok('payments.pay', { invoiceId: inv.id, method: i % 2 ? 'card' : 'cash', amount: inv.total, idempotencyKey: `k${i}` }, admin);
    }
  }
  // A close at each of two registers (no sales, so the counts above hold): Z-R1-000001, Z-R2-000001.
  const terrace = await t.ok('registers.create', { code: 'R2', name: 'Terrace' }, admin);
  for (const registerId of ['register-1', terrace.id]) {
    await t.ok('auth.useRegister', { registerId }, admin);
    const opened = await t.ok('cashSessions.open', { registerId, openingFloat: 10_000 }, admin);
    await t.ok('cashSessions.move', { sessionId: opened.id, kind: 'payIn', amount: 2_500, reason: 'Change from the bank' }, admin);
    const { expectedCash } = await t.ok('cashSessions.get', { id: opened.id }, admin);
    await t.ok('cashSessions.close', { sessionId: opened.id, countedCash: expectedCash! }, admin);
  }
  await t.close();
  dataDir = t.dir;
  out = tempDir('tessera-cli-out-');
}, 120_000);

afterAll(() => {
  for (const dir of [dataDir, out]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('tessera export', () => {
  test('a support user exports orders to CSV: exit 0, the path on stdout, a summary and progress on stderr', async () => {
    const file = path.join(out, 'orders.csv');
    const r = await tessera(exportArgs('orders', 'support1', '--format', 'csv', '--out', file), { TESSERA_PASSWORD: 'support-password-1' });
    expect(r.stderr).toContain(`Exported ${ORDERS} orders to ${file}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${file}\n`);
    expect(r.stderr).toMatch(/exporting: .*orders/);
    const rows = parseCsv(fs.readFileSync(file), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(ORDERS);
    expect(rows.map((row) => row.customerName)).toContain("'=1+1");
    expect(rows.map((row) => row.customerName)).toContain('Zoë — 東京 €');
    // Moved out of the exports folder, readable by this OS user only.
    expect(fs.readdirSync(path.join(dataDir, 'exports')).filter((f) => f.startsWith('orders-'))).toEqual([]);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  }, SLOW);

  test('filters, other kinds and formats; a relative --out is taken from the working directory', async () => {
    const [paid, payments, lines] = await Promise.all([
      tessera(exportArgs('orders', 'admin', '--status', 'fulfilled', '--from', '2000-01-01', '--out', 'paid.ndjson', '--format', 'ndjson'), { TESSERA_PASSWORD: 'correct horse battery' }, { cwd: out }),
      tessera(exportArgs('payments', 'support1', '--method', 'card,other', '--format', 'xlsx', '--out', path.join(out, 'card.xlsx')), { TESSERA_PASSWORD: 'support-password-1' }),
      tessera(exportArgs('orders', 'support1', '--granularity', 'line', '--quiet', '--bom', '--out', path.join(out, 'lines.csv')), { TESSERA_PASSWORD: 'support-password-1' }),
    ]);
    expect(paid.code).toBe(0);
    expect(paid.stdout.trim()).toBe(path.join(out, 'paid.ndjson'));
    const fulfilled = fs.readFileSync(path.join(out, 'paid.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { status: string });
    expect(fulfilled).toHaveLength(Math.ceil(ORDERS / 3));
    expect(fulfilled.every((o) => o.status === 'FULFILLED')).toBe(true);
    expect(payments.code).toBe(0);
    expect(payments.stderr).toContain('Exported 2 payments');
    expect(lines.code).toBe(0);
    expect(lines.stderr).not.toContain('exporting:');
    expect(lines.stderr).toContain(`Exported ${ORDERS} order lines`);
  }, SLOW);

  test('Z reports: every register, or one by its code (any case); an unknown code is a usage error', async () => {
    const password = { TESSERA_PASSWORD: 'support-password-1' };
    const [all, terrace, unknown] = await Promise.all([
      tessera(exportArgs('z-reports', 'support1', '--out', path.join(out, 'z.csv')), password),
      tessera(exportArgs('z-reports', 'support1', '--register', 'r2', '--format', 'ndjson', '--from', '2000-01-01', '--out', path.join(out, 'z-r2.ndjson')), password),
      tessera(exportArgs('z-reports', 'support1', '--register', 'R9', '--out', path.join(out, 'z-r9.csv')), password),
    ]);
    expect(all.stderr).toContain(`Exported 2 Z reports to ${path.join(out, 'z.csv')}`);
    expect(all.code).toBe(0);
    const rows = parseCsv(fs.readFileSync(path.join(out, 'z.csv')), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.number, row.registerName, row.expectedCash, row.variance])).toEqual([
      ['Z-R1-000001', 'Register 1', '125.00', '0.00'],
      ['Z-R2-000001', 'Terrace', '125.00', '0.00'],
    ]);
    expect(terrace.code).toBe(0);
    expect(terrace.stderr).toContain('Exported 1 Z report to');
    const lines = fs.readFileSync(path.join(out, 'z-r2.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { number: string });
    expect(lines.map((z) => z.number)).toEqual(['Z-R2-000001']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--register: this store has no register "R9"');
    expect(unknown.stdout).toBe('');
    expect(fs.existsSync(path.join(out, 'z-r9.csv'))).toBe(false);
  }, SLOW);

  test('credit notes: one row per line, of some kinds; none yet is a file with its header row', async () => {
    const file = path.join(out, 'credit-notes.csv');
    const r = await tessera(exportArgs('credit-notes', 'support1', '--kind', 'return,RECEIPTLESS', '--out', file), { TESSERA_PASSWORD: 'support-password-1' });
    expect(r.stderr).toContain(`Exported 0 credit note lines to ${file}`);
    expect(r.code).toBe(0);
    const header = fs.readFileSync(file, 'utf8').split('\n')[0]!.split(',');
    expect(header.slice(0, 5)).toEqual(['number', 'kind', 'issuedAt', 'invoiceNumber', 'line']);
  }, SLOW);

  test('without --out the file goes to the data directory’s exports folder', async () => {
    const r = await tessera(exportArgs('invoices', 'support1'), { TESSERA_PASSWORD: 'support-password-1' });
    expect(r.code).toBe(0);
    expect(path.dirname(r.stdout.trim())).toBe(path.join(dataDir, 'exports'));
    expect(path.basename(r.stdout.trim())).toMatch(/^invoices-\d{8}-\d{6}\.csv$/);
  }, SLOW);

  test('a cashier is refused with exit 4 and no file', async () => {
    const file = path.join(out, 'cashier.csv');
    const r = await tessera(exportArgs('orders', 'cashier1', '--out', file), { TESSERA_PASSWORD: 'cashier-password-1' });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('cashier1 is a cashier and may not export data');
    expect(r.stdout).toBe('');
    expect(fs.existsSync(file)).toBe(false);
  }, SLOW);

  test('a wrong password or no password: exit 3', async () => {
    const wrong = await tessera(exportArgs('orders', 'support1'), { TESSERA_PASSWORD: 'not-the-password' });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('cannot sign in as support1: Wrong username or password.');
    const none = await tessera(exportArgs('orders', 'support1'));
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('TESSERA_PASSWORD');
  }, SLOW);

  test('an existing file is kept unless --overwrite: exit 1, then 0', async () => {
    const file = path.join(out, 'kept.csv');
    fs.writeFileSync(file, 'keep me');
    const refused = await tessera(exportArgs('orders', 'support1', '--out', file), { TESSERA_PASSWORD: 'support-password-1' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists');
    expect(refused.stderr).toContain('--overwrite');
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    const replaced = await tessera(exportArgs('orders', 'support1', '--out', file, '--overwrite'), { TESSERA_PASSWORD: 'support-password-1' });
    expect(replaced.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^number,id,status/);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.part'))).toEqual([]);
  }, SLOW);

  test('bad arguments: a clear message and exit 2', async () => {
    const password = { TESSERA_PASSWORD: 'support-password-1' };
    const cases: [string[], RegExp][] = [
      [['export'], /say what to export/],
      [['export', 'customers', '--user', 'support1'], /cannot export "customers"/],
      [['export', 'orders', '--bogus'], /Unknown option '--bogus'/],
      [['export', 'orders', '--data-dir', '/nonexistent/tessera'], /--user NAME is required/],
      [['export', 'orders', '--user', 'support1', '--data-dir', path.join(out, 'nowhere')], /there is no Tessera store in/],
      [exportArgs('orders', 'support1', '--method', 'cash'), /--method does not apply to orders/],
      [exportArgs('payments', 'support1', '--status', 'PAID'), /--status does not apply to payments/],
      [exportArgs('orders', 'support1', '--register', 'R1'), /--register does not apply to orders/],
      [exportArgs('z-reports', 'support1', '--method', 'cash'), /--method does not apply to z-reports/],
      [exportArgs('credit-notes', 'support1', '--status', 'PAID'), /--status does not apply to credit-notes/],
      [exportArgs('credit-notes', 'support1', '--kind', 'refund'), /--kind: /],
      [exportArgs('orders', 'support1', '--format', 'pdf'), /--format: /],
      [exportArgs('orders', 'support1', '--from', 'last tuesday'), /--from: /],
      [exportArgs('orders', 'support1', '--status', 'LOST'), /--status: /],
      [exportArgs('orders', 'support1', '--out', path.join(out, 'missing', 'x.csv')), /--out: the folder .* does not exist/],
      [exportArgs('orders', 'support1', '--out', path.join(out, 'bell\u0007.csv')), /--out: must not contain control characters/],
      [exportArgs('orders', 'support1', '--out', path.join(out, 'two\nlines.csv')), /--out: must not contain control characters/],
      [exportArgs('orders', 'support1', '--out', path.join(out, 'orders.txt')), /--out: must end in \.csv/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ];
    const runs: Run[] = [];
    for (let i = 0; i < cases.length; i += 4) runs.push(...(await Promise.all(cases.slice(i, i + 4).map(([args]) => tessera(args, password)))));
    runs.forEach((r, i) => {
      const [args, message] = cases[i]!;
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });
  }, SLOW);

  test('a NUL in --out (which no OS passes in argv, but a caller of the code can) is a usage error, not a crash', () => {
    expect(() => outPath('/tmp/a\u0000b.csv')).toThrow('--out: must not contain control characters');
    expect(() => outPath('/tmp/c1\u009b.csv')).toThrow('--out: must not contain control characters');
    expect(outPath('relative.csv')).toBe(path.resolve('relative.csv'));
  });

  test('--help for the command and for export', async () => {
    const [top, help] = await Promise.all([tessera(['--help']), tessera(['export', '--help'])]);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('export    write orders, invoices, payments, credit notes or Z reports');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: tessera export <orders|invoices|payments|credit-notes|z-reports> --user NAME [options]');
    expect(help.stdout).toContain('credit-notes: return exchange cancellation receiptless');
    expect(help.stdout).toContain('--register CODE');
    expect(help.stdout).toContain('TESSERA_PASSWORD');
  }, SLOW);

  test.runIf(process.platform === 'linux' && fs.existsSync('/usr/bin/script'))('on a terminal the password is asked for and not echoed', async () => {
    const file = path.join(out, 'prompted.csv');
    const command = [process.execPath, bin, ...exportArgs('orders', 'support1', '--out', file)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.TESSERA_PASSWORD;
    const child = spawn('/usr/bin/script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    await expect.poll(() => output, { timeout: 30_000 }).toContain('Password for support1: ');
    child.stdin.write('support-password-1\r');
    expect(await code).toBe(0);
    child.stdin.end();
    expect(output).not.toContain('support-password-1');
    expect(output).toContain(`Exported ${ORDERS} orders`);
    expect(fs.existsSync(file)).toBe(true);
  }, SLOW);
});
