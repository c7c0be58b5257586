/** Limits every JSON body and every path or query value must keep, whatever the route. */
export const JSON_INPUT_LIMITS = {
  /** Objects and arrays nested deeper than this are refused (no DTO needs more than a few). */
  maxDepth: 16,
} as const;

/** Why an input was refused; the text goes to the caller, so it never repeats the value. */
export class InputRejected extends Error {
  readonly statusCode = 400;

  constructor(message: string) {
    super(message);
    this.name = 'InputRejected';
  }
}

// With the u flag a surrogate pair is one code point, so only unpaired halves match.
const LONE_SURROGATE = /\p{Cs}/u;

// Keys that reach prototypes when merged into objects; no DTO has them.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A string every layer behind the gateway can store and encode: well-formed UTF-16 (a lone
 * surrogate cannot be encoded as UTF-8, so Postgres, argon2 and the cipher would each fail in
 * their own way) and no NUL (Postgres text refuses it).
 */
export function checkString(value: string, where: string): void {
  if (LONE_SURROGATE.test(value)) throw new InputRejected(`${where} contains an unpaired surrogate`);
  if (value.includes('\u0000')) throw new InputRejected(`${where} contains a NUL character`);
}

/**
 * Walks a parsed JSON value without recursion and refuses what no route accepts: nesting
 * deeper than `maxDepth`, numbers beyond the safe integer range (or not finite), strings
 * and keys that `checkString` refuses, and prototype keys.
 */
export function checkJsonValue(root: unknown, maxDepth: number = JSON_INPUT_LIMITS.maxDepth): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof value === 'string') {
      checkString(value, 'A string in the body');
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
        throw new InputRejected('A number in the body is out of range');
      }
    } else if (value !== null && typeof value === 'object') {
      if (depth >= maxDepth) throw new InputRejected(`The body is nested deeper than ${maxDepth} levels`);
      if (Array.isArray(value)) {
        for (const item of value) stack.push({ value: item, depth: depth + 1 });
      } else {
        for (const [key, item] of Object.entries(value)) {
          if (FORBIDDEN_KEYS.has(key)) throw new InputRejected('The body has a forbidden key');
          checkString(key, 'A key in the body');
          stack.push({ value: item, depth: depth + 1 });
        }
      }
    }
  }
}

/**
 * Parses a JSON request body: it must be an object (every route's body is one), and
 * `checkJsonValue` must accept it.
 */
export function parseJsonBody(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputRejected('The body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputRejected('The body must be a JSON object');
  }
  checkJsonValue(value);
  return value as Record<string, unknown>;
}
