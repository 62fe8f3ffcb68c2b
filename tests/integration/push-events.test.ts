// Push events come from the transaction helper: published once the outermost transaction
// commits, the last word per entity, and never for work that rolled back.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { PushEvent } from '../../shared/contract';
import { PushBus } from '../../electron/core/bus';
import { makeTx } from '../../electron/core/services/deps';
import { tempDir } from '../support/core';

function setup() {
  const sqlite = new Database(path.join(tempDir(), 'events.db'));
  sqlite.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
  const bus = new PushBus();
  const seen: PushEvent[] = [];
  bus.subscribe((e) => seen.push(e));
  return { sqlite, seen, ...makeTx(sqlite, bus) };
}
const order = (id: string, status: string): PushEvent => ({ event: 'order.changed', data: { id, status } });

describe('push events from the transaction helper', () => {
  test('nothing is published before the commit; then the last event per entity, once', () => {
    const { tx, changed, seen } = setup();
    tx(() => {
      changed(order('a', 'RECEIVED'));
      changed({ event: 'product.changed', data: { id: 'p' } });
      changed(order('a', 'PROCESSING'));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([{ event: 'product.changed', data: { id: 'p' } }, order('a', 'PROCESSING')]);
  });

  test('a transaction that rolls back publishes nothing', () => {
    const { tx, changed, seen, sqlite } = setup();
    expect(() =>
      tx(() => {
        sqlite.prepare("INSERT INTO t VALUES ('x')").run();
        changed(order('a', 'FULFILLED'));
        throw new Error('fault on the last write');
      }),
    ).toThrow('fault');
    expect(seen).toEqual([]);
    expect(sqlite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
  });

  test('a savepoint that rolls back drops its own events; the outer ones are published at the outer commit', () => {
    const { tx, changed, seen } = setup();
    tx(() => {
      changed(order('a', 'RECEIVED'));
      try {
        tx(() => {
          changed(order('b', 'RECEIVED'));
          throw new Error('inner fails');
        });
      } catch {
        // the caller goes on without the inner work
      }
      tx(() => changed(order('c', 'RECEIVED')));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([order('a', 'RECEIVED'), order('c', 'RECEIVED')]);
  });

  test('a change announced outside a transaction is a programming error', () => {
    const { changed } = setup();
    expect(() => changed(order('a', 'RECEIVED'))).toThrow(/outside a transaction/);
  });
});
