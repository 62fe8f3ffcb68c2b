/**
 * Hostile input: fast-check sends at least 10,000 random and malformed inputs to EVERY
 * method of the contract (the list is read from the `contract` table when the test runs)
 * over the HTTP host: values of any JSON type, the method's real keys with wrong types,
 * inputs drawn from the method's own zod schema with some leaves swapped for nasty values
 * (huge strings, 1000-level nesting, `__proto__` / `constructor` / `prototype` keys,
 * negative and huge money, bad dates, ids that do not exist, cursors that were never
 * given out), and raw bodies JSON.stringify cannot make (1e400, -0, lone surrogates,
 * duplicate keys, 100,000-level nesting, broken JSON). Mostly with an admin token, some
 * without, with an unknown token, or with odd Authorization headers.
 *
 * Every answer must be a well-formed envelope whose HTTP status matches its code, and
 * never INTERNAL (the host runs with output checking on, so an output that breaks its
 * schema is INTERNAL too). Failures are collected and printed with their inputs. At the
 * end /health answers 200, nothing polluted Object.prototype, and the database passes
 * integrity_check and foreign_key_check. The raw HTTP rules are checked too: oversized
 * body → 413, wrong content type → 415, malformed JSON → 400.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { contract } from '../../shared/contract';
import { MAX_AMOUNT } from '../../shared/domain/money';
import { errorStatus } from '../../shared/errors';
import { createHttpServer, MAX_BODY_BYTES } from '../../electron/server/http';
import { tempDir } from '../support/core';
import { invoiced, openSalesStore, order, paidOrder, product, type SalesStore } from '../support/sales';

const NUM_RUNS = Number(process.env.TESSERA_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.TESSERA_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

// ---- the envelope every answer must be ----

const errorCode = z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus, ...(keyof typeof errorStatus)[]]);
const params = z.record(z.string(), z.union([z.string(), z.number()])).optional();
const issue = z.strictObject({ path: z.array(z.union([z.string(), z.number()])), message: z.string(), key: z.string().optional(), params });
const envelope = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({
    ok: z.literal(false),
    error: z.strictObject({
      code: errorCode,
      message: z.string().min(1).max(2000),
      key: z.string().optional(),
      params,
      details: z.union([z.strictObject({ issues: z.array(issue) }), z.record(z.string(), z.unknown())]).optional(),
      errorId: z.string().optional(),
    }),
  }),
]);
type EnvelopeBody = z.infer<typeof envelope>;

// ---- the host ----

let s: SalesStore;
let server: http.Server;
let port = 0;
/** Cases are sent in batches of this many at once (one connection each), like several clients. */
const BATCH = 16;
const agent = new http.Agent({ keepAlive: true, maxSockets: BATCH });
/** A session only auth.logout and auth.lock are fuzzed with, so the admin's stays valid and unlocked. */
let victim = '';
const exportDir = tempDir('tessera-fuzz-exports-');

interface Answer {
  status: number;
  text: string;
  headers: http.IncomingHttpHeaders;
}

function send(opts: { path: string; method?: string; headers?: http.OutgoingHttpHeaders; body?: string | Buffer; chunked?: boolean }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, 'utf8');
    const headers: http.OutgoingHttpHeaders = { ...opts.headers };
    if (body && !opts.chunked) headers['content-length'] = body.length;
    const req = http.request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer within 30 s for ${opts.path}`)));
    req.on('error', reject);
    if (body && opts.chunked) {
      // Streamed in pieces, no content-length: the limit must hold while reading.
      for (let i = 0; i < body.length; i += 256 * 1024) req.write(body.subarray(i, i + 256 * 1024));
      req.end();
    } else req.end(body);
  });
}

beforeAll(async () => {
  s = await openSalesStore('in-process');
  server = createHttpServer(s.t.core, null);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  victim = (await s.t.ok('auth.login', { username: 'support1', password: 'support-password-1' })).token;
  // Real rows, so some fuzzed ids exist.
  const p = await product(s, { barcode: '4006381333931', category: 'Tools' });
  const received = await order(s);
  const pending = await invoiced(s);
  const paid = await paidOrder(s);
  realIds.push(p.id, received.id, pending.order.id, pending.invoice.id, paid.order.id, paid.invoice.id, paid.payment.id);
  realCodes.push(p.sku, '4006381333931');
}, 60_000);

afterAll(async () => {
  agent.destroy();
  await new Promise<void>((resolve) => {
    server?.closeAllConnections();
    server?.close(() => resolve());
  });
  await s?.close();
  fs.rmSync(exportDir, { recursive: true, force: true });
});

// ---- generators ----

const realIds: string[] = [];
const realCodes: string[] = [];
const fakeIds = ['0', '00000000-0000-7000-8000-000000000000', '019a0000-0000-7000-8000-000000000000', 'x'.repeat(64), 'x'.repeat(65), "' OR 1=1 --", '%', '_', '*', '..', ' '];

const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const cursors = [cursorOf(['x', 1]), cursorOf([1, 'x']), cursorOf(['2026-06-01T09:00:00.000Z', 1.5]), cursorOf(['', -1]), cursorOf(['x'.repeat(300), 9e15]), cursorOf([1e308, 1e308]), cursorOf([]), cursorOf({}), cursorOf(null), 'not base64 !', '////', '=', 'e30'];

const nastyStrings = [
  '', ' ', '\u0000', '\t\n\r', '\u007f', '\u2028', '\uFEFF', '😀'.repeat(40), 'a'.repeat(65), 'a'.repeat(129), 'a'.repeat(257), 'a'.repeat(513), 'a'.repeat(4097),
  '<script>alert(1)</script>', "'; DROP TABLE orders; --", '%s%n%x', '../../../../etc/passwd', '/etc/passwd', 'C:\\Windows\\win.ini', '\\\\server\\share',
  'NaN', 'Infinity', '-Infinity', '1e400', '-0', 'null', 'undefined', 'true', '0x10', '١٢٣', '１２３',
  '2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31T23:59:59.999Z', '2026-06-01T25:00:00Z', '+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00Z',
  '2026-06-01T09:00:00.000+99:00', '2026-06-01T09:00:00', 'yesterday', '1780304400000',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
];
const nastyNumbers = [
  -1, -0.5, 0.5, 1.5, -MAX_AMOUNT, MAX_AMOUNT + 1, MAX_AMOUNT * 1000, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 63, 100_001, 10_001, 501, 0,
];

/** JSON.parse keeps `__proto__` as an own key (an object literal would set the prototype instead). */
const protoObjects = [
  '{"__proto__": {"tesseraPolluted": true}}',
  '{"constructor": {"prototype": {"tesseraPolluted": true}}}',
  '{"prototype": {"tesseraPolluted": true}}',
  '{"__proto__": null}',
  '{"toString": "x", "valueOf": 1, "hasOwnProperty": false}',
].map((text) => JSON.parse(text) as unknown);

function nested(levels: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

/** 1 KB to 200 KB once sent as JSON (a lone surrogate or NUL is sent as a 6-byte escape). */
const hugeString = fc
  .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom<[string, number]>(['a', 1], ['é', 2], ['😀', 4], [' ', 1], ['\u0000', 6], ['%', 1], ['\ud800', 6]))
  .map(([bytes, [c, size]]) => c.repeat(Math.ceil(bytes / size)));

/** A value that should not pass (or that stresses) whatever field it lands in. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(...nastyStrings) },
  { weight: 4, arbitrary: fc.constantFrom<unknown>(...nastyNumbers) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], [[]]) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(...protoObjects) },
  { weight: 1, arbitrary: fc.constantFrom(...fakeIds, ...cursors) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(nested(1000, 'array'), nested(1000, 'object')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2000 }).map((n) => Array.from({ length: n }, (_, i) => i)) },
  { weight: 1, arbitrary: hugeString },
);

/** Plausible strings for a string field: real and made-up ids, dates, codes, words. */
const plausibleString = fc.oneof(
  // Read when a value is drawn (after beforeAll has made the real rows).
  { weight: 4, arbitrary: fc.nat().map((i) => { const pool = [...realIds, ...realCodes, ...fakeIds]; return pool[i % pool.length]!; }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'Widget', 'Jane Doe', 'jane@example.com', 'admin', 'cashier1', 'new-user', 'correct horse battery', 'a reason',
      '2026-06-01', '2026-06-01T09:00:00.000Z', '2026-06-01T09:00:00+02:00', '2026-05-01', '2027-01-01',
      'USD', 'EUR', 'JPY', 'usd', 'XXX', 'en-US', 'fr-FR', 'de', 'Europe/Paris', 'UTC', 'Mars/Base',
      'A4', 'Letter', 'csv', 'ABCDEFGH-1234', 'job_12345678', path.join(exportDir, 'out.csv'), 'relative.csv',
      'iVBORw0KGgo=', '/9j/4AAQSkZJRg==', 'AAAA', '4006381333931', 'SKU-1',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom(...cursors) },
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
);
const plausibleNumber = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 10, 58, 80, 100, 999, 1000, 1200, 2000, 10_000, 100_000, MAX_AMOUNT, 500),
  fc.integer({ min: 1, max: 100_000 }),
);

type Def = { type: string; [k: string]: unknown };
const defOf = (schema: unknown) => (schema as { _zod: { def: Def } })._zod.def;
const arbCache = new WeakMap<object, Map<string, fc.Arbitrary<unknown>>>();

const isoTimes = fc.constantFrom(
  '2026-06-01T09:00:00.000Z', '2026-06-01T09:00:00Z', '2026-06-01T11:00:00+02:00', '1970-01-01T00:00:00Z', '2099-12-31T23:59:59.999Z',
  '2026-05-31T23:59:59.999Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59-14:00', '2026-06-01T09:00:00.123456789Z',
);
const isoDates = fc.constantFrom('2026-06-01', '2026-05-01', '2026-06-02', '1970-01-01', '2099-12-31', '2024-02-29', '0000-01-01', '9999-12-31');
const idPool = fc.nat().map((i) => {
  const pool = [...realIds, ...fakeIds];
  return pool[i % pool.length]!;
});
const tinyPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
/** Images whose header passes a sniff but whose body is missing or absurd (a logo is drawn into every PDF). */
const brokenImages = [
  [10, 10],
  [0x7fffffff, 0x7fffffff],
  [1, 0xffffffff],
].map(([w, h]) => {
  const png = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png, 0);
  png.writeUInt32BE(13, 8);
  png.write('IHDR', 12, 'latin1');
  png.writeUInt32BE(w!, 16);
  png.writeUInt32BE(h!, 20);
  return png.toString('base64');
});
brokenImages.push(Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0xff, 0xff, 0xff, 0xff, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).toString('base64'));
/** Values that suit a field by its name, so more inputs get past the schema. */
const hints: [RegExp, fc.Arbitrary<unknown>][] = [
  [/^(id|orderId|invoiceId|productId|entityId)$/, idPool],
  [/^code$/, fc.constantFrom('4006381333931', 'SKU-1', 'NO-SUCH-CODE').chain((c) => fc.constantFrom(c, ...realCodes))],
  [/^(destination|path)$/, fc.constantFrom(path.join(exportDir, 'out.csv'), path.join(exportDir, 'missing-folder', 'x.csv'), exportDir, 'relative.csv')],
  [/^username$/, fc.constantFrom('admin', 'support1', 'cashier1', 'new-user', 'nobody', 'ADMIN')],
  [/^password$/, fc.constantFrom('correct horse battery', 'password-1234', 'short', 'x')],
  [/^currency$/, fc.constantFrom('USD', 'EUR', 'JPY', 'usd', 'XXX', 'BHD')],
  [/^locale$/, fc.constantFrom('en-US', 'fr-FR', 'de', 'ar-EG', 'xx-YY', 'en-US-u-nu-arab')],
  [/^timeZone$/, fc.constantFrom('Europe/Paris', 'UTC', 'America/New_York', 'Mars/Base', 'Etc/GMT+14')],
  [/^cursor$/, fc.constantFrom(...cursors)],
  [/^logo$/, fc.constantFrom('iVBORw0KGgo=', '/9j/4AAQSkZJRg==', 'AAAA', '', tinyPng, ...brokenImages)],
  [/^(idempotencyKey|clientRequestId|jobId)$/, fc.nat({ max: 50 }).map((n) => `fuzz-key-${n}`)],
];

/** A string for a string schema: its format (ISO time, date, email), its pattern, or a hint from the field's name. */
function stringFor(def: Def, key: string): fc.Arbitrary<unknown> {
  if (def.format === 'datetime') return isoTimes;
  if (def.format === 'date') return isoDates;
  if (def.format === 'email') return fc.constantFrom('jane@example.com', 'a@b.co', 'not-an-email', 'x@y');
  const options: fc.WeightedArbitrary<unknown>[] = [{ weight: 2, arbitrary: plausibleString }];
  const hint = hints.find(([re]) => re.test(key))?.[1];
  if (hint) options.push({ weight: 6, arbitrary: hint });
  const checks = ((def.checks ?? []) as { _zod?: { def?: { format?: string; pattern?: RegExp } } }[]).map((c) => c._zod?.def);
  const pattern = checks.find((c) => c?.format === 'regex')?.pattern;
  if (pattern && !hint) options.push({ weight: 4, arbitrary: fc.stringMatching(pattern, { size: 'xsmall' }) });
  return fc.oneof(...options);
}

/** Unwraps optional / nullable / default / pipe to the schema that decides a value's type. */
function core(schema: unknown): Def {
  let def = defOf(schema);
  for (;;) {
    if (def.innerType) def = defOf(def.innerType);
    else if (def.type === 'pipe') def = defOf(def.in);
    else return def;
  }
}

function isOptional(schema: unknown): boolean {
  const def = defOf(schema);
  return def.type === 'optional' || def.type === 'default' || (def.type === 'pipe' && isOptional(def.in));
}

/**
 * Values drawn from a zod schema (mostly valid), each leaf swapped for a nasty value now
 * and then: deep enough to reach the services' own rules.
 */
function fromSchema(schema: unknown, key = ''): fc.Arbitrary<unknown> {
  const cached = arbCache.get(schema as object)?.get(key);
  if (cached) return cached;
  const def = defOf(schema);
  let arb: fc.Arbitrary<unknown>;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const keys = Object.keys(shape);
      arb = fc.record(Object.fromEntries(keys.map((k) => [k, fromSchema(shape[k], k)])), { requiredKeys: keys.filter((k) => !isOptional(shape[k])) });
      break;
    }
    case 'array':
      arb = fc.array(fromSchema(def.element, key), { maxLength: 3 });
      break;
    case 'union':
      arb = fc.oneof(...(def.options as unknown[]).map((o) => fromSchema(o, key)));
      break;
    case 'optional':
    case 'default':
    case 'readonly':
      arb = fromSchema(def.innerType, key);
      break;
    case 'nullable':
      arb = fc.oneof({ weight: 4, arbitrary: fromSchema(def.innerType, key) }, { weight: 1, arbitrary: fc.constant(null) });
      break;
    case 'pipe':
      arb = fromSchema(def.in, key);
      break;
    case 'enum':
      arb = fc.constantFrom(...Object.values(def.entries as Record<string, string>));
      break;
    case 'literal':
      arb = fc.constantFrom(...(def.values as unknown[]));
      break;
    case 'string':
      arb = stringFor(def, key);
      break;
    case 'number':
      arb = plausibleNumber;
      break;
    case 'boolean':
      arb = fc.boolean();
      break;
    default:
      arb = fc.jsonValue({ maxDepth: 2 });
  }
  const leaf = !['object', 'array', 'union', 'optional', 'default', 'readonly', 'nullable', 'pipe'].includes(def.type);
  const result = leaf ? fc.oneof({ weight: 7, arbitrary: arb }, { weight: 1, arbitrary: nasty }) : arb;
  if (!arbCache.has(schema as object)) arbCache.set(schema as object, new Map());
  arbCache.get(schema as object)!.set(key, result);
  return result;
}

const methods = Object.keys(contract) as (keyof typeof contract)[];
const shapeOf = (m: string) => (core((contract as Record<string, { input: unknown }>)[m]!.input).shape ?? {}) as Record<string, unknown>;
const keysOf = (m: string) => Object.keys(shapeOf(m));
const keysOfType = (m: string, type: string) => keysOf(m).filter((k) => core(shapeOf(m)[k]).type === type);

/** Methods whose valid calls cost real time (argon2, a worker thread, a PDF): only a few valid calls each. */
const budget: Record<string, number> = {
  'auth.login': 8,
  'users.create': 6,
  'exports.orders': 3,
  'exports.invoices': 3,
  'exports.payments': 3,
  'exports.zReports': 3,
  'invoices.pdf': 6,
  'system.backup': 3,
  'system.restore': 3,
  'system.recover': 3,
};
const usedBudget: Record<string, number> = {};

type Token = { kind: 'admin' | 'none' | 'bogus' | 'odd' };
type Case =
  | { kind: 'input'; mode: string; method: string; input: unknown; token: Token }
  | { kind: 'raw'; mode: string; method: string; body: string | Buffer; token: Token };

const token: fc.Arbitrary<Token> = fc.oneof(
  { weight: 14, arbitrary: fc.constant<Token>({ kind: 'admin' }) },
  { weight: 3, arbitrary: fc.constant<Token>({ kind: 'none' }) },
  { weight: 2, arbitrary: fc.constant<Token>({ kind: 'bogus' }) },
  { weight: 1, arbitrary: fc.constant<Token>({ kind: 'odd' }) },
);

function inputCase(method: string): fc.Arbitrary<Case> {
  const keys = keysOf(method);
  const withKeys = (values: fc.Arbitrary<unknown>) =>
    keys.length === 0
      ? fc.dictionary(fc.constantFrom('a', 'id', 'amount', '__proto__', 'constructor'), values, { maxKeys: 2 })
      : fc.record(Object.fromEntries(keys.map((k) => [k, values])), { requiredKeys: [] });
  const near = fromSchema(contract[method as keyof typeof contract].input);
  const modes: [string, number, fc.Arbitrary<unknown>][] = [
    // Any JSON value at all (null, numbers, arrays, strings, objects).
    ['json', 2, fc.jsonValue({ maxDepth: 3 })],
    // The real keys, values of the wrong kinds.
    ['keys', 3, withKeys(nasty)],
    // Drawn from the schema with some leaves swapped: reaches the handlers.
    ['near', 4, near],
    // Near-valid plus an extra key (__proto__, constructor, prototype or unknown).
    [
      'extra-key',
      1,
      fc.tuple(near, fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra'), nasty).map(([v, k, x]) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
        const copy = { ...(v as object) };
        Object.defineProperty(copy, k, { value: x, enumerable: true, configurable: true, writable: true });
        return copy;
      }),
    ],
  ];
  return fc
    .tuple(fc.oneof(...modes.map(([mode, weight, arb]) => ({ weight, arbitrary: arb.map((input) => ({ mode, input })) }))), token)
    .map(([{ mode, input }, t]) => ({ kind: 'input', mode, method, input, token: t }) satisfies Case);
}

/** Bodies only a raw client sends: numbers JSON cannot round-trip, lone surrogates, broken JSON. */
function rawCase(method: string): fc.Arbitrary<Case> {
  const numberKeys = keysOfType(method, 'number');
  const stringKeys = keysOfType(method, 'string');
  const near = fromSchema(contract[method as keyof typeof contract].input);
  /** `base` as JSON text (an object, else {}) with `"key": raw` added last, so it wins over the same key in `base`. */
  const withRaw = (base: unknown, key: string, raw: string): string => {
    const text = typeof base === 'string' ? base : base !== null && typeof base === 'object' && !Array.isArray(base) ? JSON.stringify(base) : '{}';
    return `${text.slice(0, -1)}${text === '{}' ? '' : ','}${JSON.stringify(key)}:${raw}}`;
  };
  type Body = [mode: string, body: string | Buffer];
  const numberKey = fc.constantFrom(...(numberKeys.length ? numberKeys : ['amount']));
  const stringKey = fc.constantFrom(...(stringKeys.length ? stringKeys : ['name']));
  const body: fc.Arbitrary<Body> = fc.oneof(
    fc
      .tuple(near, numberKey, fc.constantFrom('1e400', '-1e400', '1e-400', '-0', '123456789012345678901234567890', '1.0', '1E3', '0.1e1', '9007199254740993', '-9007199254740993'))
      .map(([b, k, n]): Body => ['raw-number', withRaw(b, k, n)]),
    fc
      .tuple(near, stringKey, fc.constantFrom('"\\ud800"', '"\\udc00x"', '"a\\ud800\\ud800b"', '"\\udbff\\udfff"', '"a\\u0000b"', '"\\u202e\\u200b"', '"\\ud83d"'))
      .map(([b, k, v]): Body => ['raw-surrogate', withRaw(b, k, v)]),
    fc.tuple(near, fc.constantFrom(...keysOf(method), 'x')).map(([b, k]): Body => ['raw-duplicate', withRaw(withRaw(b, k, '1'), k, '"two"')]),
    fc.constantFrom<Body>(
      ['raw-deep', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['raw-deep', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)],
      ['raw-malformed', 'NaN'],
      ['raw-malformed', '{"amount": NaN}'],
      ['raw-malformed', '{"amount": Infinity}'],
      ['raw-malformed', "{'id': 'x'}"],
      ['raw-malformed', '{"id": "x",}'],
      ['raw-malformed', '{"id": "x"'],
      ['raw-malformed', '\uFEFF{}'],
      ['raw-malformed', '   '],
      ['raw-malformed', 'undefined'],
      ['raw-malformed', '{"a":1}{"b":2}'],
      ['raw-scalar', 'null'],
      ['raw-scalar', '[]'],
      ['raw-scalar', '"{}"'],
      ['raw-scalar', '0'],
      ['raw-bytes', Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])],
      ['raw-bytes', Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])],
      ['raw-empty', ''],
    ),
  );
  return fc.tuple(body, token).map(([[mode, b], t]) => ({ kind: 'raw', mode, method, body: b, token: t }) satisfies Case);
}

/** Method names that are not in the contract. */
const unknownMethod: fc.Arbitrary<Case> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'auth', 'auth.', '.login', 'AUTH.LOGIN', 'auth.login ', 'auth%2Elogin', 'orders.list/x', '', 'a'.repeat(5000)),
      fc.string({ maxLength: 40 }),
    ),
    token,
  )
  .map(([name, t]) => ({ kind: 'input', mode: 'unknown-method', method: name, input: {}, token: t }) satisfies Case);

const anyCase: fc.Arbitrary<Case> = fc.oneof(
  { weight: 17, arbitrary: fc.constantFrom(...methods).chain(inputCase) },
  { weight: 2, arbitrary: fc.constantFrom(...methods).chain(rawCase) },
  { weight: 1, arbitrary: unknownMethod },
);

// ---- running a case ----

function authorization(t: Token, method: string): Record<string, string> {
  const tok = method === 'auth.logout' || method === 'auth.lock' ? victim : s.admin;
  switch (t.kind) {
    case 'admin':
      return { authorization: `Bearer ${tok}` };
    case 'bogus':
      return { authorization: 'Bearer 0123456789abcdef' };
    case 'odd':
      return { authorization: `bearer   ${tok}  ` };
    default:
      return {};
  }
}

/** Keeps a fuzzed export inside the test's folder, and the costly methods within their budget. */
function tame(c: Case): Case {
  if (c.kind !== 'input' || c.input === null || typeof c.input !== 'object' || Array.isArray(c.input)) return c;
  let input = c.input as Record<string, unknown>;
  if (typeof input.destination === 'string' && path.isAbsolute(input.destination)) {
    input = { ...input, destination: path.join(exportDir, `fuzz-${Object.keys(usedBudget).length}-${Math.random().toString(36).slice(2)}.out`) };
  }
  if (c.method in budget && (c.mode === 'near' || c.mode === 'extra-key')) {
    const spec = contract[c.method as keyof typeof contract];
    if (spec.input.safeParse(input).success) {
      usedBudget[c.method] = (usedBudget[c.method] ?? 0) + 1;
      // Over budget: one unknown key makes it a cheap VALIDATION instead.
      if (usedBudget[c.method]! > budget[c.method]!) input = { ...input, overBudget: true };
    }
  }
  return { ...c, input };
}

interface Failure {
  why: string;
  method: string;
  mode: string;
  token: string;
  status: number;
  answer: string;
  input: string;
}

const failures: Failure[] = [];
const tally = { cases: 0, byCode: {} as Record<string, number>, byMethod: {} as Record<string, number>, byMode: {} as Record<string, number> };
const bump = (o: Record<string, number>, k: string) => (o[k] = (o[k] ?? 0) + 1);

function preview(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? `<bytes ${value.toString('hex').slice(0, 200)}>` : JSON.stringify(value);
  } catch (err) {
    text = `<${String(err)}>`;
  }
  return text.length > 600 ? `${text.slice(0, 600)}… (${text.length} chars)` : text;
}

/** Checks one answer; returns the parsed envelope or records why it is not acceptable. */
function check(c: Case, answer: Answer, bodyText: string | Buffer): EnvelopeBody | null {
  const fail = (why: string) => {
    failures.push({ why, method: c.method, mode: c.mode, token: c.token.kind, status: answer.status, answer: answer.text.slice(0, 500), input: preview(bodyText) });
    return null;
  };
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    return fail('the answer is not JSON');
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success) return fail(`the answer is not an envelope: ${parsed.error.message.slice(0, 300)}`);
  const body = parsed.data;
  const size = typeof bodyText === 'string' ? Buffer.byteLength(bodyText) : bodyText.length;
  if (size > MAX_BODY_BYTES) return answer.status === 413 ? body : fail(`a body of ${size} bytes got ${answer.status}, not 413`);
  if (!String(answer.headers['content-type']).startsWith('application/json')) return fail(`content-type ${answer.headers['content-type']}`);
  if (body.ok) {
    if (answer.status !== 200) return fail(`ok with status ${answer.status}`);
    if (c.mode === 'unknown-method') return fail('an unknown method answered ok');
    return body;
  }
  if (body.error.code === 'INTERNAL') return fail('INTERNAL');
  if (answer.status !== errorStatus[body.error.code]) return fail(`status ${answer.status} does not match ${body.error.code}`);
  if (c.mode === 'unknown-method' && body.error.code !== 'NOT_FOUND') return fail(`an unknown method answered ${body.error.code}`);
  if (c.mode.startsWith('raw-malformed') && (answer.status !== 400 || body.error.code !== 'VALIDATION')) return fail('malformed JSON did not get 400');
  return body;
}

async function run(c0: Case): Promise<void> {
  const c = tame(c0);
  const body = c.kind === 'raw' ? c.body : JSON.stringify(c.input);
  const answer = await send({
    path: `/rpc/${c.mode === 'unknown-method' ? encodeURIComponent(c.method) : c.method}`,
    headers: { 'content-type': 'application/json', ...authorization(c.token, c.method) },
    body,
  });
  const env = check(c, answer, body);
  tally.cases += 1;
  bump(tally.byMode, c.mode);
  if (c.mode !== 'unknown-method') bump(tally.byMethod, c.method);
  bump(tally.byCode, env ? (env.ok ? 'ok' : env.error.code) : 'FAILED');
}

describe('hostile input over the HTTP host', () => {
  test(`${NUM_RUNS} random and malformed inputs across every method: envelopes only, never INTERNAL`, async () => {
    const started = Date.now();
    console.log(`fuzz seed ${SEED} (TESSERA_FUZZ_SEED=${SEED} TESSERA_FUZZ_RUNS=${NUM_RUNS} replays it)`);
    const batch = fc.array(anyCase, { minLength: BATCH, maxLength: BATCH });
    await fc.assert(
      fc.asyncProperty(batch, async (cases) => {
        await Promise.all(cases.map(run));
      }),
      { numRuns: Math.ceil(NUM_RUNS / BATCH), seed: SEED, endOnFailure: true },
    );

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${tally.cases} cases over ${Object.keys(tally.byMethod).length} methods in ${seconds} s\n` +
        `  answers: ${JSON.stringify(tally.byCode)}\n  inputs: ${JSON.stringify(tally.byMode)}\n  costly methods, valid inputs drawn (sent at most ${JSON.stringify(budget)}): ${JSON.stringify(usedBudget)}`,
    );
    if (failures.length > 0) {
      const distinct = new Map<string, Failure>();
      for (const f of failures) if (!distinct.has(`${f.method} ${f.why}`)) distinct.set(`${f.method} ${f.why}`, f);
      console.log(`${failures.length} bad answers; the first of each kind:\n${[...distinct.values()].map((f) => JSON.stringify(f, null, 2)).join('\n')}`);
    }
    expect(failures.map((f) => `${f.method} (${f.mode}): ${f.why}`)).toEqual([]);
    expect(tally.cases).toBeGreaterThanOrEqual(NUM_RUNS);
    // Every method of the contract was fuzzed, and not only through the generic modes.
    const missed = methods.filter((m) => (tally.byMethod[m] ?? 0) < Math.min(20, NUM_RUNS / methods.length / 4));
    expect(missed, 'methods fuzzed too little').toEqual([]);
    // The fuzzing went past the schema now and then (ok answers, NOT_FOUND for ids, business rules).
    expect(tally.byCode.ok ?? 0).toBeGreaterThan(0);
    expect(tally.byCode.NOT_FOUND ?? 0).toBeGreaterThan(0);
  }, 300_000);

  test('afterwards the host is healthy, the admin still signed in, nothing polluted, the database intact', async () => {
    const health = await send({ path: '/health', method: 'GET' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ status: 'ok' });
    const me = await send({ path: '/rpc/auth.me', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.admin}` }, body: '{}' });
    expect(me.status).toBe(200);
    expect(({} as Record<string, unknown>).tesseraPolluted).toBeUndefined();
    // The audit trail recorded whatever text got through (lone surrogates, RTL marks...) and its chain still verifies.
    if ('audit.verify' in contract) {
      const verify = await send({ path: '/rpc/audit.verify', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.admin}` }, body: '{}' });
      expect(JSON.parse(verify.text)).toMatchObject({ ok: true, value: { ok: true, firstBadEntry: null } });
    }
    expect(Object.keys(Object.prototype)).toEqual([]);
    const db = s.t.core.store.sqlite;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Money stayed consistent whatever was thrown at it.
    const bad = db
      .prepare(
        `SELECT i.number FROM invoices i JOIN orders o ON o.id = i.order_id
         LEFT JOIN (SELECT invoice_id, sum(CASE kind WHEN 'payment' THEN amount ELSE -amount END) AS net FROM payments GROUP BY invoice_id) p ON p.invoice_id = i.id
         WHERE coalesce(p.net, 0) <> i.amount_paid OR o.invoice_id <> i.id OR i.amount_paid > i.total OR i.amount_paid < 0`,
      )
      .all();
    expect(bad).toEqual([]);
  });
});

describe('the raw HTTP rules', () => {
  const json = { 'content-type': 'application/json' };
  const errorOf = (a: Answer) => envelope.parse(JSON.parse(a.text)) as Extract<EnvelopeBody, { ok: false }>;

  test('a body over 1 MiB gets 413, declared or streamed', async () => {
    const big = Buffer.from(JSON.stringify({ query: 'a'.repeat(MAX_BODY_BYTES) }));
    for (const chunked of [false, true]) {
      const a = await send({ path: '/rpc/orders.list', headers: { ...json, authorization: `Bearer ${s.admin}` }, body: big, chunked });
      expect(a.status, `chunked=${chunked}`).toBe(413);
      expect(errorOf(a).ok).toBe(false);
    }
    // Exactly at the limit is read (and then judged by the schema).
    const atLimit = Buffer.alloc(MAX_BODY_BYTES, 0x20);
    atLimit.write('{"query":"x"}');
    const a = await send({ path: '/rpc/orders.list', headers: { ...json, authorization: `Bearer ${s.admin}` }, body: atLimit });
    expect(a.status).toBe(200);
  });

  test('a content type other than JSON gets 415', async () => {
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json', 'text/json']) {
      const a = await send({ path: '/rpc/auth.status', headers: type ? { 'content-type': type } : {}, body: '{}' });
      expect(a.status, String(type)).toBe(415);
      expect(errorOf(a).ok).toBe(false);
    }
    // Parameters and case do not matter.
    expect((await send({ path: '/rpc/auth.status', headers: { 'content-type': 'Application/JSON; charset=utf-8' }, body: '{}' })).status).toBe(200);
  });

  test('malformed JSON gets 400 VALIDATION', async () => {
    for (const body of ['{', '{"a":}', 'NaN', '{"amount": Infinity}', "{'a':1}", '\uFEFF{}', '{"a":1}x']) {
      const a = await send({ path: '/rpc/auth.status', headers: json, body });
      expect(a.status, body).toBe(400);
      expect(errorOf(a).error.code).toBe('VALIDATION');
    }
  });

  test('other HTTP methods on /rpc get an error envelope, never a crash', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const a = await send({ path: '/rpc/auth.status', method, headers: json, body: method === 'GET' ? undefined : '{}' });
      expect(a.status).toBeGreaterThanOrEqual(400);
      expect(a.status).toBeLessThan(500);
      expect(errorOf(a).ok).toBe(false);
    }
  });
});
