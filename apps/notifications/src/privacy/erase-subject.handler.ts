import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ErasureReceipt, MessagePayload, WithheldItem } from '@offera/contracts';
import { keepErasureReceipt, keptErasureReceipt } from '@offera/database';
import { HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import { deliveryJobId, NotificationJobs, reminderJobId } from '../delivery/notification-jobs.js';
import { RequestNoticesService } from './request-notices.service.js';

const FIND_SQL = `
  SELECT 'message' AS kind, id::text AS id FROM outgoing_messages WHERE recipient_id = $1::uuid
  UNION ALL SELECT 'reminder', order_id::text FROM reminders WHERE customer_id = $1::uuid
  UNION ALL SELECT 'sealed', request_id::text FROM request_notices
   WHERE request_id = $2::uuid AND sealed_contact IS NOT NULL`;

/**
 * The subject's messages (their attempts go with them), reminders, marketing projection and
 * other requests' notices, and their name as provider in others' messages, with the counts.
 * All parts see the same snapshot: attempts are counted before the cascade deletes them, and
 * the subject's own messages are left out of the provider scrub (they are deleted instead).
 */
const ERASE_SQL = `
  WITH messages AS (DELETE FROM outgoing_messages WHERE recipient_id = $1::uuid RETURNING id),
  scrubbed AS (
    UPDATE outgoing_messages SET params = params - 'providerId'
     WHERE params ? 'providerId' AND params->>'providerId' = $1::uuid::text AND recipient_id <> $1::uuid
    RETURNING 1
  ),
  reminders AS (DELETE FROM reminders WHERE customer_id = $1::uuid RETURNING 1),
  preferences AS (DELETE FROM marketing_preferences WHERE subject_id = $1::uuid RETURNING 1),
  notices AS (
    DELETE FROM request_notices WHERE subject_id = $1::uuid AND request_id <> $2::uuid RETURNING 1
  )
  SELECT
    (SELECT count(*) FROM messages)::int AS outgoing_messages,
    (SELECT count(*) FROM delivery_attempts WHERE message_id IN (SELECT id FROM messages))::int
      AS delivery_attempts,
    (SELECT count(*) FROM scrubbed)::int AS provider_references,
    (SELECT count(*) FROM reminders)::int AS reminders,
    (SELECT count(*) FROM preferences)::int AS marketing_preferences,
    (SELECT count(*) FROM notices)::int AS request_notices,
    (SELECT due_at FROM request_notices WHERE request_id = $2::uuid AND sealed_contact <> '') AS kept_due_at`;

interface ErasedRow {
  readonly outgoing_messages: number;
  readonly delivery_attempts: number;
  readonly provider_references: number;
  readonly reminders: number;
  readonly marketing_preferences: number;
  readonly request_notices: number;
  readonly kept_due_at: Date | null;
}

/**
 * Erases everything the service holds about the subject in one statement — messages and
 * their attempts, reminders, the marketing projection, request notices — and removes their
 * queued, delayed or failed jobs from Redis. A retry erases nothing more. What stays: the
 * suppression entry (a keyed hash, no readable address), and the sealed snapshot the running
 * erasure's outcome notice is sent from, deleted as soon as that is sent.
 */
@Controller()
export class EraseSubjectHandler {
  private readonly log = new Logger('EraseSubject');

  constructor(
    private readonly db: DataSource,
    private readonly jobs: NotificationJobs,
    private readonly notices: RequestNoticesService,
  ) {}

  @HandleMessage('notifications.erase-subject')
  async erase(@Payload() p: MessagePayload<'notifications.erase-subject'>): Promise<ErasureReceipt> {
    // Done already (the answer was lost): sealing the contact again would ask for an erased one.
    const kept = await keptErasureReceipt<ErasureReceipt>(this.db.manager, p.requestId);
    if (kept) return kept;
    // What has queued, delayed or failed jobs, and whether this request is known: one read.
    const found = await this.db.query<{ kind: 'message' | 'reminder' | 'sealed'; id: string }[]>(FIND_SQL, [
      p.subjectId,
      p.requestId,
    ]);
    // The customers service erases only after the flow's seal step; if this step runs first, it
    // seals the contact itself, so the receipt below says what is kept.
    if (!found.some((r) => r.kind === 'sealed'))
      await this.notices.sealContact(p.requestId, p.subjectId, new Date(Date.now() + 30 * 24 * 3600 * 1000));
    // Jobs first: if Redis fails, nothing is deleted yet and the retry finds them again.
    const busy = await this.jobs.removeJobs(
      found.flatMap((r) =>
        r.kind === 'message' ? [deliveryJobId(r.id)] : r.kind === 'reminder' ? [reminderJobId(r.id)] : [],
      ),
    );
    // Then every row at once, in one statement, kept with its receipt (a re-run answers with it).
    const receipt = await this.db.transaction(async (tx) => {
      const [erased] = await tx.query<ErasedRow[]>(ERASE_SQL, [p.subjectId, p.requestId]);
      return keepErasureReceipt(tx, p.requestId, this.receiptOf(erased));
    });
    // A job running during the erasure finds nothing once it ends; remove it then, too.
    if (busy.length && (await this.jobs.removeWhenIdle(busy)).length)
      this.log.warn('A job of an erased subject was still running; it will find nothing to send');
    return receipt;
  }

  private receiptOf(erased: ErasedRow): ErasureReceipt {
    const withheld: WithheldItem[] = erased.kept_due_at
      ? [
          {
            category: 'contact details for the erasure outcome notice (encrypted)',
            basis:
              'GDPR Art. 12(3): informing the subject of the action taken; deleted once the notice is sent',
            until: erased.kept_due_at.toISOString().slice(0, 10),
            count: 1,
          },
        ]
      : [];
    return {
      service: 'notifications',
      erased: {
        outgoing_messages: erased.outgoing_messages,
        delivery_attempts: erased.delivery_attempts,
        provider_references: erased.provider_references,
        reminders: erased.reminders,
        marketing_preferences: erased.marketing_preferences,
        request_notices: erased.request_notices,
      },
      withheld,
    };
  }
}
