import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor, EventPayload, StaffAccessAction } from '@offera/contracts';
import { OutboxWriter } from '@offera/database';
import type { EntityManager } from 'typeorm';

/**
 * Reports a staff member's access to a customer's record to the privacy service's audit log
 * (the one log the DPO reads), through the outbox: the report commits with the access or not
 * at all. `accessId` names the access, so one reported twice is recorded once.
 */
@Injectable()
export class StaffAccessLog {
  constructor(private readonly outbox: OutboxWriter) {}

  async record(
    tx: EntityManager,
    access: {
      readonly customerId: string;
      readonly actor: Actor;
      readonly action: StaffAccessAction;
      readonly reason?: string | null;
      readonly accessId?: string;
    },
  ): Promise<void> {
    const payload: EventPayload<'customer.staff-accessed'> = {
      accessId: access.accessId ?? randomUUID(),
      actorId: access.actor.accountId,
      actorRole: access.actor.role,
      customerId: access.customerId,
      action: access.action,
      reason: access.reason ?? null,
      occurredAt: new Date().toISOString(),
    };
    await this.outbox.add(tx, 'customer.staff-accessed', payload);
  }
}
