import { ConfigError, env, loadConfig } from './env.js';
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
});
