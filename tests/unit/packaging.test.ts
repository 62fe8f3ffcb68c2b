// Packaging and the hardening the security test does not cover: the Electron fuses and
// the rest of electron-builder.yml (checked against electron-builder's own schema, so a
// misspelt key cannot silently switch a fuse off), and, in a fresh build of the main
// bundle, web security stated explicitly and navigation handlers that really refuse.
// (tests/unit/electron-security.test.ts covers isolation, sandbox, the IPC channel and
// sender check, the CSP and the preload.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = require('ajv') as new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } };

interface BuilderConfig {
  asar?: boolean | object;
  files?: string[];
  asarUnpack?: string[];
  extraResources?: { from: string; to: string }[];
  electronFuses?: Record<string, boolean>;
  [key: string]: unknown;
}

const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('electron-builder.yml', () => {
  it('is a valid electron-builder configuration (no unknown or misspelt keys)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema does catch a misspelt fuse section.
    expect(validate({ ...config, electronFuse: { runAsNode: false } })).toBe(false);
  });

  it('sets the Electron fuses: no RunAsNode, the app only from its asar, asar integrity on, no file:// privileges', () => {
    expect(config.electronFuses).toBeDefined();
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      // The UI comes from app://, so file:// pages get no extra privileges.
      grantFileProtocolExtraPrivileges: false,
    });
    // Every fuse named is one electron-builder passes on to @electron/fuses.
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
    for (const fuse of Object.keys(config.electronFuses!)) expect(known).toContain(fuse);
    // Asar integrity is checked on Windows from Electron 30 on (macOS earlier).
    const electronMajor = Number(/\d+/.exec(pkg.devDependencies.electron ?? '')?.[0]);
    expect(electronMajor).toBeGreaterThanOrEqual(30);
  });

  it('packs the app into an asar, native addons unpacked beside it', () => {
    // onlyLoadAppFromAsar needs an asar: it must not be switched off.
    expect(config.asar === undefined || config.asar === true || typeof config.asar === 'object').toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node']));
    for (const native of ['better-sqlite3', 'argon2']) {
      expect(pkg.dependencies[native], `${native} must be a dependency to be packaged`).toBeDefined();
      expect(config.asarUnpack!.some((p) => p.includes(`node_modules/${native}`))).toBe(true);
    }
  });

  it('ships the built app only, with its entry, migrations, fonts and the Electron build of better-sqlite3', () => {
    const files = config.files ?? [];
    expect(files).toContain('out/**');
    expect(pkg.main.startsWith('out/')).toBe(true);
    // No sources, tests, data or secrets.
    for (const pattern of files.filter((f) => !f.startsWith('!'))) {
      expect(pattern).not.toMatch(/^(electron|renderer|shared|tests|bench|scripts|src)\b|\*\*\/\*$|\.db|\.env/);
    }
    const resources = Object.fromEntries((config.extraResources ?? []).map((r) => [r.to, r.from]));
    expect(resources.migrations).toBe('migrations');
    expect(resources.fonts).toBe('resources/fonts');
    expect(resources['native/better_sqlite3.node']).toMatch(/better_sqlite3\.node$/);
    expect(fs.existsSync(path.join(root, 'migrations'))).toBe(true);
  });
});

// ---- The built main bundle ----------------------------------------------------

const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-packaging-build-'));
let buildLog = '';
let main = '';

beforeAll(() => {
  const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  // Builds main, preload and renderer in that order; only the main bundle is read here.
  const r = spawnSync(process.execPath, [cli, 'build', '--outDir', buildDir, '--logLevel', 'error'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  buildLog = `exit ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`;
  const entry = path.join(buildDir, 'main', 'index.js');
  if (!fs.existsSync(entry)) throw new Error(`electron-vite build did not produce main/index.js:\n${buildLog}`);
  const chunksDir = path.join(buildDir, 'main', 'chunks');
  const chunks = fs.existsSync(chunksDir) ? fs.readdirSync(chunksDir).filter((f) => f.endsWith('.js')) : [];
  main = [fs.readFileSync(entry, 'utf8'), ...chunks.map((f) => fs.readFileSync(path.join(chunksDir, f), 'utf8'))].join('\n');
}, 180_000);

afterAll(() => {
  fs.rmSync(buildDir, { recursive: true, force: true });
});

// Booleans with the pattern as the message: a failure names the rule, not the whole bundle.
const expectIn = (re: RegExp) => expect(re.test(main), `the main bundle should contain ${re}`).toBe(true);
const expectNotIn = (re: RegExp) => expect(re.test(main), `the main bundle should not contain ${re}`).toBe(false);

/** The body of the first `contents.on("<event>", …)` handler, up to its closing `});`. */
function handler(event: string): string {
  const start = main.indexOf(`.on("${event}",`);
  expect(start, `no ${event} handler in the main bundle`).toBeGreaterThanOrEqual(0);
  const end = main.indexOf('});', start);
  return main.slice(start, end);
}

describe('the built main bundle', () => {
  it('states web security on, insecure content and experimental features off', () => {
    expectIn(/webSecurity:\s*true/);
    expectIn(/allowRunningInsecureContent:\s*false/);
    expectNotIn(/experimentalFeatures:\s*true/);
    expectNotIn(/enableBlinkFeatures:/);
    expectNotIn(/disableBlinkFeatures:/);
  });

  it('refuses navigation, frame navigation and redirects to other URLs, and every webview', () => {
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(handler(event), `${event} must call preventDefault for a URL that is not allowed`).toMatch(/if \(!\w+\(event\.url\)\) event\.preventDefault\(\)/);
    }
    expect(handler('will-attach-webview'), 'will-attach-webview must always call preventDefault').toMatch(/=>\s*event\.preventDefault\(\)/);
  });

  it('guards every WebContents as it is created, and answers permission requests and checks', () => {
    expectIn(/app\.on\("web-contents-created",\s*\(_?\w*,\s*(\w+)\)\s*=>\s*\w+\(\1/);
    expectIn(/\.setWindowOpenHandler\(\(\)\s*=>\s*\(\{\s*action:\s*"deny"\s*\}\)\)/);
    expectIn(/setPermissionRequestHandler\(/);
    expectIn(/setPermissionCheckHandler\(/);
  });

  it('never turns the guards off', () => {
    expectNotIn(/webSecurity:\s*false/);
    expectNotIn(/action:\s*"allow"/);
  });
});
