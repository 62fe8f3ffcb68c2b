/** The command line's entry, bundled by electron-vite into out/main/tessera.js so a start loads plain JavaScript. */
export { serve } from './main';
export { runCli } from './cli';
