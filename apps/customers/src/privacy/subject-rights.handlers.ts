import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  MessagePayload,
  RectificationReceipt,
  RestrictionReceipt,
  SubjectExport,
} from '@offera/contracts';
import { answerOnce } from '@offera/database';
import { type BullMqContext, HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity.js';
import { ContactProfileEntity } from '../accounts/contact-profile.entity.js';
import { IpAddressEntity } from '../accounts/ip-address.entity.js';
import { RefreshTokenEntity } from '../accounts/refresh-token.entity.js';
import { AddressEntity } from '../addresses/address.entity.js';
import { toView } from '../addresses/addresses.service.js';
import { IdentityCodeRevealEntity } from '../identity/identity-code-reveal.entity.js';
import { IdentityCodeEntity } from '../identity/identity-code.entity.js';
import { IdentityCodesService } from '../identity/identity-codes.service.js';
import { CustomerEntity } from '../profiles/customer.entity.js';
import { ProfileChangeNotifier } from '../profiles/profile-change-notifier.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { recordChanges } from '../profiles/rectification-history.js';
import { ProvidersService } from '../providers/providers.service.js';
import { PortabilityExport } from './portability-export.js';
import { RectificationEntity } from '../profiles/rectification.entity.js';

/** Access/portability, rectification and restriction for the customer register. */
@Controller()
export class SubjectRightsHandlers {
  constructor(
    private readonly db: DataSource,
    private readonly profiles: ProfilesService,
    private readonly codes: IdentityCodesService,
    private readonly changes: ProfileChangeNotifier,
    private readonly portability: PortabilityExport,
    private readonly providers: ProvidersService,
  ) {}

  /** Everything held about the subject; the identity code in clear only in the subject's own copy. */
  @HandleMessage('customers.export-subject')
  async export(@Payload() p: MessagePayload<'customers.export-subject'>): Promise<SubjectExport> {
    if (p.purpose === 'portability') return this.portability.build(p.subjectId);
    const id = p.subjectId;
    const [account, customer, addresses, code, ips, tokens, history, reveals] = await Promise.all([
      this.db.getRepository(AccountEntity).findOneBy({ id }),
      this.db.getRepository(CustomerEntity).findOneBy({ id }),
      this.db.getRepository(AddressEntity).find({ where: { customerId: id }, order: { createdAt: 'ASC' } }),
      this.db.getRepository(IdentityCodeEntity).findOneBy({ customerId: id }),
      this.db.getRepository(IpAddressEntity).find({ where: { accountId: id }, order: { seenAt: 'ASC' } }),
      this.db
        .getRepository(RefreshTokenEntity)
        .find({ where: { accountId: id }, order: { createdAt: 'ASC' } }),
      this.db
        .getRepository(RectificationEntity)
        .find({ where: { customerId: id }, order: { changedAt: 'ASC' } }),
      this.db
        .getRepository(IdentityCodeRevealEntity)
        .find({ where: { customerId: id }, order: { revealedAt: 'ASC' } }),
    ]);
    // A provider's or staff member's own details (they are data subjects too).
    const [contact, provider] = await Promise.all([
      this.db.getRepository(ContactProfileEntity).findOneBy({ accountId: id }),
      this.providers.details(id),
    ]);
    const data: Record<string, unknown[]> = {
      account: account
        ? [
            {
              id: account.id,
              role: account.role,
              email: account.email,
              createdAt: account.createdAt.toISOString(),
            },
          ]
        : [],
      customer: customer
        ? [
            {
              customerNumber: customer.customerNumber,
              firstName: customer.firstName,
              lastName: customer.lastName,
              phone: customer.phone,
              language: customer.language,
              restricted: customer.restricted,
              createdAt: customer.createdAt.toISOString(),
              updatedAt: customer.updatedAt.toISOString(),
            },
          ]
        : [],
      contact_profile: contact
        ? [
            {
              firstName: contact.firstName,
              lastName: contact.lastName,
              phone: contact.phone,
              language: contact.language,
            },
          ]
        : [],
      provider: provider ? [{ ...provider }] : [],
      addresses: addresses.map(toView),
      identity_code: code
        ? [
            {
              ...(p.forSubject
                ? { identityCode: this.codes.decrypt(code) }
                : { masked: this.codes.masked(code).masked }),
              purpose: code.purpose,
              createdAt: code.createdAt.toISOString(),
              updatedAt: code.updatedAt.toISOString(),
            },
          ]
        : [],
      ip_addresses: ips.map((ip) => ({ ip: ip.ip, context: ip.context, seenAt: ip.seenAt.toISOString() })),
      sessions: tokens.map((t) => ({
        createdAt: t.createdAt.toISOString(),
        expiresAt: t.expiresAt.toISOString(),
        revokedAt: t.revokedAt?.toISOString() ?? null,
      })),
      rectification_history: history.map((h) => ({
        field: h.field,
        changedAt: h.changedAt.toISOString(),
        source: h.source,
        changedByRole: h.changedByRole,
      })),
      identity_code_reveals: reveals.map((r) => ({
        revealedAt: r.revealedAt.toISOString(),
        revealedByRole: r.revealedByRole,
        reason: r.reason,
      })),
    };
    return { service: 'customers', data };
  }

  /**
   * Applies the corrected fields; UNPROCESSABLE while restricted. The same message delivered
   * again (its answer lost) gets the first delivery's counts, not zeros for a change already made.
   */
  @HandleMessage('customers.rectify-subject')
  rectify(
    @Payload() p: MessagePayload<'customers.rectify-subject'>,
    @Ctx() ctx?: BullMqContext,
  ): Promise<RectificationReceipt> {
    // apply() commits on its own; run twice it changes nothing more, so the crash window is safe.
    return answerOnce<RectificationReceipt>(
      this.db,
      ctx?.messageId,
      'customers.rectify-subject',
      async (): Promise<RectificationReceipt> => {
        if (!(await this.db.getRepository(CustomerEntity).existsBy({ id: p.subjectId })))
          return { service: 'customers', rectified: {} };
        const { changed } = await this.profiles.apply(p.subjectId, p.fields, {
          kind: 'privacy_request',
          requestId: p.requestId,
        });
        return {
          service: 'customers',
          rectified: {
            customers: changed.some((f) => f !== 'email') ? 1 : 0,
            accounts: changed.includes('email') ? 1 : 0,
          },
        };
      },
    );
  }

  /**
   * Sets or lifts the restriction; a new request for the state already in force reports
   * applied: false, while the same message delivered again gets its first answer.
   */
  @HandleMessage('customers.restrict-subject')
  async restrict(
    @Payload() p: MessagePayload<'customers.restrict-subject'>,
    @Ctx() ctx?: BullMqContext,
  ): Promise<RestrictionReceipt> {
    return this.changes.after(p.subjectId, () => this.restrictInTransaction(p, ctx?.messageId));
  }

  private restrictInTransaction(
    p: MessagePayload<'customers.restrict-subject'>,
    messageId: string | undefined,
  ): Promise<RestrictionReceipt> {
    return answerOnce(this.db, messageId, 'customers.restrict-subject', async (tx) => {
      const result = await tx
        .getRepository(CustomerEntity)
        .update({ id: p.subjectId, restricted: !p.restricted }, { restricted: p.restricted });
      const applied = (result.affected ?? 0) > 0;
      if (applied)
        await recordChanges(tx, p.subjectId, ['restricted'], {
          kind: 'privacy_request',
          requestId: p.requestId,
        });
      return { service: 'customers', applied } satisfies RestrictionReceipt;
    });
  }
}
