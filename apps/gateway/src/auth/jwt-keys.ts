import { createSecretKey, type KeyObject } from 'node:crypto';

/** The HMAC algorithms the gateway can be configured to sign and accept (never `none`). */
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** A key id as it appears in a token's `kid` header. */
export const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** An HMAC secret shorter than this is refused (as `JWT_SECRET` is). */
export const MIN_SECRET_LENGTH = 32;

export interface JwtKey {
  readonly id: string;
  readonly secret: string;
}

/**
 * `JWT_PREVIOUS_KEYS` as given: `id:secret,id2:secret`. Parsing never throws: its problems are
 * reported by the config check without echoing the value, which holds secrets.
 */
export interface PreviousJwtKeys {
  readonly keys: readonly JwtKey[];
  readonly problems: readonly string[];
}

export function parsePreviousJwtKeys(raw: string): PreviousJwtKeys {
  const keys: JwtKey[] = [];
  const problems: string[] = [];
  const entries = raw.trim() === '' ? [] : raw.split(',');
  entries.forEach((entry, i) => {
    const at = entry.indexOf(':');
    const id = at < 0 ? '' : entry.slice(0, at).trim();
    const secret = at < 0 ? '' : entry.slice(at + 1).trim();
    if (!KEY_ID.test(id))
      problems.push(`entry ${i + 1} must be id:secret with an id of letters, digits, . _ -`);
    else if (secret.length < MIN_SECRET_LENGTH)
      problems.push(`the secret of key "${id}" must be at least ${MIN_SECRET_LENGTH} characters`);
    else if (keys.some((k) => k.id === id)) problems.push(`key id "${id}" is given twice`);
    else keys.push({ id, secret });
  });
  return { keys, problems };
}

export interface JwtKeyConfig {
  readonly jwtSecret: string;
  readonly jwtKeyId: string;
  readonly jwtPreviousKeys: PreviousJwtKeys;
  readonly jwtAccessTtlSeconds: number;
  readonly jwtMaxLifetimeSeconds: number;
}

/** What the JWT variables get wrong together (each alone is checked by its schema entry). */
export function jwtConfigProblems(c: JwtKeyConfig): string[] {
  const problems = c.jwtPreviousKeys.problems.map((p) => `JWT_PREVIOUS_KEYS is invalid: ${p}`);
  if (c.jwtPreviousKeys.keys.some((k) => k.id === c.jwtKeyId))
    problems.push(`JWT_PREVIOUS_KEYS must not hold the current key id (JWT_KEY_ID=${c.jwtKeyId})`);
  if (c.jwtPreviousKeys.keys.some((k) => k.secret === c.jwtSecret))
    problems.push('JWT_PREVIOUS_KEYS must not hold the current secret (JWT_SECRET) under another id');
  if (c.jwtMaxLifetimeSeconds < c.jwtAccessTtlSeconds)
    problems.push(
      `JWT_MAX_LIFETIME_SECONDS (${c.jwtMaxLifetimeSeconds}) must be at least JWT_ACCESS_TTL_SECONDS (${c.jwtAccessTtlSeconds})`,
    );
  return problems;
}

/**
 * The keys tokens are signed and checked with: the current one signs (its id goes in the `kid`
 * header), previous ones only verify, so tokens they signed stay valid until they expire. As
 * KeyObjects: given a plain string, jsonwebtoken first tries (and fails) to parse it as a public
 * key on every verification, which was a quarter of the gateway's CPU.
 */
export class JwtKeyring {
  private readonly keys: ReadonlyMap<string, KeyObject>;

  constructor(
    readonly currentId: string,
    currentSecret: string,
    previous: readonly JwtKey[],
  ) {
    this.keys = new Map([
      ...previous.map((k) => [k.id, secretKey(k.secret)] as const),
      [currentId, secretKey(currentSecret)],
    ]);
  }

  static from(c: JwtKeyConfig): JwtKeyring {
    return new JwtKeyring(c.jwtKeyId, c.jwtSecret, c.jwtPreviousKeys.keys);
  }

  get current(): KeyObject {
    return this.keys.get(this.currentId) as KeyObject;
  }

  /** The key with this id, if it is one of ours. */
  get(kid: unknown): KeyObject | undefined {
    return typeof kid === 'string' ? this.keys.get(kid) : undefined;
  }
}

const secretKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));
