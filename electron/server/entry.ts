/** The command line's entry, bundled into out/server/tessera.js so a start loads plain JavaScript. */
export { serve } from './main';
export { runCli } from './cli';
