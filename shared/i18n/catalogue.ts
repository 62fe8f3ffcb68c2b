/**
 * The message catalogues: one JSON file per language and area (catalogues/<language>/<area>.json),
 * ICU MessageFormat strings under stable keys. A message's id is "<area>.<key>". English is the
 * reference: every id is typed from it, and every other language has exactly its keys (checked
 * in npm test).
 */
import common from './catalogues/en/common.json';
import shell from './catalogues/en/shell.json';
import session from './catalogues/en/session.json';
import counter from './catalogues/en/counter.json';
import payment from './catalogues/en/payment.json';
import orders from './catalogues/en/orders.json';
import invoices from './catalogues/en/invoices.json';
import returns from './catalogues/en/returns.json';
import reports from './catalogues/en/reports.json';
import register from './catalogues/en/register.json';
import settings from './catalogues/en/settings.json';
import products from './catalogues/en/products.json';
import users from './catalogues/en/users.json';
import audit from './catalogues/en/audit.json';
import backup from './catalogues/en/backup.json';
import exports from './catalogues/en/exports.json';
import about from './catalogues/en/about.json';
import headOffice from './catalogues/en/headOffice.json';
import documents from './catalogues/en/documents.json';
import errors from './catalogues/en/errors.json';

export const english = { common, shell, session, counter, payment, orders, invoices, returns, reports, register, settings, products, users, audit, backup, exports, about, headOffice, documents, errors };
export type Area = keyof typeof english;
export const areas = Object.keys(english) as Area[];

/** Every message id, typed from the English catalogue. */
export type MessageId = { [A in Area]: `${A}.${keyof (typeof english)[A] & string}` }[Area];

/** A language's messages by id. */
export type Messages = Record<string, string>;

/** One language's areas as one map of ids: { counter: { charge } } gives "counter.charge". */
export function flatten(byArea: Partial<Record<string, Record<string, string>>>): Messages {
  const out: Messages = {};
  for (const [area, messages] of Object.entries(byArea)) {
    for (const [key, text] of Object.entries(messages ?? {})) out[`${area}.${key}`] = text;
  }
  return out;
}

export const englishMessages: Messages = flatten(english);
