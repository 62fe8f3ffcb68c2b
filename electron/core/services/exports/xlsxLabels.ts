/**
 * The XLSX header row in the store's document language (Settings.documentLanguage): each column
 * gets the `col.<name>` message of the `documents` catalogue as its label, the sheet its
 * `sheet…` name. CSV and NDJSON keep the machine column names: programs read them.
 */
import type { DocumentLanguage } from '../../../../shared/i18n/languages';
import english from '../../../../shared/i18n/catalogues/en/documents.json';
import { docWords, type DocKey } from '../documents/words';
import type { Column, ExportSpec } from './kinds';

function isDocKey(key: string): key is DocKey {
  return Object.hasOwn(english, key);
}

/** The columns with their XLSX labels; a column without a message keeps its name. */
export function xlsxColumns(columns: readonly Column[], language: DocumentLanguage = 'en'): Column[] {
  const t = docWords(language);
  return columns.map((c) => {
    const key = `col.${c.header}`;
    return { ...c, label: isDocKey(key) ? t(key) : c.header };
  });
}

/** The sheet's name: what the export holds. */
export function xlsxTitle(spec: Pick<ExportSpec, 'kind' | 'granularity'>, language: DocumentLanguage = 'en'): string {
  const t = docWords(language);
  switch (spec.kind) {
    case 'orders':
      return t(spec.granularity === 'line' ? 'sheetOrderLines' : 'sheetOrders');
    case 'invoices':
      return t('sheetInvoices');
    case 'payments':
      return t('sheetPayments');
    case 'creditNotes':
      return t('sheetCreditNoteLines');
    case 'zReports':
      return t('sheetZReports');
  }
}
