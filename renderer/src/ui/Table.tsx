import type { ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  align?: 'start' | 'end' | 'center';
  /** Hide the header text visually (e.g. an actions column); it stays for screen readers. */
  hideHeader?: boolean;
  width?: 'auto' | 'shrink';
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

export function Table<T>({ caption, showCaption = false, columns, rows, rowKey, empty, busy = false }: TableProps<T>) {
  return (
    <div className="table-wrap">
      <table className="table" aria-busy={busy || undefined}>
        <caption className={showCaption ? 'table__caption' : 'visually-hidden'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`table__cell--${c.align ?? 'start'}${c.width === 'shrink' ? ' table__cell--shrink' : ''}`}>
                {c.hideHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="table__empty">
                {empty ?? 'Nothing here yet.'}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c, i) =>
                  i === 0 ? (
                    <th key={c.key} scope="row" className={`table__cell--${c.align ?? 'start'}`}>
                      {c.render(row)}
                    </th>
                  ) : (
                    <td key={c.key} className={`table__cell--${c.align ?? 'start'}${c.width === 'shrink' ? ' table__cell--shrink' : ''}`}>
                      {c.render(row)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
