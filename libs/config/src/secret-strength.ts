/**
 * Strength checks for secrets in production, per kind. A random value passes with a wide margin;
 * what fails is a value typed by hand or made of repeats (`Buffer.alloc(32, 7)`, `changeme…`).
 * Each returns why the value is too weak, or undefined; none echoes the value.
 */

/** Shannon entropy of the value's characters times its length: a rough upper bound of its bits. */
export function estimatedBits(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const length = [...value].length;
  let bitsPerChar = 0;
  for (const n of counts.values()) bitsPerChar -= (n / length) * Math.log2(n / length);
  return Math.round(bitsPerChar * length);
}

/** A random key of n bytes has nearly n distinct bytes; fewer than half means it was not drawn at random. */
export function keyWeakness(key: Buffer): string | undefined {
  const distinct = new Set(key).size;
  return distinct < key.length / 2
    ? `only ${distinct} distinct bytes in ${key.length}: generate it with \`openssl rand -base64 ${key.length}\``
    : undefined;
}

/** A secret string (signing secret, API key, password): at least minBits by the estimate. */
export function stringWeakness(value: string, minBits: number): string | undefined {
  const bits = estimatedBits(value);
  return bits < minBits
    ? `about ${bits} bits of entropy, at least ${minBits} needed: use a long random value (\`openssl rand -base64 48\`)`
    : undefined;
}

/** Bits a password inside a database or Redis URL must carry (about 20 random characters). */
export const URL_PASSWORD_MIN_BITS = 64;

/** A service URL in production carries a password, and a strong one. */
export function urlPasswordWeakness(raw: string): string | undefined {
  let password: string;
  try {
    password = decodeURIComponent(new URL(raw).password);
  } catch {
    return undefined; // the URL check itself reports it
  }
  if (!password) return 'the URL carries no password (user:password@host)';
  const weak = stringWeakness(password, URL_PASSWORD_MIN_BITS);
  return weak && `its password has ${weak}`;
}
