import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@offera/testing';
import { verify } from '@node-rs/argon2';
import { withPgClient } from '@offera/database';
import { SETUP_PLAN } from '../../scripts/setup-plan.js';
import { buildScripts, closedPort, runScript } from './build.js';

const STRONG = 'Kuusi-kissaa-kiipesi-puuhun-7';

/** `npm run seed-admin`, run as a real process against its own database. */
describe('npm run seed-admin', () => {
  let build: { dir: string; remove(): void };
  let db: TestDatabase;
  let seed: string;

  beforeAll(async () => {
    build = await buildScripts();
    seed = path.join(build.dir, 'scripts/seed-admin.js');
    db = await createTestDatabase(SETUP_PLAN);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
    build?.remove();
  });

  const env = (extra: Record<string, string> = {}) => ({
    CUSTOMERS_DATABASE_URL: db.serviceUrls.customers,
    ...extra,
  });
  const accounts = (email: string) =>
    withPgClient(
      db.adminUrl,
      async (c) =>
        (
          await c.query<{ role: string; password_hash: string }>(
            'SELECT role, password_hash FROM customers.accounts WHERE lower(email) = lower($1)',
            [email],
          )
        ).rows,
    );

  it('creates the admin with the password from the environment, never echoed, and a second run changes nothing', async () => {
    const email = 'ensimmainen.yllapitaja@example.fi';
    const first = await runScript(seed, ['--email', email], env({ SEED_ADMIN_PASSWORD: STRONG }));
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`admin ${email} created`);
    expect(first.stdout).not.toContain(STRONG);
    const rows = await accounts(email);
    expect(rows).toHaveLength(1);
    expect(rows[0].role).toBe('admin');
    expect(await verify(rows[0].password_hash, STRONG)).toBe(true);

    const again = await runScript(seed, ['--email', email], env({ SEED_ADMIN_PASSWORD: `${STRONG}x` }));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('exists already; nothing was changed');
    const after = await accounts(email);
    expect(after).toHaveLength(1);
    expect(await verify(after[0].password_hash, STRONG)).toBe(true);
  });

  it('reads the password from piped input when no variable gives it', async () => {
    const email = 'putkesta.yllapitaja@example.fi';
    const result = await runScript(seed, ['--email', email], env(), `${STRONG}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(STRONG);
    expect(await accounts(email)).toHaveLength(1);
  });

  it.each([
    ['short', 'Lyhyt-1a', 'shorter than 12 characters'],
    ['repetitive', 'aaaaaaaaaaaaaaaaaaaa', 'too few different characters'],
    ['guessable', 'Password-2026!x', 'contains "password"'],
    ['the email', 'Heikko.Yllapitaja-99', 'contains the email address'],
    ['one kind of character', 'kissakoiramatto', 'mix three of'],
  ])(
    'refuses a weak password (%s), says why, never echoes it, and creates nothing',
    async (_what, weak, why) => {
      const email = 'heikko.yllapitaja@example.fi';
      const result = await runScript(seed, ['--email', email], env({ SEED_ADMIN_PASSWORD: weak }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the password is too weak');
      expect(result.stderr).toContain(why);
      expect(result.stdout + result.stderr).not.toContain(weak);
      expect(await accounts(email)).toHaveLength(0);
    },
  );

  it('in production refuses to run without --production, and runs with it', async () => {
    const email = 'tuotanto.yllapitaja@example.fi';
    const refused = await runScript(
      seed,
      ['--email', email],
      env({ NODE_ENV: 'production', SEED_ADMIN_PASSWORD: STRONG }),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('NODE_ENV is production');
    expect(refused.stderr).toContain('--production');
    expect(await accounts(email)).toHaveLength(0);

    const meant = await runScript(
      seed,
      ['--email', email, '--production'],
      env({ NODE_ENV: 'production', SEED_ADMIN_PASSWORD: STRONG }),
    );
    expect(meant.code).toBe(0);
    expect(await accounts(email)).toHaveLength(1);
  });

  it('refuses unknown flags and a missing email with the usage, and an unreachable database in one line', async () => {
    const unknown = await runScript(seed, ['--email', 'x@example.fi', '--role', 'admin'], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('usage: npm run seed-admin');
    const missing = await runScript(seed, [], env({ SEED_ADMIN_PASSWORD: STRONG }));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--email is required');

    const none = await runScript(seed, ['--email', 'x@example.fi'], env(), '');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no password given');

    const port = await closedPort();
    const down = await runScript(seed, ['--email', 'x@example.fi'], {
      CUSTOMERS_DATABASE_URL: `postgres://offera_customers:pw@127.0.0.1:${port}/offera`,
      SEED_ADMIN_PASSWORD: STRONG,
    });
    expect(down.code).toBe(1);
    expect(down.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('cannot connect as the customers role (CUSTOMERS_DATABASE_URL)') as string,
    ]);
  });
});
