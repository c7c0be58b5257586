import { Injectable } from '@nestjs/common';
import type { OutcomeWithheldItem, QueueName, WithheldItem } from '@offera/contracts';
import type { EntityManager } from 'typeorm';
import type { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import type { Alongside } from '../requests/request-lifecycle.js';
import { OneTimeLinks } from './one-time-links.js';
import { RequesterContacts } from './requester-contacts.js';

/**
 * The outcome of an erasure, told in full: every withheld item with its legal ground and until
 * when it is kept, and a one-time link to every service's receipt (the subject has no account
 * to sign in with any more). Written in the statement that completes the request.
 */
@Injectable()
export class ErasureOutcome {
  constructor(
    private readonly links: OneTimeLinks,
    private readonly contacts: RequesterContacts,
  ) {}

  async prepare(
    tx: EntityManager,
    request: PrivacyRequestEntity,
    receipts: readonly { readonly service: QueueName; readonly withheld: readonly WithheldItem[] }[],
  ): Promise<Alongside> {
    // A requester without an account is written to at the address they gave; a subject with
    // one, at the address the notifications service sealed before the erasure.
    const contact = await this.contacts.take(tx, request.id);
    const withheld: OutcomeWithheldItem[] = receipts.flatMap((r) =>
      r.withheld.map((w) => ({ service: r.service, ...w })),
    );
    const link = this.links.prepare(request, 'receipts', { subjectId: null, contact }, withheld);
    return (params, when) => this.links.issueSql(tx, link, params, when);
  }
}
