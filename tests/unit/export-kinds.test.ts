import Database from 'better-sqlite3';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openStore } from '../../electron/core/db/open';
import { BALANCE, exportQuery, type ExportSpec } from '../../electron/core/services/exports/kinds';
import { balanceOf, invoiceStatuses } from '../../shared/domain/invoiceStatus';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-kinds-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('export queries', () => {
  test("the exports' balance SQL agrees with balanceOf for every state and amount", () => {
    const db = new Database(':memory:');
    const stmt = db.prepare<[string, number, number, number], { b: number }>(
      `SELECT ${BALANCE} AS b FROM (SELECT ? AS status, ? AS total, ? AS amount_paid, ? AS cash_rounding) i`,
    );
    const money = fc.integer({ min: 0, max: 1_000_000_000_000 });
    // Rounding is a few minor units either way (at most half the largest increment).
    const rounding = fc.integer({ min: -50, max: 50 });
    fc.assert(
      fc.property(fc.constantFrom(...invoiceStatuses), money, money, rounding, (status, total, amountPaid, cashRounding) => {
        expect(stmt.get(status, total, amountPaid, cashRounding)!.b).toBe(balanceOf({ status, total, amountPaid, cashRounding }));
      }),
    );
    db.close();
  });

  test('every export query prepares against the migrated schema', () => {
    const store = openStore({ file: path.join(dir, 'tessera.db'), migrationsFolder: path.resolve(import.meta.dirname, '../../migrations') });
    const specs: ExportSpec[] = [];
    for (const format of ['csv', 'xlsx', 'ndjson'] as const) {
      const base = { format, bom: false, from: '2026-01-01', to: '2026-02-01', granularity: 'order' as const };
      specs.push(
        { ...base, kind: 'orders', status: ['CANCELLED'] },
        { ...base, kind: 'orders', granularity: 'line' },
        { ...base, kind: 'invoices', status: ['PENDING', 'PAID'] },
        { ...base, kind: 'payments', method: ['cash'], paymentKind: 'refund' },
        { ...base, kind: 'zReports' },
        { ...base, kind: 'zReports', registerId: 'register-1' },
        { ...base, kind: 'creditNotes', granularity: 'line' },
        { ...base, kind: 'creditNotes', granularity: 'line', creditNoteKind: ['return', 'receiptless'] },
      );
    }
    for (const spec of specs) {
      const q = exportQuery(spec);
      expect(() => store.sqlite.prepare(q.sql).all(q.params), `${spec.kind} ${spec.format}`).not.toThrow();
      expect(() => store.sqlite.prepare(q.countSql).get(q.params)).not.toThrow();
      if (q.rowByKeySql) expect(() => store.sqlite.prepare(q.rowByKeySql!).get(1)).not.toThrow();
    }
    store.sqlite.close();
  });

  test('credit notes and payments over a time range are read from their time index, never a whole table', () => {
    const store = openStore({ file: path.join(dir, 'plans.db'), migrationsFolder: path.resolve(import.meta.dirname, '../../migrations') });
    const range = { bom: false, from: '2026-01-01', to: '2026-02-01', granularity: 'order' as const };
    for (const spec of [
      { ...range, format: 'csv', kind: 'creditNotes', granularity: 'line', creditNoteKind: ['return'] },
      { ...range, format: 'ndjson', kind: 'creditNotes', granularity: 'line' },
      { ...range, format: 'xlsx', kind: 'payments', paymentKind: 'refund' },
    ] satisfies ExportSpec[]) {
      const q = exportQuery(spec);
      const plan = (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(q.params) as { detail: string }[]).map((r) => r.detail);
      // json_each of a credit note's lines is a virtual table over one row, not a table scan.
      expect(plan.filter((d) => /^SCAN \w+$/.test(d.trim())), `${spec.kind}\n${plan.join('\n')}`).toEqual([]);
      expect(plan.join('\n')).toMatch(spec.kind === 'creditNotes' ? /credit_notes_issued_idx/ : /payments_created_idx/);
    }
    store.sqlite.close();
  });
});
