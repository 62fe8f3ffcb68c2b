import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import { useLanguage, useT } from '../i18n';
import { Banner } from './Banner';
import { Button } from './Button';
import { LoadError } from './LoadError';
import { formatCount } from './money';
import { TableCells, TableEmpty, TableHead, type TableProps } from './Table';

/** What a paged list offers the table (see data/useContractList). */
export interface PagedRows<T> {
  rows: readonly T[];
  keyOf: (row: T) => string;
  status: 'pending' | 'error' | 'success';
  error: Error | null;
  moreError: Error | null;
  hasMore: boolean;
  loadingMore: boolean;
  /** Rows of the previous filter are shown while the new one loads. */
  stale: boolean;
  loadMore(): void;
  retry(): void;
}

export interface PagedTableProps<T> extends Omit<TableProps<T>, 'busy' | 'empty' | 'rows' | 'rowKey'> {
  list: PagedRows<T>;
  /** The empty table's text once loaded (while loading: "Loading <caption>…"), and when filters leave no row. */
  empty: ReactNode;
  emptyFiltered?: ReactNode;
  filtered?: boolean;
  /**
   * Under the table, beside Load more: "Showing 12 products (all)" by `noun`, or `count` ("Showing 50 of 53").
   * `noun` gives the counted rows in the current language, plural included: `(n, count) => t('products.count', { n, count })`
   * with "{n, plural, one {{count} product} other {{count} products}}" (`count` is n in the store's locale). The
   * older form, the two nouns already translated (['product', 'products']), is still read.
   */
  noun?: readonly [one: string, many: string] | ((n: number, count: string) => string);
  count?: ReactNode;
  /** From this many rows on, only the rows in view are drawn (and more load on reaching the end). */
  virtualFrom?: number;
}

const ROW_ESTIMATE = 53;
const OVERSCAN = 12;

/**
 * A list page's table: the first page's error with Try again, the rows (windowed once there
 * are many: a list can grow to 100,000 rows), and Load more with the count under it.
 */
export function PagedTable<T>({ list, empty, emptyFiltered, filtered = false, noun, count, virtualFrom = 300, caption, showCaption, columns }: PagedTableProps<T>) {
  const t = useT();
  const language = useLanguage();
  const { rows, keyOf: rowKey } = list;
  const n = rows.length;
  const showing = (of: NonNullable<typeof noun>) => {
    const items = typeof of === 'function' ? of(n, formatCount(n)) : t('shell.countedItems', { count: formatCount(n), noun: of[n === 1 ? 0 : 1] });
    return t(list.hasMore ? 'shell.showing' : filtered ? 'shell.showingAllMatch' : 'shell.showingAll', { items });
  };
  const counted = count ?? (noun ? showing(noun) : null);
  // The caption inside a sentence ("Loading products…"): lower case, but German nouns keep their capital.
  const what = language === 'de' ? caption : caption.toLowerCase();
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = rows.length >= virtualFrom;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: OVERSCAN,
    enabled: virtual,
    getItemKey: (i) => rowKey(rows[i]!),
  });
  const items = virtual ? virtualizer.getVirtualItems() : [];
  const lastShown = items[items.length - 1]?.index ?? -1;
  const { hasMore, loadingMore, loadMore } = list;

  // Windowed: reaching the end of what is loaded asks for the next page.
  useEffect(() => {
    if (virtual && hasMore && !loadingMore && lastShown >= rows.length - OVERSCAN) loadMore();
  }, [virtual, hasMore, loadingMore, lastShown, rows.length, loadMore]);

  const loadingFirst = list.status === 'pending';
  const failed = list.status === 'error' && list.error;
  let body: ReactNode;
  if (rows.length === 0) {
    body = <TableEmpty span={columns.length}>{loadingFirst ? t('shell.tableLoading', { what }) : filtered ? (emptyFiltered ?? empty) : empty}</TableEmpty>;
  } else if (!virtual) {
    body = rows.map((row) => (
      <tr key={rowKey(row)}>
        <TableCells columns={columns} row={row} />
      </tr>
    ));
  } else {
    const before = items[0]?.start ?? 0;
    const after = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
    body = (
      <>
        {before > 0 ? <tr aria-hidden="true" className="paged-table__gap" style={{ height: before }} /> : null}
        {items.map((item) => (
          <tr key={item.key} data-index={item.index} ref={virtualizer.measureElement}>
            <TableCells columns={columns} row={rows[item.index]!} />
          </tr>
        ))}
        {after > 0 ? <tr aria-hidden="true" className="paged-table__gap" style={{ height: after }} /> : null}
      </>
    );
  }

  return (
    <div className="paged-table">
      {failed ? <LoadError title={t('shell.tableLoadFailed', { what })} message={list.error?.message ?? ''} onRetry={list.retry} /> : null}
      {/* Without a page of rows, an empty table would claim there are none. */}
      {failed && rows.length === 0 ? null : (
        <div className={`table-wrap${virtual ? ' table-wrap--scroll' : ''}`} ref={scroller}>
          <table className="table" aria-busy={loadingFirst || list.stale || undefined} aria-rowcount={virtual ? rows.length + 1 : undefined}>
            <caption className={showCaption ? 'table__caption' : 'visually-hidden'}>{caption}</caption>
            <TableHead columns={columns} />
            <tbody>{body}</tbody>
          </table>
        </div>
      )}
      <div className="paged-table__more">
        {counted && n > 0 ? (
          <p className="paged-table__count" aria-live="polite">
            {counted}
          </p>
        ) : (
          <span />
        )}
        {list.moreError ? <Banner tone="error">{list.moreError.message}</Banner> : null}
        {list.hasMore ? (
          <Button onClick={list.loadMore} busy={list.loadingMore}>
            {t('shell.loadMore')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
