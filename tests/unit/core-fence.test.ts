/**
 * The fence around electron/core: it runs under every host (desktop, HTTP, command line), so
 * it imports neither Electron nor a host's code. ESLint enforces it; this shows the rule fires
 * and that the tree as it is breaks it nowhere.
 */
import { ESLint } from 'eslint';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });
const FENCE = 'no-restricted-imports';

async function fenceErrors(text: string, file = 'electron/core/services/fixture.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === FENCE).map((m) => m.message);
}

describe('electron/core imports no host', () => {
  it.each([
    ["import { app } from 'electron';", 'Electron'],
    ["import { shell } from 'electron/main';", 'Electron'],
    ["import { createSaveDialog } from '../../main/saveDialog';", 'host code'],
    ["import { createHttpServer } from '../../server/http';", 'host code'],
    ["import { contentTypeOf } from '../server/contentTypes';", 'host code'],
    ["export { registerIpc } from '../main/ipc';", 'host code'],
  ])('%s is refused', async (line, why) => {
    const errors = await fenceErrors(`${line}\nexport const used = 1;\n`);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(why);
  }, 60_000);

  it('the core’s own modules and shared/ are allowed', async () => {
    const text = "import { PushBus } from '../bus';\nimport { contract } from '../../../shared/contract';\nexport const used = [PushBus, contract];\n";
    expect(await fenceErrors(text)).toEqual([]);
  });

  it('the hosts may import the core and Electron', async () => {
    const text = "import { app } from 'electron';\nimport { openHost } from '../core/coreHost';\nexport const used = [app, openHost];\n";
    expect(await fenceErrors(text, 'electron/main/fixture.ts')).toEqual([]);
  });

  it('no file of electron/core crosses the fence', async () => {
    const results = await eslint.lintFiles(['electron/core/**/*.ts']);
    const crossings = results.flatMap((r) => r.messages.filter((m) => m.ruleId === FENCE).map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.message}`));
    expect(crossings).toEqual([]);
  }, 120_000);
});

describe('the hosts are thin adapters over the core', () => {
  const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

  it('the HTTP host reaches sessions and downloads through the core, not around it in its services', () => {
    const http = read('electron/server/http.ts');
    expect(http).not.toMatch(/core\.services/);
    expect(http).toMatch(/contentTypeOf/);
  });

  it('recovery and restore have one path: no hand-parsed system.recover, no restore steps in the command line', () => {
    expect(read('electron/core/coreHost.ts')).not.toMatch(/contract\[['"]system\.recover['"]\]/);
    expect(read('electron/server/cli-restore.ts')).not.toMatch(/swapDatabase|stageRestoreCopy|recordRestore/);
  });

  it('no host sets a service field after construction', () => {
    for (const file of ['electron/main/index.ts', 'electron/server/main.ts', 'electron/core/coreHost.ts']) {
      expect(read(file), file).not.toMatch(/configure:|\.(revealer|printer|restorer|desktop|saveDialog|liveCheck)\s*=/);
    }
  });
});
