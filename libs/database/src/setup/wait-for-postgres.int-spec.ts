import net from 'node:net';
import { withDatabase } from '../pg.js';
import { waitForPostgres } from './wait-for-postgres.js';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const target = new URL(ADMIN_URL);

/** A port nothing listens on (yet). */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Postgres "coming up" on a port: a TCP relay to the real server, started on demand. */
function relayTo(port: number): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const urlOnPort = (port: number): string => {
  const u = new URL(ADMIN_URL);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
};

describe('waitForPostgres', () => {
  it('returns at once when Postgres is up', async () => {
    const log: string[] = [];
    await waitForPostgres({ url: ADMIN_URL, ssl: false, timeoutMs: 5000, log: (m) => log.push(m) });
    expect(log).toEqual([]);
  });

  it('waits with backoff until Postgres accepts connections', async () => {
    const port = await freePort();
    const log: string[] = [];
    let relay: Promise<net.Server> | undefined;
    const waited = waitForPostgres({
      url: urlOnPort(port),
      ssl: false,
      timeoutMs: 20_000,
      firstDelayMs: 50,
      // Postgres comes up once the first refusal has been seen.
      log: (m) => {
        log.push(m);
        relay ??= relayTo(port);
      },
    });
    try {
      await expect(waited).resolves.toBeUndefined();
      expect(log[0]).toMatch(/^waiting for Postgres \(ECONNREFUSED\); attempt 2 in 50 ms$/);
    } finally {
      const server = await relay;
      await new Promise((resolve) => server?.close(resolve));
    }
  });

  it('gives up after its timeout, saying how often it tried', async () => {
    const port = await freePort();
    const log: string[] = [];
    const started = Date.now();
    await expect(
      waitForPostgres({
        url: urlOnPort(port),
        ssl: false,
        timeoutMs: 600,
        firstDelayMs: 50,
        log: (m) => log.push(m),
      }),
    ).rejects.toThrow(
      /^Postgres did not accept connections within 1 s \(\d+ attempts, last: ECONNREFUSED\)$/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(log.length).toBeGreaterThanOrEqual(2);
    // Backoff doubles: 50, 100, 200 ms …
    expect(log.slice(0, 2).map((m) => /in (\d+) ms/.exec(m)?.[1])).toEqual(['50', '100']);
  });

  it('fails at once on what waiting cannot cure', async () => {
    const log: string[] = [];
    await expect(
      waitForPostgres({
        url: withDatabase(ADMIN_URL, 'offera_no_such_database'),
        ssl: false,
        timeoutMs: 20_000,
        log: (m) => log.push(m),
      }),
    ).rejects.toMatchObject({ code: '3D000' });
    expect(log).toEqual([]);
  });
});
