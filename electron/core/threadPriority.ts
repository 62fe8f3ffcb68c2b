import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * On Linux, the calling thread alone (a nice value is per thread there) runs below the core's
 * thread: on a 2-core till a worker's job then takes only the CPU the sales leave. Elsewhere a
 * priority is the whole process's, so it stays as it is.
 */
export function yieldToSales(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(Number(path.basename(fs.readlinkSync('/proc/thread-self'))), 10);
  } catch {
    // No /proc, or not allowed: the worker runs at the core's priority.
  }
}
