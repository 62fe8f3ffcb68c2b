import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig, runnerImport, type Plugin } from 'vite';
import type { Access, Contract } from './shared/contract';

const accessId = 'virtual:tessera-access';
const contractEntry = resolve(import.meta.dirname, 'shared', 'contract', 'index.ts');

/**
 * `virtual:tessera-access`: the contract's access table (method → who may call it) as plain
 * data. The renderer needs only this part of the contract; importing the contract itself would
 * put zod and every schema into the UI's start-up script (~110 KB, ~100 ms to evaluate).
 * The contract is loaded through Vite's module runner (TypeScript, extensionless imports),
 * once before the bundler starts (and again on the dev server when a contract file changes).
 */
function contractAccess(): Plugin {
  let code = '';
  let files: string[] = [];
  const read = async () => {
    const { module, dependencies } = await runnerImport<{ contract: Contract }>(contractEntry);
    const table: Record<string, Access> = Object.fromEntries(Object.entries(module.contract).map(([name, spec]) => [name, spec.access]));
    code = `export default ${JSON.stringify(table)};`;
    files = [contractEntry, ...dependencies];
  };
  return {
    name: 'tessera:contract-access',
    configResolved: read,
    // Dev server: a changed contract file is read again and the table module reloaded.
    async hotUpdate({ file, modules }) {
      if (!files.includes(file)) return;
      await read();
      const table = this.environment.moduleGraph.getModuleById(`\0${accessId}`);
      return table ? [...modules, table] : modules;
    },
    resolveId: { filter: { id: new RegExp(`^${accessId}$`) }, handler: () => `\0${accessId}` },
    load: {
      filter: { id: new RegExp(`^\0${accessId}$`) },
      handler() {
        // Watched, so the dev server reports their changes to hotUpdate.
        for (const file of files) this.addWatchFile(file);
        return code;
      },
    },
  };
}

/** The renderer's build, shared by electron-vite (Electron host) and `tessera serve` (HTTP host). */
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react(), contractAccess()],
  build: {
    outDir: resolve(import.meta.dirname, 'out', 'renderer'),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: { port: 5173, strictPort: false },
});
