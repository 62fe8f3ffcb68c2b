/**
 * The catalogue the head office owns: its items' shapes (checked whenever they cross between
 * a till and PostgreSQL) and `tessera headoffice import products FILE.csv`.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { parseMajor } from '../../shared/domain/money';

const money = z.number().int().min(0).max(1e12);

export const catalogueTaxClass = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  archived: z.boolean(),
  /** From a day on (YYYY-MM-DD in each shop's time zone); the latest started one applies. */
  rates: z.array(z.strictObject({ effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), rateBp: z.number().int().min(0).max(10_000) })).min(1),
});
export type CatalogueTaxClass = z.infer<typeof catalogueTaxClass>;

export const catalogueProduct = z.strictObject({
  id: z.string().min(1).max(64),
  sku: z.string().min(1).max(64),
  barcode: z.string().min(1).max(64).nullable(),
  name: z.string().min(1).max(200),
  unitPrice: money,
  taxClassId: z.string().min(1).max(64),
  openPrice: z.boolean(),
  cost: money.nullable(),
  category: z.string().max(64).nullable(),
  archived: z.boolean(),
});
export type CatalogueProduct = z.infer<typeof catalogueProduct>;

export const catalogueItem = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tax_class'), id: z.string(), data: catalogueTaxClass }),
  z.strictObject({ kind: z.literal('product'), id: z.string(), data: catalogueProduct }),
]);
export type CatalogueItem = z.infer<typeof catalogueItem>;

/** One catalogue version as a till receives it: every item changed after its own version, up to this one. */
export interface CatalogueVersion {
  version: number;
  items: CatalogueItem[];
}

/** "12.50" → 1250: amounts in the file are in major units with at most two decimals. */
function minorUnits(value: string, line: number, column: string): number {
  const amount = parseMajor(value);
  if (amount === null) throw new Error(`line ${line}: ${column} "${value}" is not an amount like 12.50`);
  return amount;
}

/** "20" or "7.7" (%) → basis points: a percentage with two decimals is a number of basis points. */
function rateBp(value: string, line: number): number {
  const bp = parseMajor(value.trim().replace(/%$/, ''));
  if (bp === null || bp > 10_000) throw new Error(`line ${line}: tax_rate "${value}" is not a rate like 20 or 7.7`);
  return bp;
}

const COLUMNS = ['sku', 'name', 'price', 'tax_rate', 'barcode', 'category', 'cost', 'open_price', 'archived'] as const;
const REQUIRED = ['sku', 'name', 'price', 'tax_rate'] as const;

export const productsCsvHelp = `The file's first line names its columns: ${COLUMNS.join(', ')}
(${REQUIRED.join(', ')} required). price and cost in major units (12.50), tax_rate in percent
(20, 7.7). A row whose sku is in the catalogue changes that product; the others are added.`;

/**
 * Adds or changes products from a CSV file, as one catalogue version (all rows or none): a
 * product is matched by its SKU; each rate gets a tax class (an existing one at that rate, or
 * a new one named after it).
 */
export async function importProducts(url: string, csv: string): Promise<{ version: number; added: number; changed: number; taxClassesAdded: number }> {
  const [header, ...rows] = parseCsv(csv, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  if (!header) throw new Error('the file is empty');
  const names = header.map((h) => h.trim().toLowerCase());
  for (const n of names) if (!(COLUMNS as readonly string[]).includes(n)) throw new Error(`unknown column "${n}" (columns: ${COLUMNS.join(', ')})`);
  for (const n of REQUIRED) if (!names.includes(n)) throw new Error(`the column "${n}" is missing`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    // The lock tessera_catalogue_put takes: two imports at once would both add a new SKU.
    await client.query('SELECT pg_advisory_xact_lock(7431906)');
    const skus = rows.map((cells) => (cells[names.indexOf('sku')] ?? '').trim());
    // The file's products already in the catalogue (by the SKU index), and every tax class (a few).
    const existing = await client.query<{ kind: string; id: string; data: Record<string, unknown> }>(
      "SELECT kind, id, data FROM catalogue_items WHERE kind = 'tax_class' OR (kind = 'product' AND data->>'sku' = ANY ($1))",
      [skus],
    );
    const bySku = new Map<string, CatalogueProduct>();
    const classByRate = new Map<number, string>();
    for (const r of existing.rows) {
      if (r.kind === 'product') bySku.set(String(r.data.sku), catalogueProduct.parse(r.data));
      else {
        const c = catalogueTaxClass.parse(r.data);
        if (!c.archived && c.rates.length === 1) classByRate.set(c.rates[0]!.rateBp, c.id);
      }
    }
    const items: CatalogueItem[] = [];
    let added = 0;
    let changed = 0;
    let taxClassesAdded = 0;
    const seen = new Set<string>();
    rows.forEach((cells, i) => {
      const line = i + 2;
      const get = (column: (typeof COLUMNS)[number]) => {
        const at = names.indexOf(column);
        return at < 0 ? '' : (cells[at] ?? '').trim();
      };
      const sku = get('sku');
      if (!sku) throw new Error(`line ${line}: sku is empty`);
      if (seen.has(sku)) throw new Error(`line ${line}: sku ${sku} appears twice in the file`);
      seen.add(sku);
      const rate = rateBp(get('tax_rate'), line);
      let taxClassId = classByRate.get(rate);
      if (taxClassId === undefined) {
        taxClassId = crypto.randomUUID();
        classByRate.set(rate, taxClassId);
        const data: CatalogueTaxClass = { id: taxClassId, name: `${rate / 100} %`, archived: false, rates: [{ effectiveFrom: '2000-01-01', rateBp: rate }] };
        items.push({ kind: 'tax_class', id: taxClassId, data });
        taxClassesAdded++;
      }
      const before = bySku.get(sku);
      const flag = (v: string) => /^(1|true|yes)$/i.test(v);
      const product = catalogueProduct.safeParse({
        id: before?.id ?? crypto.randomUUID(),
        sku,
        barcode: get('barcode') || null,
        name: get('name'),
        unitPrice: minorUnits(get('price'), line, 'price'),
        taxClassId,
        openPrice: flag(get('open_price')),
        cost: get('cost') ? minorUnits(get('cost'), line, 'cost') : null,
        category: get('category') || null,
        archived: flag(get('archived')),
      });
      if (!product.success) throw new Error(`line ${line}: ${product.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
      items.push({ kind: 'product', id: product.data.id, data: product.data });
      if (before) changed++;
      else added++;
    });
    const r = await client.query<{ v: string }>('SELECT tessera_catalogue_put($1::jsonb) AS v', [JSON.stringify(items)]);
    await client.query('COMMIT');
    return { version: Number(r.rows[0]!.v), added, changed, taxClassesAdded };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * The catalogue after `version`, up to its head, read in one snapshot; null when the till is
 * at the head already.
 */
export async function catalogueSince(client: pg.Client, version: number): Promise<CatalogueVersion | null> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const head = Number((await client.query<{ v: string }>('SELECT tessera_catalogue_head() AS v')).rows[0]!.v);
    if (head <= version) return null;
    const rows = await client.query<{ kind: string; id: string; data: unknown }>('SELECT kind, id, data FROM tessera_catalogue_since($1, $2)', [version, head]);
    return { version: head, items: rows.rows.map((r) => catalogueItem.parse({ kind: r.kind, id: r.id, data: r.data })) };
  } finally {
    await client.query('COMMIT').catch(() => {});
  }
}
