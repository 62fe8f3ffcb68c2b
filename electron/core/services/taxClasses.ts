import { asc, eq, sql } from 'drizzle-orm';
import type { Output, ParsedInput, TaxClass } from '../../../shared/contract';
import { dayOf } from '../../../shared/domain/format';
import { AppError } from '../../../shared/errors';
import { iso } from '../clock';
import { products, taxClassRates, taxClasses } from '../db/schema';
import { newId } from '../ids';
import type { Actor, ServiceDeps } from './deps';
import type { SettingsService } from './settings';

type ClassRow = typeof taxClasses.$inferSelect;
type Rate = { rateBp: number; effectiveFrom: string };
type Cached = ClassRow & { rates: Rate[] };

/** The first day a rate can be in force from (classes made by the upgrade start here). */
const SINCE_ALWAYS = '1970-01-01';

/**
 * Named tax rates: products reference a class; a class's rate may change from a day on (in the
 * store's time zone), so a sale takes the rate of its day and issued invoices keep theirs. The
 * classes are few: they are held in memory, read again after every change.
 */
export class TaxClassService {
  private readonly q;
  private cache: Map<string, Cached> | null = null;

  constructor(
    private readonly d: ServiceDeps,
    private readonly settings: SettingsService,
  ) {
    const db = d.db;
    const ph = sql.placeholder;
    this.q = {
      classes: db.select().from(taxClasses).prepare(),
      rates: db.select().from(taxClassRates).orderBy(asc(taxClassRates.classId), asc(taxClassRates.effectiveFrom)).prepare(),
      counts: db.select({ id: products.taxClassId, n: sql<number>`count(*)` }).from(products).groupBy(products.taxClassId).prepare(),
      insert: db.insert(taxClasses).values({ id: ph('id'), name: ph('name'), archived: false, createdAt: ph('now'), updatedAt: ph('now') }).prepare(),
      putRate: db
        .insert(taxClassRates)
        .values({ classId: ph('id'), effectiveFrom: ph('from'), rateBp: ph('rateBp') })
        .onConflictDoUpdate({ target: [taxClassRates.classId, taxClassRates.effectiveFrom], set: { rateBp: sql`excluded.rate_bp` } })
        .prepare(),
      rename: db.update(taxClasses).set({ name: sql`${ph('name')}`, archived: sql`${ph('archived')}`, updatedAt: sql`${ph('now')}` }).where(eq(taxClasses.id, ph('id'))).prepare(),
    };
  }

  list(input: ParsedInput<'taxClasses.list'>): Output<'taxClasses.list'> {
    const counts = new Map(this.q.counts.all().map((c) => [c.id, c.n]));
    const items = [...this.all().values()]
      .filter((c) => input.includeArchived || !c.archived)
      .map((c) => this.toClass(c, counts.get(c.id) ?? 0))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return { items };
  }

  get(id: string): TaxClass {
    const c = this.all().get(id);
    if (!c) throw AppError.of('NOT_FOUND', 'noTaxClass', { id });
    const count = this.q.counts.all().find((r) => r.id === id)?.n ?? 0;
    return this.toClass(c, count);
  }

  create(input: ParsedInput<'taxClasses.create'>, actor: Actor): TaxClass {
    const id = newId();
    this.d.tx(() => {
      this.checkName(input.name, null);
      const now = iso(this.d.clock());
      this.q.insert.run({ id, name: input.name, now });
      this.q.putRate.run({ id, from: SINCE_ALWAYS, rateBp: input.rateBp });
      this.cache = null;
      this.d.events.append({ at: now, actor: actor.userId, type: 'tax_class.created', entity: 'tax_class', entityId: id, before: null, after: { name: input.name, rateBp: input.rateBp } });
      this.d.changed({ event: 'taxClass.changed', data: { id } });
    });
    return this.get(id);
  }

  update(input: ParsedInput<'taxClasses.update'>, actor: Actor): TaxClass {
    this.d.tx(() => {
      const before = this.get(input.id);
      if (input.name !== undefined) this.checkName(input.name, input.id);
      const name = input.name ?? before.name;
      const archived = input.archived ?? before.archived;
      // Nothing changes: nothing is written or recorded.
      if (name === before.name && archived === before.archived) return;
      const now = iso(this.d.clock());
      this.q.rename.run({ id: input.id, name, archived: archived ? 1 : 0, now });
      this.cache = null;
      this.d.events.append({ at: now, actor: actor.userId, type: 'tax_class.updated', entity: 'tax_class', entityId: input.id, before: { name: before.name, archived: before.archived }, after: { name, archived } });
      this.d.changed({ event: 'taxClass.changed', data: { id: input.id } });
    });
    return this.get(input.id);
  }

  /** A new rate from `effectiveFrom` (today or later, in the store's time zone); the same day again replaces it. */
  setRate(input: ParsedInput<'taxClasses.setRate'>, actor: Actor): TaxClass {
    const today = this.today();
    if (input.effectiveFrom < today) throw AppError.rule('effectiveFrom', 'rateFromToday', { today });
    this.d.tx(() => {
      const before = this.get(input.id);
      const now = iso(this.d.clock());
      this.q.putRate.run({ id: input.id, from: input.effectiveFrom, rateBp: input.rateBp });
      this.cache = null;
      this.d.events.append({
        at: now,
        actor: actor.userId,
        type: 'tax_class.rate_set',
        entity: 'tax_class',
        entityId: input.id,
        before: { rateBp: before.rateBp, rates: before.rates },
        after: { rateBp: input.rateBp, effectiveFrom: input.effectiveFrom },
      });
      this.d.changed({ event: 'taxClass.changed', data: { id: input.id } });
    });
    return this.get(input.id);
  }

  /** True when class `id` exists and is not archived; otherwise a VALIDATION error naming `field`. */
  usable(id: string, field: (string | number)[]): true {
    const c = this.all().get(id);
    if (!c) throw AppError.rule(field, 'noTaxClassField', { id });
    if (c.archived) throw AppError.rule(field, 'taxClassArchived', { name: c.name });
    return true;
  }

  /** The rate of class `id` for a sale at `at` (epoch ms): the latest rate in force on that day. */
  rateOn(id: string, at: number): number {
    const c = this.all().get(id);
    if (!c) throw AppError.of('NOT_FOUND', 'noTaxClass', { id });
    // Most classes never change rate: no need to work out the day (product lists read one per row).
    if (c.rates.length === 1) return c.rates[0]!.rateBp;
    return this.rateOfDay(c.rates, dayOf(at, this.settings.get().timeZone));
  }

  /**
   * The class to give a product that names only a rate: an active class with that rate today,
   * or a new one (named as the upgrade names them; "(2)"… when an archived class has the name).
   */
  classForRate(rateBp: number, actor: Actor): string {
    const today = this.today();
    const found = [...this.all().values()].filter((c) => !c.archived && this.rateOfDay(c.rates, today) === rateBp).sort((a, b) => a.name.localeCompare(b.name))[0];
    if (found) return found.id;
    const base = rateBp === 0 ? 'Zero' : `Tax ${rateBp / 100} %`;
    let name = base;
    for (let n = 2; this.nameTaken(name, null); n++) name = `${base} (${n})`;
    return this.create({ name, rateBp }, actor).id;
  }

  /** Read the classes again: a caller's transaction that made or changed one rolled back. */
  forget(): void {
    this.cache = null;
  }

  private rateOfDay(rates: Rate[], day: string): number {
    let rate = rates[0]?.rateBp ?? 0;
    for (const r of rates) if (r.effectiveFrom <= day) rate = r.rateBp;
    return rate;
  }

  private today(): string {
    return dayOf(this.d.clock(), this.settings.get().timeZone);
  }

  private checkName(name: string, self: string | null): void {
    if (this.nameTaken(name, self)) throw AppError.rule('name', 'taxClassNameTaken', { name });
  }

  private nameTaken(name: string, self: string | null): boolean {
    return [...this.all().values()].some((c) => c.id !== self && c.name.toLowerCase() === name.toLowerCase());
  }

  private all(): Map<string, Cached> {
    if (!this.cache) {
      const map = new Map<string, Cached>(this.q.classes.all().map((c) => [c.id, { ...c, rates: [] }]));
      for (const r of this.q.rates.all()) map.get(r.classId)?.rates.push({ rateBp: r.rateBp, effectiveFrom: r.effectiveFrom });
      this.cache = map;
    }
    return this.cache;
  }

  private toClass(c: Cached, productCount: number): TaxClass {
    return {
      id: c.id,
      name: c.name,
      rateBp: this.rateOfDay(c.rates, this.today()),
      rates: c.rates.map((r) => ({ ...r })),
      archived: c.archived,
      productCount,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }
}
