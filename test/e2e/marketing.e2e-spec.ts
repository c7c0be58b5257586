import { randomUUID } from 'node:crypto';
import type { AuditEntryView, ConsentsView } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import request from 'supertest';
import { bearer, register, type Registered } from '../support/api.js';
import { MailSink, type ReceivedMail } from '../support/mail-sink.js';
import { loseNextAnswer } from '../support/redelivery.js';
import { TestSystem } from '../support/system.js';
import { MarketingHandlers } from '../../apps/notifications/src/marketing/marketing.handlers.js';

/** Links in messages point at this origin; the test sends them to the gateway it started. */
const LINK_ORIGIN = 'https://offera.test';
const FORM = 'application/x-www-form-urlencoded';
const ONE_CLICK = 'List-Unsubscribe=One-Click';

describe('Marketing: staff campaigns and the one-click unsubscribe link', () => {
  let system: TestSystem;
  let mail: MailSink;
  let url: string;
  let operator: string;
  let admin: string;
  let dpo: string;

  beforeAll(async () => {
    mail = await MailSink.start();
    system = await TestSystem.start({
      env: {
        SMTP_URL: mail.url,
        DELIVERY_BACKOFF_MS: '100',
        UNSUBSCRIBE_BASE_URL: `${LINK_ORIGIN}/unsubscribe`,
        EXCESSIVE_REQUESTS_COUNT: '100',
      },
    });
    url = system.url;
    operator = await system.tokenFor('operator');
    admin = await system.tokenFor('admin');
    dpo = await system.tokenFor('dpo');
  });

  afterAll(async () => {
    await system?.stop();
    await mail?.stop();
  });

  const prefs = async (subjectId: string) =>
    (
      await system.sql<{ consent: boolean; objected_at: Date | null }>(
        'SELECT consent, objected_at FROM notifications.marketing_preferences WHERE subject_id = $1',
        [subjectId],
      )
    )[0];
  const consent = (c: Registered, marketing: boolean) =>
    request(url).put('/api/v1/privacy/consents').set(bearer(c.accessToken)).send({ marketing }).expect(200);
  const campaign = (token: string, body: object) =>
    request(url).post('/api/v1/admin/marketing/campaigns').set(bearer(token)).send(body);
  const mailsTo = async (c: Registered, n: number): Promise<ReceivedMail[]> => {
    await waitFor(() => mail.to(c.email).filter((m) => m.headers.has('list')).length >= n, {
      timeoutMs: 10_000,
      description: `${n} marketing mail(s) to a customer`,
    });
    return mail.to(c.email).filter((m) => m.headers.has('list'));
  };
  /** The List-Unsubscribe URL of a mail, moved to the gateway under test. */
  const unsubscribeLink = (m: ReceivedMail): URL => {
    const header = JSON.stringify(m.headers.get('list'));
    const found = /https:\/\/offera\.test\/unsubscribe\?[^"<>\s]+/.exec(header)?.[0];
    if (!found) throw new Error('no List-Unsubscribe link');
    return new URL(found);
  };
  const path = (link: URL, token = link.searchParams.get('t') ?? '') =>
    `/unsubscribe?t=${encodeURIComponent(token)}&l=${link.searchParams.get('l') ?? 'fi'}`;
  const tamper = (token: string) => `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
  const suppressed = async () =>
    Number(
      (await system.sql<{ n: string }>('SELECT count(*) AS n FROM notifications.suppression_list'))[0].n,
    );

  it('reaches only consenting, unsuppressed customers; one click unsubscribes them for good', async () => {
    const [consenting, silent, objector] = await Promise.all([register(url), register(url), register(url)]);
    await consent(consenting, true);
    await consent(objector, true);
    // The objector objects to direct marketing: withdrawn consent and a suppressed address.
    await request(url)
      .post('/api/v1/privacy/requests')
      .set(bearer(objector.accessToken))
      .send({ type: 'objection' })
      .expect(202);
    await waitFor(async () => (await prefs(consenting.customerId))?.consent === true);
    await waitFor(async () => Boolean((await prefs(objector.customerId))?.objected_at));
    await waitFor(async () => (await suppressed()) >= 1, { description: 'the objector suppressed' });

    // To everyone whose consent is recorded: only the consenting customer.
    const first = randomUUID();
    expect((await campaign(operator, { campaignId: first }).expect(200)).body).toEqual({
      campaignId: first,
      sent: 1,
      skipped: 0,
    });
    const [m] = await mailsTo(consenting, 1);
    const link = unsubscribeLink(m);
    // Text, HTML and headers carry the same link; it names nobody in clear.
    expect(m.text).toContain(link.toString());
    expect(m.html).toContain(link.toString().replace(/&/g, '&amp;'));
    // mailparser folds List-Unsubscribe and List-Unsubscribe-Post into one `list` header.
    expect(m.headers.get('list')).toEqual({
      unsubscribe: { url: link.toString() },
      'unsubscribe-post': { name: ONE_CLICK },
    });
    expect(link.toString()).not.toContain(consenting.customerId);
    expect(link.toString()).not.toContain(consenting.email);
    // A listed campaign reaches nobody else either; sending it again, nobody twice.
    const listed = {
      campaignId: randomUUID(),
      recipientIds: [consenting, silent, objector].map((c) => c.customerId),
    };
    expect((await campaign(admin, listed).expect(200)).body).toMatchObject({ sent: 1, skipped: 2 });
    expect((await campaign(admin, listed).expect(200)).body).toMatchObject({ sent: 0, skipped: 3 });
    await mailsTo(consenting, 2);
    expect(mail.to(silent.email)).toHaveLength(1); // the welcome message only
    expect(mail.to(objector.email).filter((x) => x.headers.has('list'))).toHaveLength(0);

    // Opening the link only shows the confirmation page with its one-click button.
    const page = await request(url).get(path(link)).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<form method="post"');
    expect(page.text).toContain('name="List-Unsubscribe" value="One-Click"');
    expect((await prefs(consenting.customerId))?.consent).toBe(true);

    // A tampered, malformed or incomplete link, or a wrong body, is a 400 and changes nothing.
    const token = link.searchParams.get('t') ?? '';
    await request(url)
      .get(path(link, tamper(token)))
      .expect(400);
    await request(url)
      .post(path(link, tamper(token)))
      .type(FORM)
      .send(ONE_CLICK)
      .expect(400);
    await request(url).post(path(link, 'not-a-token')).type(FORM).send(ONE_CLICK).expect(400);
    await request(url).post('/unsubscribe').type(FORM).send(ONE_CLICK).expect(400);
    await request(url)
      .post(`${path(link)}&s=${consenting.customerId}`)
      .type(FORM)
      .send(ONE_CLICK)
      .expect(400);
    await request(url).post(path(link)).type(FORM).send('List-Unsubscribe=Yes').expect(400);
    await request(url).post(path(link)).type(FORM).send(`${ONE_CLICK}&x=1`).expect(400);
    await request(url).post(path(link)).send({ 'List-Unsubscribe': 'One-Click' }).expect(400);
    expect(await prefs(consenting.customerId)).toMatchObject({ consent: true, objected_at: null });

    // The one-click POST (RFC 8058), as a mail client sends it; a repeat is harmless.
    const done = await request(url).post(path(link)).type(FORM).send(ONE_CLICK).expect(200);
    expect(done.text).toContain('Tilaus on peruttu');
    expect(await prefs(consenting.customerId)).toMatchObject({
      consent: false,
      objected_at: expect.any(Date),
    });
    await request(url).post(path(link)).type(FORM).send(ONE_CLICK).expect(200);
    expect((await request(url).get(path(link)).expect(200)).text).not.toContain('<form');

    // The consent ledger records it as an objection through the link; the address is suppressed.
    const ledger = await waitFor(
      async () => {
        const r = await request(url).get('/api/v1/privacy/consents').set(bearer(consenting.accessToken));
        const view = r.body as ConsentsView;
        return view.history?.at(-1)?.actor === 'unsubscribe-link' ? view : null;
      },
      { description: 'the unsubscribe in the consent ledger' },
    );
    expect(ledger.consents).toContainEqual(expect.objectContaining({ purpose: 'marketing', granted: false }));
    expect(ledger.history.filter((h) => h.actor === 'unsubscribe-link')).toHaveLength(1);
    await waitFor(async () => (await suppressed()) >= 2, { description: 'the address suppressed' });

    // The next campaign does not reach them.
    const next = randomUUID();
    expect((await campaign(operator, { campaignId: next }).expect(200)).body).toEqual({
      campaignId: next,
      sent: 0,
      skipped: 0,
    });
    expect(
      (
        await campaign(operator, { campaignId: randomUUID(), recipientIds: [consenting.customerId] }).expect(
          200,
        )
      ).body,
    ).toMatchObject({ sent: 0, skipped: 1 });
    expect(mail.to(consenting.email).filter((x) => x.headers.has('list'))).toHaveLength(2);

    // Every campaign is in the audit log, with who sent it.
    const audit = await request(url)
      .get('/api/v1/admin/audit')
      .query({ action: 'marketing.campaign-sent' })
      .set(bearer(dpo))
      .expect(200);
    const entries = audit.body as AuditEntryView[];
    expect(entries.map((e) => e.detail?.campaignId)).toEqual(expect.arrayContaining([first, next]));
    expect(entries.find((e) => e.detail?.campaignId === first)).toMatchObject({ actorRole: 'operator' });
  });

  it('lets only the back office send, and refuses bad campaigns', async () => {
    const customer = await register(url);
    const campaignId = randomUUID();
    await request(url).post('/api/v1/admin/marketing/campaigns').send({ campaignId }).expect(401);
    for (const token of [
      customer.accessToken,
      dpo,
      await system.tokenFor('accountant'),
      await system.tokenFor('provider'),
    ])
      await campaign(token, { campaignId }).expect(403);
    for (const bad of [
      {},
      { campaignId: 'x' },
      { campaignId, recipientIds: [] },
      { campaignId, recipientIds: ['nope'] },
      { campaignId, recipientIds: customer.customerId },
      { campaignId, subject: 'Hello' },
      { campaignId, recipientIds: Array.from({ length: 1001 }, () => randomUUID()) },
    ])
      await campaign(operator, bad).expect(400);
    const audited = await system.sql<{ n: string }>(
      `SELECT count(*) AS n FROM privacy.audit_log WHERE detail->>'campaignId' = $1`,
      [campaignId],
    );
    expect(Number(audited[0].n)).toBe(0);
  });

  it('answers a redelivered campaign send with its first counts; a new send of it skips everyone', async () => {
    const e = await register(url);
    await consent(e, true);
    await waitFor(async () => (await prefs(e.customerId))?.consent === true);
    const handlers = system.services.get('notifications')!.get(MarketingHandlers);
    loseNextAnswer(handlers, 'send');
    const body = { campaignId: randomUUID(), recipientIds: [e.customerId] };
    expect((await campaign(operator, body).expect(200)).body).toEqual({
      campaignId: body.campaignId,
      sent: 1,
      skipped: 0,
    });
    expect((await campaign(operator, body).expect(200)).body).toMatchObject({ sent: 0, skipped: 1 });
    await mailsTo(e, 1);
    expect(mail.to(e.email).filter((m) => m.headers.has('list'))).toHaveLength(1);
  });

  it('records a redelivered unsubscribe once; an erased subject’s old link names nobody again', async () => {
    const d = await register(url);
    await consent(d, true);
    await waitFor(async () => (await prefs(d.customerId))?.consent === true);
    await campaign(operator, { campaignId: randomUUID(), recipientIds: [d.customerId] }).expect(200);
    const link = unsubscribeLink((await mailsTo(d, 1))[0]);

    // The notifications service loses its answer after the commit: the retry answers the same.
    const handlers = system.services.get('notifications')!.get(MarketingHandlers);
    loseNextAnswer(handlers, 'unsubscribe');
    await request(url).post(path(link)).type(FORM).send(ONE_CLICK).expect(200);
    const ledger = async () =>
      ((await request(url).get('/api/v1/privacy/consents').set(bearer(d.accessToken))).body as ConsentsView)
        .history;
    await waitFor(async () => (await ledger()).some((h) => h.actor === 'unsubscribe-link'));
    await request(url).post(path(link)).type(FORM).send(ONE_CLICK).expect(200);
    expect((await ledger()).filter((h) => h.actor === 'unsubscribe-link')).toHaveLength(1);

    // Erased: the old link still answers, and makes no row that names them again.
    const erasure = await request(url)
      .post('/api/v1/privacy/requests')
      .set(bearer(d.accessToken))
      .send({ type: 'erasure' })
      .expect(202);
    await waitFor(
      async () =>
        (
          await system.sql<{ status: string }>('SELECT status FROM privacy.requests WHERE id = $1', [
            (erasure.body as { id: string }).id,
          ])
        )[0]?.status === 'completed',
      { timeoutMs: 20_000, description: 'the erasure to complete' },
    );
    expect(await prefs(d.customerId)).toBeUndefined();
    expect((await request(url).get(path(link)).expect(200)).text).not.toContain('<form');
    await request(url).post(path(link)).type(FORM).send(ONE_CLICK).expect(200);
    expect(await prefs(d.customerId)).toBeUndefined();
  });
});
