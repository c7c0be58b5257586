import type { Random } from './random.js';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface SchemaObject {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly example?: unknown;
  readonly minimum?: number;
  readonly minLength?: number;
  readonly items?: SchemaObject;
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly required?: readonly string[];
  readonly allOf?: readonly SchemaObject[];
}

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly schema?: SchemaObject;
}

interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  readonly security?: readonly unknown[];
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components?: { schemas?: Readonly<Record<string, SchemaObject>> };
}

/** One route of the API, as the OpenAPI document describes it. */
export interface Route {
  readonly method: string;
  readonly path: string;
  readonly params: readonly Parameter[];
  readonly body?: SchemaObject;
  readonly authenticated: boolean;
}

/** Every operation in the document: the fuzzer covers what the app serves, not a hand list. */
export function routesOf(doc: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      routes.push({
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
        authenticated: (op.security?.length ?? 0) > 0,
      });
    }
  }
  return routes;
}

/** A request to send, and what it was made of (named in a failure, never the raw values). */
export interface FuzzRequest {
  readonly method: string;
  readonly url: string;
  readonly route: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** Expected to be refused (4xx): the request carries at least one hostile part. */
  readonly hostile: boolean;
  readonly mutations: readonly string[];
}

/** Ids that exist, so mutated requests also reach real rows. */
export interface Fixtures {
  readonly tokens: Readonly<Record<string, string>>;
  readonly ids: readonly string[];
  readonly strings: Readonly<Record<string, readonly string[]>>;
}

const DEEP = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

/** Values that must never get past validation wherever they are put. */
const HOSTILE_VALUES: readonly [string, unknown][] = [
  ['lone high surrogate', 'ab\ud800cd@example.fi'],
  ['lone low surrogate', '\udc00'],
  ['NUL', 'aino\u0000@example.fi'],
  ['number beyond safe range', 1e300],
  ['huge integer', 2 ** 62],
  ['deep nesting', DEEP(40)],
];

/** Values a field may or may not accept: each must be a clean 4xx or a success, never a 5xx. */
const ODD_VALUES: readonly [string, unknown][] = [
  ['array of nulls', [null, null]],
  ['object for scalar', { $gt: '' }],
  ['long string', 'x'.repeat(20_000)],
  ['null', null],
  ['empty string', ''],
  ['negative', -1],
  ['zero', 0],
  ['int32 overflow', 2 ** 31],
  ['fraction', 0.5],
  ['true', true],
  ['empty array', []],
  ['empty object', {}],
  ['sql', "' OR 1=1 --"],
  ['html', '<script>alert(1)</script>'],
  ['emoji', '🧹🧽'],
  ['rtl override', '\u202eabc'],
  ['digits', '9'.repeat(400)],
  ['date far away', '9999-12-31T23:59:59Z'],
  ['not a date', '2026-02-30T25:61'],
  ['uuid', '00000000-0000-4000-8000-000000000000'],
];

/** Bodies that are not what any route takes. */
const HOSTILE_BODIES: readonly [string, string][] = [
  ['null body', 'null'],
  ['array body', '[{"a":1}]'],
  ['number body', '42'],
  ['string body', '"hello"'],
  ['boolean body', 'true'],
  ['malformed json', '{"a":'],
  ['infinite number', '{"n":1e999}'],
  ['prototype key', '{"__proto__":{"role":"admin"}}'],
  ['deep body', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ['oversized body', JSON.stringify({ pad: 'x'.repeat(70 * 1024) })],
  [
    'lone surrogate escape',
    '{"email":"\\ud800@example.fi","password":"\\udfff\\udfff\\udfff\\udfff\\udfff"}',
  ],
  ['NUL escape', '{"email":"a\\u0000@example.fi"}'],
];

const HOSTILE_PATH_VALUES: readonly string[] = [
  '%00',
  'a%00b',
  '%ED%A0%80', // a surrogate as UTF-8: not valid UTF-8
  '%C0%AF',
  '%FF',
  '%E2%80%AE',
  '..%2F..%2Fetc%2Fpasswd',
  'x'.repeat(2000),
  '-1',
  '1e999',
  '%F0%9F%A7%B9',
  'null',
  "'%20OR%201=1",
];

const HOSTILE_QUERY_VALUES: readonly string[] = ['%00', 'a%00b', '%F0%9F%A7%B9%00'];
// Undecodable ones are kept as literal text by the query parser, so they are merely odd.
const ODD_QUERY_VALUES: readonly string[] = [
  '%00%ED%A0%80',
  '%ED%A0%80',
  '-1',
  '1e999',
  'x'.repeat(3000),
  '[]',
  '%FF',
  'a&b=c',
];

const CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/xml',
];

function resolve(doc: OpenApiDocument, schema: SchemaObject | undefined): SchemaObject {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) {
    s = doc.components?.schemas?.[s.$ref.split('/').pop() ?? ''] ?? {};
  }
  if (s.allOf?.length) return resolve(doc, s.allOf[0]);
  return s;
}

/** Generates requests for routes: plausible ones and ones with hostile parts. */
export class RequestFactory {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly random: Random,
    private readonly fixtures: Fixtures,
  ) {}

  /** A value the schema describes (its example where it has one). */
  sample(schema: SchemaObject | undefined, depth = 0): unknown {
    const r = this.random;
    const s = resolve(this.doc, schema);
    if (s.enum?.length) return r.pick(s.enum);
    if (s.example !== undefined && r.chance(0.8)) return s.example;
    switch (s.type) {
      case 'string':
        if (s.format === 'uuid') return r.pick(this.fixtures.ids);
        return 'x'.repeat(Math.max(1, s.minLength ?? 8));
      case 'number':
      case 'integer':
        return s.minimum ?? 1 + r.int(5);
      case 'boolean':
        return r.chance(0.5);
      case 'array':
        return depth > 4 ? [] : [this.sample(s.items, depth + 1)];
      default: {
        if (!s.properties || depth > 4) return s.type === 'object' ? {} : 'x';
        const out: Record<string, unknown> = {};
        for (const [key, prop] of Object.entries(s.properties)) {
          if (s.required?.includes(key) || r.chance(0.5)) out[key] = this.sample(prop, depth + 1);
        }
        return out;
      }
    }
  }

  /** A request for the route; hostile with probability `hostileShare`. */
  make(route: Route, hostileShare: number): FuzzRequest {
    const r = this.random;
    const mutations: string[] = [];
    const hostile = r.chance(hostileShare);
    // Which part carries the hostile input (when it is hostile); the others may still be odd.
    const parts = ['body', 'path', 'query', 'token', 'content-type'].filter((p) => {
      if (p === 'path') return route.path.includes('{');
      if (p === 'token') return route.authenticated;
      // A body on a GET is not sent; on a route without one it still goes through the parser.
      if (p === 'body' || p === 'content-type')
        return route.method !== 'GET' && (route.body || r.chance(0.3));
      return true;
    });
    const hostilePart = hostile ? r.pick(parts) : '';

    let path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      if (hostilePart === 'path' && (r.chance(0.5) || !mutations.length)) {
        const v = r.pick(HOSTILE_PATH_VALUES);
        mutations.push(`path ${name}=${v.slice(0, 20)}`);
        return v;
      }
      const schema = resolve(this.doc, route.params.find((p) => p.in === 'path' && p.name === name)?.schema);
      if (schema.enum?.length && r.chance(0.9)) return encodeURIComponent(String(r.pick(schema.enum)));
      const known = this.fixtures.strings[name];
      if (known && r.chance(0.7)) return encodeURIComponent(r.pick(known));
      return r.chance(0.9) ? r.pick(this.fixtures.ids) : r.uuid();
    });

    const query: string[] = [];
    for (const p of route.params.filter((p) => p.in === 'query')) {
      if (hostilePart === 'query' && r.chance(0.6)) {
        const v = r.pick(HOSTILE_QUERY_VALUES);
        query.push(`${encodeURIComponent(p.name)}=${v}`);
        mutations.push(`query ${p.name}`);
      } else if (r.chance(0.5)) {
        const v = r.chance(0.8)
          ? encodeURIComponent(String(this.sample(p.schema)))
          : r.pick(ODD_QUERY_VALUES);
        query.push(`${encodeURIComponent(p.name)}=${v}`);
      }
    }
    if (hostilePart === 'query' && !mutations.length) {
      query.push(`q=${r.pick(HOSTILE_QUERY_VALUES)}`);
      mutations.push('query extra');
    }
    if (query.length) path += `?${query.join('&')}`;

    const headers: Record<string, string> = {};
    if (hostilePart === 'token') {
      const bad = r.pick([
        'Bearer not-a-token',
        `Bearer ${'a'.repeat(4000)}`,
        'Basic YWRtaW46YWRtaW4=',
        'Bearer ',
        `Bearer ${this.fixtures.tokens.customer.slice(0, -3)}abc`,
        `Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.`,
      ]);
      headers.authorization = bad;
      mutations.push(`token ${bad.slice(0, 12)}`);
    } else {
      const role = r.pick(Object.keys(this.fixtures.tokens));
      if (role !== 'anonymous') headers.authorization = `Bearer ${this.fixtures.tokens[role]}`;
      mutations.push(`role ${role}`);
    }
    if (r.chance(0.2)) headers['idempotency-key'] = r.pick([r.uuid(), 'k', 'x'.repeat(300), ' ', 'ä']);
    if (r.chance(0.1)) headers['x-request-id'] = r.pick(['short', 'x'.repeat(100), '../../', r.uuid()]);
    if (r.chance(0.1)) headers['cache-control'] = 'no-cache';
    if (r.chance(0.05)) headers['x-forwarded-for'] = r.pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1']);

    let body: string | undefined;
    const canHaveBody = route.method !== 'GET' && route.method !== 'HEAD';
    if (canHaveBody && (route.body || hostilePart === 'body' || hostilePart === 'content-type')) {
      headers['content-type'] = 'application/json';
      if (hostilePart === 'body' && r.chance(0.4)) {
        const [what, text] = r.pick(HOSTILE_BODIES);
        body = text;
        mutations.push(what);
      } else {
        const value = route.body ? this.sample(route.body) : {};
        const obj = value && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
        const keys = Object.keys(obj);
        if (hostilePart === 'body') {
          const [what, v] = r.pick(HOSTILE_VALUES);
          const key = keys.length && r.chance(0.8) ? r.pick(keys) : 'extra';
          this.setDeep(obj, key, v);
          mutations.push(`${key}: ${what}`);
        } else if (keys.length && r.chance(0.5)) {
          const [what, v] = r.pick(ODD_VALUES);
          const key = r.pick(keys);
          this.setDeep(obj, key, v);
          mutations.push(`${key}: ${what}`);
        }
        if (r.chance(0.1)) {
          (obj as Record<string, unknown>).unknownField = 1;
          mutations.push('unknown field');
        }
        body = JSON.stringify(obj);
      }
      if (hostilePart === 'content-type') {
        headers['content-type'] = r.pick(CONTENT_TYPES);
        if (headers['content-type'].startsWith('application/json')) body = body.replace(/[{}]/, '');
        mutations.push(`content-type ${headers['content-type']}`);
      }
    }
    return {
      method: route.method,
      url: path,
      route: `${route.method} ${route.path}`,
      headers,
      body,
      hostile,
      mutations,
    };
  }

  /** Puts the value at the key, or one level down when the field is an object. */
  private setDeep(obj: Record<string, unknown>, key: string, value: unknown): void {
    const current = obj[key];
    if (current && typeof current === 'object' && !Array.isArray(current) && this.random.chance(0.5)) {
      const inner = current as Record<string, unknown>;
      const innerKeys = Object.keys(inner);
      if (innerKeys.length) {
        obj[key] = { ...inner, [this.random.pick(innerKeys)]: value };
        return;
      }
    }
    obj[key] = value;
  }
}
