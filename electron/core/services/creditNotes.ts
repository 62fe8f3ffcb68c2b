import type { CreditNote, Output, ParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { ServiceDeps } from './deps';
import type { SettingsService } from './settings';

const notBuilt = () => new AppError('INTERNAL', 'not built yet');

/** CN-000001: the credit notes' own gapless series. */
export function creditNoteNumber(seq: number): string {
  return `CN-${String(seq).padStart(6, '0')}`;
}

/** Reading credit notes (returns.ts writes them). */
export class CreditNoteService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly settings: SettingsService,
  ) {}

  get(_id: string): CreditNote {
    void this.d;
    void this.settings;
    throw notBuilt();
  }

  list(_input: ParsedInput<'creditNotes.list'>): Output<'creditNotes.list'> {
    throw notBuilt();
  }
}
