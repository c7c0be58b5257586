import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SubjectPseudonym } from '../requests/subject-pseudonym.js';

/**
 * Where the privacy service records who acted (a staff account id, or 'subject' / 'system'),
 * each replaced in one statement; the counts are keyed `table.column`.
 */
const ACTOR_COLUMNS: readonly (readonly [table: string, column: string])[] = [
  ['audit_log', 'actor_id'],
  ['request_transitions', 'actor'],
  ['consent_events', 'actor'],
  ['requests', 'requested_by'],
  ['disclosures', 'recorded_by'],
];
const PSEUDONYMISE_SQL = `WITH ${ACTOR_COLUMNS.map(
  ([table, column], i) => `u${i} AS (UPDATE ${table} SET ${column} = $2 WHERE ${column} = $1 RETURNING 1)`,
).join(', ')} SELECT ${ACTOR_COLUMNS.map(
  ([table, column], i) => `(SELECT count(*) FROM u${i})::int AS "${table}.${column}"`,
).join(', ')}`;

/**
 * Staff are data subjects too: an erased staff member's entries in the audit log, request
 * histories, consent ledger and disclosure register stay (they prove what was done) but name
 * them only by a keyed pseudonym, the same in every table, so the DPO can still tell one
 * person's actions apart. For a customer or provider nothing matches.
 */
@Injectable()
export class ActorPseudonyms {
  constructor(private readonly pseudonym: SubjectPseudonym) {}

  of(accountId: string): string {
    return `pseudonym:${this.pseudonym.of(accountId)}`;
  }

  async pseudonymise(tx: EntityManager, accountId: string): Promise<Record<string, number>> {
    const [counts] = await tx.query<Record<string, number>[]>(PSEUDONYMISE_SQL, [
      accountId,
      this.of(accountId),
    ]);
    return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  }
}
