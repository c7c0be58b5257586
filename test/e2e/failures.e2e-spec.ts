import { ErrorCode } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { bearer, register } from '../support/api.js';
import { MailSink } from '../support/mail-sink.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

describe('Foundation: when a service is down', () => {
  let system: TestSystem;
  let redis: Redis;
  let mail: MailSink;

  beforeAll(async () => {
    mail = await MailSink.start();
    system = await TestSystem.start({ env: { REQUEST_TIMEOUT_MS: '1000', SMTP_URL: mail.url } });
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await redis?.quit();
    await system?.stop();
    await mail?.stop();
  });

  it('answers 504 with a clear error when the customers service does not reply, and recovers', async () => {
    const c = await register(system.url);
    await system.stopService('customers');
    const res = await request(system.url).get('/api/v1/me').set(bearer(c.accessToken)).expect(504);
    expect(res.body).toMatchObject({
      code: ErrorCode.Timeout,
      message: 'No reply to customers.get-profile from the customers service within 1000 ms',
    });
    await system.startService('customers');
    await request(system.url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
  });

  it('an erasure waits for every receipt: with notifications down it stays in progress, then completes', async () => {
    const c = await register(system.url);
    await system.stopService('notifications');
    const accepted = await request(system.url)
      .post('/api/v1/privacy/requests')
      .set(bearer(c.accessToken))
      .send({ type: 'erasure' })
      .expect(202);
    const requestId = accepted.body.id as string;
    const account = () => system.sql('SELECT 1 FROM customers.accounts WHERE id = $1', [c.customerId]);

    const parentQueue = new Queue('privacy', { connection: redis, prefix: system.prefix });
    const customersQueue = new Queue('customers', { connection: redis, prefix: system.prefix });
    try {
      // Orders and privacy have answered. The customers step waits for notifications to seal the
      // address for the outcome notice, so the subject's account is still there.
      await waitFor(
        async () => {
          const parent = await Job.fromId(parentQueue, requestId);
          const counts = await parent?.getDependenciesCount();
          return counts?.processed === 2 && counts.unprocessed === 2;
        },
        { timeoutMs: 10_000, description: 'two of four receipts' },
      );
      const parent = await Job.fromId(parentQueue, requestId);
      expect(await parent?.getState()).toBe('waiting-children');
      const customersStep = await Job.fromId(customersQueue, `${requestId}-customers`);
      expect(await customersStep?.getState()).toBe('waiting-children');
      expect(await account()).toHaveLength(1);
      const pending = await request(system.url)
        .get(`/api/v1/privacy/requests/${requestId}`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(pending.body).toMatchObject({ status: 'in_progress', receipts: [] });

      await system.startService('notifications');
      // Read over the transport: the subject's token is refused once their account is erased.
      const done = await system.privacyRequestWhen(requestId, c.customerId);
      expect(done.receipts).toHaveLength(4);
      expect(await account()).toEqual([]);
      // Erased, and still told so: the outcome notice went to the address sealed before.
      const notices = await waitFor(
        () => {
          const found = mail.to(c.email).filter((m) => m.subject === 'Henkilötietosi on poistettu');
          return found.length ? found : null;
        },
        { timeoutMs: 10_000, description: 'the outcome notice' },
      );
      expect(notices).toHaveLength(1);
    } finally {
      await Promise.all([parentQueue.close(), customersQueue.close()]);
    }
  });
});
