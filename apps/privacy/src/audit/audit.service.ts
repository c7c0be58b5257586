import { Injectable } from '@nestjs/common';
import type { AuditEntryView, ListAuditPayload, RecordAuditPayload } from '@offera/contracts';
import { DataSource, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { Clock } from '../clock.js';
import { SubjectPseudonym } from '../requests/subject-pseudonym.js';
import { AuditEntryEntity } from './audit-entry.entity.js';

export interface AuditInput {
  readonly actorId: string;
  readonly actorRole: string;
  readonly action: string;
  readonly subjectRef?: string | null;
  readonly requestId?: string | null;
  readonly detail?: Record<string, unknown>;
}

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

  /** Several entries in one statement, in order, inside the caller's transaction. */
  async recordMany(entries: readonly AuditInput[], tx: EntityManager): Promise<void> {
    if (!entries.length) return;
    const at = this.clock.now();
    const rows = entries.map((entry): QueryDeepPartialEntity<AuditEntryEntity> => ({
      at,
      actorId: entry.actorId,
      actorRole: entry.actorRole,
      action: entry.action,
      subjectRef: entry.subjectRef ?? null,
      requestId: entry.requestId ?? null,
      // A JSON column: TypeORM's deep-partial type does not fit an open record.
      detail: (entry.detail ?? {}) as QueryDeepPartialEntity<Record<string, unknown>>,
    }));
    await tx.getRepository(AuditEntryEntity).insert(rows);
  }

  /** Another service (or the gateway) reports a staff access to personal data. */
  async recordFromPayload(p: RecordAuditPayload): Promise<{ id: string }> {
    const id = await this.record({
      actorId: p.actorId,
      actorRole: p.actorRole,
      action: p.action,
      subjectRef: p.subjectId ? this.pseudonym.of(p.subjectId) : null,
      requestId: p.requestId ?? null,
      detail: p.detail ? { ...p.detail } : {},
    });
    return { id };
  }

  async list(p: ListAuditPayload): Promise<AuditEntryView[]> {
    const qb = this.db
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('a')
      .orderBy('a.id', 'DESC')
      .limit(Math.min(p.limit ?? 100, 500));
    if (p.requestId) qb.andWhere('a.request_id = :requestId', { requestId: p.requestId });
    if (p.action) qb.andWhere('a.action = :action', { action: p.action });
    if (p.subjectId) qb.andWhere('a.subject_ref = :ref', { ref: this.pseudonym.of(p.subjectId) });
    const rows = await qb.getMany();
    // Reading the audit log is itself recorded.
    await this.record({
      actorId: p.actorId,
      actorRole: 'dpo',
      action: 'audit.listed',
      requestId: p.requestId ?? null,
      subjectRef: p.subjectId ? this.pseudonym.of(p.subjectId) : null,
    });
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
