import { ConfigError } from '@offera/config';
import { loadGatewayConfig } from './config.js';

const SECRET = 'a-current-secret-a-current-secret-000001';
const OLD = 'an-old-secret-an-old-secret-an-old-secret';

/** The problems a configuration is refused with. */
function problems(env: Record<string, string>): readonly string[] {
  try {
    loadGatewayConfig({ NODE_ENV: 'test', ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('gateway config: JWT keys', () => {
  it('takes a current key with its id, previous keys by id, the algorithm and the maximum lifetime', () => {
    const c = loadGatewayConfig({
      NODE_ENV: 'test',
      JWT_SECRET: SECRET,
      JWT_KEY_ID: '2026-12',
      JWT_PREVIOUS_KEYS: `2026-06:${OLD}, 2026-01:${OLD}x`,
      JWT_ALGORITHM: 'HS512',
      JWT_MAX_LIFETIME_SECONDS: '1800',
    });
    expect(c).toMatchObject({ jwtKeyId: '2026-12', jwtAlgorithm: 'HS512', jwtMaxLifetimeSeconds: 1800 });
    expect(c.jwtPreviousKeys.keys.map((k) => k.id)).toEqual(['2026-06', '2026-01']);
  });

  it('has local defaults: one key, HS256, at most an hour', () => {
    const c = loadGatewayConfig({ NODE_ENV: 'test' });
    expect(c).toMatchObject({ jwtKeyId: 'dev1', jwtAlgorithm: 'HS256', jwtMaxLifetimeSeconds: 3600 });
    expect(c.jwtPreviousKeys).toEqual({ keys: [], problems: [] });
  });

  it('refuses bad values, naming each variable and never echoing a secret', () => {
    const found = problems({
      JWT_KEY_ID: 'key with spaces',
      JWT_ALGORITHM: 'none',
      JWT_MAX_LIFETIME_SECONDS: '10',
    });
    expect(found).toEqual([
      expect.stringMatching(/^JWT_KEY_ID=/),
      expect.stringMatching(/^JWT_ALGORITHM="none" is invalid: must be one of HS256, HS384, HS512/),
      expect.stringMatching(/^JWT_MAX_LIFETIME_SECONDS="10" is invalid/),
    ]);
    for (const bad of [`k1=${OLD}`, `k1:short`, `k1:${OLD},k1:${OLD}x`, `:${OLD}`]) {
      const [problem, ...rest] = problems({ JWT_PREVIOUS_KEYS: bad });
      expect(rest).toEqual([]);
      expect(problem).toMatch(/^JWT_PREVIOUS_KEYS is invalid: /);
      expect(problem).not.toContain(OLD);
      expect(problem).not.toContain('short');
    }
  });

  it('refuses keys and lifetimes that contradict each other', () => {
    expect(problems({ JWT_KEY_ID: 'k1', JWT_SECRET: SECRET, JWT_PREVIOUS_KEYS: `k1:${OLD}` })).toEqual([
      'JWT_PREVIOUS_KEYS must not hold the current key id (JWT_KEY_ID=k1)',
    ]);
    expect(problems({ JWT_SECRET: SECRET, JWT_PREVIOUS_KEYS: `k0:${SECRET}` })).toEqual([
      'JWT_PREVIOUS_KEYS must not hold the current secret (JWT_SECRET) under another id',
    ]);
    expect(problems({ JWT_ACCESS_TTL_SECONDS: '1800', JWT_MAX_LIFETIME_SECONDS: '900' })).toEqual([
      'JWT_MAX_LIFETIME_SECONDS (900) must be at least JWT_ACCESS_TTL_SECONDS (1800)',
    ]);
  });
});
