import type { ReactNode } from 'react';
import { useT } from '../i18n';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  align?: 'start' | 'end' | 'center';
  /** Hide the header text visually (e.g. an actions column); it stays for screen readers. */
  hideHeader?: boolean;
  width?: 'auto' | 'shrink';
  /**
   * A less important column, left out when the table's box is narrower than 60rem ('lg') or
   * 48rem ('md'), so the columns that matter and each row's actions stay in view. Never the first.
   */
  hideBelow?: 'md' | 'lg';
}

export interface TableProps<T> {
  /** Read out as the table's name; visually hidden unless `showCaption`. */
  caption: string;
  showCaption?: boolean;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  empty?: ReactNode;
  /** Marks the table as loading (aria-busy). The first column is each row's header cell. */
  busy?: boolean;
}

const cellClass = <T,>(c: Column<T>) =>
  `table__cell--${c.align ?? 'start'}${c.width === 'shrink' ? ' table__cell--shrink' : ''}${c.hideBelow ? ` table__cell--hide-${c.hideBelow}` : ''}`;

/** The header row: one column header per column. */
export function TableHead<T>({ columns }: { columns: readonly Column<T>[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c.key} scope="col" className={cellClass(c)}>
            {c.hideHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The cells of one row; the first is the row's header cell. */
export function TableCells<T>({ columns, row }: { columns: readonly Column<T>[]; row: T }) {
  return columns.map((c, i) =>
    i === 0 ? (
      <th key={c.key} scope="row" className={`table__cell--${c.align ?? 'start'}`}>
        {c.render(row)}
      </th>
    ) : (
      <td key={c.key} className={cellClass(c)}>
        {c.render(row)}
      </td>
    ),
  );
}

/** The one row of an empty table. */
export function TableEmpty({ span, children }: { span: number; children?: ReactNode }) {
  const t = useT();
  return (
    <tr>
      <td colSpan={span} className="table__empty">
        {children ?? t('shell.tableEmpty')}
      </td>
    </tr>
  );
}

export function Table<T>({ caption, showCaption = false, columns, rows, rowKey, empty, busy = false }: TableProps<T>) {
  return (
    <div className="table-wrap">
      <table className="table" aria-busy={busy || undefined}>
        <caption className={showCaption ? 'table__caption' : 'visually-hidden'}>{caption}</caption>
        <TableHead columns={columns} />
        <tbody>
          {rows.length === 0 ? (
            <TableEmpty span={columns.length}>{empty}</TableEmpty>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                <TableCells columns={columns} row={row} />
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
