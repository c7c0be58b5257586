import { ErrorCode } from '@offera/contracts';
import { Redis } from 'ioredis';
import request from 'supertest';
import { bearer, register } from '../support/api.js';
import { REDIS_URL, TestSystem } from '../support/system.js';

/**
 * Throttling with two gateway replicas, one of them restarted: the per-IP limit of sign-in
 * routes, the per-account limit of everything else, and the login lockout all count across
 * replicas and survive a restart.
 */
describe('Throttling across gateway replicas and restarts', () => {
  let system: TestSystem;
  let redis: Redis;

  beforeAll(async () => {
    system = await TestSystem.start({
      env: {
        AUTH_RATE_LIMIT_PER_MINUTE: '8',
        RATE_LIMIT_PER_MINUTE: '10',
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '5',
      },
    });
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await redis?.quit();
    await system?.stop();
  });

  const login = (url: string, email: string, password: string) =>
    request(url).post('/api/v1/auth/login').send({ email, password });

  it('counts sign-in attempts per IP and failures per account in every replica, over a restart', async () => {
    const a = system.url;
    const b = await system.startGateway();
    const c = await register(a); // sign-in route 1 of 8 for this IP

    // Five failures, spread over both replicas, lock the account (sign-in routes 2-6).
    for (const url of [a, b.url, a, b.url, a]) await login(url, c.email, 'wrong password').expect(401);
    // Replica B restarts: a new process with nothing in memory.
    await system.stopGateway(b.app);
    const b2 = await system.startGateway();
    const locked = await login(b2.url, c.email, c.password).expect(429); // 7
    expect(locked.body).toMatchObject({ code: ErrorCode.RateLimited });
    expect(locked.body.message).toMatch(/try again in \d+ seconds?/);
    await login(a, c.email, c.password).expect(429); // 8, still the account lock

    // The 9th sign-in request from this IP within the minute is over the gateway's per-IP limit.
    const limited = await login(b2.url, 'someone@example.fi', 'correct horse battery').expect(429);
    expect(limited.body).toMatchObject({
      code: ErrorCode.RateLimited,
      message: 'Too many requests; try again later',
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await request(a).post('/api/v1/auth/register').send({}).expect(429);
  });

  it('counts an account’s requests in every replica, over a restart', async () => {
    const token = await system.tokenFor('customer');
    const b = await system.startGateway();
    for (const url of [system.url, b.url, system.url, b.url, system.url])
      await request(url).get('/api/v1/orders').set(bearer(token)).expect(200);
    await system.stopGateway(b.app);
    const b2 = await system.startGateway();
    for (let i = 0; i < 5; i++) await request(b2.url).get('/api/v1/orders').set(bearer(token)).expect(200);
    const limited = await request(system.url).get('/api/v1/orders').set(bearer(token)).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not affected.
    await request(b2.url)
      .get('/api/v1/orders')
      .set(bearer(await system.tokenFor('customer')))
      .expect(200);
  });

  it('keeps no IP address, email or account id readable in Redis', async () => {
    const keys = await redis.keys(`${system.prefix}:gateway:rate:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join('\n')).not.toMatch(/127\.0\.0\.1|::1|@|user:|ip:/);
    for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
  });
});
