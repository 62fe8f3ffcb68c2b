import { isDateOnly, nextDay, storeDayStart } from '../../../shared/domain/format';
import { AppError } from '../../../shared/errors';

/** Keyset cursors: the sort key of the last row of a page, opaque to clients. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends readonly ('string' | 'number')[]>(
  cursor: string | undefined,
  shape: T,
): { [K in keyof T]: T[K] extends 'string' ? string : number } | null {
  if (cursor === undefined) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((v, i) => typeof v !== shape[i])) {
    throw AppError.rule('cursor', 'badCursor');
  }
  return key as { [K in keyof T]: T[K] extends 'string' ? string : number };
}

/** Takes `limit + 1` rows and turns them into a page with the next cursor. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, key: (row: R) => readonly (string | number)[]) {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}

/**
 * Inclusive lower bound as stored ISO UTC text. A date (YYYY-MM-DD) is that day's first instant
 * at the store's midnight in `timeZone`; a full time is that instant.
 */
export function fromBound(value: string | undefined, timeZone: string): string | null {
  if (value === undefined) return null;
  return isoBound(isDateOnly(value) ? storeDayStart(value, timeZone) : Date.parse(value));
}

/** Exclusive upper bound: a date includes its whole store day (up to the next store midnight); a time includes that instant. */
export function toBound(value: string | undefined, timeZone: string): string | null {
  if (value === undefined) return null;
  if (!isDateOnly(value)) return isoBound(Date.parse(value) + 1);
  const next = nextDay(value);
  return isoBound(next === null ? Infinity : storeDayStart(next, timeZone));
}

const FIRST_MS = new Date('0000-01-01T00:00:00.000Z').getTime();
const LAST_MS = new Date('9999-12-31T23:59:59.999Z').getTime();

/** A bound as stored timestamps are written (4-digit years), so it compares as text: the far ends are clamped. */
function isoBound(ms: number): string {
  return new Date(Math.min(LAST_MS, Math.max(FIRST_MS, ms))).toISOString();
}

/** Escapes LIKE wildcards so user text matches literally (with ESCAPE '\'). */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type SqlParams = Record<string, string | number>;

/** Builds a list query's WHERE clause and its named parameters. */
export class Where {
  readonly clauses: string[] = [];
  readonly params: SqlParams = {};

  add(clause: string, params: SqlParams = {}): this {
    this.clauses.push(clause);
    Object.assign(this.params, params);
    return this;
  }

  /** `column = value` when a value is given. */
  equals(column: string, value: string | number | undefined): this {
    return value === undefined ? this : this.add(`${column} = @${column}`, { [column]: value });
  }

  /** `column IN (…)` when the list is not empty. */
  inList(column: string, values: readonly string[] | undefined): this {
    if (!values || values.length === 0) return this;
    const names = values.map((_, i) => `${column}${i}`);
    return this.add(`${column} IN (${names.map((n) => `@${n}`).join(', ')})`, Object.fromEntries(names.map((n, i) => [n, values[i] as string])));
  }

  /** A from/to filter on an ISO time column (see fromBound and toBound); dates are store days in `timeZone`. */
  timeRange(column: string, from: string | undefined, to: string | undefined, timeZone: string): this {
    const lower = fromBound(from, timeZone);
    const upper = toBound(to, timeZone);
    // A parameter name from the column's, without a table alias's dot (z.created_at).
    const name = column.replace(/\W/g, '_');
    if (lower) this.add(`${column} >= @${name}From`, { [`${name}From`]: lower });
    if (upper) this.add(`${column} < @${name}To`, { [`${name}To`]: upper });
    return this;
  }

  sql(): string {
    return this.clauses.length > 0 ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}
