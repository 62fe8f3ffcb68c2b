// Writes docs/contract.md from the zod contract: every method, who may call it, its input
// and output. `npm run docs` writes it; tests/unit/contract-docs.test.ts fails when it is stale.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { contract, type Access, type Method } from '../shared/contract';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
  additionalProperties?: boolean | Schema;
};

/** Patterns that only keep control characters out say nothing a reader needs. */
const guardPattern = /^\^\[\^\\u0000/;

function range(lo: number | undefined, hi: number | undefined, unit: string): string | null {
  if (lo === undefined && hi === undefined) return null;
  if (lo !== undefined && hi !== undefined) return lo === hi ? `${lo}${unit}` : `${lo}–${hi}${unit}`;
  return lo !== undefined ? `≥ ${lo}${unit}` : `≤ ${hi}${unit}`;
}

const SAFE = Number.MAX_SAFE_INTEGER;

function notes(s: Schema): string[] {
  const lo = s.minimum ?? s.exclusiveMinimum;
  const out = [
    range(s.minLength, s.maxLength, ' chars'),
    range(lo === -SAFE ? undefined : lo, s.maximum === SAFE ? undefined : s.maximum, ''),
    range(s.minItems, s.maxItems, ' items'),
    s.format ? s.format : null,
    s.pattern && !guardPattern.test(s.pattern) && !s.format ? `/${s.pattern}/` : null,
    s.default !== undefined ? `default ${JSON.stringify(s.default)}` : null,
  ];
  return out.filter((n): n is string => n !== null);
}

function literal(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

function render(s: Schema, indent: string): string {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const nonNull = alts.filter((a) => a.type !== 'null');
    const parts = nonNull.map((a) => {
      const n = a.properties || a.anyOf || a.oneOf ? [] : notes(a);
      return `${render(a, nonNull.length > 1 ? indent + '  ' : indent)}${n.length && nonNull.length > 1 ? ` /* ${n.join(', ')} */` : ''}`;
    });
    const joined = nonNull.length > 1 && parts.some((p) => p.includes('\n')) ? parts.map((p) => `\n${indent}  | ${p}`).join('') : parts.join(' | ');
    return nonNull.length < alts.length ? `${joined} | null` : joined;
  }
  if (s.enum) return s.enum.map(literal).join(' | ');
  if (s.const !== undefined) return literal(s.const);
  const type = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  if (type === 'object' || s.properties) {
    const props = Object.entries(s.properties ?? {});
    if (props.length === 0) return typeof s.additionalProperties === 'object' ? `Record<string, ${render(s.additionalProperties, indent)}>` : '{}';
    const required = new Set(s.required ?? []);
    const lines = props.map(([name, p]) => {
      const n = notes(p);
      const comment = n.length ? ` // ${n.join(', ')}` : '';
      return `${indent}  ${name}${required.has(name) ? '' : '?'}: ${render(p, indent + '  ')};${comment}`;
    });
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  if (type === 'array') {
    const item = s.items ? render(s.items, indent) : 'unknown';
    const n = notes(s);
    return `Array<${item}>${n.length ? ` /* ${n.join(', ')} */` : ''}`;
  }
  return type ?? 'unknown';
}

function accessText(access: Access): string {
  if (access === 'public') return 'anyone, without signing in';
  if (access === 'signedIn') return 'any signed-in user';
  return access.join(', ');
}

function schemaOf(type: z.ZodType, io: 'input' | 'output'): string {
  const json = z.toJSONSchema(type, { io, unrepresentable: 'any' }) as Schema;
  return render(json, '');
}

export function contractMarkdown(): string {
  const methods = Object.keys(contract).sort() as Method[];
  const out = [
    '# The contract',
    '',
    'Generated from `shared/contract/` by `npm run docs`; do not edit by hand.',
    'Every method is `POST /rpc/<method>` over HTTP (JSON body, `Authorization: Bearer <token>`) and',
    "`window.tessera.invoke('<method>', input)` in the desktop app; both answer `{ ok: true, value }` or",
    '`{ ok: false, error: { code, message, details? } }` (see `shared/errors.ts`).',
    'Amounts are integers in the currency’s minor units; times are ISO 8601 strings.',
    'A date filter (`from`/`to` as `YYYY-MM-DD`) is a day of the store, cut at midnight in the store’s',
    'time zone (`settings.timeZone`, daylight saving included): `from` starts at that midnight, `to`',
    'includes its whole day. A full timestamp in `from`/`to` is that instant, whatever the zone.',
    '',
    ...methods.map((m) => `- [\`${m}\`](#${m.replace(/\./g, '').toLowerCase()})`),
    '',
  ];
  for (const name of methods) {
    const spec = contract[name];
    out.push(
      `## ${name}`,
      '',
      `${spec.summary}.`,
      '',
      `Who may call it: ${accessText(spec.access)}.`,
      '',
      'Input:',
      '```ts',
      schemaOf(spec.input, 'input'),
      '```',
      'Output:',
      '```ts',
      schemaOf(spec.output, 'output'),
      '```',
      '',
    );
  }
  return out.join('\n');
}

export const contractDocFile = path.join(import.meta.dirname, '..', 'docs', 'contract.md');

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.writeFileSync(contractDocFile, contractMarkdown());
  console.log(`wrote ${path.relative(process.cwd(), contractDocFile)}`);
}
