import { ROLES } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import request from 'supertest';
import { bearer, register } from '../support/api.js';
import { inDays, placeOrder } from '../support/booking.js';
import { MailSink } from '../support/mail-sink.js';
import { SmsSink } from '../support/sms-sink.js';
import { TestSystem } from '../support/system.js';
import { Random } from './random.js';
import { type FuzzRequest, type OpenApiDocument, RequestFactory, routesOf } from './requests.js';
import { changedTables, RowSnapshots, type Snapshot } from './row-snapshots.js';

/** Replay a failure with FUZZ_SEED=<seed>; FUZZ_REQUESTS sizes the run (at least 10,000 in CI). */
const SEED = Number(process.env.FUZZ_SEED ?? 150_315);
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const ROUNDS = 10;
/** Share of requests built to be refused; each batch of them is checked for changed rows. */
const HOSTILE_SHARE = 0.9;
/** Plausible requests in flight at once. */
const CONCURRENCY = 16;
/** Hostile requests sent at once, and checked together for changed rows. */
const HOSTILE_BATCH = 32;
const SCHEMAS = ['customers', 'orders', 'notifications', 'privacy'];

interface Sent {
  readonly req: FuzzRequest;
  readonly status: number;
}

/** Rows a refusal writes by design: a failed sign-in counts toward the lockout of its account and IP. */
const REFUSALS_THAT_WRITE: Readonly<Record<string, (s: Sent) => boolean>> = {
  'customers.login_throttles': (s) => s.req.route === 'POST /api/v1/auth/login' && s.status === 401,
};

/**
 * Tables written on the services' own clock, whatever the requests: the answers the scheduled
 * jobs (visit materialisation, offer expiry) keep for a redelivery.
 */
const WRITTEN_BY_SCHEDULES = /\.kept_answers$/;

describe('Hostile input: a seeded fuzz over every route', () => {
  let system: TestSystem;
  let snapshots: RowSnapshots;
  let mail: MailSink;
  let sms: SmsSink;

  beforeAll(async () => {
    // Deliveries succeed at once, so accepted requests' background work settles quickly.
    [mail, sms] = await Promise.all([MailSink.start(), SmsSink.start()]);
    // One delivery attempt: a message to a fuzzed address fails at once rather than being retried
    // later, in the middle of a batch of refused requests.
    system = await TestSystem.start({
      env: { SMTP_URL: mail.url, SMS_API_URL: sms.url, DELIVERY_ATTEMPTS: '1' },
    });
    snapshots = await RowSnapshots.open(system.db.adminUrl, SCHEMAS);
  });

  afterAll(async () => {
    await snapshots?.close();
    await system?.stop();
    await Promise.all([mail?.stop(), sms?.stop()]);
  });

  async function send(req: FuzzRequest): Promise<Sent> {
    const res = await fetch(system.url + req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer();
    return { req, status: res.status };
  }

  /** Waits until background work that accepted requests started (events, outbox) has settled. */
  const timing = { send: 0, settle: 0, snapshot: 0 };
  async function settled(): Promise<Snapshot> {
    const t0 = Date.now();
    try {
      return await settledNow();
    } finally {
      timing.settle += Date.now() - t0;
    }
  }
  async function settledNow(): Promise<Snapshot> {
    let previous: Snapshot | undefined;
    return waitFor(
      async () => {
        const now = await snapshots.take();
        const same = previous !== undefined && changedTables(previous, now).length === 0;
        previous = now;
        return same ? now : null;
      },
      { intervalMs: 100, timeoutMs: 20_000, description: 'the database to settle' },
    );
  }

  it('refuses the inputs that once reached a 500 or were taken as empty, with a clear 400 or 413', async () => {
    const c = await register(system.url);
    const json = { 'content-type': 'application/json', ...bearer(c.accessToken) };
    const post = (url: string, body: string, method = 'POST') =>
      fetch(system.url + url, { method, headers: json, body }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as { code: string; message: string },
      }));
    const surrogate =
      '{"firstName":"Aino","lastName":"V","email":"a\\ud800@example.fi","password":"correct horse battery"}';
    expect(await post('/api/v1/auth/register', surrogate)).toEqual({
      status: 400,
      body: expect.objectContaining({
        code: 'VALIDATION_FAILED',
        message: 'A string in the body contains an unpaired surrogate',
      }) as unknown,
    });
    expect((await post('/api/v1/auth/login', '{"email":"\\udfff","password":"x"}')).status).toBe(400);
    expect((await post('/api/v1/auth/login', `{"email":"${c.email}\\u0000","password":"x"}`)).status).toBe(
      400,
    );
    for (const body of ['null', '[]', '[{"firstName":"X"}]', '7', '"x"', 'true']) {
      expect(await post('/api/v1/me', body, 'PATCH')).toEqual({
        status: 400,
        body: expect.objectContaining({ message: 'The body must be a JSON object' }) as unknown,
      });
      expect((await post('/api/v1/privacy/consents', body, 'PUT')).status).toBe(400);
    }
    expect((await post('/api/v1/me', '{"firstName":1e999}', 'PATCH')).body.message).toBe(
      'A number in the body is out of range',
    );
    expect((await post('/api/v1/me', `{"a":${'['.repeat(50)}${']'.repeat(50)}}`, 'PATCH')).body.message).toBe(
      'The body is nested deeper than 16 levels',
    );
    expect(
      (await post('/api/v1/me', JSON.stringify({ firstName: 'x'.repeat(70_000) }), 'PATCH')).status,
    ).toBe(413);
    const nul = await fetch(`${system.url}/api/v1/orders/a%00b`, { headers: bearer(c.accessToken) });
    expect(nul.status).toBe(400);
    const text = await fetch(`${system.url}/api/v1/me`, {
      method: 'PATCH',
      headers: { 'content-type': 'text/plain', ...bearer(c.accessToken) },
      body: 'firstName=X',
    });
    expect(text.status).toBe(415);
    // Nothing of that changed the profile.
    const me = await request(system.url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
    expect(me.body).toMatchObject({ firstName: c.firstName, email: c.email });
  });

  it(`sends ${TOTAL} requests: never a 5xx, and no refused request changes a row`, async () => {
    const started = Date.now();
    const doc = (await request(system.url).get('/api/docs-json').expect(200)).body as OpenApiDocument;
    const routes = routesOf(doc);
    expect(routes.length).toBeGreaterThan(50);

    // Real accounts and rows, so mutated requests also reach existing data.
    const customers = [await register(system.url), await register(system.url)];
    const orderId = await placeOrder(system.url, customers[0], {
      serviceCode: 'kotisiivous',
      durationMinutes: 180,
      startsAt: inDays(10),
      frequency: 'one_off',
      paymentMethod: 'invoice',
      address: { street: 'Testikatu 1 A 2', postalCode: '00100', city: 'Helsinki' },
    });
    const address = await request(system.url)
      .post('/api/v1/me/addresses')
      .set(bearer(customers[1].accessToken))
      .send({ street: 'Fuzzikatu 2', postalCode: '00100', city: 'Helsinki' });
    const tokens: Record<string, string> = { anonymous: '' };
    tokens.customer = customers[0].accessToken;
    tokens.customer2 = customers[1].accessToken;
    for (const role of ROLES.filter((r) => r !== 'customer')) tokens[role] = await system.tokenFor(role);
    const random = new Random(SEED);
    const factory = new RequestFactory(doc, random, {
      tokens,
      ids: [
        ...customers.map((c) => c.customerId),
        orderId,
        ...(typeof address.body?.id === 'string' ? [address.body.id as string] : []),
      ],
      strings: { code: ['kotisiivous', 'uuni', 'ikkunanpesu'] },
    });

    const failures: string[] = [];
    const describe = (s: Sent) => `${s.status} ${s.req.route} (${s.req.mutations.join(', ')})`;
    // A server error names the request in full (fuzz data only), so it can be reproduced by hand.
    const describeFully = (s: Sent) => `${describe(s)} ${s.req.url} ${s.req.body?.slice(0, 500) ?? ''}`;
    let sent = 0;
    let serverErrors = 0;
    const record = (s: Sent): void => {
      sent++;
      if (s.status < 500) return;
      serverErrors++;
      failures.push(describeFully(s));
    };
    let checkedRefusals = 0;
    let hostileAccepted = 0;
    const perRound = Math.ceil(TOTAL / ROUNDS);
    let routeCursor = 0;
    // Every route in turn (so each gets its share), shuffled within a round by the generator.
    const nextRoute = () => routes[routeCursor++ % routes.length];

    for (let round = 0; round < ROUNDS && sent < TOTAL; round++) {
      const plausible = Math.round(perRound * (1 - HOSTILE_SHARE));
      for (let i = 0; i < plausible; i += CONCURRENCY) {
        const batch = Array.from({ length: Math.min(CONCURRENCY, plausible - i) }, () =>
          factory.make(nextRoute(), 0),
        );
        for (const s of await Promise.all(batch.map(send))) record(s);
      }
      let before = await settled();
      for (let i = 0; i < perRound - plausible && sent < TOTAL; i += HOSTILE_BATCH) {
        const batch = Array.from({ length: HOSTILE_BATCH }, () => factory.make(nextRoute(), 1));
        const t0 = Date.now();
        const results = await Promise.all(batch.map(send));
        timing.send += Date.now() - t0;
        for (const s of results) record(s);
        const accepted = results.filter((s) => s.status < 400);
        hostileAccepted += accepted.length;
        if (process.env.FUZZ_DEBUG)
          for (const a of accepted) process.stdout.write(`accepted: ${describe(a)}\n`);
        if (accepted.length) {
          // Something was accepted: its changes are legitimate, so start again from a settled state.
          before = await settled();
          continue;
        }
        const t1 = Date.now();
        const after = await snapshots.take();
        timing.snapshot += Date.now() - t1;
        const changed = changedTables(before, after).filter(
          (table) =>
            !WRITTEN_BY_SCHEDULES.test(table) && !results.some((s) => REFUSALS_THAT_WRITE[table]?.(s)),
        );
        if (changed.length) {
          failures.push(
            `rows changed in ${changed.join(', ')} by refused requests: ${results.map(describe).join('; ')}`,
          );
          before = await settled();
        } else {
          checkedRefusals += results.length;
          before = after;
        }
      }
    }

    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `fuzz seed ${SEED}: ${sent} requests over ${routes.length} routes in ${seconds.toFixed(1)} s; ` +
        `${serverErrors} 5xx; ${checkedRefusals} refused requests checked for row changes; ` +
        `${hostileAccepted} hostile requests accepted ${JSON.stringify(timing)}\n`,
    );
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
    expect(checkedRefusals).toBeGreaterThan(TOTAL / 2);
    expect(failures).toEqual([]);
  }, 120_000); // the bound the suite promises for this test
});
