import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The message that asked for a request's step (a verification, a rejection, a retry), so that
 * message delivered again finds the step made and answers instead of refusing it.
 */
export class TransitionMessage1764400000003 implements MigrationInterface {
  name = 'TransitionMessage1764400000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_transitions ADD COLUMN message_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_transitions DROP COLUMN message_id`);
  }
}
