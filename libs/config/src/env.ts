import { keyWeakness, stringWeakness, urlPasswordWeakness } from './secret-strength.js';

/**
 * Environment validation: every service declares the variables it reads as a schema, and
 * `loadConfig` parses all of them at once so a bad deployment fails at start naming every
 * bad variable, not only the first.
 */
export interface EnvVar<T> {
  readonly name: string;
  readonly description: string;
  /** Used when the variable is unset. Secrets' defaults are for local development only. */
  readonly default?: string;
  /**
   * A secret is never echoed in errors, and in production must be set, must not be its
   * development default and must pass its strength check.
   */
  readonly secret?: boolean;
  readonly parse: (raw: string) => T;
  /** Production only: why a valid value of this secret is too weak to use, or undefined. */
  readonly weakness?: (raw: string) => string | undefined;
}

export type EnvSchema = Record<string, EnvVar<unknown>>;
export type ConfigOf<S extends EnvSchema> = { readonly [K in keyof S]: ReturnType<S[K]['parse']> };

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** A URL's user and password (`postgres://user:pw@host`) are credentials: never echoed. */
const withoutUserinfo = (raw: string): string => raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1***@');

/** An empty variable is a missing one: `FOO=` in a manifest must not mean "use the default". */
const valueOf = (env: Env, name: string): string | undefined => {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
};

/** Why a valid secret given in production cannot be used there, or undefined. */
function productionWeakness(spec: EnvVar<unknown>, given: string): string | undefined {
  if (spec.default !== undefined && spec.default !== '' && given === spec.default)
    return `${spec.name} is the development default, which is public: set a real secret`;
  const weakness = spec.weakness?.(given);
  return weakness === undefined ? undefined : `${spec.name} is too weak: ${weakness}`;
}

export function loadConfig<S extends EnvSchema>(schema: S, env: Env = process.env): ConfigOf<S> {
  const production = valueOf(env, 'NODE_ENV') === 'production';
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) {
    const given = valueOf(env, spec.name);
    const checkSecret = spec.secret === true && production;
    if (checkSecret && given === undefined) {
      problems.push(`${spec.name} must be set in production (${spec.description})`);
      continue;
    }
    const raw = given ?? spec.default;
    if (raw === undefined) {
      problems.push(`${spec.name} is required (${spec.description})`);
      continue;
    }
    try {
      out[key] = spec.parse(raw);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      problems.push(
        spec.secret
          ? `${spec.name} is invalid: ${reason}`
          : `${spec.name}=${JSON.stringify(withoutUserinfo(raw))} is invalid: ${reason}`,
      );
      continue;
    }
    const weakness = checkSecret && given !== undefined ? productionWeakness(spec, given) : undefined;
    if (weakness) problems.push(weakness);
  }
  if (problems.length) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

/** An app's `loadXConfig`: validates its schema against an environment (process.env by default). */
export const configLoader =
  <S extends EnvSchema>(schema: S) =>
  (source: Env = process.env): ConfigOf<S> =>
    loadConfig(schema, source);

type Meta = { description: string; default?: string; secret?: boolean };

/** Bits a secret string (signing secret, API key) must carry in production unless it says otherwise. */
export const SECRET_MIN_BITS = 96;

export const env = {
  /** With `secret`, production also wants `minEntropyBits` (default SECRET_MIN_BITS) by estimate. */
  string: (name: string, meta: Meta & { minLength?: number; minEntropyBits?: number }): EnvVar<string> => ({
    name,
    ...meta,
    weakness: meta.secret ? (raw) => stringWeakness(raw, meta.minEntropyBits ?? SECRET_MIN_BITS) : undefined,
    parse: (raw) => {
      if (meta.minLength !== undefined && raw.length < meta.minLength)
        throw new Error(`must be at least ${meta.minLength} characters`);
      return raw;
    },
  }),
  int: (name: string, meta: Meta & { min?: number; max?: number }): EnvVar<number> => ({
    name,
    ...meta,
    parse: (raw) => {
      if (!/^-?\d+$/.test(raw)) throw new Error('must be an integer');
      const n = Number(raw);
      if (meta.min !== undefined && n < meta.min) throw new Error(`must be ≥ ${meta.min}`);
      if (meta.max !== undefined && n > meta.max) throw new Error(`must be ≤ ${meta.max}`);
      return n;
    },
  }),
  bool: (name: string, meta: Meta): EnvVar<boolean> => ({
    name,
    ...meta,
    parse: (raw) => {
      if (/^(true|1|yes)$/i.test(raw)) return true;
      if (/^(false|0|no)$/i.test(raw)) return false;
      throw new Error('must be true or false');
    },
  }),
  oneOf: <const T extends string>(name: string, values: readonly T[], meta: Meta): EnvVar<T> => ({
    name,
    ...meta,
    parse: (raw) => {
      if (!(values as readonly string[]).includes(raw))
        throw new Error(`must be one of ${values.join(', ')}`);
      return raw as T;
    },
  }),
  /** With `secret`, the URL holds credentials: production wants a strong password in it. */
  url: (name: string, protocols: readonly string[], meta: Meta): EnvVar<string> => ({
    name,
    ...meta,
    weakness: meta.secret ? urlPasswordWeakness : undefined,
    parse: (raw) => {
      let u: URL;
      try {
        u = new URL(raw);
      } catch {
        throw new Error('must be a URL');
      }
      if (!protocols.includes(u.protocol.replace(/:$/, '')))
        throw new Error(`must use ${protocols.map((p) => `${p}://`).join(' or ')}`);
      return raw;
    },
  }),
  /** A symmetric key given as base64; the decoded length is checked. */
  key: (name: string, bytes: number, meta: Meta): EnvVar<Buffer> => ({
    name,
    ...meta,
    secret: true,
    weakness: (raw) => keyWeakness(Buffer.from(raw, 'base64')),
    parse: (raw) => {
      const buf = Buffer.from(raw, 'base64');
      if (buf.length !== bytes || buf.toString('base64').replace(/=+$/, '') !== raw.replace(/=+$/, ''))
        throw new Error(`must be ${bytes} bytes, base64-encoded`);
      return buf;
    },
  }),
};
