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
   * by more than `thresholdMs` (an extension), and says whether it did and whose request it is:
   * one statement.
   */
  async extendDue(
    requestId: string,
    dueAt: Date,
    thresholdMs: number,
    eventId: string,
  ): Promise<{ readonly extended: boolean; readonly subjectId: string } | null> {
    // The event that moved the date, delivered again, is still an extension (the SELECT sees
    // the row as it was before this statement's UPDATE).
    const [row] = await this.db.query<{ extended: boolean; subject_id: string }[]>(
      `WITH moved AS (
         UPDATE request_notices SET due_at = $2, extended_by = $4, updated_at = now()
          WHERE request_id = $1 AND $2::timestamptz - due_at > $3::integer * interval '1 millisecond'
         RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM moved) OR coalesce(extended_by = $4, false) AS extended, subject_id
         FROM request_notices WHERE request_id = $1`,
      // An invalid date moves nothing (NULL compares to nothing), as before.
      [requestId, Number.isNaN(dueAt.getTime()) ? null : dueAt, thresholdMs, eventId],
    );
    return row ? { extended: row.extended, subjectId: row.subject_id } : null;
  }

  /** Records a request on first sight. A later call changes nothing; says whether this one did. */
  async remember(requestId: string, subjectId: string, type: RequestType, dueAt: Date): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `INSERT INTO request_notices (request_id, subject_id, type, due_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING request_id`,
      [requestId, subjectId, type, dueAt],
    );
    return rows.length > 0;
  }

  /**
   * Seals the subject's address, first name and language for an erasure's outcome notice, while
   * the customers service still has them (its erasure waits for this). Records the request if it
   * is new and keeps a snapshot already taken. False when there is nothing to seal (no account).
   */
  async sealContact(requestId: string, subjectId: string, dueAt: Date): Promise<boolean> {
    const contact = await this.contacts.find(subjectId);
    if (!contact) return false;
    const sealed = this.seal.seal(requestId, {
      email: contact.email,
      firstName: contact.firstName,
      language: contact.language,
    });
    await this.db.query(
      `INSERT INTO request_notices (request_id, subject_id, type, due_at, sealed_contact)
       VALUES ($1, $2, 'erasure', $3, $4)
       ON CONFLICT (request_id) DO UPDATE
         SET sealed_contact = coalesce(request_notices.sealed_contact, excluded.sealed_contact),
             updated_at = now()`,
      [requestId, subjectId, dueAt, sealed],
    );
    return true;
  }

  /** Whose request it is, if it is known here (an erasure's, from the snapshot sealed for it). */
  async subjectOf(requestId: string): Promise<string | null> {
    const [row] = await this.db.query<{ subject_id: string }[]>(
      `SELECT subject_id FROM request_notices WHERE request_id = $1`,
      [requestId],
    );
    return row?.subject_id ?? null;
  }

  /** Drops the sealed snapshot (a rejected erasure erases nothing, so needs none). */
  async forgetContact(requestId: string): Promise<void> {
    await this.db.query(`UPDATE request_notices SET sealed_contact = NULL WHERE request_id = $1`, [
      requestId,
    ]);
  }
}
