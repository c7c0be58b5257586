import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { APP_CONFIG } from '@offera/config';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { answerOnce, deleteExpiredErasureReceipts } from '@offera/database';
import { type BullMqContext, HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import { IpAddressEntity } from '../accounts/ip-address.entity.js';
import { LoginThrottleService } from '../accounts/login-throttle.service.js';
import type { CustomersConfig } from '../config.js';

/**
 * Deletes IP addresses older than IP_RETENTION_DAYS (and spent throttle rows), and erasure
 * receipts older than REQUEST_RECORD_RETENTION_YEARS. A run delivered again answers with what
 * the first run deleted.
 */
@Controller()
export class IpRetentionHandler {
  constructor(
    private readonly db: DataSource,
    private readonly throttle: LoginThrottleService,
    @Inject(APP_CONFIG) private readonly config: CustomersConfig,
  ) {}

  @HandleMessage('customers.purge-expired-ips')
  async purge(
    @Payload() p: MessagePayload<'customers.purge-expired-ips'>,
    @Ctx() ctx?: BullMqContext,
  ): Promise<MessageResult<'customers.purge-expired-ips'>> {
    const days =
      Number.isInteger(p?.olderThanDays) && (p.olderThanDays ?? 0) >= 1
        ? (p.olderThanDays as number)
        : this.config.ipRetentionDays;
    return answerOnce(this.db, ctx?.messageId, 'customers.purge-expired-ips', async (tx) => {
      const result = await tx
        .createQueryBuilder()
        .delete()
        .from(IpAddressEntity)
        .where('seen_at < now() - make_interval(days => :days)', { days })
        .execute();
      await this.throttle.purgeStale();
      const erasureReceipts = await deleteExpiredErasureReceipts(tx, this.config.requestRecordRetentionYears);
      return { purged: result.affected ?? 0, erasureReceipts };
    });
  }
}
