import { eq } from 'drizzle-orm';
import type { HeadOfficeStatus, InstallationProgress } from '../../../shared/contract/headOffice';
import { AppError } from '../../../shared/errors';
import type { CatalogueItem, CatalogueProduct, CatalogueVersion } from '../../headoffice/catalogue';
import { DETACHED, type HeadOfficeView } from '../../headoffice/link';
import { iso } from '../clock';
import { headOfficeLink } from '../db/schema';
import type { Actor, ServiceDeps } from './deps';
import type { EventEntry } from './events';
import type { RegisterService } from './registers';
import type { TaxClassService } from './taxClasses';

export interface Attachment {
  installationId: string;
  name: string;
  attachedAt: string;
  catalogueVersion: number;
}

/**
 * headOffice.*: what the host's link to the head office reports (detached when the host has
 * none), and the record that this installation is attached, which numbering and the
 * catalogue read.
 */
export class HeadOfficeService {
  private cached: Attachment | null | undefined;

  constructor(
    private readonly d: ServiceDeps,
    private readonly taxClasses: TaxClassService,
    /** Made after this service (its numbering asks this one whether it is attached). */
    private readonly registers: () => RegisterService,
    private readonly view: HeadOfficeView | undefined,
  ) {}

  status(): HeadOfficeStatus {
    return this.view?.status() ?? DETACHED;
  }

  async installations(): Promise<{ items: InstallationProgress[]; error: string | null }> {
    if (!this.view) return { items: [], error: null };
    try {
      return { items: await this.view.installations(), error: null };
    } catch (err) {
      return { items: [], error: `the head office (${this.view.status().target}) could not be asked: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** Settings → Head office: sets it (desktop only), recorded in the audit trail without the URL's password. */
  async attach(url: string, actor: Actor): Promise<HeadOfficeStatus> {
    if (!this.view) throw AppError.of('CONFLICT', 'headOfficeSetAtStart');
    const status = await this.view.attach(url);
    this.note('head_office.set', actor, { target: status.target });
    return status;
  }

  async detach(actor: Actor): Promise<HeadOfficeStatus> {
    if (!this.view) throw AppError.of('CONFLICT', 'headOfficeSetAtStart');
    const before = this.view.status().target;
    const status = await this.view.detach();
    this.note('head_office.unset', actor, { target: before });
    return status;
  }

  private note(type: string, actor: Actor, after: { target: string | null }): void {
    this.d.tx(() => this.d.events.append({ at: iso(this.d.clock()), actor: actor.userId, type, entity: 'head_office', entityId: null, before: null, after }));
  }

  /** The head office this installation is attached to, or null. */
  attachment(): Attachment | null {
    if (this.cached === undefined) {
      const row = this.d.db.select().from(headOfficeLink).where(eq(headOfficeLink.id, 1)).get();
      this.cached = row ? { installationId: row.installationId, name: row.name, attachedAt: row.attachedAt, catalogueVersion: row.catalogueVersion } : null;
    }
    return this.cached;
  }

  /**
   * Records that the head office knows this installation (its sync said hello): once, in the
   * audit trail too; a later hello under another name updates the name. In the same
   * transaction, a register whose code another installation holds, and that has numbered
   * nothing with it yet, takes one of the codes the head office reserved for this installation,
   * so documents numbered from now on never collide with another till's.
   */
  recordAttachment(installation: { id: string; name: string }, codes: { reservedCodes: string[]; takenCodes: string[] } = { reservedCodes: [], takenCodes: [] }): void {
    const current = this.attachment();
    const same = current !== null && current.installationId === installation.id && current.name === installation.name;
    const registers = this.registers();
    const local = new Set(registers.codes());
    const free = codes.reservedCodes.filter((c) => !local.has(c));
    const clashing = codes.takenCodes.filter((c) => local.has(c));
    // Most hellos change nothing: no transaction for them.
    if (same && (free.length === 0 || clashing.length === 0)) return;
    this.d.tx(() => {
      const at = iso(this.d.clock());
      if (!same) {
        const after = { installationId: installation.id, name: installation.name };
        if (current) this.d.db.update(headOfficeLink).set(after).where(eq(headOfficeLink.id, 1)).run();
        else this.d.db.insert(headOfficeLink).values({ id: 1, ...after, attachedAt: at }).run();
        this.d.events.append({
          at,
          actor: null,
          type: 'head_office.attached',
          entity: 'head_office',
          entityId: installation.id,
          before: current ? { installationId: current.installationId, name: current.name } : null,
          after,
        });
      }
      for (const taken of clashing) {
        const code = free[0];
        if (code !== undefined && registers.adoptCode(taken, code)) free.shift();
      }
    });
    this.cached = undefined;
  }

  /**
   * Applies a catalogue version from the head office, whole or not at all: tax classes (with
   * their rates), then products, by id; then this installation is at that version. An older or
   * the same version changes nothing. A product whose SKU or barcode another product here holds
   * refuses the whole version (the sync status says which).
   */
  applyCatalogue(update: CatalogueVersion): { applied: boolean } {
    const link = this.attachment();
    if (!link) throw AppError.of('CONFLICT', 'headOfficeNotAttached');
    if (update.version <= link.catalogueVersion) return { applied: false };
    try {
      this.d.tx(() => {
        const now = iso(this.d.clock());
        const { products, classes } = this.writeItems(update.items, now);
        this.d.db.update(headOfficeLink).set({ catalogueVersion: update.version }).where(eq(headOfficeLink.id, 1)).run();
        this.d.events.append({
          at: now,
          actor: null,
          type: 'catalogue.applied',
          entity: 'head_office',
          entityId: link.installationId,
          before: { version: link.catalogueVersion },
          after: { version: update.version, products, taxClasses: classes },
        });
        // One notice per kind: screens reload their lists (a version may hold 100,000 products).
        if (products > 0) this.d.changed({ event: 'product.changed', data: { id: '' } });
        if (classes > 0) this.d.changed({ event: 'taxClass.changed', data: { id: '' } });
      });
    } catch (err) {
      this.taxClasses.forget();
      throw err;
    } finally {
      this.cached = undefined;
    }
    return { applied: true };
  }

  /** Writes catalogue items over the local rows (tax classes first: products name them), by id. */
  private writeItems(items: CatalogueItem[], now: string): { products: number; classes: number } {
    const s = this.d.stmt;
    let products = 0;
    let classes = 0;
    for (const item of items) {
      if (item.kind === 'tax_class') {
        const c = item.data;
        s(`INSERT INTO tax_classes (id, name, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, archived = excluded.archived, updated_at = excluded.updated_at`).run(c.id, c.name, c.archived ? 1 : 0, now, now);
        s('DELETE FROM tax_class_rates WHERE class_id = ?').run(c.id);
        for (const r of c.rates) s('INSERT INTO tax_class_rates (class_id, effective_from, rate_bp) VALUES (?, ?, ?)').run(c.id, r.effectiveFrom, r.rateBp);
        classes++;
      }
    }
    this.taxClasses.forget();
    for (const item of items) {
      if (item.kind !== 'product') continue;
      const p = item.data;
      const holder = s('SELECT id, sku FROM products WHERE (sku = ? OR (barcode IS NOT NULL AND barcode = ?)) AND id <> ?').get(p.sku, p.barcode, p.id) as { id: string; sku: string } | undefined;
      if (holder) throw new Error(`the head office's product ${p.sku} has a SKU or barcode that this till's product ${holder.sku} (${holder.id}) holds`);
      const rate = this.taxClasses.rateOn(p.taxClassId, this.d.clock());
      s(`INSERT INTO products (id, sku, barcode, name, name_key, unit_price, tax_rate_bp, tax_class_id, open_price, cost, category, archived, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, barcode = excluded.barcode, name = excluded.name, name_key = excluded.name_key,
           unit_price = excluded.unit_price, tax_rate_bp = excluded.tax_rate_bp, tax_class_id = excluded.tax_class_id, open_price = excluded.open_price,
           cost = excluded.cost, category = excluded.category, archived = excluded.archived, updated_at = excluded.updated_at`).run(
        p.id, p.sku, p.barcode, p.name, p.name.toLowerCase(), p.unitPrice, rate, p.taxClassId, p.openPrice ? 1 : 0, p.cost, p.category, p.archived ? 1 : 0, now, now,
      );
      products++;
    }
    this.taxClasses.forget();
    return { products, classes };
  }

  /**
   * A catalogue edit made here (products, tax classes) while attached: the head office owns
   * the catalogue, so the edit goes to PostgreSQL first and is applied here once it holds it.
   * The service call runs once in a transaction that is rolled back, which checks the input and
   * yields the rows it would write and its audit entries; those rows become a catalogue version;
   * then they are written here with the same audit entries, in one transaction. Not attached,
   * the call runs as always. Offline, it is refused: nothing changes anywhere.
   */
  async catalogueEdit<T>(run: () => T): Promise<T> {
    if (!this.attachment()) return run();
    const view = this.view;
    if (!view || !['synced', 'sending'].includes(view.status().state)) throw AppError.of('CONFLICT', 'headOfficeOffline');
    const dry = this.dryRun(run);
    let version: number;
    try {
      version = await view.putCatalogue(dry.items);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Another till gave the head office that SKU or barcode first.
      if ((err as { code?: unknown }).code === '23505') throw AppError.of('CONFLICT', 'headOfficeCodeTaken', { detail: (err as { detail?: string }).detail ?? message });
      this.d.log.warn('a catalogue edit did not reach the head office', { message });
      throw AppError.of('CONFLICT', 'headOfficeOffline');
    }
    try {
      this.d.tx(() => {
        const link = this.attachment()!;
        this.writeItems(dry.items, iso(this.d.clock()));
        for (const e of dry.entries) this.d.events.append(e);
        // Only the next version in turn moves this installation's position; a later pull brings any between.
        if (version === link.catalogueVersion + 1) this.d.db.update(headOfficeLink).set({ catalogueVersion: version }).where(eq(headOfficeLink.id, 1)).run();
        for (const item of dry.items) {
          this.d.changed(item.kind === 'product' ? { event: 'product.changed', data: { id: item.id } } : { event: 'taxClass.changed', data: { id: item.id } });
        }
      });
    } finally {
      this.cached = undefined;
      this.taxClasses.forget();
    }
    return dry.result;
  }

  /** Runs `run` in a transaction that is rolled back: its result, the catalogue items it changed and its audit entries. */
  private dryRun<T>(run: () => T): { result: T; items: CatalogueItem[]; entries: EventEntry[] } {
    let captured: { result: T; items: CatalogueItem[]; entries: EventEntry[] } | null = null;
    const rollBack = new Error('dry run');
    try {
      this.d.tx(() => {
        const from = (this.d.stmt('SELECT coalesce(max(seq), 0) AS seq FROM events').get() as { seq: number }).seq;
        const result = run();
        const rows = this.d.stmt('SELECT at, actor, type, entity, entity_id AS entityId, before, after FROM events WHERE seq > ? ORDER BY seq').all(from) as (Omit<EventEntry, 'before' | 'after'> & { before: string | null; after: string | null })[];
        const entries = rows.map((r) => ({ ...r, before: r.before === null ? null : (JSON.parse(r.before) as unknown), after: r.after === null ? null : (JSON.parse(r.after) as unknown) }));
        const items: CatalogueItem[] = [];
        for (const id of new Set(entries.filter((e) => e.entity === 'tax_class' && e.entityId).map((e) => e.entityId!))) items.push(this.taxClassItem(id));
        for (const id of new Set(entries.filter((e) => e.entity === 'product' && e.entityId).map((e) => e.entityId!))) items.push(this.productItem(id));
        captured = { result, items, entries };
        throw rollBack;
      });
    } catch (err) {
      if (err !== rollBack) throw err;
    } finally {
      this.taxClasses.forget();
    }
    return captured!;
  }

  private productItem(id: string): CatalogueItem {
    const r = this.d.stmt('SELECT id, sku, barcode, name, unit_price, tax_class_id, open_price, cost, category, archived FROM products WHERE id = ?').get(id) as Record<string, string | number | null>;
    const data: CatalogueProduct = {
      id,
      sku: String(r.sku),
      barcode: r.barcode === null ? null : String(r.barcode),
      name: String(r.name),
      unitPrice: Number(r.unit_price),
      taxClassId: String(r.tax_class_id),
      openPrice: r.open_price === 1,
      cost: r.cost === null ? null : Number(r.cost),
      category: r.category === null ? null : String(r.category),
      archived: r.archived === 1,
    };
    return { kind: 'product', id, data };
  }

  private taxClassItem(id: string): CatalogueItem {
    const c = this.d.stmt('SELECT id, name, archived FROM tax_classes WHERE id = ?').get(id) as { id: string; name: string; archived: number };
    const rates = this.d.stmt('SELECT effective_from AS effectiveFrom, rate_bp AS rateBp FROM tax_class_rates WHERE class_id = ? ORDER BY effective_from').all(id) as { effectiveFrom: string; rateBp: number }[];
    return { kind: 'tax_class', id, data: { id, name: c.name, archived: c.archived === 1, rates } };
  }
}
