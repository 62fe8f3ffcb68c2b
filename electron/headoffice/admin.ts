/**
 * What the head office's administrator runs (`tessera headoffice …`), with a PostgreSQL URL
 * whose role may create tables and roles: create or migrate the schema, and add an
 * installation (its own login role, which may only call the installation functions).
 */
import crypto from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { isRegisterCode } from '../../shared/domain/registerCode';

/** migrations/headoffice/ (the command line passes it: the bundle sits elsewhere than this file). */

/** Any two inits at once take turns (an arbitrary, fixed advisory lock key). */
const MIGRATE_LOCK = 7_431_905;

/** Creates the schema, or brings it up to date; safe to run again. Returns how many migrations it applied. */
export async function initHeadOffice(url: string, migrationsFolder: string): Promise<{ applied: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
    const before = await appliedCount(client);
    await migrate(drizzle(client), { migrationsFolder, migrationsSchema: 'drizzle' });
    return { applied: (await appliedCount(client)) - before };
  } finally {
    await client.end();
  }
}

async function appliedCount(client: pg.Client): Promise<number> {
  const table = await client.query<{ t: string | null }>("SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t");
  if (table.rows[0]?.t == null) return 0;
  return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations')).rows[0]?.n ?? 0);
}

export interface NewInstallation {
  id: string;
  name: string;
  /** The URL the installation attaches with: the admin URL's host and database, its own role and password. */
  url: string;
  /** The register codes reserved for it. */
  registerCodes: string[];
}

/**
 * Adds an installation with a login role of its own (a random password, shown once) and the
 * register codes it will number with: `codes`, or the first free R1, R2, … (every new till's
 * register starts as R1; it takes its reserved code at its first hello).
 */
export async function addInstallation(adminUrl: string, name: string, codes: string[] = []): Promise<NewInstallation> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw new Error('The installation needs a name of 1 to 100 characters.');
  // A code as a till accepts it.
  const wanted = codes.map((c) => c.trim().toUpperCase());
  for (const c of wanted) if (!isRegisterCode(c)) throw new Error(`"${c}" is not a register code (letters, digits and hyphens, at most 12).`);
  const role = `tessera_i_${crypto.randomBytes(6).toString('hex')}`;
  const password = crypto.randomBytes(24).toString('base64url');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    // Role names and passwords cannot be bound parameters; both are made here from safe characters.
    await client.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}' IN ROLE tessera_installation`);
    const r = await client.query<{ id: string }>('INSERT INTO installations (name, role_name) VALUES ($1, $2) RETURNING id', [trimmed, role]);
    const id = r.rows[0]!.id;
    // One at a time: two additions at once would pick the same free code.
    await client.query('LOCK TABLE registers IN SHARE ROW EXCLUSIVE MODE');
    const taken = new Set((await client.query<{ code: string }>('SELECT code FROM registers')).rows.map((x) => x.code));
    const clash = wanted.find((c) => taken.has(c));
    if (clash) throw new Error(`The register code ${clash} is already another installation's.`);
    for (let n = 1; wanted.length === 0; n++) if (!taken.has(`R${n}`)) wanted.push(`R${n}`);
    for (const code of wanted) await client.query('INSERT INTO registers (code, installation_id) VALUES ($1, $2)', [code, id]);
    await client.query('COMMIT');
    const url = new URL(adminUrl);
    url.username = role;
    url.password = password;
    return { id, name: trimmed, url: url.toString(), registerCodes: wanted };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    if (err instanceof pg.DatabaseError && err.code === '23505') throw new Error(`An installation named "${trimmed}" already exists.`);
    throw err;
  } finally {
    await client.end();
  }
}
