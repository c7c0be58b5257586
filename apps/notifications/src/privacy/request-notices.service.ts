import { Injectable } from '@nestjs/common';
import type { RequestType } from '@offera/contracts';
import { DataSource } from 'typeorm';
import { ContactLookup } from '../delivery/contact-lookup.js';
import { ContactSeal } from './contact-seal.js';

/** What the service remembers per privacy request, including an erasure's sealed contact snapshot. */
@Injectable()
export class RequestNoticesService {
  constructor(
    private readonly db: DataSource,
    private readonly contacts: ContactLookup,
    private readonly seal: ContactSeal,
  ) {}

  /**
   * Null if the request is not known. Otherwise moves its due date to `dueAt` when that is later
   * by more than `thresholdMs` (an extension), and says whether it did: one statement.
   */
  async extendDue(
    requestId: string,
    dueAt: Date,
    thresholdMs: number,
  ): Promise<{ readonly extended: boolean } | null> {
    const [row] = await this.db.query<{ extended: boolean }[]>(
      `WITH moved AS (
         UPDATE request_notices SET due_at = $2, updated_at = now()
          WHERE request_id = $1 AND $2::timestamptz - due_at > $3::integer * interval '1 millisecond'
         RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM moved) AS extended FROM request_notices WHERE request_id = $1`,
      // An invalid date moves nothing (NULL compares to nothing), as before.
      [requestId, Number.isNaN(dueAt.getTime()) ? null : dueAt, thresholdMs],
    );
    return row ?? null;
  }

  /**
   * Records a request on first sight. For an erasure the subject's address, first name and
   * language are sealed now, while the customers service still has them, so the outcome can
   * be sent after they are erased. A later call changes nothing; says whether this one did.
   */
  async remember(requestId: string, subjectId: string, type: RequestType, dueAt: Date): Promise<boolean> {
    const contact = type === 'erasure' ? await this.contacts.find(subjectId) : null;
    const sealed = contact
      ? this.seal.seal(requestId, {
          email: contact.email,
          firstName: contact.firstName,
          language: contact.language,
        })
      : null;
    const rows = await this.db.query<unknown[]>(
      `INSERT INTO request_notices (request_id, subject_id, type, due_at, sealed_contact)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING request_id`,
      [requestId, subjectId, type, dueAt, sealed],
    );
    return rows.length > 0;
  }

  /** Drops the sealed snapshot (a rejected erasure erases nothing, so needs none). */
  async forgetContact(requestId: string): Promise<void> {
    await this.db.query(`UPDATE request_notices SET sealed_contact = NULL WHERE request_id = $1`, [
      requestId,
    ]);
  }
}
