import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Output, ParsedInput, Product } from '../../../shared/contract';
import { AppError, errorIssue } from '../../../shared/errors';
import { iso } from '../clock';
import { products } from '../db/schema';
import { newId } from '../ids';
import type { Actor, ServiceDeps } from './deps';
import { decodeCursor, likeEscape, toPage, Where, type SqlParams } from './paging';
import { columnsOf } from './rows';
import type { TaxClassService } from './taxClasses';

export type ProductRow = typeof products.$inferSelect;

/** The product as the contract gives it (the row less its sort key). */
export function toProduct(r: ProductRow, taxRateBp = r.taxRateBp): Product {
  return {
    id: r.id,
    sku: r.sku,
    barcode: r.barcode,
    name: r.name,
    unitPrice: r.unitPrice,
    taxClassId: r.taxClassId ?? '',
    taxRateBp,
    openPrice: r.openPrice,
    cost: r.cost,
    category: r.category,
    archived: r.archived,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Every column of a product row, for the raw SQL of list and search. */
const PRODUCT_COLUMNS = columnsOf(products);

/** A row as raw SQL reads it: SQLite has no booleans, drizzle's select would have mapped this. */
function fromRaw(r: Omit<ProductRow, 'archived' | 'openPrice'> & { archived: number; openPrice: number }): ProductRow {
  return { ...r, archived: r.archived === 1, openPrice: r.openPrice === 1 };
}

/**
 * A search with fewer candidates than this reads them by rowid and sorts them (some 2 µs each);
 * with more, its matches are dense enough that walking the name order usually fills a page sooner.
 */
const SEARCH_CANDIDATES = 3000;
/** The trigram index matches terms of 3 or more characters; shorter ones go by its term list. */
const TRIGRAM = 3;

export class ProductService {
  private readonly q;

  constructor(
    private readonly d: ServiceDeps,
    private readonly taxClasses: TaxClassService,
  ) {
    const db = d.db;
    const code = sql.placeholder('code');
    this.q = {
      byId: db.select().from(products).where(eq(products.id, sql.placeholder('id'))).prepare(),
      byBarcode: db.select().from(products).where(eq(products.barcode, code)).prepare(),
      bySku: db.select().from(products).where(eq(products.sku, code)).prepare(),
      categories: db
        .selectDistinct({ category: products.category })
        .from(products)
        .where(and(isNotNull(products.category), eq(products.archived, false)))
        .orderBy(asc(products.category))
        .prepare(),
    };
  }

  /** The rate a sale of this product takes now: its tax class's rate of the day. */
  rateOf(row: ProductRow): number {
    return row.taxClassId === null ? row.taxRateBp : this.taxClasses.rateOn(row.taxClassId, this.d.clock());
  }

  /** The rate of the day of tax class `id`; an unknown or archived class is a VALIDATION error naming `field`. */
  classRate(id: string, field: (string | number)[]): number {
    return this.taxClasses.usable(id, field) && this.taxClasses.rateOn(id, this.d.clock());
  }

  get(id: string): Product {
    return this.toProduct(this.row(id));
  }

  /** The product as the contract gives it, its rate the class's of the day. */
  private toProduct(row: ProductRow): Product {
    return toProduct(row, this.rateOf(row));
  }

  /** The row, or NOT_FOUND; with `field`, an unknown id is a VALIDATION error naming that input field. */
  row(id: string, field?: (string | number)[]): ProductRow {
    const row = this.q.byId.get({ id });
    if (!row) throw field ? AppError.rule(field, 'noProductField', { id }) : AppError.of('NOT_FOUND', 'noProduct', { id });
    return row;
  }

  findByCode(code: string): Product {
    const row = this.q.byBarcode.get({ code }) ?? this.q.bySku.get({ code });
    if (!row) throw AppError.of('NOT_FOUND', 'noProductCode', { code });
    return this.toProduct(row);
  }

  private checkUnique(sku: string, barcode: string | null, id: string | null): void {
    const skuOwner = this.q.bySku.get({ code: sku });
    if (skuOwner && skuOwner.id !== id) {
      throw AppError.of('CONFLICT', 'skuTaken', { sku, name: skuOwner.name }, { issues: [errorIssue(['sku'], 'isTaken')] });
    }
    const barcodeOwner = barcode === null ? undefined : this.q.byBarcode.get({ code: barcode });
    if (barcodeOwner && barcodeOwner.id !== id) {
      throw AppError.of('CONFLICT', 'barcodeTaken', { barcode: barcode ?? '', name: barcodeOwner.name }, { issues: [errorIssue(['barcode'], 'isTaken')] });
    }
  }

  /**
   * The tax class a product takes and the rate to store (the class's of the day): the class
   * named (usable), or the one for `taxRateBp` alone (made if none has it), or, with neither,
   * `kept` (an update) or the class at 0 %. Both given must agree. Runs in the product's
   * transaction, so a class made for it goes if the product does.
   */
  private taxOf(input: { taxClassId?: string; taxRateBp?: number }, actor: Actor, kept?: ProductRow): { taxClassId: string; taxRateBp: number } {
    if (input.taxClassId !== undefined) {
      if (input.taxClassId !== kept?.taxClassId) this.taxClasses.usable(input.taxClassId, ['taxClassId']);
      const rate = this.taxClasses.rateOn(input.taxClassId, this.d.clock());
      if (input.taxRateBp !== undefined && input.taxRateBp !== rate) throw AppError.rule('taxRateBp', 'taxRateMismatch', { rate });
      return { taxClassId: input.taxClassId, taxRateBp: rate };
    }
    if (kept?.taxClassId && (input.taxRateBp === undefined || input.taxRateBp === this.rateOf(kept))) {
      return { taxClassId: kept.taxClassId, taxRateBp: this.rateOf(kept) };
    }
    const rate = input.taxRateBp ?? kept?.taxRateBp ?? 0;
    return { taxClassId: this.taxClasses.classForRate(rate, actor), taxRateBp: rate };
  }

  /** Runs a product write; a rolled-back one may have made a tax class, so the classes are read again. */
  private write<T>(fn: () => T): T {
    try {
      return this.d.tx(fn);
    } catch (err) {
      this.taxClasses.forget();
      throw err;
    }
  }

  create(input: ParsedInput<'products.create'>, actor: Actor): Product {
    return this.write(() => {
      const barcode = input.barcode ?? null;
      this.checkUnique(input.sku, barcode, null);
      const tax = this.taxOf(input, actor);
      const id = newId();
      const now = iso(this.d.clock());
      this.d.db
        .insert(products)
        .values({
          id,
          sku: input.sku,
          barcode,
          name: input.name,
          nameKey: input.name.toLowerCase(),
          unitPrice: input.unitPrice,
          ...tax,
          openPrice: input.openPrice ?? false,
          cost: input.cost ?? null,
          category: input.category ?? null,
          archived: false,
          createdAt: now,
          updatedAt: now,
        })
        .run();
      const product = this.get(id);
      this.d.events.append({ at: now, actor: actor.userId, type: 'product.created', entity: 'product', entityId: id, before: null, after: product });
      this.d.changed({ event: 'product.changed', data: { id } });
      this.d.hooks.beforeCommit?.('products.create');
      return product;
    });
  }

  update(input: ParsedInput<'products.update'>, actor: Actor): Product {
    return this.write(() => {
      const row = this.row(input.id);
      const before = this.toProduct(row);
      const after = {
        sku: input.sku ?? before.sku,
        barcode: input.barcode === undefined ? before.barcode : input.barcode,
        name: input.name ?? before.name,
        unitPrice: input.unitPrice ?? before.unitPrice,
        openPrice: input.openPrice ?? before.openPrice,
        cost: input.cost === undefined ? before.cost : input.cost,
        category: input.category === undefined ? before.category : input.category,
        archived: input.archived ?? before.archived,
      };
      this.checkUnique(after.sku, after.barcode, before.id);
      const tax = this.taxOf(input, actor, row);
      const now = iso(this.d.clock());
      this.d.db
        .update(products)
        .set({ ...after, ...tax, nameKey: after.name.toLowerCase(), updatedAt: now })
        .where(eq(products.id, before.id))
        .run();
      const product = this.get(before.id);
      this.d.events.append({ at: now, actor: actor.userId, type: 'product.updated', entity: 'product', entityId: before.id, before, after: product });
      this.d.changed({ event: 'product.changed', data: { id: before.id } });
      return product;
    });
  }

  categories(): string[] {
    return this.q.categories.all().flatMap((r) => (r.category === null ? [] : [r.category]));
  }

  /** By name (then id), keyset-paged; `query` matches a part of the name, or a SKU/barcode prefix. */
  list(input: ParsedInput<'products.list'>): Output<'products.list'> {
    const after = decodeCursor(input.cursor, ['string', 'string'] as const);
    const where = new Where().equals('category', input.category);
    if (!input.includeArchived) where.add('archived = 0');
    if (after) where.add('(name_key, id) > (@afterName, @afterId)', { afterName: after[0], afterId: after[1] });
    const from = input.query ? this.search(input.query, where) : 'products';
    const text = `SELECT ${PRODUCT_COLUMNS} FROM ${from} ${where.sql()} ORDER BY name_key, id LIMIT @limit`;
    const rows = (this.d.stmt(text).all({ ...where.params, limit: input.limit + 1 }) as Parameters<typeof fromRaw>[0][]).map(fromRaw);
    return toPage(rows, input.limit, (r) => this.toProduct(r), (r) => [r.nameKey, r.id]);
  }

  /**
   * Adds the condition for `query` to `where` and returns what to read from. The LIKEs decide
   * what matches (a part of name_key; the start of the SKU or barcode, ASCII case ignored); the
   * indexes only find candidates. Few candidates are read by rowid and sorted; many are dense
   * enough to walk the name order instead.
   */
  private search(query: string, where: Where): string {
    const key = query.toLowerCase();
    const params: SqlParams = {
      contains: `%${likeEscape(key)}%`,
      prefix: `${likeEscape(query)}%`,
      codeFrom: query,
      codeTo: `${query}\u{10FFFF}`,
      cap: SEARCH_CANDIDATES,
    };
    const matches = "(name_key LIKE @contains ESCAPE '\\' OR sku LIKE @prefix ESCAPE '\\' OR barcode LIKE @prefix ESCAPE '\\')";
    // SKUs and barcodes starting with the query: a NOCASE range (ASCII case, as LIKE ignores it), the LIKE to be exact.
    const codes =
      "SELECT rowid FROM products WHERE sku >= @codeFrom COLLATE NOCASE AND sku < @codeTo COLLATE NOCASE AND sku LIKE @prefix ESCAPE '\\' " +
      "UNION ALL SELECT rowid FROM products WHERE barcode >= @codeFrom COLLATE NOCASE AND barcode < @codeTo COLLATE NOCASE AND barcode LIKE @prefix ESCAPE '\\'";
    let names: string;
    if ([...key].length >= TRIGRAM) {
      names = 'SELECT rowid FROM products_search WHERE products_search MATCH @phrase';
      params.phrase = `"${key.replaceAll('"', '""')}"`;
    } else {
      // Every character of a name starts a trigram (the body is padded), so these terms find them all.
      names = 'SELECT doc FROM products_search_terms WHERE term >= @termFrom AND term < @termTo';
      params.termFrom = key;
      params.termTo = `${key}\u{10FFFF}`;
    }
    const found = this.d
      .stmt(`SELECT (SELECT count(*) FROM (${names} LIMIT @cap)) AS names, (SELECT count(*) FROM (${codes} LIMIT @cap)) AS codes`)
      .get(params) as { names: number; codes: number };
    if (found.names + found.codes < SEARCH_CANDIDATES) {
      where.add(`rowid IN (${names} UNION ALL ${codes})`, params).add(matches);
      // NOT INDEXED: by rowid from the candidates, never along a name index testing each row.
      return 'products NOT INDEXED';
    }
    where.add(found.codes < SEARCH_CANDIDATES ? `(name_key LIKE @contains ESCAPE '\\' OR rowid IN (${codes}))` : matches, params);
    return 'products';
  }
}
