import type { CashSession, Output, ParsedInput } from '../../../shared/contract';
import type { Actor, ServiceDeps } from './deps';
import type { RegisterService } from './registers';
import type { ReportService } from './reports';
import type { SettingsService } from './settings';

/** Cash sessions: a register's drawer from its opening float to its close and Z report. */
export class CashSessionService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly registers: RegisterService,
    private readonly reports: ReportService,
    private readonly settings: SettingsService,
  ) {}

  /**
   * Inside a transaction that moves money: the open cash session of the actor's register (its
   * id, tied to the payment or refund), null for a session bound to no register; CONFLICT with
   * details.reason NO_CASH_SESSION when the register has none open.
   */
  requireOpenFor(_actor: Actor): string | null {
    throw new Error('not built yet');
  }

  /** The open cash session of the actor's register, or null (no register, or none open): what issuing an invoice records. */
  openFor(_actor: Actor): string | null {
    throw new Error('not built yet');
  }

  open(_input: ParsedInput<'cashSessions.open'>, _actor: Actor): CashSession {
    throw new Error('not built yet');
  }

  current(_input: ParsedInput<'cashSessions.current'>, _actor: Actor): Output<'cashSessions.current'> {
    throw new Error('not built yet');
  }

  get(_id: string, _actor: Actor): CashSession {
    throw new Error('not built yet');
  }

  move(_input: ParsedInput<'cashSessions.move'>, _actor: Actor): Output<'cashSessions.move'> {
    throw new Error('not built yet');
  }

  movements(_input: ParsedInput<'cashSessions.movements'>, _actor: Actor): Output<'cashSessions.movements'> {
    throw new Error('not built yet');
  }

  close(_input: ParsedInput<'cashSessions.close'>, _actor: Actor): Promise<Output<'cashSessions.close'>> {
    throw new Error('not built yet');
  }

  list(_input: ParsedInput<'cashSessions.list'>, _actor: Actor): Output<'cashSessions.list'> {
    void this.d;
    void this.registers;
    void this.reports;
    void this.settings;
    throw new Error('not built yet');
  }
}
