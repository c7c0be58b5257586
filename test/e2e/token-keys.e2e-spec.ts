import { createHmac } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { gatewayEnvSchema, loadGatewayConfig } from '../../apps/gateway/src/config.js';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app.js';
import { bearer, register } from '../support/api.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

const NEW_SECRET = 'the-new-signing-key-the-new-signing-key-2';
/** The key the test system's first gateway signs with (its local default). */
const OLD_SECRET = gatewayEnvSchema.jwtSecret.default ?? '';

const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const headerOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { alg: string; kid: string };

/** A token made by hand, signed with HS256 under `secret` (or not at all for alg none). */
function forge(header: object, claims: object, secret = NEW_SECRET): string {
  const data = `${enc(header)}.${enc(claims)}`;
  return (header as { alg?: string }).alg === 'none'
    ? `${data}.`
    : `${data}.${createHmac('sha256', secret).update(data).digest('base64url')}`;
}

/**
 * Rotating the signing key: a gateway configured with a new current key and the old one as a
 * previous key signs with the new one (its id in `kid`) and still takes tokens of the old one;
 * once the old key is dropped, its tokens are refused. Tokens with a foreign algorithm, no
 * expiry or too long a lifetime are refused on every route, whoever signed them.
 */
describe('Gateway: JWT key rotation and token rules', () => {
  let system: TestSystem;
  const extra: NestFastifyApplication[] = [];

  beforeAll(async () => {
    system = await TestSystem.start();
  });

  afterAll(async () => {
    for (const app of extra) await app.close();
    await system?.stop();
  });

  /** Another gateway replica on the same Redis and services, with these JWT settings. */
  async function gateway(env: Record<string, string>): Promise<string> {
    const app = await createGatewayApp(
      loadGatewayConfig({
        NODE_ENV: 'test',
        REDIS_URL,
        QUEUE_PREFIX: system.prefix,
        PORT: '0',
        INTERNAL_PORT: '0',
        ...env,
      }),
      false,
    );
    extra.push(app);
    await app.listen(0, '127.0.0.1');
    return (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  const me = (url: string, token: string) => request(url).get('/api/v1/me').set(bearer(token));

  it('signs with the new key, still takes the old key until it is dropped', async () => {
    const c = await register(system.url);
    expect(headerOf(c.accessToken)).toMatchObject({ alg: 'HS256', kid: 'dev1' });
    const rotated = await gateway({
      JWT_SECRET: NEW_SECRET,
      JWT_KEY_ID: 'k2',
      JWT_PREVIOUS_KEYS: `dev1:${OLD_SECRET}`,
    });
    await me(rotated, c.accessToken).expect(200);

    const signedIn = await request(rotated)
      .post('/api/v1/auth/login')
      .send({ email: c.email, password: c.password })
      .expect(200);
    const fresh = signedIn.body as { accessToken: string; refreshToken: string };
    expect(headerOf(fresh.accessToken)).toMatchObject({ alg: 'HS256', kid: 'k2' });
    await me(rotated, fresh.accessToken).expect(200);
    // A replica that does not know the new key yet refuses its tokens (roll the config out first).
    await me(system.url, fresh.accessToken).expect(401);
    const refreshed = await request(rotated)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: c.refreshToken })
      .expect(200);
    expect(headerOf((refreshed.body as { accessToken: string }).accessToken).kid).toBe('k2');

    // Later, once every old token has expired: the old key is dropped and its tokens refused.
    const done = await gateway({ JWT_SECRET: NEW_SECRET, JWT_KEY_ID: 'k2' });
    await me(done, c.accessToken).expect(401);
    await me(done, fresh.accessToken).expect(200);
  });

  it('refuses a token with another algorithm, without exp, or living too long, on every gateway', async () => {
    const c = await register(system.url);
    const url = await gateway({
      JWT_SECRET: NEW_SECRET,
      JWT_KEY_ID: 'k2',
      JWT_PREVIOUS_KEYS: `dev1:${OLD_SECRET}`,
      JWT_MAX_LIFETIME_SECONDS: '1800',
    });
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: c.customerId, role: 'customer', sv: 0, iat: now, exp: now + 600 };
    await me(url, forge({ alg: 'HS256', kid: 'k2', typ: 'JWT' }, claims)).expect(200);
    const { exp: _exp, ...noExp } = claims;
    for (const token of [
      forge({ alg: 'none', kid: 'k2', typ: 'JWT' }, claims),
      forge({ alg: 'HS512', kid: 'k2', typ: 'JWT' }, claims),
      forge({ alg: 'HS256', typ: 'JWT' }, claims),
      forge({ alg: 'HS256', kid: 'k3', typ: 'JWT' }, claims),
      forge({ alg: 'HS256', kid: 'dev1', typ: 'JWT' }, claims),
      forge({ alg: 'HS256', kid: 'k2', typ: 'JWT' }, noExp),
      forge({ alg: 'HS256', kid: 'k2', typ: 'JWT' }, { ...claims, exp: now + 1801 }),
      forge({ alg: 'HS256', kid: 'dev1', typ: 'JWT' }, { ...claims, exp: now + 7200 }, OLD_SECRET),
    ]) {
      const res = await me(url, token).expect(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
      await request(url).get('/api/v1/orders').set(bearer(token)).expect(401);
    }
  });
});
