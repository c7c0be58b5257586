import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { IDENTITY_CODE_PURPOSES, type MessagePayload, type MessageResult } from '@offera/contracts';
import { type BullMqContext, HandleMessage, rowIdFrom } from '@offera/transport';
import { DataSource } from 'typeorm';
import { ProfileChangeNotifier } from '../profiles/profile-change-notifier.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { recordChanges } from '../profiles/rectification-history.js';
import { customerNotFound, invalid, RegisterError, RegisterErrorReason } from '../shared/register.errors.js';
import { IdentityCodeRevealEntity } from './identity-code-reveal.entity.js';
import { IdentityCodeEntity } from './identity-code.entity.js';
import { IdentityCodesService } from './identity-codes.service.js';
import { CustomerEntity } from '../profiles/customer.entity.js';
import { StaffAccessLog } from '../staff/staff-access.js';

@Controller()
export class IdentityCodesHandlers {
  constructor(
    private readonly db: DataSource,
    private readonly codes: IdentityCodesService,
    private readonly profiles: ProfilesService,
    private readonly changes: ProfileChangeNotifier,
    private readonly access: StaffAccessLog,
  ) {}

  @HandleMessage('customers.set-identity-code')
  async set(
    @Payload() p: MessagePayload<'customers.set-identity-code'>,
  ): Promise<MessageResult<'customers.set-identity-code'>> {
    if (!(IDENTITY_CODE_PURPOSES as readonly string[]).includes(p.purpose))
      throw invalid(`purpose must be one of ${IDENTITY_CODE_PURPOSES.join(', ')}`);
    // Validate first: a bad code changes nothing and says why without repeating it.
    this.codes.canonical(p.identityCode);
    return this.changes.after(p.customerId, () =>
      this.db.transaction(async (tx) => {
        await this.profiles.lockCustomer(tx, p.customerId);
        const before = await tx.getRepository(IdentityCodeEntity).findOneBy({ customerId: p.customerId });
        const row = await this.codes.set(tx, p.customerId, p.identityCode, p.purpose);
        // The same code and purpose again (a redelivery, or a repeated save) is no rectification.
        if (before?.blindIndex !== row.blindIndex || before.purpose !== row.purpose)
          await recordChanges(tx, p.customerId, ['identityCode'], { kind: 'actor', actor: p.actor });
        return this.codes.masked(row);
      }),
    );
  }

  /**
   * The clear code for a staff member, with an audit entry written in the same transaction, and
   * reported to the privacy service's audit log through the outbox.
   */
  @HandleMessage('customers.reveal-identity-code')
  async reveal(
    @Payload() p: MessagePayload<'customers.reveal-identity-code'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<MessageResult<'customers.reveal-identity-code'>> {
    const reason = typeof p.reason === 'string' ? p.reason.trim() : '';
    if (reason.length < 5 || reason.length > 500) throw invalid('reason must be 5 to 500 characters');
    return this.db.transaction(async (tx) => {
      if (!(await tx.getRepository(CustomerEntity).existsBy({ id: p.customerId }))) throw customerNotFound();
      const row = await tx.getRepository(IdentityCodeEntity).findOneBy({ customerId: p.customerId });
      if (!row)
        throw new RegisterError(RegisterErrorReason.NoIdentityCode, 'This customer has no identity code');
      // The message's id names the audit entry: a redelivery of this reveal writes no second one.
      const id = rowIdFrom(ctx);
      const recorded = id ? await tx.getRepository(IdentityCodeRevealEntity).findOneBy({ id }) : null;
      let audit = recorded;
      if (!audit) {
        audit = await tx.getRepository(IdentityCodeRevealEntity).save(
          tx.getRepository(IdentityCodeRevealEntity).create({
            ...(id ? { id } : {}),
            customerId: p.customerId,
            revealedBy: p.actor.accountId,
            revealedByRole: p.actor.role,
            reason,
            revealedAt: new Date(),
          }),
        );
        await this.access.record(tx, {
          customerId: p.customerId,
          actor: p.actor,
          action: 'identity-code.revealed',
          reason,
          accessId: audit.id,
        });
      }
      return { identityCode: this.codes.decrypt(row), purpose: row.purpose, revealId: audit.id };
    });
  }
}
