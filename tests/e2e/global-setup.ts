import { ensureBuilt } from '../../bin/build.mjs';

/**
 * Builds the app once (`electron-vite build`: the UI, the HTTP host and command line, the
 * export worker), then tells every `tessera serve` of the run to only run that build: the
 * servers of parallel workers never check or rewrite out/ under each other.
 */
export default function globalSetup(): void {
  ensureBuilt({ force: true });
  // Inherited by the test workers and every process they start.
  process.env.TESSERA_NO_BUILD = '1';
}
