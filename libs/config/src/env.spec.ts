import { randomBytes } from 'node:crypto';
import { ConfigError, env, loadConfig } from './env.js';
import { estimatedBits, keyWeakness } from './secret-strength.js';
import { databaseEnv, redisEnv, runtimeEnv } from './service-env.js';

const schema = {
  ...runtimeEnv('orders'),
  ...databaseEnv('orders'),
  ...redisEnv,
};

describe('loadConfig', () => {
  it('uses local defaults when nothing is set', () => {
    const cfg = loadConfig(schema, {});
    expect(cfg.port).toBe(3002);
    expect(cfg.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(cfg.databaseUrl).toContain('offera_orders');
    expect(cfg.messageEncryptionKey).toHaveLength(32);
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: 'eighty', REDIS_URL: 'http://x', DATABASE_URL: 'nope', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'REDIS_URL', 'DATABASE_URL', 'LOG_LEVEL']) expect(problems).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('refuses development secrets in production and never echoes a secret', () => {
    const secret = Buffer.alloc(16, 1).toString('base64');
    expect(() => loadConfig(schema, { NODE_ENV: 'production' })).toThrow(
      /MESSAGE_ENCRYPTION_KEY must be set/,
    );
    try {
      loadConfig(schema, { MESSAGE_ENCRYPTION_KEY: secret });
      throw new Error('expected failure');
    } catch (e) {
      expect((e as Error).message).toContain('MESSAGE_ENCRYPTION_KEY is invalid: must be 32 bytes');
      expect((e as Error).message).not.toContain(secret);
    }
  });

  it('checks integer ranges and required variables', () => {
    const s = {
      n: env.int('N', { description: 'n', min: 1, max: 3 }),
      r: env.string('R', { description: 'r' }),
    };
    expect(() => loadConfig(s, { N: '4', R: 'x' })).toThrow(/N="4" is invalid: must be ≤ 3/);
    expect(() => loadConfig(s, { N: '2' })).toThrow(/R is required/);
    expect(loadConfig(s, { N: '2', R: 'x' })).toEqual({ n: 2, r: 'x' });
  });

  it('never echoes the credentials of an invalid URL', () => {
    const s = { u: env.url('DATABASE_URL', ['postgres'], { description: 'db' }) };
    let message = '';
    try {
      loadConfig(s, { DATABASE_URL: 'mysql://app:hunter2-secret@db:3306/x' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('DATABASE_URL="mysql://***@db:3306/x" is invalid');
    expect(message).not.toContain('hunter2');
  });

  it('treats an empty variable as a missing one', () => {
    const s = {
      n: env.int('N', { description: 'n', default: '2' }),
      r: env.string('R', { description: 'r' }),
    };
    expect(loadConfig(s, { N: '', R: 'x' })).toEqual({ n: 2, r: 'x' });
    expect(() => loadConfig(s, { N: '3', R: '' })).toThrow(/R is required/);
    expect(() => loadConfig(schema, { NODE_ENV: 'production', MESSAGE_ENCRYPTION_KEY: '' })).toThrow(
      /MESSAGE_ENCRYPTION_KEY must be set in production/,
    );
  });
});

describe('secrets in production', () => {
  const strongKey = () => randomBytes(32).toString('base64');
  const strongPassword = () => randomBytes(18).toString('base64url');
  const secrets = {
    key: env.key('A_KEY', 32, { description: 'a key', default: Buffer.alloc(32, 3).toString('base64') }),
    token: env.string('A_SECRET', {
      description: 'a signing secret',
      default: 'x'.repeat(32),
      secret: true,
      minLength: 32,
    }),
    url: env.url('A_URL', ['postgres'], {
      description: 'a db',
      default: 'postgres://u:dev@h/db',
      secret: true,
    }),
    plain: env.string('PLAIN', { description: 'not a secret', default: 'aaaa' }),
  };
  const production = (vars: Record<string, string>) => ({ NODE_ENV: 'production', ...vars });
  const problemsOf = (vars: Record<string, string>): readonly string[] => {
    try {
      loadConfig(secrets, production(vars));
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
    return [];
  };

  it('start with strong values', () => {
    const key = strongKey();
    const cfg = loadConfig(
      secrets,
      production({
        A_KEY: key,
        A_SECRET: randomBytes(36).toString('base64'),
        A_URL: `postgres://u:${strongPassword()}@db/offera`,
      }),
    );
    expect(cfg.key).toEqual(Buffer.from(key, 'base64'));
    expect(cfg.plain).toBe('aaaa'); // only secrets lose their defaults
  });

  it('name every missing or empty secret at once', () => {
    const problems = problemsOf({ A_KEY: '', A_SECRET: '' });
    expect(problems).toEqual([
      'A_KEY must be set in production (a key)',
      'A_SECRET must be set in production (a signing secret)',
      'A_URL must be set in production (a db)',
    ]);
  });

  it('refuse the development defaults, which are public', () => {
    const problems = problemsOf({
      A_KEY: Buffer.alloc(32, 3).toString('base64'),
      A_SECRET: 'x'.repeat(32),
      A_URL: 'postgres://u:dev@h/db',
    });
    expect(problems).toHaveLength(3);
    for (const [i, name] of ['A_KEY', 'A_SECRET', 'A_URL'].entries())
      expect(problems[i]).toBe(`${name} is the development default, which is public: set a real secret`);
  });

  it('refuse weak values by kind, never echoing them', () => {
    const weak = {
      A_KEY: Buffer.from('abcdefgh'.repeat(4)).toString('base64'),
      A_SECRET: 'changeme'.repeat(4),
      A_URL: 'postgres://u:hunter2hunter2@db/offera',
    };
    const problems = problemsOf(weak);
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['A_KEY', 'A_SECRET', 'A_URL']);
    for (const p of problems) expect(p).toMatch(/ is too weak: /);
    expect(problems[0]).toMatch(/only 8 distinct bytes in 32/);
    expect(problems[2]).toMatch(/password has about \d+ bits/);
    const text = problems.join('\n');
    for (const value of [...Object.values(weak), 'hunter2', 'changeme']) expect(text).not.toContain(value);
  });

  it('want a password in a credential URL', () => {
    expect(problemsOf({ A_KEY: strongKey(), A_SECRET: strongKey(), A_URL: 'postgres://u@db/x' })).toEqual([
      'A_URL is too weak: the URL carries no password (user:password@host)',
    ]);
  });

  it('are not checked outside production, where the defaults serve development', () => {
    expect(loadConfig(secrets, { NODE_ENV: 'test' }).url).toBe('postgres://u:dev@h/db');
    expect(loadConfig(secrets, {}).token).toBe('x'.repeat(32));
  });

  it('estimate entropy so random values pass with a margin and repeats fail', () => {
    expect(estimatedBits('')).toBe(0);
    expect(estimatedBits('aaaaaaaa')).toBe(0);
    expect(estimatedBits('abcd')).toBe(8);
    expect(estimatedBits(randomBytes(36).toString('base64'))).toBeGreaterThan(150);
    expect(keyWeakness(randomBytes(32))).toBeUndefined();
    expect(keyWeakness(Buffer.alloc(32, 7))).toMatch(/only 1 distinct bytes in 32/);
  });
});
