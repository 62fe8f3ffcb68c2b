import type { HeadOfficeStatus, InstallationProgress } from '../../../shared/contract/headOffice';
import { DETACHED, type HeadOfficeView } from '../../headoffice/link';

/** headOffice.*: what the host's link to the head office reports; detached when the host has none. */
export class HeadOfficeService {
  constructor(private readonly view: HeadOfficeView | undefined) {}

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
}
