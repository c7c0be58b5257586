import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ErrorCode } from '@offera/contracts';
import { waitFor } from '@offera/testing';
import { MessageBus, RemoteError } from '@offera/transport';
import request from 'supertest';
import { loadGatewayConfig } from '../../apps/gateway/src/config.js';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app.js';
import { ProfileCache } from '../../apps/gateway/src/me/profile-cache.js';
import { bearer, register, type Registered } from '../support/api.js';
import { inDays } from '../support/booking.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

interface Route {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const address = { street: 'Hämeenkatu 1', postalCode: '33100', city: 'Tampere' };
const order = {
  serviceCode: 'kotisiivous',
  durationMinutes: 120,
  address,
  paymentMethod: 'invoice' as const,
};

/**
 * Erasure, lock and deactivation end every session at once: a token issued before is refused on
 * every route of every gateway (caches included), its refresh token too, and the services refuse
 * commands for an erased subject sent to them directly.
 */
describe('Sessions end at erasure, lock and deactivation', () => {
  let system: TestSystem;
  let second: NestFastifyApplication;
  let gateways: string[] = [];
  const routes: Route[] = [];
  let admin: string;
  let dpo: string;
  /** Time from the end (erasure completed, lock answered) to the first 401, per case. */
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    system = await TestSystem.start();
    // A second gateway replica on the same Redis and services.
    second = await createGatewayApp(
      loadGatewayConfig({
        NODE_ENV: 'test',
        REDIS_URL,
        QUEUE_PREFIX: system.prefix,
        PORT: '0',
        INTERNAL_PORT: '0',
        RATE_LIMIT_PER_MINUTE: '100000',
        AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      }),
      false,
    );
    await second.listen(0, '127.0.0.1');
    gateways = [system.url, (await second.getUrl()).replace('[::1]', '127.0.0.1')];
    admin = await system.tokenFor('admin');
    dpo = await system.tokenFor('dpo');
    // Every route the gateway serves, from its own OpenAPI document; those that need a token.
    const doc = (await request(system.url).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Partial<Record<Route['method'], unknown>>>;
    };
    const all = Object.entries(doc.paths).flatMap(([path, ops]) =>
      METHODS.filter((m) => ops[m]).map((method) => ({ method, path })),
    );
    for (const route of all) if ((await send(system.url, route)).status === 401) routes.push(route);
    expect(all.length).toBeGreaterThan(40);
    expect(routes.length).toBeGreaterThan(35);
  });

  afterAll(async () => {
    console.log(`Time from the end of a session to its first refusal (ms): ${JSON.stringify(figures)}`);
    await second?.close();
    await system?.stop();
  });

  /** One request to a route, path parameters filled with fresh ids, `{}` as the body. */
  function send(url: string, route: Route, token?: string) {
    const path = route.path.replace(/\{[^}]+\}/g, () => randomUUID());
    const req = request(url)[route.method](path);
    if (token) void req.set(bearer(token));
    return route.method === 'get' || route.method === 'delete' ? req : req.send({});
  }

  /** Every protected route on every gateway refuses the token with 401. */
  async function refusedEverywhere(token: string): Promise<void> {
    for (const url of gateways) {
      const answers = await Promise.all(
        routes.map(async (r) => [r, (await send(url, r, token)).status] as const),
      );
      expect(answers.filter(([, status]) => status !== 401)).toEqual([]);
    }
  }

  /** A signed-in customer with a cached `/me` on both gateways and a working token. */
  async function activeCustomer(): Promise<Registered> {
    const c = await register(system.url);
    for (const url of gateways) {
      await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
      await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
    }
    expect(system.gateway!.get(ProfileCache).size).toBeGreaterThan(0);
    expect(second.get(ProfileCache).size).toBeGreaterThan(0);
    await request(system.url)
      .post('/api/v1/orders')
      .set(bearer(c.accessToken))
      .send({ ...order, startsAt: inDays(10), frequency: 'one_off' })
      .expect(201);
    return c;
  }

  const refresh = (token: string) =>
    request(system.url).post('/api/v1/auth/refresh').send({ refreshToken: token });
  const login = (c: Registered) =>
    request(system.url).post('/api/v1/auth/login').send({ email: c.email, password: c.password });
  const setStatus = (id: string, status: string, token = admin) =>
    request(system.url).put(`/api/v1/admin/accounts/${id}/status`).set(bearer(token)).send({ status });

  /** Polls `/me` with the token until it is refused; answers when that was (epoch ms). */
  const firstRefusal = (token: string, url = system.url) =>
    waitFor(
      async () => {
        const r = await request(url).get('/api/v1/me').set(bearer(token));
        return r.status === 401 ? Date.now() : null;
      },
      { timeoutMs: 15_000, intervalMs: 5, description: 'the old token to be refused' },
    );

  const completedAt = (id: string) =>
    waitFor(
      async () => {
        const [row] = await system.sql<{ status: string; completed_at: Date | null }>(
          'SELECT status, completed_at FROM privacy.requests WHERE id = $1',
          [id],
        );
        return row?.status === 'completed' ? row.completed_at : null;
      },
      { timeoutMs: 15_000, description: 'the erasure to complete' },
    );

  /** The services refuse commands for the erased subject sent straight over the transport. */
  async function servicesRefuse(subjectId: string): Promise<void> {
    const bus = system.gateway!.get(MessageBus);
    const refusal = { code: ErrorCode.Forbidden, reason: 'SUBJECT_ERASED' };
    await expect(
      bus.send('orders.place', {
        ...order,
        customerId: subjectId,
        startsAt: inDays(12),
        frequency: 'one_off',
      }),
    ).rejects.toMatchObject(refusal);
    await expect(
      bus.send('orders.create-series', {
        ...order,
        customerId: subjectId,
        rule: { kind: 'weekly' },
        start: inDays(5).slice(0, 16),
      }),
    ).rejects.toMatchObject(refusal);
    for (const type of ['access', 'erasure', 'objection'] as const)
      await expect(
        bus.send('privacy.create-request', {
          subjectId,
          type,
          requestedBy: { kind: 'subject' },
          verification: 'signed_in_session',
        }),
      ).rejects.toMatchObject(refusal);
    await expect(
      bus.send('privacy.create-request', {
        subjectId,
        type: 'access',
        requestedBy: { kind: 'staff', accountId: randomUUID() },
        verification: 'id_document',
      }),
    ).rejects.toBeInstanceOf(RemoteError);
    const rows = await system.sql('SELECT 1 FROM orders.orders WHERE customer_id = $1', [subjectId]);
    expect(rows).toEqual([]);
  }

  it('a signed-in erasure: every old token and its refresh token are refused, the services refuse too', async () => {
    const c = await activeCustomer();
    const accepted = await request(system.url)
      .post('/api/v1/privacy/requests')
      .set(bearer(c.accessToken))
      .send({ type: 'erasure' })
      .expect(202);
    const refusedAt = await firstRefusal(c.accessToken);
    const completed = await completedAt((accepted.body as { id: string }).id);
    figures['signed-in erasure (first 401 minus completion)'] = refusedAt - new Date(completed).getTime();
    await refusedEverywhere(c.accessToken);
    const refused = await refresh(c.refreshToken).expect(401);
    expect(refused.body).toMatchObject({ code: ErrorCode.Unauthenticated });
    await login(c).expect(401);
    await servicesRefuse(c.customerId);
    // The account is gone; its mark (a keyed hash, no id) outlives it.
    expect(await system.sql('SELECT 1 FROM customers.accounts WHERE id = $1', [c.customerId])).toEqual([]);
    const erased = await system.sql(`SELECT 1 FROM customers.session_marks WHERE status = 'erased'`);
    expect(erased.length).toBeGreaterThan(0);
  });

  it('an erasure staff entered from a letter ends the sessions too', async () => {
    const c = await activeCustomer();
    const created = await request(system.url)
      .post('/api/v1/admin/privacy/requests')
      .set(bearer(dpo))
      .send({ type: 'erasure', subjectId: c.customerId, verification: 'id_document' })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await request(system.url)
      .post(`/api/v1/admin/privacy/requests/${id}/verify`)
      .set(bearer(dpo))
      .send({ method: 'id_document' })
      .expect(200);
    await request(system.url)
      .post(`/api/v1/admin/privacy/requests/${id}/approve`)
      .set(bearer(dpo))
      .send({})
      .expect(200);
    const refusedAt = await firstRefusal(c.accessToken, gateways[1]);
    const completed = await completedAt(id);
    figures['staff-entered erasure (first 401 minus completion)'] = refusedAt - new Date(completed).getTime();
    await refusedEverywhere(c.accessToken);
    await refresh(c.refreshToken).expect(401);
    await servicesRefuse(c.customerId);
  });

  for (const status of ['locked', 'deactivated'] as const) {
    it(`${status}: every old token is refused at once on both gateways; sign-in refused until reactivated`, async () => {
      const c = await activeCustomer();
      const { accessToken: second } = (await login(c).expect(200)).body as { accessToken: string };
      await setStatus(c.customerId, status, c.accessToken).expect(403);
      await setStatus(c.customerId, status).expect(200).expect({ accountId: c.customerId, status });
      const answered = Date.now();
      // The very next request on either gateway is refused.
      await request(gateways[1]).get('/api/v1/me').set(bearer(c.accessToken)).expect(401);
      figures[`${status} (first 401 minus the answer)`] = Date.now() - answered;
      await request(gateways[0]).get('/api/v1/me').set(bearer(c.accessToken)).expect(401);
      await refusedEverywhere(c.accessToken);
      await refusedEverywhere(second);
      await refresh(c.refreshToken).expect(401);
      const refused = await login(c).expect(403);
      expect(refused.body).toMatchObject({
        code: ErrorCode.Forbidden,
        reason: status === 'locked' ? 'ACCOUNT_LOCKED' : 'ACCOUNT_DEACTIVATED',
      });
      // Behind the gateway, the orders service refuses them too (told by an event, so soon after).
      const bus = system.gateway!.get(MessageBus);
      const place = () =>
        bus.send('orders.place', {
          ...order,
          customerId: c.customerId,
          startsAt: inDays(12),
          frequency: 'one_off',
        });
      const inactive = await waitFor(
        () =>
          place().then(
            () => null,
            (e: unknown) => e,
          ),
        {
          description: 'orders to refuse the account',
        },
      );
      expect(inactive).toMatchObject({ code: ErrorCode.Forbidden, reason: 'ACCOUNT_INACTIVE' });
      await expect(
        bus.send('orders.create-series', {
          ...order,
          customerId: c.customerId,
          rule: { kind: 'weekly' },
          start: inDays(5).slice(0, 16),
        }),
      ).rejects.toMatchObject({ reason: 'ACCOUNT_INACTIVE' });
      // The same command again changes nothing; reactivation lets the account sign in again,
      // and the tokens from before stay refused.
      await setStatus(c.customerId, status).expect(200);
      await setStatus(c.customerId, 'active')
        .expect(200)
        .expect({ accountId: c.customerId, status: 'active' });
      const fresh = (await login(c).expect(200)).body as { accessToken: string; refreshToken: string };
      for (const url of gateways)
        await request(url).get('/api/v1/me').set(bearer(fresh.accessToken)).expect(200);
      await request(system.url).get('/api/v1/me').set(bearer(c.accessToken)).expect(401);
      await refresh(c.refreshToken).expect(401);
      await refresh(fresh.refreshToken).expect(200);
      await waitFor(
        () =>
          place().then(
            () => true,
            () => null,
          ),
        {
          description: 'orders to take the reactivated account again',
        },
      );
    });
  }

  it('a gateway started after the lock refuses the old token (nothing kept in memory decides)', async () => {
    const c = await activeCustomer();
    await setStatus(c.customerId, 'locked').expect(200);
    const late = await createGatewayApp(
      loadGatewayConfig({
        NODE_ENV: 'test',
        REDIS_URL,
        QUEUE_PREFIX: system.prefix,
        PORT: '0',
        INTERNAL_PORT: '0',
      }),
      false,
    );
    try {
      await late.listen(0, '127.0.0.1');
      const url = (await late.getUrl()).replace('[::1]', '127.0.0.1');
      await request(url).get('/api/v1/me').set(bearer(c.accessToken)).expect(401);
    } finally {
      await late.close();
    }
  });

  it('a locked admin loses the queue dashboard too, by token and by its session cookie', async () => {
    const adminId = randomUUID();
    const token = await system.tokenFor('admin', adminId);
    const res = await request(system.url).post('/api/v1/admin/queues/session').set(bearer(token)).expect(204);
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    await request(system.url).get('/admin/queues').set('cookie', cookie).expect(200);
    // An admin account to lock: tokenFor's ids are not accounts, so this one is created.
    await system.sql(`INSERT INTO customers.accounts (id, role, email) VALUES ($1, 'admin', $2)`, [
      adminId,
      `${adminId}@example.fi`,
    ]);
    await setStatus(adminId, 'locked').expect(200);
    await request(system.url).get('/admin/queues').set('cookie', cookie).expect(401);
    await request(system.url).get('/admin/queues').set(bearer(token)).expect(401);
  });

  it('refuses bad status changes and changes nothing', async () => {
    const c = await register(system.url);
    const marks = async () =>
      (await system.sql('SELECT * FROM customers.session_marks ORDER BY account_key')).length;
    const before = await marks();
    await setStatus(c.customerId, 'frozen').expect(400);
    await request(system.url)
      .put(`/api/v1/admin/accounts/${c.customerId}/status`)
      .set(bearer(admin))
      .send({ status: 'locked', extra: 1 })
      .expect(400);
    await request(system.url)
      .put('/api/v1/admin/accounts/nope/status')
      .set(bearer(admin))
      .send({ status: 'locked' })
      .expect(400);
    await setStatus(randomUUID(), 'locked').expect(404);
    await setStatus(c.customerId, 'locked', await system.tokenFor('operator')).expect(403);
    await request(system.url)
      .put(`/api/v1/admin/accounts/${c.customerId}/status`)
      .send({ status: 'locked' })
      .expect(401);
    const adminId = randomUUID();
    await setStatus(adminId, 'locked', await system.tokenFor('admin', adminId)).expect(422);
    await request(system.url).get('/api/v1/me').set(bearer(c.accessToken)).expect(200);
    expect(await marks()).toBe(before);
  });
});
