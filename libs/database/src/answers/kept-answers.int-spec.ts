import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@offera/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source-options.js';
import { answerOnce } from './kept-answers.js';
import { KeptAnswers1796523982182 } from './kept-answers.migration.js';

describe('answerOnce', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase([{ service: 'orders', migrations: [KeptAnswers1796523982182] }]);
    dataSource = await new DataSource(
      dataSourceOptions({ url: db.serviceUrls.orders, schema: 'orders', entities: [], poolSize: 4 }),
    ).initialize();
    await dataSource.query('CREATE TABLE swept (id serial PRIMARY KEY)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /** A sweep that deletes what there is and counts it: a second run would count nothing. */
  const sweep = (messageId: string | undefined) =>
    answerOnce(dataSource, messageId, 'test.sweep', async (tx) => {
      const [, deleted] = await tx.query<[unknown[], number]>('DELETE FROM swept');
      return { deleted };
    });

  const fill = (n: number) => dataSource.query(`INSERT INTO swept SELECT FROM generate_series(1, ${n})`);

  it('answers a message delivered again with its first answer, and does nothing more', async () => {
    await fill(3);
    const id = randomUUID();
    await expect(sweep(id)).resolves.toEqual({ deleted: 3 });
    await fill(2);
    await expect(sweep(id)).resolves.toEqual({ deleted: 3 });
    expect(await dataSource.query('SELECT count(*)::int AS n FROM swept')).toEqual([{ n: 2 }]);
    // A new message is judged on its own.
    await expect(sweep(randomUUID())).resolves.toEqual({ deleted: 2 });
  });

  it('runs the work once when a delivery races its own redelivery', async () => {
    await fill(4);
    const id = randomUUID();
    const answers = await Promise.all([sweep(id), sweep(id), sweep(id)]);
    expect(answers).toEqual([{ deleted: 4 }, { deleted: 4 }, { deleted: 4 }]);
  });

  it('keeps nothing when the work fails, so the next delivery does it', async () => {
    await fill(1);
    const id = randomUUID();
    await expect(
      answerOnce(dataSource, id, 'test.sweep', async (tx) => {
        await tx.query('DELETE FROM swept');
        throw new Error('connection reset');
      }),
    ).rejects.toThrow('connection reset');
    await expect(sweep(id)).resolves.toEqual({ deleted: 1 });
  });

  it('without a message id (a call from inside the service) just runs', async () => {
    const kept = () => dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM kept_answers');
    const before = await kept();
    await fill(1);
    await expect(sweep(undefined)).resolves.toEqual({ deleted: 1 });
    await expect(sweep(undefined)).resolves.toEqual({ deleted: 0 });
    expect(await kept()).toEqual(before);
  });
});
