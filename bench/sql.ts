/**
 * SQL text for the bench's plain statements, named from the drizzle schema: a renamed or
 * removed column is a compile error here rather than a failing seed. The text is what a
 * hand-written statement would be, so the raw baseline measures the same.
 */
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';

type Keys<T extends Table> = keyof T['_']['columns'] & string;

/** The SQL name of every column of `table`, by its schema key. */
export function names<T extends Table>(table: T): { readonly [K in Keys<T>]: string } {
  return Object.fromEntries(Object.entries(getTableColumns(table)).map(([key, c]) => [key, c.name])) as { [K in Keys<T>]: string };
}

/**
 * `INSERT INTO table (columns)` and one `(values)` row: the columns by schema key, each with
 * '?' or a literal SQL value, in the order given (the order of the statement's parameters).
 */
export function insertInto<T extends Table>(table: T, values: { [K in Keys<T>]?: string }): { into: string; row: string } {
  const columns = names(table) as Record<string, string>;
  const entries = Object.entries(values) as [string, string][];
  return {
    into: `INSERT INTO ${getTableName(table)} (${entries.map(([key]) => columns[key]).join(', ')})`,
    row: `(${entries.map(([, value]) => value).join(', ')})`,
  };
}

/** The same as one statement. */
export function insertSql<T extends Table>(table: T, values: { [K in Keys<T>]?: string }): string {
  const { into, row } = insertInto(table, values);
  return `${into} VALUES ${row}`;
}
