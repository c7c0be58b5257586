import { randomUUID } from 'node:crypto';
import { type ContactDetails, ErrorCode, type EventName, type EventPayload } from '@offera/contracts';
import { scanPostgres, scanRedis, waitFor } from '@offera/testing';
import { BullMqClient, MessageBus, RemoteError } from '@offera/transport';
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MessagesService } from '../../apps/notifications/src/messages/messages.service.js';
import { ContactDirectory } from '../support/contact-directory.js';
import { MailSink, type ReceivedMail } from '../support/mail-sink.js';
import { SmsSink } from '../support/sms-sink.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

const HOUR = 3600_000;
const WEB = 'https://offera.test';

describe('Notifications: email and SMS through real local servers', () => {
  let system: TestSystem;
  let mail: MailSink;
  let sms: SmsSink;
  let directory: ContactDirectory;
  let client: BullMqClient;
  let bus: MessageBus;
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    mail = await MailSink.start();
    sms = await SmsSink.start();
    // Only the notifications service: the test stands in for customers (contacts) and emits
    // the orders and privacy services' events itself, exactly as their outbox relays do.
    system = await TestSystem.start({
      services: ['notifications'],
      env: {
        SMTP_URL: mail.url,
        SMS_API_URL: sms.url,
        SMS_API_KEY: 'test-sms-key',
        DELIVERY_BACKOFF_MS: '100',
        DELIVERY_ATTEMPTS: '12',
        WEB_BASE_URL: WEB,
        UNSUBSCRIBE_BASE_URL: `${WEB}/unsubscribe`,
        CONTROLLER_NAME: 'Offera Testi Oy',
        SMTP_MAX_CONNECTIONS: '10',
      },
    });
    directory = await ContactDirectory.start(REDIS_URL, system.prefix);
    client = system.gateway!.get(BullMqClient);
    bus = system.gateway!.get(MessageBus);
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue('notifications', { connection: redis, prefix: system.prefix });
  });

  afterAll(async () => {
    await queue?.close();
    await redis?.quit();
    await directory?.stop();
    await system?.stop();
    await mail?.stop();
    await sms?.stop();
  });

  const publish = async <N extends EventName>(name: N, payload: EventPayload<N>, id = randomUUID()) => {
    await client.publishEvent(name, payload, id);
    return id;
  };
  const now = () => new Date().toISOString();
  const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();
  const mailsTo = async (c: ContactDetails, n = 1): Promise<ReceivedMail[]> => {
    await waitFor(() => mail.to(c.email).length >= n, { timeoutMs: 10_000, description: `${n} mail(s)` });
    return mail.to(c.email);
  };
  const placed = (c: ContactDetails, startsAt = inHours(48), orderId = randomUUID()) =>
    ({ orderId, customerId: c.accountId, startsAt, seriesId: null, occurredAt: now() }) as const;
  const messagesOf = (recipientId: string) =>
    system.sql<{
      id: string;
      template: string;
      channel: string;
      status: string;
      attempts: number;
      last_error: string | null;
    }>(
      `SELECT id, template, channel, status, attempts, last_error FROM notifications.outgoing_messages
        WHERE recipient_id = $1 ORDER BY created_at`,
      [recipientId],
    );
  /** Until none of the recipient's messages is still pending or being sent. */
  const settled = (c: ContactDetails) =>
    waitFor(
      async () => (await messagesOf(c.accountId)).every((m) => !['pending', 'sending'].includes(m.status)),
      {
        description: 'the messages to be marked sent or failed',
      },
    );

  describe('order messages', () => {
    it('order received: once, in Finnish by default, with the controller from config', async () => {
      const c = directory.add();
      const order = placed(c, '2030-06-03T09:00:00Z');
      await publish('order.placed', order);
      const [m] = await mailsTo(c);
      expect(m.subject).toBe(`Tilauksesi on vastaanotettu (${order.orderId.slice(0, 8).toUpperCase()})`);
      expect(m.text).toContain(`Hei ${c.firstName},`);
      expect(m.text).toContain('ajankohta 3.6.2030 klo 12.00'); // Finnish time
      expect(m.text).toContain('Offera Testi Oy, Y-tunnus 3230846-4');
      expect(m.html).toContain('<p>Olemme vastaanottaneet siivoustilauksesi');
      expect(m.text).not.toMatch(/unsubscribe|Peru tilaus/i);
      expect(mail.to(c.email)).toHaveLength(1);
      await settled(c);
      const [row] = await messagesOf(c.accountId);
      expect(row).toMatchObject({ template: 'order-received', status: 'sent', attempts: 1 });
      // Every attempt carries the same Message-ID, by which mail systems drop a resent duplicate.
      expect(m.headers.get('message-id')).toBe(`<${row.id}@offera.fi>`);
    });

    it('order received in English for an English speaker', async () => {
      const c = directory.add({ language: 'en' });
      await publish('order.placed', placed(c, '2030-06-03T09:00:00Z'));
      const [m] = await mailsTo(c);
      expect(m.subject).toMatch(/^We have received your order/);
      expect(m.text).toContain(`Hi ${c.firstName},`);
      expect(m.text).toContain('3 June 2030 at 12:00');
      expect(m.text).toContain('Business ID 3230846-4');
    });

    it('provider assigned names the provider (looked up when sent, not stored)', async () => {
      const c = directory.add({ language: 'en' });
      const p = directory.add({ role: 'provider' });
      const orderId = randomUUID();
      await publish('order.assigned', {
        orderId,
        customerId: c.accountId,
        providerId: p.accountId,
        startsAt: inHours(72),
        occurredAt: now(),
      });
      const [m] = await mailsTo(c);
      expect(m.subject).toMatch(/^Your cleaner is confirmed/);
      expect(m.text).toContain(`${p.firstName} will do your cleaning`);
      expect(await scanPostgres(system.db.adminUrl, [p.firstName, p.email])).toEqual([]);
    });

    it('new offers go to providers by SMS with the bearer key, by email to one without a phone', async () => {
      const withPhone = directory.add({ role: 'provider', phone: '+358401234567', language: 'fi' });
      const noPhone = directory.add({ role: 'provider', language: 'en' });
      const c = directory.add();
      await publish('order.offered', {
        orderId: randomUUID(),
        customerId: c.accountId,
        providerIds: [withPhone.accountId, noPhone.accountId],
        startsAt: '2030-06-03T09:00:00Z',
        expiresAt: '2030-06-02T09:00:00Z',
        occurredAt: now(),
      });
      await waitFor(() => sms.to('+358401234567').length > 0);
      const [text] = sms.to('+358401234567');
      expect(text.authorization).toBe('Bearer test-sms-key');
      // The provider drops a resent duplicate by its Idempotency-Key: the outgoing message's id.
      const [row] = await messagesOf(withPhone.accountId);
      expect(text.idempotencyKey).toBe(row.id);
      expect(text.text).toContain('Uusi keikka tarjolla');
      expect(text.text).toContain(`${WEB}/provider/offers`);
      const [m] = await mailsTo(noPhone);
      expect(m.subject).toMatch(/^New job offer/);
      expect(mail.to(c.email)).toHaveLength(0);
    });

    it('visit completed asks for a rating', async () => {
      const c = directory.add();
      const orderId = randomUUID();
      await publish('order.completed', {
        orderId,
        customerId: c.accountId,
        providerId: randomUUID(),
        occurredAt: now(),
      });
      const [m] = await mailsTo(c);
      expect(m.subject).toMatch(/^Siivous on tehty/);
      expect(m.text).toContain(`${WEB}/orders/${orderId}/rate`);
      expect(m.html).toContain(`href="${WEB}/orders/${orderId}/rate"`);
    });

    it('a provider giving the job back tells the customer the order stands and is offered again', async () => {
      const c = directory.add();
      const p = directory.add({ role: 'provider' });
      const order = placed(c, '2030-06-03T09:00:00Z');
      await publish('order.released', {
        orderId: order.orderId,
        customerId: c.accountId,
        providerId: p.accountId,
        startsAt: order.startsAt,
        occurredAt: now(),
      });
      const [m] = await mailsTo(c);
      expect(m.subject).toMatch(/^Etsimme sinulle uutta siivoojaa/);
      expect(m.text).toContain('Tilauksesi on voimassa');
      expect(m.text).toContain('3.6.2030');
      // The provider who released it is not written to about it.
      expect(mail.to(p.email)).toEqual([]);
    });

    it('a cancellation tells the customer the fee and the provider the job is off', async () => {
      const c = directory.add();
      const p = directory.add({ role: 'provider' });
      const order = placed(c);
      await publish('order.placed', order);
      await mailsTo(c);
      await publish('order.cancelled', {
        orderId: order.orderId,
        customerId: c.accountId,
        providerId: p.accountId,
        startsAt: order.startsAt,
        cancelledBy: 'customer',
        feeCents: 2550,
        occurredAt: now(),
      });
      const mails = await mailsTo(c, 2);
      expect(mails[1].subject).toMatch(/^Tilauksesi on peruttu/);
      expect(mails[1].text).toContain('Peruutusmaksu: 25,50 €.');
      const [pm] = await mailsTo(p);
      expect(pm.subject).toMatch(/^Keikka on peruttu/);
    });

    it('welcome email on registration', async () => {
      const c = directory.add({ language: 'en' });
      await publish('customer.registered', { customerId: c.accountId, occurredAt: now() });
      const [m] = await mailsTo(c);
      expect(m.subject).toBe('Welcome to Offera');
    });
  });

  describe('visit reminders', () => {
    const reminderJob = (orderId: string) => queue.getJob(`reminder-${orderId}`);
    const dueOf = async (orderId: string) => {
      const job = await reminderJob(orderId);
      return job ? job.timestamp + (job.delay ?? 0) : null;
    };

    it('is a delayed job 24 h before the visit, moved when rescheduled and removed when cancelled', async () => {
      const c = directory.add();
      const order = placed(c, inHours(48));
      await publish('order.placed', order);
      const due1 = await waitFor(() => dueOf(order.orderId));
      expect(Math.abs(due1 - (Date.parse(order.startsAt) - 24 * HOUR))).toBeLessThan(5000);
      expect(await (await reminderJob(order.orderId))!.getState()).toBe('delayed');

      const later = inHours(96);
      await publish('order.rescheduled', {
        orderId: order.orderId,
        customerId: c.accountId,
        providerId: null,
        startsAt: later,
        previousStartsAt: order.startsAt,
        occurredAt: now(),
      });
      const movedTo = Date.parse(later) - 24 * HOUR;
      await waitFor(async () => Math.abs(((await dueOf(order.orderId)) ?? 0) - movedTo) < 5000);
      const due2 = (await dueOf(order.orderId)) ?? 0;
      expect(due2).toBeGreaterThan(due1 + 47 * HOUR);
      const [row] = await system.sql<{ due_at: Date; status: string }>(
        'SELECT due_at, status FROM notifications.reminders WHERE order_id = $1',
        [order.orderId],
      );
      expect(row.status).toBe('scheduled');
      expect(row.due_at.getTime()).toBe(Date.parse(later) - 24 * HOUR);

      await publish('order.cancelled', {
        orderId: order.orderId,
        customerId: c.accountId,
        providerId: null,
        startsAt: later,
        cancelledBy: 'company',
        feeCents: 0,
        occurredAt: now(),
      });
      await waitFor(async () => (await reminderJob(order.orderId)) === undefined, {
        description: 'job removed',
      });
      const [cancelled] = await system.sql<{ status: string }>(
        'SELECT status FROM notifications.reminders WHERE order_id = $1',
        [order.orderId],
      );
      expect(cancelled.status).toBe('cancelled');
      const mails = await mailsTo(c, 3);
      const moved = mails.find((x) => x.subject.startsWith('Siivouksesi ajankohta on muuttunut'));
      expect(moved?.text).toMatch(/uusi ajankohta on \d+\.\d+\.\d{4} klo \d+\.\d{2} \(aiemmin /);
      const m = mails.find((x) => x.subject.startsWith('Tilauksesi on peruttu'));
      expect(m?.text).toContain('on peruttu meidän toimestamme');
      expect(m?.text).toContain('Peruutuksesta ei peritä maksua.');
      expect(mail.to(c.email)).toHaveLength(3);
    });

    it('fires at its time by email and SMS, once', async () => {
      const c = directory.add({ phone: '+358409876543', language: 'en' });
      const order = placed(c, new Date(Date.now() + 24 * HOUR + 1500).toISOString());
      await publish('order.placed', order);
      const mails = await mailsTo(c, 2);
      expect(mails.map((m) => m.subject).sort()).toEqual([
        expect.stringMatching(/^Reminder of your cleaning/),
        expect.stringMatching(/^We have received your order/),
      ]);
      await waitFor(() => sms.to(c.phone ?? '').length > 0);
      const [text] = sms.to(c.phone ?? '');
      expect(text.text).toContain('A reminder: your cleaning');
      // The reminder is marked sent just after its messages are queued, which may be after they went out.
      await waitFor(
        async () =>
          (
            await system.sql<{ status: string }>(
              'SELECT status FROM notifications.reminders WHERE order_id = $1',
              [order.orderId],
            )
          )[0]?.status === 'sent',
        { description: 'the reminder to be marked sent' },
      );
    });
  });

  describe('delivery', () => {
    it('a duplicate event sends nothing new, even after its job is gone', async () => {
      const c = directory.add();
      const event = placed(c);
      const id = await publish('order.placed', event);
      await mailsTo(c);
      // While the event's job is kept, BullMQ itself ignores the duplicate.
      await publish('order.placed', event, id);
      // Later, the job is gone and the event is handled again: the unique key stops it.
      await waitFor(async () => (await queue.getJobState(id)) === 'completed');
      await queue.remove(id);
      await publish('order.placed', event, id);
      await waitFor(async () => (await queue.getJobState(id)) === 'completed', {
        description: 'handled again',
      });
      await settled(c);
      const rows = await messagesOf(c.accountId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'sent', attempts: 1 });
      expect(mail.to(c.email)).toHaveLength(1);
    });

    it('an SMTP outage is retried with backoff and delivered when the server is back', async () => {
      const c = directory.add();
      await mail.stop();
      try {
        await publish('order.placed', placed(c));
        await waitFor(
          async () => {
            const [m] = await messagesOf(c.accountId);
            return m && m.attempts >= 2;
          },
          { description: 'two failed attempts' },
        );
      } finally {
        await mail.listen();
      }
      await mailsTo(c);
      // The mail reaches the server a moment before its row is marked sent.
      await settled(c);
      const [m] = await messagesOf(c.accountId);
      expect(m.status).toBe('sent');
      const attempts = await system.sql<{ outcome: string; code: string | null }>(
        'SELECT outcome, code FROM notifications.delivery_attempts WHERE message_id = $1 ORDER BY attempt',
        [m.id],
      );
      expect(attempts.length).toBe(m.attempts);
      expect(attempts.slice(0, -1).every((a) => a.outcome === 'transient')).toBe(true);
      expect(attempts.at(-1)).toEqual({ outcome: 'sent', code: null });
      expect(mail.to(c.email)).toHaveLength(1);
    });

    it('a rejected address (550) is marked failed and not retried', async () => {
      const c = directory.add();
      mail.rejected.add(c.email);
      await publish('order.placed', placed(c));
      await waitFor(async () => (await messagesOf(c.accountId))[0]?.status === 'failed');
      const [m] = await messagesOf(c.accountId);
      expect(m).toMatchObject({ attempts: 1, last_error: 'smtp_550' });
      // Another message goes through meanwhile; the failed one was not tried again.
      const other = directory.add();
      await publish('order.placed', placed(other));
      await mailsTo(other);
      const attempts = await system.sql(
        'SELECT outcome, code FROM notifications.delivery_attempts WHERE message_id = $1',
        [m.id],
      );
      expect(attempts).toEqual([{ outcome: 'permanent', code: 'smtp_550' }]);
      expect(await queue.getJob(`deliver-${m.id}`)).toBeUndefined();
    });

    it('an SMS the provider refuses (400) fails permanently; one it cannot take now (503) is retried', async () => {
      const p = directory.add({ role: 'provider', phone: '+358401112223' });
      sms.failWith = 400;
      const offer = {
        orderId: randomUUID(),
        customerId: randomUUID(),
        providerIds: [p.accountId],
        startsAt: inHours(30),
        expiresAt: inHours(5),
        occurredAt: now(),
      };
      try {
        await publish('order.offered', offer);
        await waitFor(async () => (await messagesOf(p.accountId))[0]?.status === 'failed');
        sms.failWith = 503;
        await publish('order.offered', { ...offer, orderId: randomUUID() });
        await waitFor(async () => ((await messagesOf(p.accountId))[1]?.attempts ?? 0) >= 2);
      } finally {
        sms.failWith = null;
      }
      await waitFor(async () => (await messagesOf(p.accountId))[1]?.status === 'sent');
      const rows = await messagesOf(p.accountId);
      expect(sms.to(p.phone ?? '')).toHaveLength(1);
      expect(rows.map((r) => [r.status, r.last_error])).toEqual([
        ['failed', 'http_400'],
        ['sent', null],
      ]);
    });
  });

  describe('retention', () => {
    it('the daily job deletes finished messages past retention, and stale contact snapshots', async () => {
      const old = directory.add();
      const recent = directory.add();
      await publish('order.placed', placed(old));
      await publish('order.placed', placed(recent));
      await mailsTo(old);
      await mailsTo(recent);
      await system.sql(
        `UPDATE notifications.outgoing_messages SET created_at = now() - interval '800 days' WHERE recipient_id = $1`,
        [old.accountId],
      );
      const staleRequest = randomUUID();
      await system.sql(
        `INSERT INTO notifications.request_notices (request_id, subject_id, type, due_at, sealed_contact)
         VALUES ($1, $2, 'erasure', now() - interval '100 days', 'v1.sealed')`,
        [staleRequest, old.accountId],
      );
      const result = await bus.send('notifications.purge-expired', {});
      expect(result.messages).toBeGreaterThanOrEqual(1);
      expect(result.requestNotices).toBeGreaterThanOrEqual(1);
      expect(await messagesOf(old.accountId)).toEqual([]);
      expect(await messagesOf(recent.accountId)).toHaveLength(1);
      expect(
        await system.sql('SELECT 1 FROM notifications.request_notices WHERE request_id = $1', [staleRequest]),
      ).toEqual([]);
      await expect(bus.send('notifications.purge-expired', { olderThanDays: -1 })).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
      });
      // The job is registered as a daily scheduler.
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((j) => j.name)).toContain('notifications.purge-expired');
    });
  });

  describe('marketing', () => {
    const consent = (subjectId: string, granted: boolean) =>
      publish('consent.changed', { subjectId, purpose: 'marketing', granted, occurredAt: now() });
    const prefs = (subjectId: string) =>
      system.sql<{ consent: boolean; restricted: boolean; objected_at: Date | null }>(
        'SELECT consent, restricted, objected_at FROM notifications.marketing_preferences WHERE subject_id = $1',
        [subjectId],
      );

    it('only with consent; never after objection or under restriction; suppression outlives erasure', async () => {
      const none = directory.add();
      const consented = directory.add({ language: 'en' });
      const objected = directory.add();
      const restricted = directory.add();
      const lifted = directory.add();
      for (const c of [consented, objected, restricted, lifted]) await consent(c.accountId, true);
      await publish('subject.marketing-objected', {
        subjectId: objected.accountId,
        requestId: null,
        occurredAt: now(),
      });
      await publish('subject.restriction-changed', {
        subjectId: restricted.accountId,
        restricted: true,
        requestId: null,
        occurredAt: now(),
      });
      await publish('subject.restriction-changed', {
        subjectId: lifted.accountId,
        restricted: true,
        requestId: null,
        occurredAt: new Date(Date.now() - 1000).toISOString(),
      });
      await publish('subject.restriction-changed', {
        subjectId: lifted.accountId,
        restricted: false,
        requestId: null,
        occurredAt: now(),
      });
      await waitFor(async () => (await prefs(objected.accountId))[0]?.objected_at);
      await waitFor(async () => (await prefs(restricted.accountId))[0]?.restricted);
      await waitFor(async () => (await prefs(consented.accountId))[0]?.consent);
      await waitFor(async () => (await prefs(lifted.accountId))[0]?.consent);
      // The objector's address is suppressed, as a keyed hash only.
      expect(await scanPostgres(system.db.adminUrl, [objected.email])).toEqual([]);
      const [{ n: suppressed }] = await system.sql<{ n: string }>(
        'SELECT count(*) AS n FROM notifications.suppression_list',
      );
      expect(Number(suppressed)).toBeGreaterThanOrEqual(1);

      const campaignId = randomUUID();
      const recipients = [none, consented, objected, restricted, lifted].map((c) => c.accountId);
      // The lifted restriction may still be in flight: wait until its projection shows it.
      await waitFor(async () => (await prefs(lifted.accountId))[0]?.restricted === false);
      expect(
        await bus.send('notifications.send-marketing', { campaignId, recipientIds: recipients }),
      ).toEqual({
        sent: 2,
        skipped: 3,
      });
      const [m] = await mailsTo(consented);
      expect(m.subject).toBe('News from Offera');
      // The link names nobody in clear; the same link is in the one-click headers (RFC 8058).
      expect(m.text).toMatch(new RegExp(`Unsubscribe: ${WEB}/unsubscribe\\?t=[\\w-]+&l=en`));
      expect(m.text).not.toContain(consented.accountId);
      const linkText = /Unsubscribe: (\S+)/.exec(m.text)?.[1] ?? '';
      expect(JSON.stringify(m.headers.get('list'))).toContain(linkText);
      expect(m.headers.get('list')).toMatchObject({
        'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
      });
      const [lm] = await mailsTo(lifted);
      expect(lm.text).toContain('Peru tilaus:');
      for (const c of [none, objected, restricted]) expect(mail.to(c.email)).toHaveLength(0);
      // Sending the campaign again sends nothing new.
      expect(
        await bus.send('notifications.send-marketing', { campaignId, recipientIds: recipients }),
      ).toEqual({
        sent: 0,
        skipped: 5,
      });

      // The unsubscribe link withdraws consent (a forged one changes nothing): nothing more.
      const link = new URL(linkText);
      await expect(
        bus.send('notifications.unsubscribe', { token: 'forged', confirm: true }),
      ).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, reason: 'INVALID_UNSUBSCRIBE_LINK' });
      expect((await prefs(consented.accountId))[0].consent).toBe(true);
      expect(
        await bus.send('notifications.unsubscribe', {
          token: link.searchParams.get('t') ?? '',
          confirm: true,
        }),
      ).toEqual({ unsubscribed: true });
      expect((await prefs(consented.accountId))[0].consent).toBe(false);
      expect(
        await bus.send('notifications.send-marketing', {
          campaignId: randomUUID(),
          recipientIds: [consented.accountId],
        }),
      ).toEqual({ sent: 0, skipped: 1 });

      // The objector is erased; the suppression entry stays and still stops the address.
      await bus.send('notifications.erase-subject', {
        requestId: randomUUID(),
        subjectId: objected.accountId,
      });
      directory.forget(objected.accountId);
      expect(await prefs(objected.accountId)).toEqual([]);
      const again = directory.add({ email: objected.email });
      await consent(again.accountId, true);
      await waitFor(async () => (await prefs(again.accountId))[0]?.consent);
      expect(
        await bus.send('notifications.send-marketing', {
          campaignId: randomUUID(),
          recipientIds: [again.accountId],
        }),
      ).toEqual({ sent: 0, skipped: 1 });
      expect(mail.to(objected.email)).toHaveLength(0);
    });

    it('under restriction no order message is sent, but the privacy-request receipt is', async () => {
      const c = directory.add();
      await publish('subject.restriction-changed', {
        subjectId: c.accountId,
        restricted: true,
        requestId: null,
        occurredAt: now(),
      });
      await waitFor(async () => (await prefs(c.accountId))[0]?.restricted);
      await publish('order.placed', placed(c));
      await waitFor(async () => (await messagesOf(c.accountId))[0]?.status === 'cancelled');
      expect((await messagesOf(c.accountId))[0]).toMatchObject({
        template: 'order-received',
        last_error: 'restricted',
      });
      await publish('privacy-request.status-changed', {
        requestId: randomUUID(),
        subjectId: c.accountId,
        type: 'restriction',
        status: 'received',
        entered: ['received'],
        dueAt: inHours(24 * 30),
        reason: null,
        occurredAt: now(),
      });
      const [m] = await mailsTo(c);
      expect(m.subject).toBe('Tietosuojapyyntösi on vastaanotettu');
      expect(mail.to(c.email)).toHaveLength(1);
    });

    it('refuses a malformed campaign', async () => {
      await expect(
        bus.send('notifications.send-marketing', { campaignId: 'x', recipientIds: [] }),
      ).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
      await expect(
        bus.send('notifications.send-marketing', { campaignId: randomUUID(), recipientIds: ['nope'] }),
      ).rejects.toBeInstanceOf(RemoteError);
    });
  });

  describe('privacy requests', () => {
    const status = (
      subjectId: string,
      requestId: string,
      type: EventPayload<'privacy-request.status-changed'>['type'],
      s: EventPayload<'privacy-request.status-changed'>['status'],
      dueAt: string,
      reason: string | null = null,
      entered: readonly EventPayload<'privacy-request.status-changed'>['status'][] = [s],
    ) =>
      publish('privacy-request.status-changed', {
        requestId,
        subjectId,
        type,
        status: s,
        entered,
        dueAt,
        reason,
        occurredAt: now(),
      });

    it('an extension whose delivery failed after it moved the date is still told on retry', async () => {
      const c = directory.add();
      const requestId = randomUUID();
      await status(c.accountId, requestId, 'access', 'received', '2030-07-01T09:00:00Z');
      await mailsTo(c);
      // The first delivery of the extension moves the due date, then fails before queueing the
      // notice; the event is delivered again.
      const messages = system.services.get('notifications')!.get(MessagesService);
      messages.queue = () => {
        Reflect.deleteProperty(messages, 'queue');
        return Promise.reject(new Error('connection reset'));
      };
      try {
        await status(
          c.accountId,
          requestId,
          'access',
          'verified',
          '2030-09-01T09:00:00Z',
          'Pyyntö on laaja.',
        );
        const [, extended] = await mailsTo(c, 2);
        expect(extended.subject).toBe('Tietosuojapyyntösi käsittelyaikaa on jatkettu');
      } finally {
        Reflect.deleteProperty(messages, 'queue');
      }
    });

    it('receipt, extension, rejection with the right to complain, and export link', async () => {
      const c = directory.add();
      const requestId = randomUUID();
      await status(c.accountId, requestId, 'access', 'received', '2030-07-01T09:00:00Z');
      const [receipt] = await mailsTo(c);
      expect(receipt.subject).toBe('Tietosuojapyyntösi on vastaanotettu');
      expect(receipt.text).toContain('pääsy omiin tietoihin');
      expect(receipt.text).toContain('viimeistään 1.7.2030');
      await status(c.accountId, requestId, 'access', 'verified', '2030-09-01T09:00:00Z', 'Pyyntö on laaja.');
      const [, extended] = await mailsTo(c, 2);
      expect(extended.subject).toBe('Tietosuojapyyntösi käsittelyaikaa on jatkettu');
      expect(extended.text).toContain('1.9.2030 asti');
      expect(extended.text).toContain('Syy: Pyyntö on laaja.');
      await publish('privacy-export.ready', {
        requestId,
        subjectId: c.accountId,
        expiresAt: '2030-07-08T09:00:00Z',
        occurredAt: now(),
      });
      const [, , ready] = await mailsTo(c, 3);
      expect(ready.text).toContain(`${WEB}/privacy/requests/${requestId}/export`);
      const e = directory.add({ language: 'en' });
      await status(
        e.accountId,
        randomUUID(),
        'rectification',
        'rejected',
        '2030-07-01T09:00:00Z',
        'Unfounded.',
      );
      const [rejected] = await mailsTo(e);
      expect(rejected.text).toContain('Justification: Unfounded.');
      expect(rejected.text).toContain('Data Protection Ombudsman');
    });

    it('one receipt for several steps at once, and none again when only the due date moves', async () => {
      const c = directory.add();
      // A request received, verified, approved and started in one change.
      const steps = ['received', 'verified', 'approved', 'in_progress'] as const;
      await status(
        c.accountId,
        randomUUID(),
        'restriction',
        'in_progress',
        '2030-07-01T09:00:00Z',
        null,
        steps,
      );
      const [receipt] = await mailsTo(c);
      expect(receipt.subject).toBe('Tietosuojapyyntösi on vastaanotettu');
      // A letter still waiting for verification is extended: a new date, not a new request.
      const letter = randomUUID();
      await status(c.accountId, letter, 'access', 'received', '2030-07-01T09:00:00Z');
      await mailsTo(c, 2);
      await status(c.accountId, letter, 'access', 'received', '2030-09-01T09:00:00Z', 'Laaja.', []);
      const [, , extended] = await mailsTo(c, 3);
      expect(extended.subject).toBe('Tietosuojapyyntösi käsittelyaikaa on jatkettu');
      // Each event queues its messages in one statement, so a second receipt would be here by now.
      expect((await messagesOf(c.accountId)).map((m) => m.template)).toEqual([
        'privacy-request-received',
        'privacy-request-received',
        'privacy-request-extended',
      ]);
    });

    it('an erasure carried out at once sends no receipt: its outcome notice follows', async () => {
      const c = directory.add();
      const steps = ['received', 'verified', 'approved', 'in_progress'] as const;
      const id = await status(c.accountId, randomUUID(), 'erasure', 'in_progress', inHours(720), null, steps);
      await waitFor(async () => (await Job.fromId(queue, id))?.finishedOn !== undefined, {
        description: 'the event to be handled',
      });
      expect(await messagesOf(c.accountId)).toEqual([]);
      // A letter's erasure, received and waiting for verification, is acknowledged.
      await status(c.accountId, randomUUID(), 'erasure', 'received', inHours(720));
      const [receipt] = await mailsTo(c);
      expect(receipt.subject).toBe('Tietosuojapyyntösi on vastaanotettu');
    });

    it('a verification code is sent, and not kept once sent', async () => {
      const c = directory.add();
      const code = '48213957';
      await publish('privacy-request.verification-code-issued', {
        requestId: randomUUID(),
        subjectId: c.accountId,
        code,
        expiresAt: inHours(0.2),
        occurredAt: now(),
      });
      const [m] = await mailsTo(c);
      expect(m.text).toContain(`Vahvistuskoodisi on ${code}`);
      expect(await scanPostgres(system.db.adminUrl, [code])).toEqual([]);
      expect(await scanRedis(REDIS_URL, [code], { prefix: system.prefix })).toEqual([]);
    });

    /** What the privacy service publishes when an erasure completes: the outcome, with its link. */
    const LINK_TOKEN = 'x'.repeat(43);
    const outcome = (requestId: string) =>
      publish('privacy-request.link-issued', {
        requestId,
        type: 'erasure',
        purpose: 'receipts',
        subjectId: null,
        contact: null,
        token: LINK_TOKEN,
        expiresAt: inHours(24 * 7),
        withheld: [
          {
            service: 'orders',
            category: 'invoice',
            basis: 'Kirjanpitolaki 2:10 §',
            until: '2032-12-31',
            count: 1,
          },
        ],
        occurredAt: now(),
      });

    it("an erasure's outcome reaches the subject after their details are erased, then nothing of them remains", async () => {
      const c = directory.add({ phone: '+358405550001' });
      const requestId = randomUUID();
      // Some history: an order with a reminder due later, and one whose SMS reminder keeps failing.
      const later = placed(c, inHours(72));
      const soon = placed(c, new Date(Date.now() + 24 * HOUR + 500).toISOString());
      await publish('order.placed', later);
      sms.failWith = 503;
      let stuckId: string | undefined;
      try {
        await waitFor(() => queue.getJob(`reminder-${later.orderId}`));
        await publish('order.placed', soon);
        const stuck = await waitFor(
          async () => (await messagesOf(c.accountId)).find((m) => m.channel === 'sms' && m.attempts >= 2),
          { description: 'a retrying SMS' },
        );
        stuckId = stuck.id;
        await status(c.accountId, requestId, 'erasure', 'received', inHours(24 * 30));
        await mailsTo(c, 4); // 2 orders received, 1 reminder, 1 receipt
        const receipt = await bus.send('notifications.erase-subject', { requestId, subjectId: c.accountId });
        directory.forget(c.accountId); // the customers service erases too
        expect(receipt.erased).toMatchObject({ outgoing_messages: 5, reminders: 2, request_notices: 0 });
        expect(receipt.erased.delivery_attempts).toBeGreaterThanOrEqual(5);
        expect(receipt.withheld).toEqual([
          expect.objectContaining({
            category: 'contact details for the erasure outcome notice (encrypted)',
            count: 1,
          }),
        ]);
      } finally {
        sms.failWith = null;
      }
      // The retrying delivery and the pending reminder are gone from Redis.
      expect(await queue.getJob(`deliver-${stuckId ?? ''}`)).toBeUndefined();
      expect(await queue.getJob(`reminder-${later.orderId}`)).toBeUndefined();

      await status(c.accountId, requestId, 'erasure', 'completed', inHours(24 * 30));
      // The outcome is told with its one-time link, from the address sealed before the erasure.
      await outcome(requestId);
      const last = (await mailsTo(c, 5))[4];
      expect(last.subject).toBe('Henkilötietosi on poistettu');
      expect(last.text).toContain(`Hei ${c.firstName},`);
      expect(last.text).toContain('säilytetään 31.12.2032 asti');
      expect(last.text).toContain(`/api/v1/privacy/links/${LINK_TOKEN}`);
      await waitFor(
        async () =>
          (await system.sql('SELECT 1 FROM notifications.request_notices WHERE request_id = $1', [requestId]))
            .length === 0,
      );

      const needles = [c.email, c.firstName, c.lastName, c.phone!];
      expect(await scanPostgres(system.db.adminUrl, needles)).toEqual([]);
      expect(await scanRedis(REDIS_URL, needles, { prefix: system.prefix })).toEqual([]);
      const left = await system.sql<{ n: string }>(
        `SELECT (SELECT count(*) FROM notifications.outgoing_messages WHERE recipient_id = $1)
              + (SELECT count(*) FROM notifications.reminders WHERE customer_id = $1)
              + (SELECT count(*) FROM notifications.marketing_preferences WHERE subject_id = $1)
              + (SELECT count(*) FROM notifications.request_notices WHERE subject_id = $1) AS n`,
        [c.accountId],
      );
      expect(Number(left[0].n)).toBe(0);
    });

    it('if the erasure step overtakes the first status event, it seals the contact itself', async () => {
      const c = directory.add({ language: 'en' });
      const requestId = randomUUID();
      const receipt = await bus.send('notifications.erase-subject', { requestId, subjectId: c.accountId });
      directory.forget(c.accountId);
      expect(receipt.withheld).toHaveLength(1);
      await status(c.accountId, requestId, 'erasure', 'completed', inHours(24 * 30));
      await outcome(requestId);
      const [m] = await mailsTo(c);
      expect(m.subject).toBe('Your personal data has been erased');
      expect(m.text).toContain('Invoices (accounting vouchers) (1): legal ground Kirjanpitolaki 2:10 §');
      expect(m.text).toContain('kept until 31 December 2032');
      await waitFor(
        async () =>
          (await system.sql('SELECT 1 FROM notifications.request_notices WHERE request_id = $1', [requestId]))
            .length === 0,
      );
      expect(await scanPostgres(system.db.adminUrl, [c.email, c.firstName])).toEqual([]);
      // Run again for the same request (its answer lost): the same receipt, and no attempt to
      // seal a contact the customers service no longer has.
      expect(await bus.send('notifications.erase-subject', { requestId, subjectId: c.accountId })).toEqual(
        receipt,
      );
    });

    it('exports the messages sent to the subject', async () => {
      const c = directory.add();
      const order = placed(c);
      await publish('order.placed', order);
      await mailsTo(c);
      await settled(c);
      const exported = await bus.send('notifications.export-subject', {
        requestId: randomUUID(),
        subjectId: c.accountId,
        forSubject: true,
      });
      expect(exported.service).toBe('notifications');
      expect(exported.data.messages).toEqual([
        expect.objectContaining({
          template: 'order-received',
          channel: 'email',
          status: 'sent',
          attempts: 1,
        }),
      ]);
      expect(exported.data.reminders).toEqual([
        expect.objectContaining({ orderId: order.orderId, status: 'scheduled' }),
      ]);
      expect(exported.data.deliveryAttempts).toEqual([expect.objectContaining({ outcome: 'sent' })]);
    });
  });

  it('many order.placed events at once: each mailed exactly once', async () => {
    // A correctness check under concurrency; speed is measured by the benchmarks, not here.
    const n = 100;
    const c = directory.add();
    await Promise.all(Array.from({ length: n }, () => publish('order.placed', placed(c))));
    await waitFor(() => mail.to(c.email).length >= n, {
      timeoutMs: 60_000,
      description: `${n} mails`,
    });
    await settled(c);
    expect(mail.to(c.email)).toHaveLength(n);
    const rows = await messagesOf(c.accountId);
    expect(rows).toHaveLength(n);
    expect(rows.every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
  }, 90_000);
});
