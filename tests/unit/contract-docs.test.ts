import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { contractDocFile, contractMarkdown } from '../../scripts/contract-docs';

describe('docs/contract.md', () => {
  it('is what `npm run docs` makes of the contract today (run it after changing shared/contract/)', () => {
    const written = fs.existsSync(contractDocFile) ? fs.readFileSync(contractDocFile, 'utf8') : '';
    expect(written === contractMarkdown(), 'docs/contract.md is stale: run `npm run docs`').toBe(true);
  });

  it('names every method with who may call it', () => {
    const doc = contractMarkdown();
    for (const name of Object.keys(contract)) {
      expect(doc).toContain(`## ${name}\n`);
    }
    expect(doc).toMatch(/## auth\.login\n[\s\S]*?Who may call it: anyone, without signing in\./);
  });
});
