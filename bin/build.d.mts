/** out/main/tessera.js: the HTTP host and command line of the build. */
export const entry: string;
/** Makes the build when it is missing or out of date (always with `force`); throws when it fails. */
export function ensureBuilt(opts?: { force?: boolean }): void;
