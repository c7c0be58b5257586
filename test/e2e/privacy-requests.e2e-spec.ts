import { randomUUID } from 'node:crypto';
import type {
  ConsentsView,
  PrivacyRequestView,
  RequestStatus,
  StaffRequestView,
  SubjectExportDocument,
} from '@offera/contracts';
import { waitFor } from '@offera/testing';
import { MessageBus } from '@offera/transport';
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { Clock } from '../../apps/privacy/src/clock.js';
import { RequestExecution } from '../../apps/privacy/src/execution/request-execution.service.js';
import { PrivacyRequestsService } from '../../apps/privacy/src/requests/privacy-requests.service.js';
import { StaffRequestsService } from '../../apps/privacy/src/requests/staff-requests.service.js';
import { SubjectDataService } from '../../apps/privacy/src/subjects/subject-data.service.js';
import { bearer, register, type Registered } from '../support/api.js';
import { loseNextAnswer } from '../support/redelivery.js';
import { type PublishedEvent, REDIS_URL, TestSystem } from '../support/system.js';

const DAY_MS = 24 * 3600 * 1000;

/** The fields of a request view the tests read from a response. */
interface RequestBody {
  readonly id: string;
  readonly status: string;
  readonly dueAt: string;
  readonly receivedAt: string;
  readonly extensionMonths: number;
}
const rq = (r: { body: unknown }) => r.body as RequestBody;
type EventBody = Record<string, unknown>;

describe('Privacy: data-subject requests', () => {
  let system: TestSystem;
  let url: string;
  let dpo: string;
  let operator: string;
  let dpoId: string;
  /** Every event the privacy service publishes (through its outbox relay), in order. */
  let published: PublishedEvent[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({
      env: {
        // A failing step gives up at once and waits for the watchdog.
        FLOW_CHILD_ATTEMPTS: '1',
        FLOW_BACKOFF_MS: '10',
        EXCESSIVE_REQUESTS_COUNT: '2',
        EXCESSIVE_REQUESTS_DAYS: '30',
      },
    });
    url = system.url;
    dpoId = randomUUID();
    dpo = await system.tokenFor('dpo', dpoId);
    operator = await system.tokenFor('operator');
    published = system.recordEvents('privacy');
  });

  afterAll(async () => {
    await system?.stop();
  });

  const privacyApp = () => {
    const app = system.services.get('privacy');
    if (!app) throw new Error('privacy is not running');
    return app;
  };

  /** Runs `fn` with the privacy service's clock moved by `offsetMs`. */
  async function atOffset<T>(offsetMs: number, fn: () => Promise<T>): Promise<T> {
    const clock = privacyApp().get(Clock);
    clock.now = () => new Date(Date.now() + offsetMs);
    try {
      return await fn();
    } finally {
      Reflect.deleteProperty(clock, 'now');
    }
  }

  /** The privacy service's published events matching `match`, once at least `count` have been. */
  const eventsOf = (name: string, match: (e: EventBody) => boolean, count = 1) =>
    waitFor(
      () => {
        const found = published.filter((e) => e.name === name && match(e.payload)).map((e) => e.payload);
        return found.length >= count ? found : null;
      },
      { description: `${count} ${name} event(s)` },
    );

  const subjectCreate = (c: Registered, body: object) =>
    request(url).post('/api/v1/privacy/requests').set(bearer(c.accessToken)).send(body);
  const subjectView = async (c: Registered, id: string) =>
    (await request(url).get(`/api/v1/privacy/requests/${id}`).set(bearer(c.accessToken)).expect(200))
      .body as PrivacyRequestView;
  /** The subject's view, read over the transport: after an erasure their token is refused. */
  const waitForStatus = (c: Registered, id: string, status: RequestStatus) =>
    system.privacyRequestWhen(id, c.customerId, status);
  const staffCreate = (token: string, body: object) =>
    request(url).post('/api/v1/admin/privacy/requests').set(bearer(token)).send(body);
  /** A request staff enter from the subject's letter, identity checked from a document. */
  const letterFrom = (subject: { customerId: string }, type: string) => ({
    type,
    subjectId: subject.customerId,
    verification: 'id_document',
  });
  /** A request staff enter for a subject who is to confirm it with a one-time code. */
  const byCode = (subject: { customerId: string }, type: string) => ({
    type,
    subjectId: subject.customerId,
    verification: 'one_time_code',
  });
  const staffPost = (id: string, action: string, body: object = {}, token = dpo) =>
    request(url).post(`/api/v1/admin/privacy/requests/${id}/${action}`).set(bearer(token)).send(body);
  const staffView = async (id: string) =>
    (await request(url).get(`/api/v1/admin/privacy/requests/${id}`).set(bearer(dpo)).expect(200))
      .body as StaffRequestView;

  describe('access and portability', () => {
    it('a signed-in subject gets an encrypted export to download, with the Art. 15 information', async () => {
      const c = await register(url);
      const created = await subjectCreate(c, { type: 'access' }).expect(202);
      const done = await waitForStatus(c, rq(created).id, 'completed');
      expect(await eventsOf('privacy-export.ready', (e) => e.requestId === done.id)).toEqual([
        {
          requestId: done.id,
          subjectId: c.customerId,
          expiresAt: done.exportExpiresAt,
          occurredAt: expect.any(String),
        },
      ]);
      // Every service contributed its part of the export.
      expect(done.receipts.map((r) => r.service)).toEqual([
        'customers',
        'notifications',
        'orders',
        'privacy',
      ]);
      for (const receipt of done.receipts)
        expect(receipt).toMatchObject({ outcome: { exported: expect.any(Object) } });
      expect(Date.parse(done.exportExpiresAt ?? '') - Date.parse(done.completedAt ?? '')).toBeGreaterThan(
        7 * DAY_MS - 60_000,
      );

      const res = await request(url)
        .get(`/api/v1/privacy/requests/${done.id}/export`)
        .set(bearer(c.accessToken))
        .expect(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="offera-data-/);
      expect(res.headers['cache-control']).toBe('no-store');
      const doc = res.body as SubjectExportDocument;
      expect(doc).toMatchObject({ requestId: done.id, type: 'access' });
      for (const key of ['purposes', 'categories', 'recipients', 'retention', 'source', 'rights'])
        expect(doc.metadata).toHaveProperty([key]);
      expect(doc.services.privacy?.privacy_requests).toEqual([
        expect.objectContaining({ id: done.id, type: 'access' }),
      ]);
      // The customer register's part holds the profile itself.
      expect(JSON.stringify(doc.services.customers)).toContain(c.email);

      // Stored encrypted: the ciphertext does not contain the document's text.
      const [row] = await system.sql<{ ciphertext: Buffer }>(
        'SELECT ciphertext FROM privacy.exports WHERE request_id = $1',
        [done.id],
      );
      expect(row.ciphertext.toString('latin1')).not.toContain(done.id);

      // Someone else's export is not theirs to see.
      const other = await register(url);
      await request(url)
        .get(`/api/v1/privacy/requests/${done.id}/export`)
        .set(bearer(other.accessToken))
        .expect(404);
    });

    it('an export can be downloaded for 7 days only, then the retention job deletes it', async () => {
      const c = await register(url);
      const created = await subjectCreate(c, { type: 'portability' }).expect(202);
      const done = await waitForStatus(c, rq(created).id, 'completed');
      const exportUrl = `/api/v1/privacy/requests/${done.id}/export`;
      await atOffset(7 * DAY_MS - 60_000, () =>
        request(url).get(exportUrl).set(bearer(c.accessToken)).expect(200),
      );
      const expired = await atOffset(7 * DAY_MS + 60_000, () =>
        request(url).get(exportUrl).set(bearer(c.accessToken)).expect(404),
      );
      expect(expired.body).toMatchObject({ reason: 'EXPORT_EXPIRED' });

      const bus = system.gateway!.get(MessageBus);
      const swept = await atOffset(7 * DAY_MS + 60_000, () => bus.send('privacy.retention-sweep', {}));
      expect(swept.counts.exportsDeleted).toBeGreaterThanOrEqual(1);
      expect(await system.sql('SELECT 1 FROM privacy.exports WHERE request_id = $1', [done.id])).toEqual([]);
      const gone = await request(url).get(exportUrl).set(bearer(c.accessToken)).expect(404);
      expect(gone.body).toMatchObject({ reason: 'EXPORT_EXPIRED' });
    });

    it('no export before the request is done', async () => {
      const c = await register(url);
      const created = await staffCreate(dpo, letterFrom(c, 'access')).expect(201);
      const res = await request(url)
        .get(`/api/v1/privacy/requests/${rq(created).id}/export`)
        .set(bearer(c.accessToken))
        .expect(404);
      expect(res.body).toMatchObject({ reason: 'EXPORT_NOT_READY' });
    });
  });

  describe('rectification, restriction, objection, erasure', () => {
    it('rectification carries the corrected fields to each service and then forgets them', async () => {
      const c = await register(url);
      await subjectCreate(c, { type: 'rectification' }).expect(400);
      await subjectCreate(c, { type: 'access', fields: { lastName: 'Korhonen' } }).expect(400);
      await subjectCreate(c, { type: 'rectification', fields: { phone: 'not a phone' } }).expect(400);
      const created = await subjectCreate(c, {
        type: 'rectification',
        fields: { lastName: 'Korhonen' },
      }).expect(202);
      const done = await waitForStatus(c, rq(created).id, 'completed');
      expect(done.receipts.map((r) => r.service)).toEqual(['customers', 'orders', 'privacy']);
      // The register itself now holds the corrected name.
      const me = await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
      expect(me.body).toMatchObject({ lastName: 'Korhonen' });
      const [row] = await system.sql<{ rectification: unknown }>(
        'SELECT rectification FROM privacy.requests WHERE id = $1',
        [done.id],
      );
      expect(row.rectification).toBeNull();
    });

    it('restriction sets the flag and announces it', async () => {
      const c = await register(url);
      const created = await subjectCreate(c, { type: 'restriction' }).expect(202);
      const id = rq(created).id;
      await waitForStatus(c, id, 'completed');
      expect(await eventsOf('subject.restriction-changed', (e) => e.subjectId === c.customerId)).toEqual([
        { subjectId: c.customerId, restricted: true, requestId: id, occurredAt: expect.any(String) },
      ]);
      const done = await subjectView(c, id);
      expect(done.receipts.map((r) => r.service)).toEqual(['customers', 'orders', 'privacy']);
      for (const receipt of done.receipts) expect(receipt).toMatchObject({ outcome: { applied: true } });
      // Honoured by the customer register: no edits while restricted.
      await request(url).patch('/api/v1/me').set(bearer(c.accessToken)).send({ language: 'en' }).expect(422);
      const flags = await system.sql<{ restricted: boolean }>(
        `SELECT f.restricted FROM privacy.subject_flags f JOIN privacy.requests r ON r.subject_ref = f.subject_ref
         WHERE r.id = $1`,
        [id],
      );
      expect(flags).toEqual([{ restricted: true }]);

      // Lifting it is the DPO's decision, with a reason; a flow to every service, after the subject
      // is told (see apps/privacy/test/restriction-lift.e2e-spec.ts), recorded under the request.
      const liftUrl = `/api/v1/admin/privacy/subjects/${c.customerId}/restriction/lift`;
      await request(url)
        .post(liftUrl)
        .set(bearer(c.accessToken))
        .send({ reason: 'Accuracy verified' })
        .expect(403);
      await request(url).post(liftUrl).set(bearer(dpo)).send({}).expect(400);
      await request(url)
        .post('/api/v1/admin/privacy/subjects/nope/restriction/lift')
        .set(bearer(dpo))
        .send({ reason: 'Accuracy verified' })
        .expect(400);
      const lifted = await request(url)
        .post(liftUrl)
        .set(bearer(dpo))
        .send({ reason: 'Accuracy verified' })
        .expect(200);
      expect(lifted.body).toEqual({ subjectId: c.customerId, restricted: false });
      // Being lifted (it waits for the subject's notice; no mail server runs here): not twice.
      const again = await request(url).post(liftUrl).set(bearer(dpo)).send({ reason: 'Again' }).expect(409);
      expect(again.body).toMatchObject({ reason: 'NOT_RESTRICTED' });
      const audit = await request(url)
        .get('/api/v1/admin/audit')
        .query({ subjectId: c.customerId, action: 'restriction.lifted' })
        .set(bearer(dpo))
        .expect(200);
      expect(audit.body).toEqual([expect.objectContaining({ detail: { reason: 'Accuracy verified' } })]);
    });

    it('a request delivered twice after it was already carried out is still one request', async () => {
      const c = await register(url);
      // An objection is carried out within the request itself: the redelivery finds it completed.
      loseNextAnswer(privacyApp().get(PrivacyRequestsService), 'create');
      const created = await subjectCreate(c, { type: 'objection' }).expect(202);
      expect(rq(created).status).toBe('completed');
      const requests = await system.sql<{ id: string }>(
        `SELECT id FROM privacy.requests WHERE subject_id = $1 AND type = 'objection'`,
        [c.customerId],
      );
      expect(requests).toEqual([{ id: rq(created).id }]);
    });

    it('objection to direct marketing withdraws the marketing consent and announces the objection', async () => {
      const c = await register(url);
      await request(url)
        .put('/api/v1/privacy/consents')
        .set(bearer(c.accessToken))
        .send({ marketing: true })
        .expect(200);
      const created = await subjectCreate(c, { type: 'objection' }).expect(202);
      await waitForStatus(c, rq(created).id, 'completed');
      expect(await eventsOf('subject.marketing-objected', (e) => e.subjectId === c.customerId)).toEqual([
        { subjectId: c.customerId, requestId: rq(created).id, occurredAt: expect.any(String) },
      ]);
      const consents = await request(url)
        .get('/api/v1/privacy/consents')
        .set(bearer(c.accessToken))
        .expect(200);
      expect(consents.body.consents).toContainEqual(
        expect.objectContaining({ purpose: 'marketing', granted: false }),
      );
      expect((consents.body as ConsentsView).history.at(-1)).toMatchObject({
        purpose: 'marketing',
        granted: false,
        actor: 'objection',
      });
    });

    it('a letter about cookie data alone is matched by the cookie id and erases that cookie’s IPs', async () => {
      const cookieId = `ck_${randomUUID().replace(/-/g, '')}`;
      await request(url)
        .post('/api/v1/privacy/cookie-consents')
        .send({ cookieId, necessary: true, analytics: false, marketing: true, policyVersion: '2026-01' })
        .expect(201);
      const created = await staffCreate(dpo, {
        type: 'erasure',
        cookieId,
        verification: 'id_document',
      }).expect(201);
      const id = rq(created).id;
      expect(created.body).toMatchObject({ subjectId: null, cookieId });
      await staffPost(id, 'verify', { method: 'id_document' }).expect(200);
      await staffPost(id, 'approve').expect(200);
      const done = await waitFor(
        async () => {
          const v = await staffView(id);
          return v.status === 'completed' ? v : null;
        },
        { timeoutMs: 10_000, description: 'the cookie erasure to complete' },
      );
      expect(done.completedAt).toEqual(expect.any(String));
      const [receipt] = await system.sql<{ service: string; erased: Record<string, number> }>(
        'SELECT service, erased FROM privacy.request_receipts WHERE request_id = $1',
        [id],
      );
      expect(receipt).toEqual({
        service: 'privacy',
        erased: { 'cookie_consents.ip': 1, 'cookie_consents.cookie_id': 1, 'requests.cookie_id': 1 },
      });
      // The choice stays as proof, under the cookie's keyed pseudonym instead of the cookie id.
      expect(
        await system.sql('SELECT 1 FROM privacy.cookie_consents WHERE cookie_id = $1', [cookieId]),
      ).toEqual([]);
      const rows = await system.sql<{ ip: string | null; marketing: boolean }>(
        `SELECT c.ip, c.marketing FROM privacy.cookie_consents c JOIN privacy.requests r
            ON r.subject_ref = c.cookie_id WHERE r.id = $1`,
        [id],
      );
      expect(rows).toEqual([{ ip: null, marketing: true }]);
    });

    it('an erasure that names a cookie id clears that cookie consent’s IP address', async () => {
      const c = await register(url);
      const cookieId = `ck_${randomUUID().replace(/-/g, '')}`;
      await request(url)
        .post('/api/v1/privacy/cookie-consents')
        .send({ cookieId, necessary: true, analytics: true, marketing: false, policyVersion: '2026-01' })
        .expect(201);
      const created = await subjectCreate(c, { type: 'erasure', cookieId }).expect(202);
      const done = await waitFor(
        async () => {
          const rows = await system.sql<{ status: string }>(
            'SELECT status FROM privacy.requests WHERE id = $1',
            [rq(created).id],
          );
          return rows[0]?.status === 'completed';
        },
        { timeoutMs: 10_000, description: 'the erasure to complete' },
      );
      expect(done).toBe(true);
      const [receipt] = await system.sql<{ erased: Record<string, number> }>(
        `SELECT erased FROM privacy.request_receipts WHERE request_id = $1 AND service = 'privacy'`,
        [rq(created).id],
      );
      expect(receipt.erased).toMatchObject({
        'requests.subject_id': 1,
        'cookie_consents.ip': 1,
        'cookie_consents.cookie_id': 1,
        'requests.cookie_id': 1,
      });
      // The cookie id is left in no table: its consent proof keeps the cookie's keyed pseudonym.
      expect(
        await system.sql('SELECT 1 FROM privacy.cookie_consents WHERE cookie_id = $1', [cookieId]),
      ).toEqual([]);
      expect(await system.sql('SELECT 1 FROM privacy.requests WHERE cookie_id = $1', [cookieId])).toEqual([]);
    });
  });

  describe('staff handling', () => {
    it('only the DPO handles requests; staff may enter them; others get 403, anonymous 401', async () => {
      const c = await register(url);
      for (const token of [c.accessToken, operator]) {
        await request(url).get('/api/v1/admin/privacy/requests').set(bearer(token)).expect(403);
        await request(url).get('/api/v1/admin/audit').set(bearer(token)).expect(403);
      }
      await request(url).get('/api/v1/admin/privacy/requests').expect(401);
      await staffCreate(c.accessToken, letterFrom(c, 'access')).expect(403);
      const created = await staffCreate(operator, letterFrom(c, 'access')).expect(201);
      expect(created.body).toMatchObject({ status: 'received', verification: 'id_document' });
      for (const action of ['verify', 'approve', 'reject', 'extend', 'retry'])
        await staffPost(rq(created).id, action, {}, operator).expect(403);
      await request(url).get(`/api/v1/admin/privacy/requests/${randomUUID()}`).set(bearer(dpo)).expect(404);
      await request(url).get('/api/v1/admin/privacy/requests/nope').set(bearer(dpo)).expect(400);
    });

    it('rejects bad staff input and changes nothing', async () => {
      const c = await register(url);
      await staffCreate(dpo, { type: 'access', verification: 'id_document' }).expect(400);
      await staffCreate(dpo, {
        type: 'access',
        subjectId: c.customerId,
        verification: 'signed_in_session',
      }).expect(400);
      await staffCreate(dpo, { type: 'access', subjectId: 'x', verification: 'id_document' }).expect(400);
      // A cookie id alone supports access and erasure only (and must match a recorded consent).
      await staffCreate(dpo, {
        type: 'portability',
        cookieId: 'ck_abcdefgh',
        verification: 'id_document',
      }).expect(400);
      await staffCreate(dpo, { type: 'access', cookieId: 'ck_abcdefgh', verification: 'id_document' }).expect(
        422,
      );
      await staffCreate(dpo, {
        type: 'access',
        subjectId: c.customerId,
        verification: 'id_document',
        extra: 1,
      }).expect(400);
      const rows = await system.sql('SELECT 1 FROM privacy.requests WHERE subject_id = $1', [c.customerId]);
      expect(rows).toEqual([]);

      const created = await staffCreate(dpo, letterFrom(c, 'erasure')).expect(201);
      await staffPost(rq(created).id, 'reject', {}).expect(400);
      await staffPost(rq(created).id, 'extend', { months: 3, reason: 'complex' }).expect(400);
      await staffPost(rq(created).id, 'verify', { method: 'one_time_code', code: '123456' }).expect(409);
      await staffPost(rq(created).id, 'approve').expect(409); // not verified yet
      expect((await staffView(rq(created).id)).status).toBe('received');
    });

    it('a letter: received → ID document seen → approved → executed → completed, each step recorded', async () => {
      const c = await register(url);
      const created = await staffCreate(dpo, letterFrom(c, 'restriction')).expect(201);
      await staffPost(rq(created).id, 'verify', { method: 'id_document' }).expect(200);
      const events = await eventsOf(
        'privacy-request.status-changed',
        (e) => e.requestId === rq(created).id,
        2,
      );
      expect(events.map((e) => e.status)).toEqual(['received', 'verified']);
      expect(events[0]).toEqual({
        requestId: rq(created).id,
        subjectId: c.customerId,
        type: 'restriction',
        status: 'received',
        entered: ['received'],
        dueAt: rq(created).dueAt,
        reason: null,
        occurredAt: expect.any(String),
      });
      const approved = await staffPost(rq(created).id, 'approve', { note: 'no exemption' }).expect(200);
      expect(['in_progress', 'completed']).toContain(rq(approved).status);
      const done = await waitForStatus(c, rq(created).id, 'completed');
      expect(done.completedAt).toEqual(expect.any(String));
      const view = await staffView(rq(created).id);
      expect(view.transitions.map((t) => [t.from, t.to, t.actor])).toEqual([
        [null, 'received', dpoId],
        ['received', 'verified', dpoId],
        ['verified', 'approved', dpoId],
        ['approved', 'in_progress', 'system'],
        ['in_progress', 'completed', 'system'],
      ]);
      // The subject sees it as theirs.
      expect((await subjectView(c, rq(created).id)).status).toBe('completed');

      const audit = await request(url)
        .get('/api/v1/admin/audit')
        .query({ requestId: rq(created).id })
        .set(bearer(dpo))
        .expect(200);
      const actions = (audit.body as { action: string; actorId: string }[]).map((a) => a.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'request.received',
          'request.verified',
          'request.approved',
          'request.in_progress',
          'request.completed',
          'request.viewed',
        ]),
      );
      // The log is append-only.
      await expect(
        system.sql(`UPDATE privacy.audit_log SET action = 'x' WHERE request_id = $1`, [rq(created).id]),
      ).rejects.toThrow(/append-only/);
      await expect(
        system.sql(`DELETE FROM privacy.audit_log WHERE request_id = $1`, [rq(created).id]),
      ).rejects.toThrow(/append-only/);
    });

    it('a rejection records the reason and tells the subject of the right to complain', async () => {
      const c = await register(url);
      const created = await staffCreate(dpo, letterFrom(c, 'erasure')).expect(201);
      const rejected = await staffPost(rq(created).id, 'reject', {
        reason: 'The identity could not be verified from the copy sent.',
      }).expect(200);
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        decisionReason: 'The identity could not be verified from the copy sent.',
      });
      const [event] = await eventsOf(
        'privacy-request.status-changed',
        (e) => e.requestId === rq(created).id && e.status === 'rejected',
      );
      expect(event.reason).toMatch(/could not be verified.*tietosuojavaltuutettu/);
      const seen = await subjectView(c, rq(created).id);
      expect(seen).toMatchObject({
        status: 'rejected',
        decisionReason: 'The identity could not be verified from the copy sent.',
        complaintAuthority: { url: 'https://tietosuoja.fi' },
      });
      await staffPost(rq(created).id, 'reject', { reason: 'again' }).expect(409);
      await staffPost(rq(created).id, 'approve').expect(409);
      // A new request after a rejection is a new request, not the closed one.
      const again = await staffCreate(dpo, letterFrom(c, 'erasure')).expect(201);
      expect(rq(again).id).not.toBe(rq(created).id);
    });

    it('a verification or rejection delivered twice is answered, not refused, and recorded once', async () => {
      const c = await register(url);
      const staff = privacyApp().get(StaffRequestsService);
      const steps = (id: string, to: string) =>
        system.sql('SELECT 1 FROM privacy.request_transitions WHERE request_id = $1 AND to_status = $2', [
          id,
          to,
        ]);

      const letter = rq(await staffCreate(dpo, letterFrom(c, 'access')).expect(201)).id;
      loseNextAnswer(staff, 'verify');
      expect(rq(await staffPost(letter, 'verify', { method: 'id_document' }).expect(200)).status).toBe(
        'verified',
      );
      expect(await steps(letter, 'verified')).toHaveLength(1);
      loseNextAnswer(staff, 'reject');
      const rejected = await staffPost(letter, 'reject', { reason: 'Not the subject' }).expect(200);
      expect(rq(rejected).status).toBe('rejected');
      expect(await steps(letter, 'rejected')).toHaveLength(1);

      const coded = rq(await staffCreate(dpo, byCode(c, 'access')).expect(201)).id;
      const [issued] = await eventsOf(
        'privacy-request.verification-code-issued',
        (e) => e.requestId === coded,
      );
      loseNextAnswer(staff, 'verifyBySubject');
      const verified = await request(url)
        .post(`/api/v1/privacy/requests/${coded}/verification`)
        .send({ code: issued.code })
        .expect(200);
      expect(verified.body).toEqual({ requestId: coded, status: 'verified' });
      expect(await steps(coded, 'verified')).toHaveLength(1);
    });

    it('a code issued by a message delivered twice is one code, mailed once, and still verifies', async () => {
      const c = await register(url);
      const id = rq(await staffCreate(dpo, byCode(c, 'access')).expect(201)).id;
      loseNextAnswer(privacyApp().get(StaffRequestsService), 'issueCode');
      await staffPost(id, 'verification-code').expect(201);
      // The code from creation, then the DPO's new one: the redelivery issued no third.
      await waitFor(async () => (await system.sql('SELECT 1 FROM privacy.outbox')).length === 0, {
        description: 'the privacy outbox to be relayed',
      });
      const codes = await eventsOf('privacy-request.verification-code-issued', (e) => e.requestId === id, 2);
      expect(codes).toHaveLength(2);
      const issued = await system.sql(
        `SELECT 1 FROM privacy.audit_log WHERE request_id = $1 AND action = 'verification-code.issued'`,
        [id],
      );
      expect(issued).toHaveLength(1);
      const verifyUrl = `/api/v1/privacy/requests/${id}/verification`;
      await request(url).post(verifyUrl).send({ code: codes[1].code }).expect(200);
    });

    it('a one-time code verifies: 6 digits, hashed at rest, 3 attempts, 10 minutes', async () => {
      const c = await register(url);
      const r = await staffCreate(dpo, byCode(c, 'access')).expect(201);
      const id = rq(r).id;
      const [event] = await eventsOf('privacy-request.verification-code-issued', (e) => e.requestId === id);
      expect(event).toMatchObject({ subjectId: c.customerId, code: expect.stringMatching(/^\d{6}$/) });
      const code = event.code as string;
      const [stored] = await system.sql<{ code_hash: string; attempts_left: number }>(
        'SELECT code_hash, attempts_left FROM privacy.verification_codes WHERE request_id = $1',
        [id],
      );
      expect(stored.code_hash).not.toContain(code);
      expect(stored.attempts_left).toBe(3);

      const wrong = code === '000000' ? '111111' : '000000';
      const verifyUrl = `/api/v1/privacy/requests/${id}/verification`;
      await request(url).post(verifyUrl).send({ code: 'abc' }).expect(400);
      const bad = await request(url).post(verifyUrl).send({ code: wrong }).expect(422);
      expect(bad.body).toMatchObject({ reason: 'CODE_INVALID' });
      const ok = await request(url).post(verifyUrl).send({ code }).expect(200);
      expect(ok.body).toEqual({ requestId: id, status: 'verified' });
      await request(url).post(verifyUrl).send({ code }).expect(409);
      expect(
        await system.sql('SELECT 1 FROM privacy.verification_codes WHERE request_id = $1', [id]),
      ).toEqual([]);
    });

    it('a one-time code is spent after 3 wrong attempts and expires after 10 minutes', async () => {
      const c = await register(url);
      let issued = 0;
      /** Creates the request (first time) or asks for a new code, and reads the code sent. */
      const issue = async (requestId?: string) => {
        const id =
          requestId ??
          rq(
            await staffCreate(dpo, {
              type: 'erasure',
              subjectId: c.customerId,
              verification: 'one_time_code',
            }).expect(201),
          ).id;
        if (requestId) await staffPost(id, 'verification-code').expect(201);
        issued += 1;
        const events = await eventsOf(
          'privacy-request.verification-code-issued',
          (e) => e.requestId === id,
          issued,
        );
        return { id, code: events.at(-1)?.code as string };
      };
      const { id, code } = await issue();
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 3; i += 1)
        await staffPost(id, 'verify', { method: 'one_time_code', code: wrong }).expect(422);
      const spent = await staffPost(id, 'verify', { method: 'one_time_code', code }).expect(409);
      expect(spent.body).toMatchObject({ reason: 'NO_CODE_ISSUED' });

      const second = await issue(id);
      const expired = await atOffset(11 * 60_000, () =>
        staffPost(id, 'verify', { method: 'one_time_code', code: second.code }).expect(422),
      );
      expect(expired.body).toMatchObject({ reason: 'CODE_EXPIRED' });
      await staffPost(id, 'verify', { method: 'one_time_code' }).expect(400);
      expect((await staffView(id)).status).toBe('received');

      const third = await issue(id);
      const verified = await staffPost(id, 'verify', { method: 'one_time_code', code: third.code }).expect(
        200,
      );
      expect(rq(verified).status).toBe('verified');
    });

    it('an extension of up to two months, with a reason, only within the first month; the subject is told', async () => {
      const c = await register(url);
      const created = await staffCreate(dpo, letterFrom(c, 'access')).expect(201);
      const id = rq(created).id;
      await staffPost(id, 'extend', { months: 1 }).expect(400);
      const extended = await staffPost(id, 'extend', {
        months: 1,
        reason: 'Many services to search',
      }).expect(200);
      expect(extended.body).toMatchObject({
        extensionMonths: 1,
        extensionReason: 'Many services to search',
      });
      const [event] = await eventsOf(
        'privacy-request.status-changed',
        (e) => e.requestId === id && e.reason !== null,
      );
      // Only the due date changed: no status entered, so no second receipt.
      expect(event).toMatchObject({ status: 'received', entered: [], dueAt: rq(extended).dueAt });
      expect(event.reason).toMatch(/extended by 1 month .*Many services to search/);
      const again = await staffPost(id, 'extend', { months: 1, reason: 'Still searching' }).expect(200);
      const received = new Date(rq(created).receivedAt);
      const expected = new Date(received);
      expected.setUTCMonth(expected.getUTCMonth() + 3);
      expect(Math.abs(Date.parse(rq(again).dueAt) - expected.getTime())).toBeLessThanOrEqual(
        3 * DAY_MS + 3600_000,
      );
      expect(rq(again).extensionMonths).toBe(2);
      const tooLong = await staffPost(id, 'extend', { months: 1, reason: 'More' }).expect(422);
      expect(tooLong.body).toMatchObject({ reason: 'EXTENSION_TOO_LONG' });

      const late = await staffCreate(dpo, letterFrom(c, 'erasure')).expect(201);
      const tooLate = await atOffset(32 * DAY_MS, () =>
        staffPost(rq(late).id, 'extend', { months: 1, reason: 'Forgot' }).expect(422),
      );
      expect(tooLate.body).toMatchObject({ reason: 'EXTENSION_TOO_LATE' });
      expect((await subjectView(c, id)).extensionMonths).toBe(2);
    });

    it('an extension delivered twice (its answer failed after the commit) adds its months once', async () => {
      const c = await register(url);
      const created = await staffCreate(dpo, letterFrom(c, 'access')).expect(201);
      const id = rq(created).id;
      const staff = privacyApp().get(StaffRequestsService);
      // The extension commits, then reading the answer fails once: the transport redelivers.
      staff.view = () => {
        Reflect.deleteProperty(staff, 'view');
        return Promise.reject(new Error('connection reset'));
      };
      try {
        const extended = await staffPost(id, 'extend', { months: 1, reason: 'Many services' }).expect(200);
        expect(rq(extended).extensionMonths).toBe(1);
      } finally {
        Reflect.deleteProperty(staff, 'view');
      }
      const notices = await system.sql(
        `SELECT 1 FROM privacy.audit_log WHERE request_id = $1 AND action = 'request.extended'`,
        [id],
      );
      expect(notices).toHaveLength(1);
      // A new extension (another message) still adds its month.
      expect(
        rq(await staffPost(id, 'extend', { months: 1, reason: 'More' }).expect(200)).extensionMonths,
      ).toBe(2);
    });

    it('lists requests nearing or past due, and exposes them as metrics', async () => {
      const c = await register(url);
      const created = await staffCreate(dpo, letterFrom(c, 'access')).expect(201);
      const id = rq(created).id;
      const list = async (query: Record<string, string>) =>
        atOffset(query.offsetDays ? Number(query.offsetDays) * DAY_MS : 0, async () => {
          const { offsetDays: _o, ...q } = query;
          const r = await request(url)
            .get('/api/v1/admin/privacy/requests')
            .query(q)
            .set(bearer(dpo))
            .expect(200);
          return (r.body as StaffRequestView[]).map((v) => v.id);
        });
      expect(await list({ due: 'overdue' })).not.toContain(id);
      expect(await list({ due: 'nearing' })).not.toContain(id);
      expect(await list({ due: 'nearing', offsetDays: '26' })).toContain(id);
      expect(await list({ due: 'overdue', offsetDays: '32' })).toContain(id);
      expect(await list({ status: 'received' })).toContain(id);
      expect(await list({ status: 'completed' })).not.toContain(id);
      await request(url)
        .get('/api/v1/admin/privacy/requests')
        .query({ due: 'soon' })
        .set(bearer(dpo))
        .expect(400);
      await request(url)
        .get('/api/v1/admin/privacy/requests')
        .query({ limit: '0' })
        .set(bearer(dpo))
        .expect(400);

      const metricsUrl = (await privacyApp().getUrl()).replace('[::1]', '127.0.0.1');
      const metrics = await atOffset(
        32 * DAY_MS,
        async () => (await request(metricsUrl).get('/metrics').expect(200)).text,
      );
      expect(metrics).toMatch(/privacy_requests\{[^}]*status="received"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/privacy_requests_open_by_due\{[^}]*due="overdue"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/privacy_requests_min_days_to_due\{[^}]*\} -/);
    });
  });

  describe('duplicates and excessive requests', () => {
    it('an open duplicate returns the pending request and never skips its verification', async () => {
      const c = await register(url);
      const first = await staffCreate(dpo, letterFrom(c, 'portability')).expect(201);
      const second = await staffCreate(dpo, letterFrom(c, 'portability')).expect(201);
      expect(second.body).toMatchObject({ id: rq(first).id, status: 'received' });
      // The subject's signed-in duplicate is the same pending request, still unverified.
      const mine = await subjectCreate(c, { type: 'portability' }).expect(202);
      expect(mine.body).toEqual({ id: rq(first).id, status: 'received' });
      expect((await staffView(rq(first).id)).transitions).toHaveLength(1);
    });

    it('flags a subject’s repeated requests as possibly excessive for a DPO decision', async () => {
      const c = await register(url);
      for (const type of ['objection', 'restriction']) {
        const r = await subjectCreate(c, { type }).expect(202);
        await waitForStatus(c, rq(r).id, 'completed');
      }
      const third = await subjectCreate(c, { type: 'access' }).expect(202);
      expect(rq(third).status).toBe('verified'); // verified by the session, but not approved
      const view = await subjectView(c, rq(third).id);
      expect(view.possiblyExcessive).toBe(true);
      const flagged = await request(url)
        .get('/api/v1/admin/privacy/requests')
        .query({ possiblyExcessive: 'true' })
        .set(bearer(dpo))
        .expect(200);
      expect((flagged.body as StaffRequestView[]).map((r) => r.id)).toContain(rq(third).id);
      await staffPost(rq(third).id, 'approve', { note: 'Reasonable: new data since' }).expect(200);
      await waitForStatus(c, rq(third).id, 'completed');
    });
  });

  describe('watchdog', () => {
    it('re-drives a request whose step failed for good while another service was down, and audits it', async () => {
      const c = await register(url);
      const subjectData = privacyApp().get(SubjectDataService);
      subjectData.eraseSubject = () => Promise.reject(new Error('database unavailable'));
      await system.stopService('notifications');
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      const privacyQueue = new Queue('privacy', { connection: redis, prefix: system.prefix });
      try {
        const created = await subjectCreate(c, { type: 'erasure' }).expect(202);
        const id = rq(created).id;
        await waitFor(
          async () => (await (await Job.fromId(privacyQueue, `${id}-privacy`))?.getState()) === 'failed',
          { timeoutMs: 10_000, description: 'the privacy step to fail after its one attempt' },
        );
        Reflect.deleteProperty(subjectData, 'eraseSubject');
        // Orders has answered; customers waits for the down notifications service to seal the
        // subject's address first; the privacy step failed.
        await waitFor(
          async () => (await (await Job.fromId(privacyQueue, id))?.getDependenciesCount())?.processed === 1,
          { timeoutMs: 10_000, description: 'orders to answer' },
        );

        const bus = system.gateway!.get(MessageBus);
        // Not yet stuck by the threshold: nothing is touched.
        expect((await bus.send('privacy.watchdog-sweep', {})).counts.redriven).toBe(0);
        const swept = await atOffset(31 * 60_000, () => bus.send('privacy.watchdog-sweep', {}));
        expect(swept.counts.redriven).toBeGreaterThanOrEqual(1);
        const [entry] = await system.sql<{ actor_id: string; detail: Record<string, unknown> }>(
          `SELECT actor_id, detail FROM privacy.audit_log WHERE request_id = $1 AND action = 'request.redriven'`,
          [id],
        );
        expect(entry).toEqual({
          actor_id: 'system:watchdog',
          detail: expect.objectContaining({ retried: ['privacy'], waiting: ['customers', 'notifications'] }),
        });
        // Still waiting for notifications: never completes with a service missing.
        await waitFor(
          async () => (await (await Job.fromId(privacyQueue, `${id}-privacy`))?.getState()) !== 'failed',
          { description: 'the privacy step to be retried' },
        );
        expect((await subjectView(c, id)).status).toBe('in_progress');

        await system.startService('notifications');
        const done = await waitForStatus(c, id, 'completed');
        expect(done.receipts.map((r) => r.service)).toEqual([
          'customers',
          'notifications',
          'orders',
          'privacy',
        ]);
      } finally {
        Reflect.deleteProperty(subjectData, 'eraseSubject');
        if (!system.services.has('notifications')) await system.startService('notifications');
        await privacyQueue.close();
        await redis.quit();
      }
    });

    it('starts a request whose start was lost after the approval, and audits it as the watchdog', async () => {
      const c = await register(url);
      const execution = privacyApp().get(RequestExecution);
      const created = await staffCreate(dpo, letterFrom(c, 'restriction')).expect(201);
      const id = rq(created).id;
      await staffPost(id, 'verify', { method: 'id_document' }).expect(200);
      // The process stops right after committing the decision: the flow is never added.
      execution.start = () => Promise.resolve();
      try {
        expect(rq(await staffPost(id, 'approve').expect(200)).status).toBe('approved');
      } finally {
        Reflect.deleteProperty(execution, 'start');
      }
      const bus = system.gateway!.get(MessageBus);
      expect((await bus.send('privacy.watchdog-sweep', {})).counts.started).toBe(0);
      expect((await staffView(id)).status).toBe('approved');
      const swept = await atOffset(31 * 60_000, () => bus.send('privacy.watchdog-sweep', {}));
      expect(swept.counts.started).toBeGreaterThanOrEqual(1);
      await waitForStatus(c, id, 'completed');
      const started = await system.sql<{ actor_id: string }>(
        `SELECT actor_id FROM privacy.audit_log WHERE request_id = $1 AND action = 'request.in_progress'`,
        [id],
      );
      expect(started).toEqual([{ actor_id: 'system:watchdog' }]);
    });

    it('an approval redelivered after its start failed starts the request once, without a second decision', async () => {
      const c = await register(url);
      const execution = privacyApp().get(RequestExecution);
      const created = await staffCreate(dpo, letterFrom(c, 'restriction')).expect(201);
      const id = rq(created).id;
      await staffPost(id, 'verify', { method: 'id_document' }).expect(200);
      // The first delivery commits the approval, then cannot start the flow; the transport
      // delivers the message again.
      execution.start = () => {
        Reflect.deleteProperty(execution, 'start');
        return Promise.reject(new Error('Redis connection lost'));
      };
      try {
        const approved = rq(await staffPost(id, 'approve').expect(200));
        expect(['in_progress', 'completed']).toContain(approved.status);
      } finally {
        Reflect.deleteProperty(execution, 'start');
      }
      await waitForStatus(c, id, 'completed');
      const decisions = await system.sql<{ to_status: string }>(
        `SELECT to_status FROM privacy.request_transitions WHERE request_id = $1 AND to_status IN ('approved', 'in_progress') ORDER BY id`,
        [id],
      );
      expect(decisions).toEqual([{ to_status: 'approved' }, { to_status: 'in_progress' }]);
      // Approving it again has nothing left to do and changes nothing.
      expect(rq(await staffPost(id, 'approve').expect(200)).status).toBe('completed');
    });

    it('marks a request failed after the maximum re-drives; the DPO retries it', async () => {
      const c = await register(url);
      const subjectData = privacyApp().get(SubjectDataService);
      subjectData.restrictSubject = () => Promise.reject(new Error('down'));
      const created = await staffCreate(dpo, letterFrom(c, 'restriction')).expect(201);
      const id = rq(created).id;
      try {
        await staffPost(id, 'verify', { method: 'id_document' }).expect(200);
        await staffPost(id, 'approve').expect(200);
        await system.sql('UPDATE privacy.requests SET redrives = 10 WHERE id = $1', [id]);
        const bus = system.gateway!.get(MessageBus);
        await waitFor(
          async () => {
            const swept = await atOffset(31 * 60_000, () => bus.send('privacy.watchdog-sweep', {}));
            return swept.counts.failed >= 1 || (await staffView(id)).status === 'failed';
          },
          { timeoutMs: 10_000, description: 'the request to be marked failed' },
        );
        expect((await staffView(id)).status).toBe('failed');
      } finally {
        Reflect.deleteProperty(subjectData, 'restrictSubject');
      }
      await staffPost(id, 'retry', {}, operator).expect(403);
      // The retry's answer is lost after its commit: delivered again, it is audited once.
      loseNextAnswer(privacyApp().get(StaffRequestsService), 'retry');
      await staffPost(id, 'retry').expect(200);
      await waitForStatus(c, id, 'completed');
      const retried = await system.sql(
        `SELECT 1 FROM privacy.request_transitions WHERE request_id = $1 AND note = 'retried'`,
        [id],
      );
      expect(retried).toHaveLength(1);
    });
  });
});
