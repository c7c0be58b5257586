import { randomUUID } from 'node:crypto';
import type { AuditEntryView } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import request from 'supertest';
import { AuditService } from '../../apps/privacy/src/audit/audit.service.js';
import { bearer, register } from '../support/api.js';
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

  beforeAll(async () => {
    system = await TestSystem.start();
    url = system.url;
    dpo = await system.tokenFor('dpo');
  });

  afterAll(async () => {
    await system?.stop();
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
