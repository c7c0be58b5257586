import { Injectable } from '@nestjs/common';
import type { SendMarketingResult } from '@offera/contracts';
import { DataSource } from 'typeorm';
import { ContactLookup } from '../delivery/contact-lookup.js';
import { MessagesService } from '../messages/messages.service.js';
import { sourceIdFor } from '../messages/source-id.js';
import { MarketingEligibility } from './marketing-eligibility.js';

const PAGE = 500;

/** Sends a campaign within the marketing projection: consent recorded, no objection, restriction or suppression. */
@Injectable()
export class MarketingCampaigns {
  constructor(
    private readonly db: DataSource,
    private readonly contacts: ContactLookup,
    private readonly eligibility: MarketingEligibility,
    private readonly messages: MessagesService,
  ) {}

  /** Queues the campaign to each eligible recipient once; everyone else is skipped. */
  async send(campaignId: string, recipientIds: readonly string[]): Promise<SendMarketingResult> {
    let sent = 0;
    for (const recipientId of new Set(recipientIds)) sent += await this.sendOne(campaignId, recipientId);
    return { sent, skipped: recipientIds.length - sent };
  }

  /** Everyone the projection shows as consenting, page by page in id order. */
  async sendToAllConsenting(campaignId: string): Promise<SendMarketingResult> {
    let sent = 0;
    let skipped = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.db.query<{ subject_id: string }[]>(
        `SELECT subject_id FROM marketing_preferences
          WHERE consent AND NOT restricted AND objected_at IS NULL AND subject_id > $1
          ORDER BY subject_id LIMIT ${PAGE}`,
        [after],
      );
      for (const { subject_id } of rows) {
        const n = await this.sendOne(campaignId, subject_id);
        sent += n;
        skipped += 1 - n;
      }
      if (rows.length < PAGE) return { sent, skipped };
      after = rows[rows.length - 1].subject_id;
    }
  }

  private async sendOne(campaignId: string, recipientId: string): Promise<number> {
    // Checked before the address is even asked for, and again at delivery.
    if (await this.eligibility.check(recipientId, null)) return 0;
    const contact = await this.contacts.find(recipientId);
    if (!contact || (await this.eligibility.isSuppressed(contact.email))) return 0;
    return this.messages.queue(sourceIdFor(`marketing:${campaignId}:${recipientId}`), [
      { recipientId, template: 'marketing', channel: 'email', params: { campaignId } },
    ]);
  }
}
