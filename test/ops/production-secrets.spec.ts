/**
 * Each app's real config schema started as production would be: with its secrets missing,
 * empty, left at their public development defaults, or weak, start-up fails naming every one
 * of them at once; with strong values it starts.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, SERVICES, type EnvSchema, type EnvVar } from '@offera/config';
import { APP_SCHEMAS } from './app-env.js';

type Env = Record<string, string>;

const secretsOf = (schema: EnvSchema): EnvVar<unknown>[] => Object.values(schema).filter((s) => s.secret);

/** The value passes the variable's own parse and, in production, its strength check. */
function usable(spec: EnvVar<unknown>, value: string): boolean {
  try {
    spec.parse(value);
  } catch {
    return false;
  }
  return value !== spec.default && spec.weakness?.(value) === undefined;
}

/** The first candidate a variable accepts, whatever its kind (key, key list, URL, string). */
function pick(spec: EnvVar<unknown>, candidates: string[], accept: (value: string) => boolean): string {
  const found = candidates.find(accept);
  if (found === undefined) throw new Error(`no test value fits ${spec.name}; add a candidate`);
  return found;
}

const withPassword = (url: string | undefined, password: string): string[] => {
  if (!url || !URL.canParse(url)) return [];
  const u = new URL(url);
  u.username ||= 'offera';
  u.password = password;
  return [u.toString()];
};

function strongValue(spec: EnvVar<unknown>): string {
  const key = randomBytes(32).toString('base64');
  return pick(
    spec,
    [
      key,
      `k1:${key}`,
      ...withPassword(spec.default, randomBytes(24).toString('base64url')),
      randomBytes(48).toString('base64'),
    ],
    (v) => usable(spec, v),
  );
}

/** A value of the right form that production must refuse as weak (not as malformed). */
function weakValue(spec: EnvVar<unknown>): string {
  const key = Buffer.alloc(32, 42).toString('base64');
  return pick(
    spec,
    [key, `k1:${key}`, ...withPassword(spec.default, 'password1234'), 'password1234'],
    (v) => {
      try {
        spec.parse(v);
      } catch {
        return false;
      }
      return spec.weakness?.(v) !== undefined;
    },
  );
}

function problems(schema: EnvSchema, env: Env): readonly string[] {
  try {
    loadConfig(schema, { NODE_ENV: 'production', ...env });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

const fill = (schema: EnvSchema, value: (spec: EnvVar<unknown>) => string): Env =>
  Object.fromEntries(secretsOf(schema).map((s) => [s.name, value(s)]));

describe.each(SERVICES.map((s) => [s]))('%s in production', (app) => {
  const schema = APP_SCHEMAS[app];
  const names = secretsOf(schema).map((s) => s.name);

  it('has secrets: the message key and the Redis credentials at least', () => {
    expect(names).toEqual(expect.arrayContaining(['MESSAGE_ENCRYPTION_KEY', 'REDIS_URL']));
    if (app !== 'gateway') expect(names).toContain('DATABASE_URL');
  });

  it('starts with strong secrets', () => {
    expect(problems(schema, fill(schema, strongValue))).toEqual([]);
  });

  it.each([
    ['missing', (): Env => ({}), /must be set in production/],
    ['empty', (): Env => fill(schema, () => ''), /must be set in production/],
    [
      'the development defaults',
      (): Env => fill(schema, (s) => s.default ?? ''),
      /development default|must be set/,
    ],
    ['weak', (): Env => fill(schema, weakValue), /is too weak: /],
  ])('refuses to start with every secret %s, naming each one', (_case, env, reason) => {
    const found = problems(schema, env());
    expect(found.map((p) => p.split(' ')[0]).sort()).toEqual([...names].sort());
    for (const p of found) expect(p).toMatch(reason);
  });

  it('names the one bad secret among good ones, without echoing it', () => {
    for (const spec of secretsOf(schema)) {
      const env = fill(schema, strongValue);
      env[spec.name] = weakValue(spec);
      const found = problems(schema, env);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(new RegExp(`^${spec.name} is too weak: `));
      expect(found[0]).not.toContain(env[spec.name]);
    }
  });
});
