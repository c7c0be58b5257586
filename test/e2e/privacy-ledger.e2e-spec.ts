import { randomUUID } from 'node:crypto';
import type { ConsentsView, DisclosureView, PrivacyNotice, StaffRequestView } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import { MessageBus } from '@offera/transport';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { Clock } from '../../apps/privacy/src/clock.js';
import { AuditHandlers } from '../../apps/privacy/src/audit/audit.handlers.js';
import { ConsentsService } from '../../apps/privacy/src/consents/consents.service.js';
import { DisclosuresService } from '../../apps/privacy/src/disclosures/disclosures.service.js';
import { DATA_INVENTORY } from '../../apps/privacy/src/notice/data-inventory.js';
import { bearer, register, type Registered } from '../support/api.js';
import { loseNextAnswer } from '../support/redelivery.js';
import { type PublishedEvent, REDIS_URL, TestSystem } from '../support/system.js';

/** The fields of a request view the tests read from a response. */
interface RequestBody {
  readonly id: string;
  readonly status: string;
  readonly dueAt: string;
  readonly receivedAt: string;
  readonly extensionMonths: number;
}
const rq = (r: { body: unknown }) => r.body as RequestBody;

describe('Privacy: consent ledger, disclosure register, audit log and notice', () => {
  let system: TestSystem;
  let url: string;
  let dpo: string;
  /** Every event the privacy service publishes (through its outbox relay), in order. */
  let published: PublishedEvent[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({
      env: {
        CONTROLLER_NAME: 'Offera Testi Oy',
        PRIVACY_CONTACT_EMAIL: 'tietosuoja@offera.test',
        EXCESSIVE_REQUESTS_COUNT: '100',
      },
    });
    url = system.url;
    dpo = await system.tokenFor('dpo');
    published = system.recordEvents('privacy');
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** The privacy service's published events matching `match`, once at least `count` have been. */
  const eventsOf = (name: string, match: (e: Record<string, unknown>) => boolean, count = 1) =>
    waitFor(
      () => {
        const found = published.filter((e) => e.name === name && match(e.payload)).map((e) => e.payload);
        return found.length >= count ? found : null;
      },
      { description: `${count} ${name} event(s)` },
    );

  /** Read over the transport: after an erasure the subject's token is refused. */
  const completed = (c: Registered, id: string) => system.privacyRequestWhen(id, c.customerId);

  describe('cookie consent', () => {
    const cookie = () => ({
      cookieId: `ck_${randomUUID().replace(/-/g, '')}`,
      necessary: true,
      analytics: true,
      marketing: false,
      policyVersion: '2026-01',
    });

    it('is recorded without an account, with policy version, time, cookie id and IP', async () => {
      const body = cookie();
      const res = await request(url).post('/api/v1/privacy/cookie-consents').send(body).expect(201);
      expect(res.body).toEqual({ ...body, id: expect.any(String), recordedAt: expect.any(String) });
      // Withdrawing is the same call with the categories off; both choices are kept.
      await request(url)
        .post('/api/v1/privacy/cookie-consents')
        .send({ ...body, analytics: false })
        .expect(201);
      const rows = await system.sql<{ analytics: boolean; ip: string | null; policy_version: string }>(
        'SELECT analytics, host(ip) AS ip, policy_version FROM privacy.cookie_consents WHERE cookie_id = $1 ORDER BY recorded_at',
        [body.cookieId],
      );
      expect(rows).toEqual([
        { analytics: true, ip: '127.0.0.1', policy_version: '2026-01' },
        { analytics: false, ip: '127.0.0.1', policy_version: '2026-01' },
      ]);
      // Proof is append-only: only the IP may be cleared.
      await expect(
        system.sql('UPDATE privacy.cookie_consents SET analytics = true WHERE cookie_id = $1', [
          body.cookieId,
        ]),
      ).rejects.toThrow(/append-only/);
      await system.sql('UPDATE privacy.cookie_consents SET ip = NULL WHERE cookie_id = $1', [body.cookieId]);
    });

    it('rejects bad input and records nothing', async () => {
      const body = cookie();
      for (const bad of [
        { ...body, necessary: false },
        { ...body, cookieId: 'short' },
        { ...body, analytics: 'yes' },
        { ...body, policyVersion: '' },
        { ...body, email: 'a@example.fi' },
        { cookieId: body.cookieId },
      ])
        await request(url).post('/api/v1/privacy/cookie-consents').send(bad).expect(400);
      expect(
        await system.sql('SELECT 1 FROM privacy.cookie_consents WHERE cookie_id = $1', [body.cookieId]),
      ).toEqual([]);
    });

    it('clears consent IPs past their retention period', async () => {
      const body = cookie();
      await request(url).post('/api/v1/privacy/cookie-consents').send(body).expect(201);
      // Back-date the proof beyond the 90-day retention (recorded_at may not change; the row is re-inserted).
      await system.sql(
        `INSERT INTO privacy.cookie_consents (id, cookie_id, analytics, marketing, policy_version, ip, recorded_at)
         VALUES ($1, $2, true, true, '2025-01', '10.0.0.1', now() - interval '91 days')`,
        [randomUUID(), body.cookieId],
      );
      const swept = await system.gateway!.get(MessageBus).send('privacy.retention-sweep', {});
      expect(swept.counts.consentIpsCleared).toBeGreaterThanOrEqual(1);
      const rows = await system.sql<{ policy_version: string; ip: string | null }>(
        'SELECT policy_version, host(ip) AS ip FROM privacy.cookie_consents WHERE cookie_id = $1 ORDER BY recorded_at',
        [body.cookieId],
      );
      expect(rows).toEqual([
        { policy_version: '2025-01', ip: null },
        { policy_version: '2026-01', ip: '127.0.0.1' },
      ]);
    });
  });

  describe('marketing and third-party consent', () => {
    it('gives and withdraws consent as easily, keeps the whole history and announces each change', async () => {
      const c = await register(url);
      const initial = await request(url)
        .get('/api/v1/privacy/consents')
        .set(bearer(c.accessToken))
        .expect(200);
      expect(initial.body).toEqual({
        consents: [
          { purpose: 'marketing', granted: false, since: null },
          { purpose: 'third_party_disclosure', granted: false, since: null },
        ],
        history: [],
      });
      await request(url)
        .put('/api/v1/privacy/consents')
        .set(bearer(c.accessToken))
        .send({ marketing: true, thirdPartyDisclosure: true })
        .expect(200);
      const withdrawn = await request(url)
        .put('/api/v1/privacy/consents')
        .set(bearer(c.accessToken))
        .send({ marketing: false })
        .expect(200);
      expect(withdrawn.body.consents).toEqual([
        { purpose: 'marketing', granted: false, since: expect.any(String) },
        { purpose: 'third_party_disclosure', granted: true, since: expect.any(String) },
      ]);
      expect((withdrawn.body as ConsentsView).history.map((h) => [h.purpose, h.granted])).toEqual([
        ['marketing', true],
        ['third_party_disclosure', true],
        ['marketing', false],
      ]);
      // Repeating the current state records nothing.
      await request(url)
        .put('/api/v1/privacy/consents')
        .set(bearer(c.accessToken))
        .send({ marketing: false })
        .expect(200);
      const events = await eventsOf('consent.changed', (e) => e.subjectId === c.customerId, 3);
      expect(events.map((e) => [e.purpose, e.granted])).toEqual([
        ['marketing', true],
        ['third_party_disclosure', true],
        ['marketing', false],
      ]);
      expect(Object.keys(events[0]).sort()).toEqual(['granted', 'occurredAt', 'purpose', 'subjectId']);
      const ledger = await system.sql<{ subject_ref: string }>(
        `SELECT subject_ref FROM privacy.consent_events ORDER BY id DESC LIMIT 1`,
      );
      expect(ledger[0].subject_ref).not.toContain(c.customerId); // pseudonymised
      await expect(system.sql(`UPDATE privacy.consent_events SET granted = true`)).rejects.toThrow(
        /append-only/,
      );
      await expect(system.sql(`DELETE FROM privacy.consent_events`)).rejects.toThrow(/append-only/);
    });

    it('records a change once per message: delivered again late, it does not undo a newer one', async () => {
      const c = await register(url);
      const consents = system.services.get('privacy')!.get(ConsentsService);
      const grant = { subjectId: c.customerId, actor: 'subject', marketing: true };
      const grantId = randomUUID();
      await consents.set(grant, grantId);
      await consents.set({ ...grant, marketing: false }, randomUUID());
      const late = await consents.set(grant, grantId);
      expect(late.consents).toEqual(
        expect.arrayContaining([expect.objectContaining({ purpose: 'marketing', granted: false })]),
      );
      expect(late.history.filter((h) => h.purpose === 'marketing').map((h) => h.granted)).toEqual([
        true,
        false,
      ]);
      // A new message asking for it again is judged on its own.
      await consents.set(grant, randomUUID());
      expect((await consents.get(grant)).history.filter((h) => h.purpose === 'marketing')).toHaveLength(3);
    });

    it('rejects bad bodies, anonymous callers and staff', async () => {
      const c = await register(url);
      await request(url)
        .put('/api/v1/privacy/consents')
        .set(bearer(c.accessToken))
        .send({ marketing: 'yes' })
        .expect(400);
      await request(url)
        .put('/api/v1/privacy/consents')
        .set(bearer(c.accessToken))
        .send({ cookies: true })
        .expect(400);
      await request(url).get('/api/v1/privacy/consents').expect(401);
      await request(url).get('/api/v1/privacy/consents').set(bearer(dpo)).expect(403);
      const rows = await request(url).get('/api/v1/privacy/consents').set(bearer(c.accessToken)).expect(200);
      expect(rows.body.history).toEqual([]);
    });
  });

  describe('disclosure register (Art. 19)', () => {
    const disclose = (body: object, token = dpo) =>
      request(url).post('/api/v1/admin/privacy/disclosures').set(bearer(token)).send(body);

    it('a disclosure or cookie consent delivered twice (same message id) is recorded once', async () => {
      const c = await register(url);
      const privacy = system.services.get('privacy')!;
      const messageId = randomUUID();
      const payload = {
        actorId: randomUUID(),
        subjectId: c.customerId,
        recipientKind: 'accounting_firm' as const,
        recipientName: 'Tilitoimisto Kahdesti Oy',
        purpose: 'bookkeeping',
        categories: ['name'],
        country: 'FI',
      };
      const disclosures = privacy.get(DisclosuresService);
      const first = await disclosures.record(payload, messageId);
      expect(await disclosures.record(payload, messageId)).toEqual(first);
      const rows = await system.sql('SELECT id FROM privacy.disclosures WHERE recipient_name = $1', [
        payload.recipientName,
      ]);
      expect(rows).toEqual([{ id: messageId }]);
      const audited = await system.sql(
        `SELECT 1 FROM privacy.audit_log WHERE action = 'disclosure.recorded' AND detail->>'disclosureId' = $1`,
        [messageId],
      );
      expect(audited).toHaveLength(1);

      const consents = privacy.get(ConsentsService);
      const cookie = {
        cookieId: `ck-${randomUUID()}`,
        analytics: true,
        marketing: false,
        policyVersion: '2026-01',
      };
      const consentId = randomUUID();
      const recorded = await consents.recordCookieConsent({ ...cookie, ip: '192.0.2.7' }, consentId);
      expect(await consents.recordCookieConsent({ ...cookie, ip: '192.0.2.7' }, consentId)).toEqual(recorded);
      expect(
        await system.sql('SELECT id FROM privacy.cookie_consents WHERE cookie_id = $1', [cookie.cookieId]),
      ).toEqual([{ id: consentId }]);
    });

    it('records disclosures; a third party needs consent, a non-EEA recipient a safeguard', async () => {
      const c = await register(url);
      const base = {
        subjectId: c.customerId,
        recipientName: 'Tilitoimisto Esimerkki Oy',
        purpose: 'bookkeeping',
        categories: ['name', 'billing address', 'invoice lines'],
        country: 'FI',
      };
      const accounting = await disclose({ ...base, recipientKind: 'accounting_firm' }).expect(201);
      expect(accounting.body).toMatchObject({
        recipientKind: 'accounting_firm',
        outsideEea: false,
        safeguard: null,
      });

      const noConsent = await disclose({
        ...base,
        recipientKind: 'third_party',
        recipientName: 'Kuljetus Oy',
      }).expect(422);
      expect(noConsent.body).toMatchObject({ reason: 'THIRD_PARTY_CONSENT_REQUIRED' });
      const noSafeguard = await disclose({ ...base, recipientKind: 'collections', country: 'US' }).expect(
        400,
      );
      expect(noSafeguard.body).toMatchObject({ reason: 'TRANSFER_SAFEGUARD_REQUIRED' });
      await disclose({ ...base, recipientKind: 'collections', country: 'USA' }).expect(400);
      await disclose({ ...base, recipientKind: 'friend' }).expect(400);
      await disclose({ ...base, recipientKind: 'billing_bank' }, c.accessToken).expect(403);
      await disclose({ ...base, recipientKind: 'billing_bank' }, await system.tokenFor('operator')).expect(
        403,
      );

      await request(url)
        .put('/api/v1/privacy/consents')
        .set(bearer(c.accessToken))
        .send({ thirdPartyDisclosure: true })
        .expect(200);
      await disclose({
        ...base,
        recipientKind: 'third_party',
        recipientName: 'Kuljetus Oy',
        purpose: 'direct delivery',
      }).expect(201);
      const abroad = await disclose({
        ...base,
        recipientKind: 'collections',
        recipientName: 'Collections Inc.',
        country: 'us',
        safeguard: 'standard_contractual_clauses',
      }).expect(201);
      expect(abroad.body).toMatchObject({
        country: 'US',
        outsideEea: true,
        safeguard: 'standard_contractual_clauses',
      });

      const mine = await request(url)
        .get('/api/v1/privacy/disclosures')
        .set(bearer(c.accessToken))
        .expect(200);
      expect((mine.body as DisclosureView[]).map((d) => d.recipientName)).toEqual([
        'Tilitoimisto Esimerkki Oy',
        'Kuljetus Oy',
        'Collections Inc.',
      ]);
      const other = await register(url);
      const theirs = await request(url)
        .get('/api/v1/privacy/disclosures')
        .set(bearer(other.accessToken))
        .expect(200);
      expect(theirs.body).toEqual([]);
    });

    it('rectification, restriction and erasure each produce a notice to every recorded recipient', async () => {
      const c = await register(url);
      for (const [kind, name] of [
        ['accounting_firm', 'Tilitoimisto Oy'],
        ['billing_bank', 'Pankki Oyj'],
      ])
        await disclose({
          subjectId: c.customerId,
          recipientKind: kind,
          recipientName: name,
          purpose: 'billing',
          categories: ['name'],
          country: 'FI',
        }).expect(201);

      const notices = async (type: string, body: object = {}) => {
        const created = await request(url)
          .post('/api/v1/privacy/requests')
          .set(bearer(c.accessToken))
          .send({ type, ...body })
          .expect(202);
        await completed(c, rq(created).id);
        const view = await request(url)
          .get(`/api/v1/admin/privacy/requests/${rq(created).id}`)
          .set(bearer(dpo))
          .expect(200);
        return (view.body as StaffRequestView).recipientNotifications.map((n) => [n.action, n.recipientName]);
      };
      expect(await notices('rectification', { fields: { lastName: 'Korhonen' } })).toEqual([
        ['rectification', 'Tilitoimisto Oy'],
        ['rectification', 'Pankki Oyj'],
      ]);
      expect(await notices('restriction')).toEqual([
        ['restriction', 'Tilitoimisto Oy'],
        ['restriction', 'Pankki Oyj'],
      ]);
      // An access request is not a change: no notices.
      expect(await notices('access')).toEqual([]);
      expect((await notices('erasure')).sort()).toEqual([
        ['erasure', 'Pankki Oyj'],
        ['erasure', 'Tilitoimisto Oy'],
      ]);
    });
  });

  describe('audit log', () => {
    it('records staff access reported by other services; only the DPO reads it', async () => {
      const c = await register(url);
      const staffId = randomUUID();
      const bus = system.gateway!.get(MessageBus);
      await bus.send('privacy.record-audit', {
        actorId: staffId,
        actorRole: 'operator',
        action: 'identity-code.revealed',
        subjectId: c.customerId,
        detail: { why: 'invoice dispute' },
      });
      const res = await request(url)
        .get('/api/v1/admin/audit')
        .query({ subjectId: c.customerId })
        .set(bearer(dpo))
        .expect(200);
      expect(res.body).toEqual([
        expect.objectContaining({
          actorId: staffId,
          actorRole: 'operator',
          action: 'identity-code.revealed',
          detail: { why: 'invoice dispute' },
        }),
      ]);
      expect(JSON.stringify(res.body)).not.toContain(c.customerId);
      await request(url)
        .get('/api/v1/admin/audit')
        .query({ action: 'DROP TABLE' })
        .set(bearer(dpo))
        .expect(400);
      await request(url).get('/api/v1/admin/audit').query({ requestId: 'x' }).set(bearer(dpo)).expect(400);
      await request(url).get('/api/v1/admin/audit').set(bearer(c.accessToken)).expect(403);
      await request(url)
        .get('/api/v1/admin/audit')
        .set(bearer(await system.tokenFor('admin')))
        .expect(403);
      // Reading the log is itself recorded.
      const reads = await request(url)
        .get('/api/v1/admin/audit')
        .query({ action: 'audit.listed' })
        .set(bearer(dpo))
        .expect(200);
      expect((reads.body as unknown[]).length).toBeGreaterThanOrEqual(1);
    });

    it('writes one entry for a report or a reading delivered twice, and lists the same entries', async () => {
      const c = await register(url);
      const handlers = system.services.get('privacy')!.get(AuditHandlers);
      const bus = system.gateway!.get(MessageBus);
      loseNextAnswer(handlers, 'record');
      const reported = await bus.send('privacy.record-audit', {
        actorId: randomUUID(),
        actorRole: 'operator',
        action: 'identity-code.revealed',
        subjectId: c.customerId,
      });
      const readerId = randomUUID();
      loseNextAnswer(handlers, 'list');
      const res = await request(url)
        .get('/api/v1/admin/audit')
        .query({ subjectId: c.customerId })
        .set(bearer(await system.tokenFor('dpo', readerId)))
        .expect(200);
      // Not the reading's own entry, though it names the same subject.
      expect(res.body).toEqual([
        expect.objectContaining({ id: reported.id, action: 'identity-code.revealed' }),
      ]);
      const entries = await system.sql<{ action: string }>(
        `SELECT action FROM privacy.audit_log WHERE actor_id = $1 OR id = $2 ORDER BY id`,
        [readerId, reported.id],
      );
      expect(entries.map((e) => e.action)).toEqual(['identity-code.revealed', 'audit.listed']);
    });
  });

  describe('retention schedule', () => {
    it('deletes closed request records past their retention period, never open ones', async () => {
      const c = await register(url);
      const created = await request(url)
        .post('/api/v1/privacy/requests')
        .set(bearer(c.accessToken))
        .send({ type: 'access' })
        .expect(202);
      const done = await completed(c, rq(created).id);
      const open = await request(url)
        .post('/api/v1/admin/privacy/requests')
        .set(bearer(dpo))
        .send({ type: 'erasure', subjectId: c.customerId, verification: 'id_document' })
        .expect(201);
      const clock = system.services.get('privacy')!.get(Clock);
      clock.now = () => new Date(Date.now() + 4 * 366 * 24 * 3600 * 1000);
      try {
        const swept = await system.gateway!.get(MessageBus).send('privacy.retention-sweep', {});
        expect(swept.counts.requestsDeleted).toBeGreaterThanOrEqual(1);
      } finally {
        Reflect.deleteProperty(clock, 'now');
      }
      expect(await system.sql('SELECT 1 FROM privacy.requests WHERE id = $1', [done.id])).toEqual([]);
      expect(
        await system.sql('SELECT 1 FROM privacy.request_transitions WHERE request_id = $1', [done.id]),
      ).toEqual([]);
      expect(await system.sql('SELECT 1 FROM privacy.requests WHERE id = $1', [rq(open).id])).toHaveLength(1);
      // Both sweeps run as repeatable jobs on the privacy queue.
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      const queue = new Queue('privacy', { connection: redis, prefix: system.prefix });
      try {
        const schedulers = await queue.getJobSchedulers();
        expect(schedulers.map((j) => j.name).sort()).toEqual([
          'privacy.retention-sweep',
          'privacy.watchdog-sweep',
        ]);
        // Their first runs (at start-up) went through the transport and succeeded.
        expect((await queue.getFailed()).filter((j) => j.name.endsWith('-sweep'))).toEqual([]);
      } finally {
        await queue.close();
        await redis.quit();
      }
      const audit = await system.sql<{ detail: Record<string, number> }>(
        `SELECT detail FROM privacy.audit_log WHERE action = 'retention.swept' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit[0].detail.requestsDeleted).toBeGreaterThanOrEqual(1);
    });
  });

  describe('privacy notice', () => {
    it('is public, in Finnish and English, from configuration and the data inventory', async () => {
      const fi = (await request(url).get('/api/v1/privacy/notice').expect(200)).body as PrivacyNotice;
      expect(fi).toMatchObject({
        lang: 'fi',
        title: 'Tietosuojaseloste',
        controller: { name: 'Offera Testi Oy', businessId: '3230846-4', email: 'info@offera.fi' },
        contactPerson: { email: 'tietosuoja@offera.test' },
      });
      expect(fi.dataInventory).toHaveLength(DATA_INVENTORY.length);
      expect(fi.dataInventory.map((i) => i.service)).toEqual(DATA_INVENTORY.map((i) => i.service));
      expect(JSON.stringify(fi)).toMatch(/tietosuojavaltuutet/i);
      expect(JSON.stringify(fi)).toContain('Henkilötunnus');

      const en = (await request(url).get('/api/v1/privacy/notice').query({ lang: 'en' }).expect(200))
        .body as PrivacyNotice;
      expect(en.title).toBe('Privacy notice');
      expect(en.sections.map((s) => s.heading)).toEqual(
        expect.arrayContaining([
          'Purposes of processing',
          'Your rights',
          'Cookies',
          'Exercising your rights',
        ]),
      );
      expect(JSON.stringify(en)).toMatch(/Data Protection Ombudsman/);
      await request(url).get('/api/v1/privacy/notice').query({ lang: 'de' }).expect(400);
    });

    it('documents the privacy routes', async () => {
      const doc = await request(url).get('/api/docs-json').expect(200);
      for (const path of [
        '/api/v1/privacy/notice',
        '/api/v1/privacy/consents',
        '/api/v1/privacy/cookie-consents',
        '/api/v1/privacy/disclosures',
        '/api/v1/privacy/requests/{id}/export',
        '/api/v1/privacy/requests/{id}/verification',
        '/api/v1/admin/privacy/requests',
        '/api/v1/admin/privacy/requests/{id}/reject',
        '/api/v1/admin/privacy/requests/{id}/extend',
        '/api/v1/admin/privacy/disclosures',
        '/api/v1/admin/audit',
      ])
        expect(doc.body.paths).toHaveProperty([path]);
    });
  });
});
