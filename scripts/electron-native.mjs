#!/usr/bin/env node
// better-sqlite3 for Electron, kept apart from the Node build.
//
// node_modules/better-sqlite3 stays built for Node (tests, the HTTP host, the CLI).
// The Electron host loads a second build, made for Electron's ABI in
// .electron-native/node_modules/better-sqlite3 and passed to the store as
// `nativeBinding`, so `npm test` keeps working after `npm start`.
// argon2 is N-API: its one build serves both.
//
// As a command (`npm start`, `npm run dev`): checks Electron's binary is
// installed, then makes the Electron build unless it is already there for the
// installed Electron version. As electron-builder's `beforeBuild` hook
// (`npm run package`): makes the build for the target and tells electron-builder
// not to rebuild node_modules in place.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

const nativeDir = path.join(root, '.electron-native');
const moduleDir = path.join(nativeDir, 'node_modules', 'better-sqlite3');
const stampFile = path.join(nativeDir, 'stamp.json');
/** The addon the Electron host loads (electron/main/index.ts) and the package ships (electron-builder.yml). */
export const electronSqliteBinding = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function packageDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** The installed Electron's version, from its package (never by requiring 'electron': that starts a download). */
export function installedElectronVersion() {
  return readJson(path.join(packageDir('electron'), 'package.json')).version;
}

/** `{ path }` of Electron's binary, or `{ path: null, reason }` when it is not installed. */
export function electronBinary() {
  const dir = packageDir('electron');
  const pathFile = path.join(dir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const file = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
    return fs.existsSync(file) ? { path: file } : { path: null, reason: `ELECTRON_OVERRIDE_DIST_PATH points at ${file}, which does not exist` };
  }
  if (!executable) return { path: null, reason: 'node_modules/electron has no path.txt: the binary was never downloaded' };
  const file = path.join(dir, 'dist', executable);
  return fs.existsSync(file) ? { path: file } : { path: null, reason: `${path.relative(root, file)} does not exist` };
}

function wantedStamp(electronVersion, platform, arch) {
  const sqliteVersion = readJson(path.join(packageDir('better-sqlite3'), 'package.json')).version;
  return { electronVersion, betterSqlite3: sqliteVersion, platform, arch };
}

function isCurrent(stamp) {
  if (!fs.existsSync(electronSqliteBinding) || !fs.existsSync(stampFile)) return false;
  try {
    const have = readJson(stampFile);
    return Object.entries(stamp).every(([key, value]) => have[key] === value);
  } catch {
    return false;
  }
}

/**
 * Makes .electron-native/node_modules/better-sqlite3 for the given Electron,
 * unless the build there already matches. Returns true when it built.
 */
export async function ensureElectronSqlite({ electronVersion = installedElectronVersion(), platform = process.platform, arch = process.arch } = {}) {
  if (platform !== process.platform) {
    throw new Error(`better-sqlite3 cannot be cross-compiled: package for ${platform} on ${platform} (this is ${process.platform}).`);
  }
  const stamp = wantedStamp(electronVersion, platform, arch);
  if (isCurrent(stamp)) return false;

  console.log(`Building better-sqlite3 for Electron ${electronVersion} (${platform}-${arch}) in .electron-native/ …`);
  fs.rmSync(moduleDir, { recursive: true, force: true });
  fs.rmSync(stampFile, { force: true });
  fs.mkdirSync(path.dirname(moduleDir), { recursive: true });
  const source = packageDir('better-sqlite3');
  // The sources only: the Node build in build/ must not be mistaken for the Electron one.
  fs.cpSync(source, moduleDir, { recursive: true, filter: (src) => src !== path.join(source, 'build') });
  fs.writeFileSync(
    path.join(nativeDir, 'package.json'),
    `${JSON.stringify({ name: 'tessera-electron-native', private: true, version: '0.0.0', dependencies: { 'better-sqlite3': stamp.betterSqlite3 } }, null, 2)}\n`,
  );

  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: nativeDir,
    // Stop the module search at .electron-native: node_modules/better-sqlite3 must keep its Node build.
    projectRootPath: nativeDir,
    electronVersion,
    platform,
    arch,
    onlyModules: ['better-sqlite3'],
    force: true,
  });
  if (!fs.existsSync(electronSqliteBinding)) throw new Error(`@electron/rebuild finished but ${path.relative(root, electronSqliteBinding)} is missing.`);
  fs.writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
  console.log(`Built ${path.relative(root, electronSqliteBinding)}.`);
  return true;
}

/**
 * electron-builder's `beforeBuild` hook: prepares the Electron build of
 * better-sqlite3 (shipped as resources/native/better_sqlite3.node) and returns
 * false so electron-builder does not rebuild node_modules in place, which would
 * leave Node (and `npm test`) with an Electron-only addon.
 */
export async function beforeBuild(context) {
  await ensureElectronSqlite({
    electronVersion: context.electronVersion ?? installedElectronVersion(),
    platform: context.platform?.nodeName ?? process.platform,
    arch: context.arch ?? process.arch,
  });
  return false;
}

async function main() {
  const binary = electronBinary();
  if (!binary.path) {
    console.error(
      `Electron's binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD or no access to GitHub): ${binary.reason}.\n` +
        'Use `npm run serve` for the browser host, or install Electron where GitHub is reachable (`npx install-electron`).',
    );
    process.exit(1);
  }
  try {
    const built = await ensureElectronSqlite();
    if (!built) console.log(`better-sqlite3 for Electron ${installedElectronVersion()} is ready (.electron-native/).`);
  } catch (err) {
    console.error(`Could not build better-sqlite3 for Electron: ${err instanceof Error ? err.message : String(err)}`);
    console.error('It needs a C++ toolchain and Electron headers (electronjs.org) unless a prebuilt addon can be downloaded.');
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
