import type { EntityManager } from 'typeorm';

/**
 * The table in which a service keeps the answers of messages whose work cannot be looked at
 * again to rebuild the answer — a sweep that deleted rows cannot count them a second time. The
 * answers are counts and ids, never personal data; they are kept for `KEPT_ANSWER_DAYS`.
 */
export function keptAnswersMigrationSql(): { up: string[]; down: string[] } {
  return {
    up: [
      `CREATE TABLE kept_answers (
         message_id text PRIMARY KEY,
         name text NOT NULL,
         answer jsonb NOT NULL,
         kept_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE INDEX kept_answers_kept_at ON kept_answers (kept_at)`,
    ],
    down: [`DROP TABLE kept_answers`],
  };
}

/** A redelivery comes within minutes; a week covers a queue held up by an outage. */
export const KEPT_ANSWER_DAYS = 7;

/**
 * Runs `work` in one transaction with keeping its answer, once per message: the same message
 * delivered again (its answer lost after the commit) gets the first delivery's answer and does
 * nothing more. Without a message id (a call from inside the service) it just runs. Only for
 * answers without personal data: they are stored as they are. Work that ignores `tx` and runs
 * transactions of its own commits apart from the kept answer: a crash between the two runs it
 * again, so such work must itself be safe to run twice.
 */
export async function answerOnce<A extends object>(
  db: { transaction<T>(run: (tx: EntityManager) => Promise<T>): Promise<T> },
  messageId: string | undefined,
  name: string,
  work: (tx: EntityManager) => Promise<A>,
): Promise<A> {
  if (!messageId) return db.transaction(work);
  return db.transaction(async (tx) => {
    // The row lock makes a delivery racing its own redelivery wait for it, then see its answer.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kept_answers'), hashtext($1))`, [messageId]);
    const [kept] = await tx.query<{ answer: A }[]>(`SELECT answer FROM kept_answers WHERE message_id = $1`, [
      messageId,
    ]);
    if (kept) return kept.answer;
    const answer = await work(tx);
    await tx.query(
      `WITH old AS (DELETE FROM kept_answers WHERE kept_at < now() - make_interval(days => $4))
       INSERT INTO kept_answers (message_id, name, answer) VALUES ($1, $2, $3::jsonb)`,
      [messageId, name, JSON.stringify(answer), KEPT_ANSWER_DAYS],
    );
    return answer;
  });
}
