import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@offera/config';
import type {
  EventPayload,
  OneTimeLinkPurpose,
  OutcomeWithheldItem,
  RequesterContact,
} from '@offera/contracts';
import { OutboxWriter } from '@offera/database';
import { sealOutboxPayload } from '@offera/runtime';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock.js';
import type { PrivacyConfig } from '../config.js';
import type { PrivacyRequestEntity } from '../requests/privacy-request.entity.js';
import { insertRows, type SqlColumn, type SqlParams } from '../sql.js';

/** 32 random bytes, base64url: what a link carries. */
export const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const LINK_COLUMNS: readonly SqlColumn[] = [
  ['token_hash', 'text'],
  ['request_id', 'uuid'],
  ['purpose', 'text'],
  ['created_at', 'timestamptz'],
  ['expires_at', 'timestamptz'],
];

const EVENT = 'privacy-request.link-issued';

/** A link about to be issued: the row to store and the sealed event that sends it. */
export interface PreparedLink {
  readonly expiresAt: Date;
  readonly row: readonly unknown[];
  /** The outbox payload, sealed: the token is a credential. */
  readonly sealed: unknown;
}

/**
 * One-time links for requesters who cannot sign in: an erasure's receipts, or an export. The
 * token is random and unguessable; only its keyed hash is stored. It travels to the
 * notifications service once, in a sealed `privacy-request.link-issued` event.
 */
@Injectable()
export class OneTimeLinks {
  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PrivacyConfig,
  ) {}

  hash(token: string): string {
    return createHmac('sha256', this.config.pseudonymKey).update(`link:${token}`).digest('base64url');
  }

  /** A new token for `request`, valid for the configured time (and never past `notAfter`). */
  prepare(
    request: PrivacyRequestEntity,
    purpose: OneTimeLinkPurpose,
    to: { readonly subjectId: string | null; readonly contact: RequesterContact | null },
    withheld: readonly OutcomeWithheldItem[] = [],
    notAfter?: Date,
  ): PreparedLink {
    const now = this.clock.now();
    const ttl = new Date(now.getTime() + this.config.oneTimeLinkTtlHours * 3600_000);
    const expiresAt = notAfter && notAfter.getTime() < ttl.getTime() ? notAfter : ttl;
    const token = randomBytes(32).toString('base64url');
    const payload: EventPayload<typeof EVENT> = {
      requestId: request.id,
      type: request.type,
      purpose,
      subjectId: to.subjectId,
      contact: to.contact,
      token,
      expiresAt: expiresAt.toISOString(),
      withheld: [...withheld],
      occurredAt: now.toISOString(),
    };
    return {
      expiresAt,
      row: [this.hash(token), request.id, purpose, now, expiresAt],
      sealed: sealOutboxPayload(this.config.messageEncryptionKey, EVENT, payload),
    };
  }

  /** Stores the link and its event in the caller's transaction. */
  async issue(tx: EntityManager, link: PreparedLink): Promise<void> {
    await tx.query(
      `INSERT INTO one_time_links (${LINK_COLUMNS.map(([c]) => c).join(', ')}) VALUES ($1, $2, $3, $4, $5)`,
      [...link.row],
    );
    await OutboxWriter.add(tx, EVENT, link.sealed);
  }

  /** The same as SQL for a statement that writes them only if `when` holds (see `Alongside`). */
  issueSql(tx: EntityManager, link: PreparedLink, params: SqlParams, when: string): string[] {
    const row = OutboxWriter.row(EVENT, link.sealed);
    return [
      insertRows('one_time_links', LINK_COLUMNS, [link.row], params, when),
      OutboxWriter.insertFrom(tx, `(SELECT 1 WHERE ${when}) AS issued`, row, (v, t) => params.add(v, t)),
    ];
  }
}
