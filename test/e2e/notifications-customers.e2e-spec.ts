import { scanPostgres, scanRedis, waitFor } from '@offera/testing';
import { MessageBus } from '@offera/transport';
import { register } from '../support/api.js';
import { MailSink } from '../support/mail-sink.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

/** With the real customers service: contact details come from its register, and go with it. */
describe('Notifications with the customers service', () => {
  let system: TestSystem;
  let mail: MailSink;

  beforeAll(async () => {
    mail = await MailSink.start();
    system = await TestSystem.start({
      services: ['customers', 'notifications'],
      env: { SMTP_URL: mail.url, DELIVERY_BACKOFF_MS: '100' },
    });
  });

  afterAll(async () => {
    await system?.stop();
    await mail?.stop();
  });

  it('welcomes a newly registered customer by name, and erasure leaves nothing of them', async () => {
    const c = await register(system.url);
    await waitFor(() => mail.to(c.email).length === 1, {
      timeoutMs: 10_000,
      description: 'the welcome email',
    });
    const [welcome] = mail.to(c.email);
    expect(welcome.subject).toBe('Tervetuloa Offeraan');
    expect(welcome.text).toContain(`Hei ${c.firstName},`);

    const bus = system.gateway!.get(MessageBus);
    const requestId = '00000000-0000-4000-8000-000000000001';
    const receipt = await bus.send('notifications.erase-subject', { requestId, subjectId: c.customerId });
    expect(receipt.erased).toMatchObject({ outgoing_messages: 1, delivery_attempts: 1 });
    await bus.send('customers.erase-subject', { requestId, subjectId: c.customerId });
    const needles = [c.email, c.firstName, c.lastName];
    expect(await scanPostgres(system.db.adminUrl, needles)).toEqual([]);
    expect(await scanRedis(REDIS_URL, needles, { prefix: system.prefix })).toEqual([]);
    for (const needle of needles) expect(system.logs.text()).not.toContain(needle);
  });
});
