import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventPayload } from '@offera/contracts';
import { HandleEvent } from '@offera/transport';
import { DataSource } from 'typeorm';

/**
 * Keeps the status an admin gave an account, for `refuseErased`. Events may arrive twice or out of
 * order (competing replicas): the latest change wins, so a late lock never undoes a reactivation.
 */
@Controller()
export class AccountStatusHandler {
  constructor(private readonly db: DataSource) {}

  @HandleEvent('account.status-changed')
  async onStatusChanged(@Payload() e: EventPayload<'account.status-changed'>): Promise<void> {
    await this.db.query(
      `INSERT INTO account_statuses (account_id, status, changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (account_id) DO UPDATE SET status = EXCLUDED.status, changed_at = EXCLUDED.changed_at
        WHERE account_statuses.changed_at < EXCLUDED.changed_at`,
      [e.accountId, e.status, e.occurredAt],
    );
  }
}
