/**
 * `tessera headoffice init|add-installation|import`: the head office administrator's commands,
 * run with a PostgreSQL URL whose role may create tables and roles (the database's owner).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HEAD_OFFICE_URL } from '../../shared/contract/headOffice';
import { addInstallation, initHeadOffice } from '../headoffice/admin';
import { importProducts, productsCsvHelp } from '../headoffice/catalogue';
import { repoRoot } from './main';

export const headOfficeUsage = `Usage: tessera headoffice init --url postgres://…
       tessera headoffice add-installation --url postgres://… --name NAME [--registers R3,R4]
       tessera headoffice import products FILE.csv --url postgres://…

  init              create the head office's schema in that database, or bring it up to date
                    (safe to run again)
  add-installation  add an installation (a till's data folder, or a \`tessera serve\` host)
                    and print the URL it attaches with: its own database role, which can only
                    append to its own change log. The password is shown this once.
  import products   add or change products from a CSV file, as one catalogue version that
                    every attached installation applies whole:
${productsCsvHelp.replace(/^/gm, '                    ')}

Options:
  --url URL    the head office's PostgreSQL, as its owner (TESSERA_HEAD_OFFICE_ADMIN_URL sets it too);
               add ?sslmode=require (or verify-full) to connect over TLS
  --name NAME  the installation's name (a shop, or a shop's counter), unique
  --registers CODES  the register codes it numbers with (comma-separated), unique across the
               head office; default the first free R1, R2, …: a new till's register (R1)
               takes it at its first hello
  --help       show this help

Exit codes: 0 done, 1 it failed, 2 bad arguments.`;

export const HEAD_OFFICE_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

function usageFailure(message: string): number {
  console.error(`tessera headoffice: ${message}\nRun "tessera headoffice --help" for the options.`);
  return HEAD_OFFICE_EXIT.usage;
}

export async function headOfficeCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { url: { type: 'string' }, name: { type: 'string' }, registers: { type: 'string' }, help: { type: 'boolean' } } });
  } catch (err) {
    return usageFailure(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(headOfficeUsage);
    return HEAD_OFFICE_EXIT.ok;
  }
  const [action, ...extra] = positionals;
  if (extra.length > (action === 'import' ? 2 : 0)) return usageFailure(`unexpected ${extra.join(' ')}`);
  const url = values.url ?? process.env.TESSERA_HEAD_OFFICE_ADMIN_URL;
  if (!url || !HEAD_OFFICE_URL.test(url)) return usageFailure('--url postgres://… is needed');
  try {
    if (action === 'init') {
      const { applied } = await initHeadOffice(url, path.join(repoRoot, 'migrations', 'headoffice'));
      console.log(applied === 0 ? 'The head office schema is up to date.' : `The head office schema is ready (${applied} migration${applied === 1 ? '' : 's'} applied).`);
      return HEAD_OFFICE_EXIT.ok;
    }
    if (action === 'add-installation') {
      if (!values.name) return usageFailure('--name NAME is needed');
      const codes = values.registers ? values.registers.split(',').filter((c) => c.trim() !== '') : [];
      const added = await addInstallation(url, values.name, codes);
      console.error(`Installation "${added.name}" added (${added.id}), register codes ${added.registerCodes.join(', ')}. Attach it with this URL (shown once):`);
      console.log(added.url);
      return HEAD_OFFICE_EXIT.ok;
    }
    if (action === 'import') {
      const [what, file] = extra;
      if (what !== 'products' || !file) return usageFailure('import products FILE.csv');
      const r = await importProducts(url, fs.readFileSync(file, 'utf8'));
      console.log(`Catalogue version ${r.version}: ${r.added} products added, ${r.changed} changed, ${r.taxClassesAdded} tax classes added.`);
      return HEAD_OFFICE_EXIT.ok;
    }
  } catch (err) {
    console.error(`tessera headoffice: ${err instanceof Error ? err.message : String(err)}`);
    return HEAD_OFFICE_EXIT.failed;
  }
  return usageFailure(action ? `unknown action "${action}"` : 'init, add-installation or import?');
}
