import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The renderer's build, shared by electron-vite (Electron host) and `tessera serve` (HTTP host). */
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out', 'renderer'),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: { port: 5173, strictPort: false },
});
