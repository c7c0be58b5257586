import { JwtService } from '@nestjs/jwt';
import { AccessTokens } from '../auth/access-tokens.js';
import { JwtKeyring } from '../auth/jwt-keys.js';
import { jwtModuleOptions } from '../auth/jwt-options.js';
import type { SessionStates } from '../auth/session-states.js';
import { loadGatewayConfig } from '../config.js';
import { checkBoardAccess, QUEUES_SESSION_AUDIENCE, readCookie } from './admin-queues.auth.js';

const config = loadGatewayConfig({ NODE_ENV: 'test', JWT_SECRET: 'test-secret-test-secret-test-secret-00' });
const keys = JwtKeyring.from(config);
const jwt = new JwtService(jwtModuleOptions(config, keys));
/** Sessions: every account's stands except `ended`'s (the e2e tests check the real ones). */
const sessions = { admits: (id: string) => Promise.resolve(id !== 'ended') } as unknown as SessionStates;
const tokens = new AccessTokens(jwt, sessions, keys, config);
const sign = (claims: Record<string, unknown>, options: Parameters<JwtService['signAsync']>[1] = {}) =>
  jwt.signAsync(claims, options);

describe('readCookie', () => {
  it('finds one cookie among several, keeping "=" inside its value', () => {
    expect(readCookie('a=1; offera_queues_session=x.y=z; b=2', 'offera_queues_session')).toBe('x.y=z');
    expect(readCookie('a=1', 'offera_queues_session')).toBeUndefined();
    expect(readCookie(undefined, 'offera_queues_session')).toBeUndefined();
  });
});

describe('checkBoardAccess', () => {
  it('lets an admin in by bearer token or by session cookie', async () => {
    const bearer = await sign({ sub: 'a-1', role: 'admin' });
    expect(await checkBoardAccess(tokens, { authorization: `Bearer ${bearer}` })).toEqual({ allowed: true });
    const session = await sign({ sub: 'a-1', role: 'admin' }, { audience: QUEUES_SESSION_AUDIENCE });
    expect(await checkBoardAccess(tokens, { cookie: `offera_queues_session=${session}` })).toEqual({
      allowed: true,
    });
  });

  it('refuses other roles with 403', async () => {
    for (const role of ['customer', 'provider', 'operator', 'dpo', 'accountant']) {
      const token = await sign({ sub: 'u-1', role });
      expect(await checkBoardAccess(tokens, { authorization: `Bearer ${token}` })).toMatchObject({
        allowed: false,
        statusCode: 403,
      });
    }
  });

  it('refuses missing, malformed, expired, unknown-role and cross-used tokens with 401', async () => {
    const expired = await sign({ sub: 'a-1', role: 'admin' }, { expiresIn: -10 });
    const unknownRole = await sign({ sub: 'a-1', role: 'root' });
    const noSubject = await sign({ role: 'admin' });
    const session = await sign({ sub: 'a-1', role: 'admin' }, { audience: QUEUES_SESSION_AUDIENCE });
    const access = await sign({ sub: 'a-1', role: 'admin' });
    const ended = await sign({ sub: 'ended', role: 'admin' });
    const endedSession = await sign({ sub: 'ended', role: 'admin' }, { audience: QUEUES_SESSION_AUDIENCE });
    const cases = [
      { authorization: `Bearer ${ended}` },
      { cookie: `offera_queues_session=${endedSession}` },
      {},
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Bearer ${expired}` },
      { authorization: `Bearer ${unknownRole}` },
      { authorization: `Bearer ${noSubject}` },
      { authorization: `Bearer ${session}` },
      { cookie: `offera_queues_session=${access}` },
    ];
    for (const headers of cases)
      expect({ headers, access: await checkBoardAccess(tokens, headers) }).toMatchObject({
        headers,
        access: { allowed: false, statusCode: 401 },
      });
  });
});
