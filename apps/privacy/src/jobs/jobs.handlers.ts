import { Controller } from '@nestjs/common';
import { Ctx } from '@nestjs/microservices';
import type { SweepResult } from '@offera/contracts';
import { answerOnce } from '@offera/database';
import { type BullMqContext, HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import { RetentionService } from './retention.service.js';
import { WatchdogService } from './watchdog.service.js';

/**
 * The repeatable jobs' messages (see PrivacySchedules). Each sweep runs its own transactions,
 * each safe to run again; a sweep delivered again answers with what its first delivery did.
 */
@Controller()
export class JobsHandlers {
  constructor(
    private readonly watchdog: WatchdogService,
    private readonly retention: RetentionService,
    private readonly db: DataSource,
  ) {}

  @HandleMessage('privacy.watchdog-sweep')
  watch(@Ctx() ctx?: BullMqContext): Promise<SweepResult> {
    return answerOnce(this.db, ctx?.messageId, 'privacy.watchdog-sweep', () => this.watchdog.sweep());
  }

  @HandleMessage('privacy.retention-sweep')
  retain(@Ctx() ctx?: BullMqContext): Promise<SweepResult> {
    return answerOnce(this.db, ctx?.messageId, 'privacy.retention-sweep', () => this.retention.sweep());
  }
}
