import { randomUUID } from 'node:crypto';
import type {
  AuditEntryView,
  PrivacyRequestView,
  StaffRequestView,
  SubjectExportDocument,
} from '@offera/contracts';
import { waitFor } from '@offera/testing';
import request from 'supertest';
import { AuditService } from '../../apps/privacy/src/audit/audit.service.js';
import { LinkOpener } from '../../apps/privacy/src/links/link-opener.js';
import { bearer, register } from '../support/api.js';
import { MailSink, type ReceivedMail } from '../support/mail-sink.js';
import { loseNextAnswer } from '../support/redelivery.js';
import { TestSystem } from '../support/system.js';

const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
let serial = 100;

/** A valid, non-temporary identity code no other test here uses. */
function freshIdentityCode(): string {
  serial += 1;
  const date = '010190';
  const nnn = String(serial).padStart(3, '0');
  return `${date}-${nnn}${CHECK[Number(date + nnn) % 31]}`;
}

describe('Privacy: letters, one-time links and the staff audit trail', () => {
  let system: TestSystem;
  let url: string;
  let dpo: string;
  let mail: MailSink;

  beforeAll(async () => {
    mail = await MailSink.start();
    system = await TestSystem.start({ env: { SMTP_URL: mail.url, DELIVERY_BACKOFF_MS: '100' } });
    url = system.url;
    dpo = await system.tokenFor('dpo');
  });

  afterAll(async () => {
    await system?.stop();
    await mail?.stop();
  });

  /** The one mail to `address` whose subject matches, once it has arrived. */
  const mailTo = (address: string, subject: RegExp) =>
    waitFor(() => mail.to(address).find((m) => subject.test(m.subject)) ?? null, {
      timeoutMs: 15_000,
      description: `a mail to ${address}`,
    });
  /** The one-time link's path in a mail (the API route it opens). */
  const linkIn = (m: ReceivedMail): string => {
    const found = /\/api\/v1\/privacy\/links\/[A-Za-z0-9_-]{43}/.exec(m.text);
    if (!found) throw new Error('no one-time link in the mail');
    return found[0];
  };
  const staffCreate = (body: object, token = dpo) =>
    request(url).post('/api/v1/admin/privacy/requests').set(bearer(token)).send(body);
  const staffPost = (id: string, action: string, body: object = {}) =>
    request(url).post(`/api/v1/admin/privacy/requests/${id}/${action}`).set(bearer(dpo)).send(body);
  const staffView = async (id: string) =>
    (await request(url).get(`/api/v1/admin/privacy/requests/${id}`).set(bearer(dpo)).expect(200))
      .body as StaffRequestView;
  const completed = (id: string) =>
    waitFor(
      async () => {
        const v = await staffView(id);
        return v.status === 'completed' ? v : null;
      },
      { timeoutMs: 15_000, description: `request ${id} to complete` },
    );
  /** A letter's request verified from an ID document and approved, then carried out. */
  const carryOut = async (id: string) => {
    await staffPost(id, 'verify', { method: 'id_document' }).expect(200);
    await staffPost(id, 'approve').expect(200);
    return completed(id);
  };
  const cookie = async () => {
    const cookieId = `ck_${randomUUID().replace(/-/g, '')}`;
    await request(url)
      .post('/api/v1/privacy/cookie-consents')
      .send({ cookieId, necessary: true, analytics: true, marketing: false, policyVersion: '2026-01' })
      .expect(201);
    return cookieId;
  };
  /** Every row of every table of every service's schema that holds `text`, as `schema.table`. */
  const tablesHolding = async (text: string): Promise<string[]> => {
    const tables = await system.sql<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
        WHERE table_schema IN ('customers','orders','notifications','privacy') AND table_type = 'BASE TABLE'`,
    );
    const found: string[] = [];
    for (const { s, t } of tables) {
      const rows = await system.sql(`SELECT 1 FROM "${s}"."${t}" x WHERE x::text LIKE $1 LIMIT 1`, [
        `%${text}%`,
      ]);
      if (rows.length) found.push(`${s}.${t}`);
    }
    return found;
  };

  describe('the outcome of an erasure, told in full', () => {
    it('lists what is withheld, why and until when, and links once to every receipt', async () => {
      const c = await register(url);
      const created = await request(url)
        .post('/api/v1/privacy/requests')
        .set(bearer(c.accessToken))
        .send({ type: 'erasure' })
        .expect(202);
      const id = (created.body as { id: string }).id;
      const view = await completed(id);
      // The DPO sees every service's receipt.
      expect(view.receipts?.map((r) => r.service)).toEqual([
        'customers',
        'notifications',
        'orders',
        'privacy',
      ]);
      const privacyReceipt = view.receipts!.find((r) => r.service === 'privacy')!;
      expect(privacyReceipt.withheld).toEqual([
        expect.objectContaining({
          category: 'privacy request records, pseudonymised',
          until: expect.any(String),
        }),
      ]);

      const notice = await mailTo(c.email, /poistettu|erased/);
      const until = privacyReceipt.withheld[0].until; // YYYY-MM-DD
      const [y, m, d] = until.split('-').map(Number);
      expect(notice.text).toContain('Tietosuojapyyntöjesi käsittelytiedot pseudonymisoituina');
      expect(notice.text).toContain(`säilytetään ${d}.${m}.${y} asti`);
      expect(notice.text).toContain('GDPR Art. 5(2)');
      expect(notice.text).not.toContain('lain vaatiman ajan');
      const link = linkIn(notice);

      // Once: the receipts, with nothing personal; then 410, changing nothing.
      const opened = await request(url).get(link).expect(200);
      expect(opened.headers['cache-control']).toBe('no-store');
      const receipts = opened.body as PrivacyRequestView;
      expect(receipts).toMatchObject({ id, type: 'erasure', status: 'completed' });
      expect(receipts.receipts).toEqual(view.receipts);
      expect(JSON.stringify(receipts)).not.toContain(c.customerId);
      expect(JSON.stringify(receipts)).not.toContain(c.email);
      const [used] = await system.sql<{ used_at: Date }>(
        'SELECT used_at FROM privacy.one_time_links WHERE request_id = $1',
        [id],
      );
      const again = await request(url).get(link).expect(410);
      expect(again.body).toMatchObject({ reason: 'LINK_USED' });
      expect(
        await system.sql('SELECT used_at FROM privacy.one_time_links WHERE request_id = $1', [id]),
      ).toEqual([used]);
      // Only a keyed hash of the token is stored, and the mail's credential is not kept.
      const token = link.split('/').pop()!;
      expect(await tablesHolding(token)).toEqual([]);
      // Tampered with, or not a token at all: 404.
      const tampered = `${link.slice(0, -1)}${link.endsWith('A') ? 'B' : 'A'}`;
      expect((await request(url).get(tampered).expect(404)).body).toMatchObject({ reason: 'LINK_NOT_FOUND' });
      await request(url).get('/api/v1/privacy/links/not-a-token').expect(404);
      const audit = await request(url)
        .get('/api/v1/admin/audit')
        .query({ requestId: id })
        .set(bearer(dpo))
        .expect(200);
      expect((audit.body as AuditEntryView[]).filter((a) => a.action === 'link.opened')).toHaveLength(1);
    });

    it('an expired link is refused with 410 and stays unused', async () => {
      const c = await register(url);
      const created = await request(url)
        .post('/api/v1/privacy/requests')
        .set(bearer(c.accessToken))
        .send({ type: 'erasure' })
        .expect(202);
      const id = (created.body as { id: string }).id;
      await completed(id);
      const link = linkIn(await mailTo(c.email, /poistettu|erased/));
      await system.sql(
        `UPDATE privacy.one_time_links SET expires_at = now() - interval '1 second' WHERE request_id = $1`,
        [id],
      );
      const expired = await request(url).get(link).expect(410);
      expect(expired.body).toMatchObject({ reason: 'LINK_EXPIRED' });
      expect(
        await system.sql('SELECT used_at FROM privacy.one_time_links WHERE request_id = $1', [id]),
      ).toEqual([{ used_at: null }]);
    });
  });

  /** The audit entries about `subjectId`, once `match` finds what it waits for. */
  const auditOf = (subjectId: string, match: (entries: AuditEntryView[]) => boolean) =>
    waitFor(
      async () => {
        const res = await request(url)
          .get('/api/v1/admin/audit')
          .query({ subjectId })
          .set(bearer(dpo))
          .expect(200);
        const entries = res.body as AuditEntryView[];
        return match(entries) ? entries : null;
      },
      { timeoutMs: 10_000, description: 'the audit entries' },
    );

  describe('people without an account', () => {
    /** A customer registered by staff from a phone order: no password, cannot sign in. */
    const withoutAccount = async () => {
      const tag = randomUUID().slice(0, 8);
      const res = await request(url)
        .post('/api/v1/admin/customers')
        .set(bearer(await system.tokenFor('operator')))
        .send({ firstName: 'Kaarina', lastName: 'Kirjeenkirjoittaja', email: `kaarina.${tag}@example.fi` })
        .expect(201);
      return { customerId: (res.body as { id: string }).id, email: `kaarina.${tag}@example.fi` };
    };

    it('a letter with an ID document: the export reaches the address given, once, through its link', async () => {
      const person = await withoutAccount();
      const given = `kirje.${randomUUID().slice(0, 8)}@example.org`;
      const created = await staffCreate({
        type: 'access',
        subjectId: person.customerId,
        verification: 'id_document',
        receivedVia: 'letter',
        contact: { email: given, language: 'en' },
      }).expect(201);
      const id = (created.body as { id: string }).id;
      // Kept sealed until the link is sent: the address is nowhere in clear.
      expect(await tablesHolding(given)).toEqual([]);
      await carryOut(id);
      const m = await mailTo(given, /ready to download/);
      expect(m.text).toContain('once through this link');
      expect(mail.to(person.email).filter((x) => /ready to download|ladattavissa/.test(x.subject))).toEqual(
        [],
      );
      const link = linkIn(m);
      const res = await request(url).get(link).expect(200);
      expect(res.headers['content-disposition']).toContain(`offera-data-${id}.json`);
      const doc = res.body as SubjectExportDocument;
      expect(doc).toMatchObject({ requestId: id, type: 'access' });
      expect(JSON.stringify(doc.services.customers)).toContain('Kaarina');
      expect((await request(url).get(link).expect(410)).body).toMatchObject({ reason: 'LINK_USED' });
      // Sent, so forgotten: neither the given address nor the token is kept.
      expect(await system.sql('SELECT 1 FROM privacy.request_contacts WHERE request_id = $1', [id])).toEqual(
        [],
      );
      await waitFor(async () => (await tablesHolding(given)).length === 0, {
        description: 'the address gone',
      });
      expect(await tablesHolding(link.split('/').pop()!)).toEqual([]);

      // Staff may download it to post it: with a reason, DPO only, audited.
      const post = (body: object, token = dpo) =>
        request(url).post(`/api/v1/admin/privacy/requests/${id}/export`).set(bearer(token)).send(body);
      await post({}).expect(400);
      await post({ reason: 'x' }).expect(400);
      await post({ reason: 'Posted to the letter address', extra: 1 }).expect(400);
      await post({ reason: 'Posted to the letter address' }, await system.tokenFor('operator')).expect(403);
      await request(url)
        .post(`/api/v1/admin/privacy/requests/${randomUUID()}/export`)
        .set(bearer(dpo))
        .send({ reason: 'Posted to the letter address' })
        .expect(404);
      const posted = await post({ reason: 'Posted to the letter address' }).expect(200);
      expect(posted.headers['cache-control']).toBe('no-store');
      expect((posted.body as SubjectExportDocument).requestId).toBe(id);
      const audit = await request(url)
        .get('/api/v1/admin/audit')
        .query({ requestId: id })
        .set(bearer(dpo))
        .expect(200);
      const downloads = (audit.body as AuditEntryView[]).filter(
        (a) => a.action === 'export.downloaded-by-staff',
      );
      expect(downloads).toEqual([
        expect.objectContaining({
          actorRole: 'dpo',
          detail: { reason: 'Posted to the letter address', type: 'access' },
        }),
      ]);
    });

    it('a copy of a cookie: an access request exports that cookie’s consents through the link', async () => {
      const cookieId = await cookie();
      const given = `eväste.${randomUUID().slice(0, 8)}@example.org`.replace('ä', 'a');
      const created = await staffCreate({
        type: 'access',
        cookieId,
        verification: 'id_document',
        receivedVia: 'email',
        contact: { email: given, language: 'fi' },
      }).expect(201);
      expect(created.body).toMatchObject({ subjectId: null, cookieId, status: 'received' });
      const id = (created.body as { id: string }).id;
      const done = await carryOut(id);
      expect(done.receipts).toEqual([
        expect.objectContaining({ service: 'privacy', outcome: { exported: expect.any(Object) } }),
      ]);
      const link = linkIn(await mailTo(given, /ladattavissa/));
      const doc = (await request(url).get(link).expect(200)).body as SubjectExportDocument;
      expect(doc.services.privacy?.cookie_consents).toEqual([
        expect.objectContaining({ cookieId, analytics: true, marketing: false, policyVersion: '2026-01' }),
      ]);
      await request(url).get(link).expect(410);
    });

    it('a link opened by a message whose answer was lost answers again once, then is spent', async () => {
      const cookieId = await cookie();
      const given = `kahdesti.${randomUUID().slice(0, 8)}@example.org`;
      const created = await staffCreate({
        type: 'access',
        cookieId,
        verification: 'id_document',
        contact: { email: given, language: 'en' },
      }).expect(201);
      await carryOut((created.body as { id: string }).id);
      const link = linkIn(await mailTo(given, /ready to download/));
      loseNextAnswer(system.services.get('privacy')!.get(LinkOpener), 'open');
      const first = await request(url).get(link).expect(200);
      expect((first.body as SubjectExportDocument).services.privacy?.cookie_consents).toHaveLength(1);
      await request(url).get(link).expect(410);
      const audit = await request(url)
        .get('/api/v1/admin/audit')
        .query({ requestId: (created.body as { id: string }).id, action: 'link.opened' })
        .set(bearer(dpo))
        .expect(200);
      expect(audit.body).toHaveLength(1);
    });

    it('an erasure by cookie id leaves the cookie id in no table; the outcome comes through the link', async () => {
      const cookieId = await cookie();
      // An earlier access request about it: its record and export hold the cookie id too.
      const access = await staffCreate({ type: 'access', cookieId, verification: 'id_document' }).expect(201);
      await carryOut((access.body as { id: string }).id);
      const given = `poisto.${randomUUID().slice(0, 8)}@example.org`;
      const created = await staffCreate({
        type: 'erasure',
        cookieId,
        verification: 'id_document',
        contact: { email: given, language: 'en' },
      }).expect(201);
      const id = (created.body as { id: string }).id;
      const done = await carryOut(id);
      expect(done.cookieId).toBeNull();
      expect(done.receipts?.[0]).toMatchObject({
        service: 'privacy',
        erased: {
          'cookie_consents.ip': 1,
          'cookie_consents.cookie_id': 1,
          'requests.cookie_id': 2,
          exports: 1,
        },
        withheld: [
          expect.objectContaining({ category: 'cookie consent choices, pseudonymised', count: 1 }),
          expect.objectContaining({ category: 'privacy request records, pseudonymised', count: 2 }),
        ],
      });
      expect(await tablesHolding(cookieId)).toEqual([]);
      const m = await mailTo(given, /erased/);
      expect(m.text).toContain('cookie consent choices, pseudonymised (1): legal ground GDPR Art. 7(1)');
      const receipts = (await request(url).get(linkIn(m)).expect(200)).body as PrivacyRequestView;
      expect(receipts.receipts).toEqual(done.receipts);
      await request(url).get(linkIn(m)).expect(410);
      expect(await tablesHolding(given)).toEqual([]);
    });

    it('a cookie id that matches nothing, or a request it cannot be, is refused and records nothing', async () => {
      const unknown = `ck_${randomUUID().replace(/-/g, '')}`;
      const before = await system.sql<{ n: number }>('SELECT count(*)::int AS n FROM privacy.requests');
      const refused = await staffCreate({
        type: 'erasure',
        cookieId: unknown,
        verification: 'id_document',
      }).expect(422);
      expect(refused.body).toMatchObject({ reason: 'COOKIE_NOT_FOUND' });
      await staffCreate({ type: 'access', cookieId: unknown, verification: 'id_document' }).expect(422);
      const known = await cookie();
      await staffCreate({ type: 'portability', cookieId: known, verification: 'id_document' }).expect(400);
      await staffCreate({ type: 'access', cookieId: known, verification: 'one_time_code' }).expect(400);
      await staffCreate({
        type: 'access',
        cookieId: known,
        verification: 'id_document',
        contact: { email: 'not an address' },
      }).expect(400);
      await staffCreate({
        type: 'access',
        cookieId: known,
        verification: 'id_document',
        contact: { email: 'a@example.fi', language: 'sv' },
      }).expect(400);
      await staffCreate({
        type: 'restriction',
        subjectId: (await register(url)).customerId,
        verification: 'id_document',
        contact: { email: 'a@example.fi' },
      }).expect(400);
      expect(await system.sql('SELECT count(*)::int AS n FROM privacy.requests')).toEqual(before);
      expect(await system.sql('SELECT 1 FROM privacy.request_contacts')).toEqual([]);

      // A rejected request keeps no address given for its link.
      const rejected = await staffCreate({
        type: 'access',
        cookieId: known,
        verification: 'id_document',
        contact: { email: 'hylatty@example.org', language: 'fi' },
      }).expect(201);
      const rid = (rejected.body as { id: string }).id;
      expect(
        await system.sql('SELECT 1 FROM privacy.request_contacts WHERE request_id = $1', [rid]),
      ).toHaveLength(1);
      await staffPost(rid, 'reject', { reason: 'The copy of the cookie could not be verified' }).expect(200);
      expect(await system.sql('SELECT 1 FROM privacy.request_contacts WHERE request_id = $1', [rid])).toEqual(
        [],
      );
    });

    it('documents the link and staff export routes', async () => {
      const doc = await request(url).get('/api/docs-json').expect(200);
      const paths = (doc.body as { paths: Record<string, Record<string, { responses: object }>> }).paths;
      expect(Object.keys(paths['/api/v1/privacy/links/{token}'].get.responses)).toEqual(
        expect.arrayContaining(['200', '404', '410']),
      );
      expect(paths).toHaveProperty(['/api/v1/admin/privacy/requests/{id}/export', 'post']);
    });
  });

  describe('staff access in the DPO’s audit log', () => {
    it('identity-code reveals and record views appear with who, when, which subject and why', async () => {
      const c = await register(url);
      await request(url)
        .put('/api/v1/me/identity-code')
        .set(bearer(c.accessToken))
        .send({ identityCode: freshIdentityCode(), purpose: 'invoicing' })
        .expect(200);
      const operatorId = randomUUID();
      const operator = await system.tokenFor('operator', operatorId);
      const before = Date.now();
      await request(url)
        .get(`/api/v1/admin/customers/${c.customerId}`)
        .query({ reason: 'Customer called about an invoice' })
        .set(bearer(operator))
        .expect(200);
      const reveal = await request(url)
        .post(`/api/v1/admin/customers/${c.customerId}/identity-code/reveal`)
        .set(bearer(operator))
        .send({ reason: 'Household deduction form' })
        .expect(200);
      const entries = await auditOf(c.customerId, (e) =>
        ['customer.viewed', 'identity-code.revealed'].every((a) => e.some((x) => x.action === a)),
      );
      const viewed = entries.find((e) => e.action === 'customer.viewed')!;
      const revealed = entries.find((e) => e.action === 'identity-code.revealed')!;
      expect(viewed).toMatchObject({
        actorId: operatorId,
        actorRole: 'operator',
        subjectRef: expect.any(String),
        detail: { service: 'customers', reason: 'Customer called about an invoice' },
      });
      expect(revealed).toMatchObject({
        actorId: operatorId,
        actorRole: 'operator',
        subjectRef: viewed.subjectRef,
        detail: { service: 'customers', reason: 'Household deduction form' },
      });
      expect(new Date(revealed.at).getTime()).toBeGreaterThanOrEqual(before - 1000);
      // Pseudonymised: the log never names the customer, nor holds the code.
      expect(JSON.stringify(entries)).not.toContain(c.customerId);
      expect(JSON.stringify(entries)).not.toContain((reveal.body as { identityCode: string }).identityCode);
      // Reported once each, however often the event is delivered.
      expect(entries.filter((e) => e.action === 'identity-code.revealed')).toHaveLength(1);
      const audit = system.services.get('privacy')!.get(AuditService);
      const again = {
        accessId: (reveal.body as { revealId: string }).revealId,
        actorId: operatorId,
        actorRole: 'operator',
        customerId: c.customerId,
        action: 'identity-code.revealed' as const,
        reason: 'Household deduction form',
        occurredAt: revealed.at,
      };
      await audit.recordStaffAccess(again);
      await audit.recordStaffAccess(again);
      expect(
        await system.sql(
          `SELECT 1 FROM privacy.audit_log WHERE action = 'identity-code.revealed' AND subject_ref = $1`,
          [viewed.subjectRef],
        ),
      ).toHaveLength(1);
    });

    it('a view without a reason is still audited; a bad reason is refused and audits nothing', async () => {
      const c = await register(url);
      const admin = await system.tokenFor('admin');
      await request(url)
        .get(`/api/v1/admin/customers/${c.customerId}`)
        .query({ reason: 'x' })
        .set(bearer(admin))
        .expect(400);
      await request(url)
        .get(`/api/v1/admin/customers/${c.customerId}`)
        .query({ why: 'unknown field' })
        .set(bearer(admin))
        .expect(400);
      await request(url).get(`/api/v1/admin/customers/${randomUUID()}`).set(bearer(admin)).expect(404);
      await request(url)
        .get(`/api/v1/admin/customers/${c.customerId}`)
        .set(bearer(c.accessToken))
        .expect(403);
      await request(url).get(`/api/v1/admin/customers/${c.customerId}`).set(bearer(admin)).expect(200);
      const entries = await auditOf(c.customerId, (e) => e.some((x) => x.action === 'customer.viewed'));
      expect(entries.filter((e) => e.action === 'customer.viewed')).toEqual([
        expect.objectContaining({ actorRole: 'admin', detail: { service: 'customers' } }),
      ]);
    });

    it('a request entered by staff is audited with who entered it, for whom and from what', async () => {
      const c = await register(url);
      const operatorId = randomUUID();
      const created = await request(url)
        .post('/api/v1/admin/privacy/requests')
        .set(bearer(await system.tokenFor('operator', operatorId)))
        .send({ type: 'access', subjectId: c.customerId, verification: 'id_document', receivedVia: 'email' })
        .expect(201);
      const entries = await auditOf(c.customerId, (e) =>
        e.some((x) => x.action === 'request.entered-by-staff'),
      );
      expect(entries.find((e) => e.action === 'request.entered-by-staff')).toMatchObject({
        actorId: operatorId,
        actorRole: 'operator',
        requestId: (created.body as { id: string }).id,
        detail: { type: 'access', verification: 'id_document', receivedVia: 'email' },
      });
      await request(url)
        .post('/api/v1/admin/privacy/requests')
        .set(bearer(dpo))
        .send({ type: 'access', subjectId: c.customerId, verification: 'id_document', receivedVia: 'fax' })
        .expect(400);
    });
  });
});
