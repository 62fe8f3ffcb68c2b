import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where a worker thread's code is, seen from the module that starts it (`here`): from source
 * (tests, the bench) its tsx bootstrap beside that module, since a worker does not inherit the
 * main thread's TypeScript loader; in a build (Electron, `tessera`) the bundled `built` file
 * beside the entry (out/main/) or one folder up from a shared chunk (out/main/chunks/).
 */
export function workerUrl(here: string, bootstrap: string, built: string): URL {
  // (The bootstrap's path is built from parts so the bundler leaves it alone.)
  if (/\.[cm]?ts$/.test(fileURLToPath(here))) return new URL(['.', bootstrap].join('/'), here);
  for (const candidate of [built, `../${built}`]) {
    const url = new URL(candidate, here);
    if (fs.existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`The worker ${built} is missing from this build.`);
}
