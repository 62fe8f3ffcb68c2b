/**
 * Export figures: all orders to CSV and to XLSX through `tessera export` (the same code as
 * the app, in its own process), rows/s from its own timing and the process's peak RSS.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Peak resident memory (VmHWM) of a running process, in MiB; null when /proc is not there. */
function peakRssMiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function exportOnce(dataDir: string, format: 'csv' | 'xlsx', user: { username: string; password: string }) {
  const out = path.join(dataDir, `bench-orders.${format}`);
  fs.rmSync(out, { force: true });
  const child = spawn(process.execPath, [path.join(root, 'bin', 'tessera.mjs'), 'export', 'orders', '--format', format, '--out', out, '--data-dir', dataDir, '--user', user.username], {
    env: { ...process.env, TESSERA_PASSWORD: user.password, TESSERA_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, peakRssMiB(child.pid ?? 0) ?? 0);
  }, 50);
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise<{ rows: number; seconds: number; peakMiB: number; bytes: number }>((resolve, reject) => {
    child.on('exit', (code) => {
      clearInterval(sampler);
      const m = /Exported ([\d,]+) .* \(.*, ([\d.]+) s\)/.exec(err);
      if (code !== 0 || !m?.[1] || !m[2]) return reject(new Error(`export ${format} failed (${code}): ${err.slice(-500)}`));
      const bytes = fs.statSync(out).size;
      fs.rmSync(out, { force: true });
      resolve({ rows: Number(m[1].replace(/,/g, '')), seconds: Number(m[2]), peakMiB: Math.round(peak), bytes });
    });
  });
}

export async function benchExports(dataDir: string, user: { username: string; password: string }) {
  const figures = [];
  for (const [format, target] of [['csv', 150_000], ['xlsx', 30_000]] as const) {
    const r = await exportOnce(dataDir, format, user);
    const rate = Math.round(r.rows / r.seconds);
    figures.push({
      name: `export all orders to ${format.toUpperCase()}`,
      figure: `${rate.toLocaleString('en')} rows/s, peak RSS ${r.peakMiB} MiB`,
      target: `≥ ${target.toLocaleString('en')} rows/s${format === 'csv' ? ', RSS < 300 MiB' : ''}`,
      met: rate >= target && (format !== 'csv' || r.peakMiB < 300),
      data: { ...r, rowsPerSecond: rate },
    });
  }
  return figures;
}
