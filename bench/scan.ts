/**
 * The scan figure alone, without the whole bench: `node --import tsx bench/scan.ts [build…]`.
 * Seeds (once, kept in SCAN_STORE, default a folder in the temp dir) a store of BENCH_PRODUCTS
 * (100,000) products, starts the HTTP host on it and runs benchScan (bench/browser.ts) against
 * each renderer build given (folders made with `npx vite build -c vite.renderer.config.ts
 * --outDir <folder>`; none: the host's own out/renderer), alternately, SCAN_REPEATS times
 * (A, B, A, B…), so that builds are compared under the same conditions. Each build's pages
 * come from a small local server that answers its files and passes everything else (/rpc,
 * /events) to the host, as from the host's own origin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createCore, DB_FILE } from '../electron/core/core';
import { seedProducts } from './seed';
import { benchScan, launchChromium, openRegister, scanItems } from './browser';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const REPEATS = Number(process.env.SCAN_REPEATS ?? 2);
const root = path.resolve(import.meta.dirname, '..');
const store = process.env.SCAN_STORE ?? path.join(os.tmpdir(), `tessera-scan-${PRODUCTS}`);
const user = { username: 'admin', password: 'bench-password-1' };

async function seed(): Promise<void> {
  if (fs.existsSync(path.join(store, 'seeded'))) return;
  fs.rmSync(store, { recursive: true, force: true });
  fs.mkdirSync(store, { recursive: true });
  const core = createCore({ dataDir: store, migrationsFolder: path.join(root, 'migrations'), version: 'bench' });
  const r = await core.dispatch('auth.setup', { username: user.username, displayName: 'Bench Admin', password: user.password });
  if (!r.ok) throw new Error(`auth.setup: ${r.error.message}`);
  await seedProducts(core.store.sqlite, PRODUCTS, new Date().toISOString());
  core.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  core.close();
  fs.writeFileSync(path.join(store, 'seeded'), '');
}

function startHost(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'tessera.mjs'), 'serve', '--port', '0', '--data-dir', store], {
    env: { ...process.env, TESSERA_LOG: 'warn', TESSERA_NO_BUILD: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready at (http:\/\/\S+?)\/? /.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.woff2': 'font/woff2' };

/** A build's files, and the host for everything else. */
function front(dir: string, host: string): Promise<{ server: http.Server; url: string }> {
  const target = new URL(host);
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path.join(dir, pathname === '/' ? 'index.html' : pathname);
    if (!pathname.startsWith('/rpc') && !pathname.startsWith('/events') && file.startsWith(dir) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      fs.createReadStream(file).pipe(res);
      return;
    }
    const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host, ...(req.headers.origin ? { origin: target.origin } : {}) } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

async function main() {
  await seed();
  const db = new Database(path.join(store, DB_FILE), { readonly: true, fileMustExist: false });
  const products = db.prepare('SELECT barcode, name FROM products WHERE barcode IS NOT NULL ORDER BY sku').all() as { barcode: string; name: string }[];
  db.close();
  const items = scanItems(products);
  const host = await startHost();
  const dirs = process.argv.slice(2).map((d) => path.resolve(d));
  const fronts = dirs.length ? await Promise.all(dirs.map((d) => front(d, host.url))) : [{ server: null, url: host.url }];
  const names = dirs.length ? dirs.map((d) => path.basename(d)) : ['out/renderer'];
  await openRegister(host.url, user);
  const browser = await launchChromium();
  const all: Record<string, number[]> = {};
  try {
    for (let r = 0; r < REPEATS; r++) {
      for (let i = 0; i < fronts.length; i++) {
        const rows = await benchScan(browser, (fronts[i] as { url: string }).url, user, items);
        const main = rows[0] as { figure: string; data: { samples: number[] } };
        (all[names[i] as string] ??= []).push(...main.data.samples);
        console.log(`${names[i]} #${r + 1}: ${main.figure}`);
        for (const row of rows.slice(1)) if (row.name.includes('frame')) console.log(`   ${row.name.trim()}: ${row.figure}`);
      }
    }
  } finally {
    await browser.close();
    for (const f of fronts) f.server?.close();
    host.child.kill('SIGTERM');
  }
  const pct = (v: number[], q: number) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(q * v.length))] ?? 0;
  for (const [name, v] of Object.entries(all)) console.log(`${name} all: p50 ${pct(v, 0.5).toFixed(1)} ms, p95 ${pct(v, 0.95).toFixed(1)} ms (n=${v.length})`);
}

await main();
