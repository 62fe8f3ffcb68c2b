import { asc, eq, sql } from 'drizzle-orm';
import { counters, registers } from '../db/schema';
import type { Actor, ServiceDeps } from './deps';

/**
 * Document numbers: invoices (INV), credit notes (CN) and Z reports (Z). A Z is numbered per
 * register (Z-R1-000001). So are invoices and credit notes once the installation is attached to
 * a head office (INV-R1-000001): tills numbering offline never collide, register codes being
 * unique across the head office. Until then, one series per kind for the store (INV-000001).
 */
export type DocumentPrefix = 'INV' | 'CN' | 'Z';

/** INV-000001, or with a register code INV-R1-000001. */
export function documentNumber(prefix: DocumentPrefix, seq: number, registerCode: string | null = null): string {
  return `${prefix}-${registerCode === null ? '' : `${registerCode}-`}${String(seq).padStart(6, '0')}`;
}

/**
 * The number a searched text names, as it is printed ("inv-r1-7" → INV-R1-000007, "INV42" →
 * INV-000042); null when the text is no number of that kind.
 */
export function numberQuery(prefix: 'INV' | 'CN', text: string): string | null {
  const m = new RegExp(`^${prefix}-?(?:([A-Z0-9][A-Z0-9-]*)-)?0*(\\d{1,15})$`, 'i').exec(text.trim());
  return m ? documentNumber(prefix, Number(m[2]), m[1]?.toUpperCase() ?? null) : null;
}

/** The kinds numbered here, named as their counters. */
export type NumberedKind = 'invoice' | 'credit_note';
const PREFIX: Record<NumberedKind, DocumentPrefix> = { invoice: 'INV', credit_note: 'CN' };

/** A drawn number: `seq` the store-wide gapless sequence (always drawn), `number` as printed. */
export interface Drawn {
  seq: number;
  number: string;
}

/** Draws invoice and credit note numbers from the `counters` table. */
export class DocumentNumbers {
  private readonly q;

  constructor(
    private readonly d: ServiceDeps,
    /** Whether the installation is attached to a head office (headOffice.attachment). */
    private readonly attached: () => boolean,
  ) {
    const ph = sql.placeholder;
    this.q = {
      advance: d.db
        .insert(counters)
        .values({ name: ph('name'), value: 1 })
        .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + 1` } })
        .returning({ value: counters.value })
        .prepare(),
      register: d.db.select({ id: registers.id, code: registers.code }).from(registers).where(eq(registers.id, ph('id'))).prepare(),
      lowestCode: d.db.select({ id: registers.id, code: registers.code }).from(registers).orderBy(asc(registers.code)).limit(1).prepare(),
    };
  }

  /**
   * The next number of `kind` inside the issuing transaction (rolled back with it: no gaps);
   * `seq` always advances the store-wide series (counter `<kind>`). Attached, the number comes
   * from the series of the actor's register, the register of the cash session the document is
   * issued in (counter `<kind>:<register id>`: a renamed code goes on with the same series).
   * Issued outside any register (the back office, API clients), it takes the series of the
   * register with the lowest code: one of this installation's own registers, whose codes the
   * head office holds, so the number is still unique across it.
   */
  draw(kind: NumberedKind, actor: Pick<Actor, 'registerId'>): Drawn {
    const seq = this.advance(kind);
    if (!this.attached()) return { seq, number: documentNumber(PREFIX[kind], seq) };
    const register = actor.registerId === null ? this.q.lowestCode.get() : this.q.register.get({ id: actor.registerId });
    if (!register) throw new Error(`no register to number the ${kind} in (${actor.registerId ?? 'the store has none'})`);
    return { seq, number: documentNumber(PREFIX[kind], this.advance(`${kind}:${register.id}`), register.code) };
  }

  /**
   * Whether `code` is printed in invoice or credit note numbers already issued here. Such a code
   * is not taken again (by a new register, or one renamed): its series would start over and
   * print the same numbers twice.
   */
  printed(code: string): boolean {
    // Exactly `<code>` between the prefix and the digits: INV-R1-000001, not INV-R1-A-000001 nor INV-R1-0-000001.
    const row = this.d
      .stmt(
        `SELECT EXISTS (SELECT 1 FROM invoices WHERE number GLOB @inv AND number NOT GLOB @invLonger)
             OR EXISTS (SELECT 1 FROM credit_notes WHERE number GLOB @cn AND number NOT GLOB @cnLonger) AS printed`,
      )
      .get({ inv: `INV-${code}-[0-9]*`, invLonger: `INV-${code}-*[^0-9]*`, cn: `CN-${code}-[0-9]*`, cnLonger: `CN-${code}-*[^0-9]*` }) as { printed: number };
    return row.printed === 1;
  }

  private advance(name: string): number {
    return this.q.advance.get({ name })?.value ?? 1;
  }
}
