/**
 * registers.list/create/update on a real SQLite file: the default "Register 1", codes unique
 * and upper-cased, a code printed on a Z never changes, a register with an open cash session
 * stays in use, printers stored and cleared, the trail and push events.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PushEvent } from '../../shared/contract';
import { eventsSince, expectNoWrites, issuePaths, lastSeq, openSalesStore, type SalesStore } from '../support/sales';
import { openTill, REGISTER_1, rowCount, signInAt } from '../support/till';

let s: SalesStore;
beforeAll(async () => {
  s = await openSalesStore('in-process');
});
afterAll(() => s.close());

describe('registers', () => {
  test('a new store has Register 1 (R1), active, no printer, no Z yet', async () => {
    const { items } = await s.t.ok('registers.list', {}, s.cashier);
    expect(items).toEqual([expect.objectContaining({ id: REGISTER_1, code: 'R1', name: 'Register 1', active: true, printer: null, grandTotal: 0, zCount: 0 })]);
  });

  test('create: the code is upper-cased and unique (CONFLICT naming code, nothing stored); event and push', async () => {
    const pushed: PushEvent[] = [];
    const off = s.t.core.bus.subscribe((e) => pushed.push(e));
    const seq = lastSeq(s);
    const r2 = await s.t.ok('registers.create', { code: 'r2', name: 'Back counter', printer: { host: '10.0.0.9', port: 9100 } }, s.admin);
    off();
    expect(r2).toMatchObject({ code: 'R2', name: 'Back counter', active: true, printer: { host: '10.0.0.9', port: 9100 }, zCount: 0 });
    expect(eventsSince(s, seq)).toMatchObject([{ type: 'register.created', entity: 'register', entityId: r2.id, actor: s.userId.admin, after: { code: 'R2' } }]);
    expect(pushed).toContainEqual({ event: 'register.changed', data: { id: r2.id } });

    const before = rowCount(s, 'registers');
    const taken = await expectNoWrites(s, () => s.t.fail('registers.create', { code: 'R2', name: 'Again' }, s.admin));
    expect(taken).toMatchObject({ code: 'CONFLICT' });
    expect(issuePaths(taken)).toEqual([['code']]);
    expect(rowCount(s, 'registers')).toBe(before);
    // The contract refuses a code that could not be printed in a Z number.
    expect(issuePaths(await s.t.fail('registers.create', { code: 'R 3', name: 'Bad' }, s.admin))).toEqual([['code']]);
  });

  test('update: rename, printer set and cleared, code changed while no Z names it; list ordered by code, inactive on request', async () => {
    const r = await s.t.ok('registers.create', { code: 'A1', name: 'Kiosk' }, s.admin);
    const renamed = await s.t.ok('registers.update', { id: r.id, name: 'Kiosk 2', code: 'K2', printer: { host: 'printer.local', port: 9101 } }, s.admin);
    expect(renamed).toMatchObject({ code: 'K2', name: 'Kiosk 2', printer: { host: 'printer.local', port: 9101 } });
    expect(await s.t.ok('registers.update', { id: r.id, printer: null }, s.admin)).toMatchObject({ printer: null, name: 'Kiosk 2' });
    const taken = await s.t.fail('registers.update', { id: r.id, code: 'R1' }, s.admin);
    expect(taken.code).toBe('CONFLICT');
    expect(issuePaths(taken)).toEqual([['code']]);

    await s.t.ok('registers.update', { id: r.id, active: false }, s.admin);
    const active = (await s.t.ok('registers.list', {}, s.manager)).items.map((x) => x.code);
    const all = (await s.t.ok('registers.list', { includeInactive: true }, s.manager)).items.map((x) => x.code);
    expect(active).not.toContain('K2');
    expect(all).toContain('K2');
    expect(all).toEqual([...all].sort());
    expect(eventsSince(s, 0).filter((e) => e.entityId === r.id).map((e) => e.type)).toEqual(['register.created', 'register.updated', 'register.updated', 'register.updated']);
  });

  test('unknown register: NOT_FOUND; only an admin creates or changes registers', async () => {
    expect((await s.t.fail('registers.update', { id: '00000000-0000-7000-8000-000000000000', name: 'x' }, s.admin)).code).toBe('NOT_FOUND');
    expect((await s.t.fail('registers.create', { code: 'M1', name: 'x' }, s.manager)).code).toBe('FORBIDDEN');
    expect((await s.t.fail('registers.update', { id: REGISTER_1, name: 'x' }, s.cashier)).code).toBe('FORBIDDEN');
  });

  test('a register with an open cash session cannot be taken out of use (CONFLICT CASH_SESSION_OPEN); once a Z names its code, the code stays', async () => {
    const r = await s.t.ok('registers.create', { code: 'Z9', name: 'Closing test' }, s.admin);
    const manager = await signInAt(s, 'manager', r.id);
    const session = await openTill(s, manager, 0, r.id);
    const refused = await expectNoWrites(s, () => s.t.fail('registers.update', { id: r.id, active: false }, s.admin));
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'CASH_SESSION_OPEN' } });

    await s.t.ok('cashSessions.close', { sessionId: session.id, countedCash: 0 }, manager);
    expect(await s.t.ok('registers.update', { id: r.id, name: 'Renamed' }, s.admin)).toMatchObject({ zCount: 1, code: 'Z9' });
    const code = await s.t.fail('registers.update', { id: r.id, code: 'Z8' }, s.admin);
    expect(code.code).toBe('VALIDATION');
    expect(issuePaths(code)).toEqual([['code']]);
    // The same code given again is not a change.
    expect(await s.t.ok('registers.update', { id: r.id, code: 'Z9', active: false }, s.admin)).toMatchObject({ code: 'Z9', active: false });
  });
});
