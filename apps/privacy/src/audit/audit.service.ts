import { Injectable } from '@nestjs/common';
import type { AuditEntryView, EventPayload, ListAuditPayload, RecordAuditPayload } from '@offera/contracts';
import { answerOnce } from '@offera/database';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../clock.js';
import { SubjectPseudonym } from '../requests/subject-pseudonym.js';
import type { SqlColumn } from '../sql.js';
import { AuditEntryEntity } from './audit-entry.entity.js';

export interface AuditInput {
  readonly actorId: string;
  readonly actorRole: string;
  readonly action: string;
  readonly subjectRef?: string | null;
  readonly requestId?: string | null;
  readonly detail?: Record<string, unknown>;
}

/** The audit log's columns, for a caller writing entries within a larger statement (`insertRows`). */
export const AUDIT_COLUMNS: readonly SqlColumn[] = [
  ['at', 'timestamptz'],
  ['actor_id', 'text'],
  ['actor_role', 'text'],
  ['action', 'text'],
  ['subject_ref', 'text'],
  ['request_id', 'uuid'],
  ['detail', 'jsonb'],
];

/** One entry's values in `AUDIT_COLUMNS` order. */
export const auditRow = (entry: AuditInput, at: Date): unknown[] => [
  at,
  entry.actorId,
  entry.actorRole,
  entry.action,
  entry.subjectRef ?? null,
  entry.requestId ?? null,
  JSON.stringify(entry.detail ?? {}),
];

/** The append-only audit log: staff access to personal data and every request decision. */
@Injectable()
export class AuditService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly pseudonym: SubjectPseudonym,
  ) {}

  /** Writes an entry, inside the caller's transaction when given. */
  async record(entry: AuditInput, tx: EntityManager = this.db.manager): Promise<string> {
    const saved = await tx.getRepository(AuditEntryEntity).save({
      at: this.clock.now(),
      actorId: entry.actorId,
      actorRole: entry.actorRole,
      action: entry.action,
      subjectRef: entry.subjectRef ?? null,
      requestId: entry.requestId ?? null,
      detail: entry.detail ?? {},
    });
    return String(saved.id);
  }

  /**
   * Another service (or the gateway) reports a staff access to personal data: once per message,
   * the same report delivered again answered with the entry its first delivery wrote.
   */
  recordFromPayload(p: RecordAuditPayload, messageId?: string): Promise<{ id: string }> {
    return answerOnce(this.db, messageId, 'privacy.record-audit', async (tx) => ({
      id: await this.record(
        {
          actorId: p.actorId,
          actorRole: p.actorRole,
          action: p.action,
          subjectRef: p.subjectId ? this.pseudonym.of(p.subjectId) : null,
          requestId: p.requestId ?? null,
          detail: p.detail ? { ...p.detail } : {},
        },
        tx,
      ),
    }));
  }

  /**
   * A staff member's access to a customer's record, reported by the customers service through
   * its outbox: recorded at the time it happened, once however often it is delivered.
   */
  async recordStaffAccess(e: EventPayload<'customer.staff-accessed'>): Promise<void> {
    const at = new Date(e.occurredAt);
    await this.db
      .createQueryBuilder()
      .insert()
      .into(AuditEntryEntity)
      .values({
        at: Number.isNaN(at.getTime()) ? this.clock.now() : at,
        actorId: e.actorId,
        actorRole: e.actorRole,
        action: e.action,
        subjectRef: this.pseudonym.of(e.customerId),
        requestId: null,
        detail: { service: 'customers', ...(e.reason ? { reason: e.reason } : {}) },
        sourceId: `customers:${e.accessId}`,
      })
      .orIgnore()
      .execute();
  }

  /**
   * Entries older than the one recording this reading (reading the audit log is itself recorded,
   * once per message): the same message delivered again lists the same entries.
   */
  async list(p: ListAuditPayload, messageId?: string): Promise<AuditEntryView[]> {
    const { entryId } = await answerOnce(this.db, messageId, 'privacy.list-audit', async (tx) => ({
      entryId: await this.record(
        {
          actorId: p.actorId,
          actorRole: 'dpo',
          action: 'audit.listed',
          requestId: p.requestId ?? null,
          subjectRef: p.subjectId ? this.pseudonym.of(p.subjectId) : null,
        },
        tx,
      ),
    }));
    const qb = this.db
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('a')
      .orderBy('a.id', 'DESC')
      .where('a.id < :entryId', { entryId })
      .limit(Math.min(p.limit ?? 100, 500));
    if (p.requestId) qb.andWhere('a.request_id = :requestId', { requestId: p.requestId });
    if (p.action) qb.andWhere('a.action = :action', { action: p.action });
    if (p.subjectId) qb.andWhere('a.subject_ref = :ref', { ref: this.pseudonym.of(p.subjectId) });
    const rows = await qb.getMany();
    return rows.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorRole: r.actorRole,
      action: r.action,
      subjectRef: r.subjectRef,
      requestId: r.requestId,
      detail: r.detail,
    }));
  }
}
