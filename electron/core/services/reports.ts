import type { Output, ParsedInput, SessionReport, ZReport } from '../../../shared/contract';
import type { DrawerFlows } from '../../../shared/domain/cash';
import type { Actor, ServiceDeps } from './deps';
import type { SettingsService } from './settings';

/** X and Z reports, the day summary and the dashboard: every figure from the same queries. */
export class ReportService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly settings: SettingsService,
  ) {}

  /** What moved through a session's drawer (for shared/domain/cash expectedCash). */
  drawerFlows(_sessionId: string): DrawerFlows {
    throw new Error('not built yet');
  }

  /** A session's report as it stands (X), or as it is sealed at the close. `blind` hides expected and variance. */
  sessionReport(_sessionId: string, _opts: { blind: boolean }): SessionReport {
    throw new Error('not built yet');
  }

  /**
   * Inside the close's transaction, after the session row is CLOSED: seals its Z report (next
   * number of the register, grand total advanced, chain head) and returns its id.
   */
  sealZInTx(_sessionId: string, _actor: Actor): string {
    throw new Error('not built yet');
  }

  x(_input: ParsedInput<'reports.x'>, _actor: Actor): SessionReport {
    throw new Error('not built yet');
  }

  z(_id: string, _actor: Actor): ZReport {
    throw new Error('not built yet');
  }

  zList(_input: ParsedInput<'reports.zList'>, _actor: Actor): Output<'reports.zList'> {
    throw new Error('not built yet');
  }

  daySummary(_input: ParsedInput<'reports.daySummary'>): Output<'reports.daySummary'> {
    throw new Error('not built yet');
  }

  dashboard(): Output<'reports.dashboard'> {
    void this.d;
    void this.settings;
    throw new Error('not built yet');
  }
}
