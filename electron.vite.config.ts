import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { devContentSecurityPolicy } from './electron/main/electron-csp';
import renderer from './vite.renderer.config';

const root = import.meta.dirname;

/**
 * `npm run dev` only: the dev server injects inline scripts and styles (hot
 * reload), which the page's strict CSP meta tag would block. Built pages keep
 * the strict policy untouched.
 */
function devServerCsp(): Plugin {
  return {
    name: 'tessera:dev-server-csp',
    apply: 'serve',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        return html.replace(/<meta\b[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i, (tag) =>
          tag.replace(/content=(["'])([\s\S]*?)\1/i, (_attr, quote: string, policy: string) => `content=${quote}${devContentSecurityPolicy(policy)}${quote}`),
        );
      },
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out', 'main'),
      // Dependencies (better-sqlite3, argon2, drizzle-orm, zod…) stay in node_modules; native addons must.
      externalizeDeps: { include: ['better-sqlite3', 'argon2'] },
      rolldownOptions: {
        input: {
          // The Electron host.
          index: resolve(root, 'electron', 'main', 'index.ts'),
          // The HTTP host and command line (bin/tessera.mjs runs it on plain Node): it imports
          // no 'electron', so the code it shares with index.js lands in chunks that do not either.
          tessera: resolve(root, 'electron', 'server', 'entry.ts'),
          // The worker-thread files the core spawns: the export (and its CSV thread), and the
          // PDF worker; both hosts find them beside their entry. The integrity check evaluates
          // its worker in place.
          'export-worker': resolve(root, 'electron', 'core', 'services', 'exports', 'worker.ts'),
          'pdf-worker': resolve(root, 'electron', 'core', 'services', 'documents', 'pdfWorker.ts'),
          // The head office's sync worker (tessera serve --head-office).
          'sync-worker': resolve(root, 'electron', 'headoffice', 'syncWorker.ts'),
        },
        // The command line imports its commands lazily (a quick start from source); in the
        // bundle they share tessera.js with serve, which is all this warning says.
        onwarn(warning, warn) {
          if (warning.code !== 'INEFFECTIVE_DYNAMIC_IMPORT') warn(warning);
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out', 'preload'),
      // A sandboxed preload can only require 'electron': bundle everything into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron', 'preload', 'index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    // The one renderer config, shared with the HTTP host's build.
    ...renderer,
    plugins: [...(renderer.plugins ?? []), devServerCsp()],
    build: {
      ...renderer.build,
      rolldownOptions: {
        ...renderer.build?.rolldownOptions,
        input: resolve(root, 'renderer', 'index.html'),
      },
    },
  },
});
