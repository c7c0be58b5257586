import type { MigrationInterface, QueryRunner } from 'typeorm';
import { keptAnswersMigrationSql } from './kept-answers.js';

/**
 * Answers kept per message, so a redelivered sweep answers with what its first delivery did.
 * The same migration in every service's list: each applies it to its own schema.
 */
export class KeptAnswers1796523982182 implements MigrationInterface {
  name = 'KeptAnswers1796523982182';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of keptAnswersMigrationSql().up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of keptAnswersMigrationSql().down) await q.query(sql);
  }
}
