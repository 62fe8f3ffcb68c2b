import type { Output } from '../../../shared/contract';

export class SystemService {
  constructor(
    private readonly version: string,
    private readonly schemaVersion: number,
  ) {}

  health(): Output<'system.health'> {
    return { status: 'ok', version: this.version, schemaVersion: this.schemaVersion };
  }
}
