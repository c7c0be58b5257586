import { MessageBus } from '@offera/transport';
import request from 'supertest';
import { bearer, register } from '../../../test/support/api.js';
import { TestSystem } from '../../../test/support/system.js';

const SERVICES = ['customers', 'orders', 'notifications', 'privacy'] as const;

/**
 * Erasure receipts are proof that a request was handled, kept as long as the request record
 * (REQUEST_RECORD_RETENTION_YEARS, as the privacy notice states), not forever: each service's
 * retention job deletes its expired ones and keeps the rest.
 */
describe('Privacy: erasure receipts follow the request-record retention', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ env: { REQUEST_RECORD_RETENTION_YEARS: '3' } });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const erase = async (): Promise<string> => {
    const c = await register(system.url);
    const accepted = await request(system.url)
      .post('/api/v1/privacy/requests')
      .set(bearer(c.accessToken))
      .send({ type: 'erasure' })
      .expect(202);
    const id = (accepted.body as { id: string }).id;
    // Read over the transport: the subject's own token ends with the erasure.
    await system.privacyRequestWhen(id, c.customerId, 'completed', 15_000);
    return id;
  };

  const receiptsOf = async (id: string) => {
    const found: string[] = [];
    for (const s of SERVICES)
      if ((await system.sql(`SELECT 1 FROM ${s}.erasure_receipts WHERE request_id = $1`, [id])).length)
        found.push(s);
    return found;
  };

  it('deletes receipts older than the retention in every service and keeps newer ones', async () => {
    const old = await erase();
    const recent = await erase();
    expect(await receiptsOf(old)).toEqual([...SERVICES]);
    // The old erasure was made three years and a day ago; the recent one a year short of expiry.
    for (const s of SERVICES) {
      await system.sql(
        `UPDATE ${s}.erasure_receipts SET erased_at = now() - interval '3 years 1 day' WHERE request_id = $1`,
        [old],
      );
      await system.sql(
        `UPDATE ${s}.erasure_receipts SET erased_at = now() - interval '2 years' WHERE request_id = $1`,
        [recent],
      );
    }

    const bus = system.gateway!.get(MessageBus);
    const results = {
      customers: await bus.send('customers.purge-expired-ips', {}),
      orders: await bus.send('orders.purge-expired-invoices', {}),
      notifications: await bus.send('notifications.purge-expired', {}),
      privacy: await bus.send('privacy.retention-sweep', {}),
    };
    expect(results.customers.erasureReceipts).toBe(1);
    expect(results.orders.erasureReceipts).toBe(1);
    expect(results.notifications.erasureReceipts).toBe(1);
    expect(results.privacy.counts.erasureReceiptsDeleted).toBe(1);

    expect(await receiptsOf(old)).toEqual([]);
    expect(await receiptsOf(recent)).toEqual([...SERVICES]);

    // Run again: nothing more to delete.
    expect((await bus.send('customers.purge-expired-ips', {})).erasureReceipts).toBe(0);
    expect(await receiptsOf(recent)).toEqual([...SERVICES]);
  });
});
