import { Controller } from '@nestjs/common';
import { HandleMessage } from '@offera/transport';
import type { SweepResult } from '@offera/contracts';
import { RetentionService } from './retention.service.js';
import { WatchdogService } from './watchdog.service.js';

/** The repeatable jobs' messages (see PrivacySchedules). */
@Controller()
export class JobsHandlers {
  constructor(
    private readonly watchdog: WatchdogService,
    private readonly retention: RetentionService,
  ) {}

  @HandleMessage('privacy.watchdog-sweep')
  watch(): Promise<SweepResult> {
    return this.watchdog.sweep();
  }

  @HandleMessage('privacy.retention-sweep')
  retain(): Promise<SweepResult> {
    return this.retention.sweep();
  }
}
