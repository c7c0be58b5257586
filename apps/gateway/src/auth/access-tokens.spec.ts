import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { loadGatewayConfig } from '../config.js';
import { AccessTokens } from './access-tokens.js';
import { jwtModuleOptions } from './jwt-options.js';
import { JwtKeyring } from './jwt-keys.js';
import type { SessionStates } from './session-states.js';

const CURRENT = 'current-secret-current-secret-current-0001';
const PREVIOUS = 'previous-secret-previous-secret-previous-01';
const OTHER = 'someone-elses-secret-someone-elses-secret-1';

const config = loadGatewayConfig({
  NODE_ENV: 'test',
  JWT_SECRET: CURRENT,
  JWT_KEY_ID: 'k2',
  JWT_PREVIOUS_KEYS: `k1:${PREVIOUS}`,
  JWT_ACCESS_TTL_SECONDS: '900',
  JWT_MAX_LIFETIME_SECONDS: '3600',
});
const keys = JwtKeyring.from(config);
/** Every session stands here; SessionStates has its own tests, and the e2e tests check both together. */
const sessions = { admits: () => Promise.resolve(true) } as unknown as SessionStates;
const tokens = new AccessTokens(new JwtService(jwtModuleOptions(config, keys)), sessions, keys, config);

const now = () => Math.floor(Date.now() / 1000);
const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const HASH = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;

/** A token made by hand, to say exactly what its header and claims are. */
function forge(
  header: { alg: string; kid?: string },
  claims: Record<string, unknown>,
  secret = CURRENT,
): string {
  const data = `${enc({ typ: 'JWT', ...header })}.${enc(claims)}`;
  if (header.alg === 'none') return `${data}.`;
  const hash = HASH[header.alg as keyof typeof HASH];
  return `${data}.${createHmac(hash, secret).update(data).digest('base64url')}`;
}

const claims = (extra: Record<string, unknown> = {}) => ({
  sub: '0b6c1a1e-5a8e-4d55-9a55-8f1d1c2f0a11',
  role: 'customer',
  sv: 0,
  iat: now(),
  exp: now() + 900,
  ...extra,
});

const accepted = (token: string) =>
  expect(tokens.authenticate(token)).resolves.toMatchObject({ role: 'customer' });
const refused = (token: string) => expect(tokens.authenticate(token)).rejects.toMatchObject({ status: 401 });

describe('AccessTokens', () => {
  it('signs with the current key: its id in `kid`, the configured algorithm, iat and exp', async () => {
    const token = await tokens.sign({ sub: 'a', role: 'admin', sv: 3 }, { expiresInSeconds: 600 });
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);
    expect(header).toEqual({ alg: 'HS256', kid: 'k2', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: 'a', role: 'admin', sv: 3 });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(600);
    await expect(tokens.authenticate(token)).resolves.toEqual({ id: 'a', role: 'admin', sessionVersion: 3 });
  });

  it('accepts a token of the current key and one of a previous key (until it expires)', async () => {
    await accepted(forge({ alg: 'HS256', kid: 'k2' }, claims()));
    await accepted(forge({ alg: 'HS256', kid: 'k1' }, claims(), PREVIOUS));
    await refused(
      forge({ alg: 'HS256', kid: 'k1' }, claims({ iat: now() - 1000, exp: now() - 10 }), PREVIOUS),
    );
  });

  it('refuses a token without exp, or without iat', async () => {
    const { exp: _exp, ...noExp } = claims();
    const { iat: _iat, ...noIat } = claims();
    await refused(forge({ alg: 'HS256', kid: 'k2' }, noExp));
    await refused(forge({ alg: 'HS256', kid: 'k2' }, noIat));
    await refused(forge({ alg: 'HS256', kid: 'k2' }, claims({ exp: String(now() + 60) })));
  });

  it('refuses a lifetime beyond the configured maximum, and a token issued in the future', async () => {
    await accepted(forge({ alg: 'HS256', kid: 'k2' }, claims({ exp: now() + 3600 })));
    await refused(forge({ alg: 'HS256', kid: 'k2' }, claims({ exp: now() + 3601 })));
    await refused(
      forge({ alg: 'HS256', kid: 'k2' }, claims({ iat: now() + 86_400, exp: now() + 86_400 + 900 })),
    );
  });

  it('refuses any algorithm but the configured one, `none` included', async () => {
    await refused(forge({ alg: 'HS512', kid: 'k2' }, claims()));
    await refused(forge({ alg: 'HS384', kid: 'k2' }, claims()));
    await refused(forge({ alg: 'none', kid: 'k2' }, claims()));
    await refused(forge({ alg: 'none' }, claims()));
  });

  it('refuses an unknown or missing key id, and a key id that did not sign it', async () => {
    await refused(forge({ alg: 'HS256', kid: 'k9' }, claims()));
    await refused(forge({ alg: 'HS256' }, claims()));
    await refused(forge({ alg: 'HS256', kid: 'k1' }, claims()));
    await refused(forge({ alg: 'HS256', kid: 'k2' }, claims(), OTHER));
  });

  it('refuses a tampered, malformed or cross-used token', async () => {
    const good = forge({ alg: 'HS256', kid: 'k2' }, claims());
    const [h, , s] = good.split('.');
    await refused(`${h}.${enc(claims({ role: 'admin' }))}.${s}`);
    await refused('not-a-jwt');
    await refused(`${enc({ alg: 'HS256', kid: 'k2' }).slice(0, -2)}x.${enc(claims())}.sig`);
    await refused(forge({ alg: 'HS256', kid: 'k2' }, claims({ aud: 'offera-admin-queues' })));
    await refused(forge({ alg: 'HS256', kid: 'k2' }, claims({ role: 'root' })));
    await refused(forge({ alg: 'HS256', kid: 'k2' }, claims({ sv: -1 })));
  });
});
