// Fails the run early, with a clear message, when Postgres or Redis is not reachable.
import net from 'node:net';

const probe = (host, port) =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(2000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

export default async function globalSetup() {
  const pg = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const redis = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const missing = [];
  if (!(await probe(pg.hostname, Number(pg.port || 5432)))) missing.push(`Postgres at ${pg.host}`);
  if (!(await probe(redis.hostname, Number(redis.port || 6379)))) missing.push(`Redis at ${redis.host}`);
  if (missing.length) throw new Error(`Tests need ${missing.join(' and ')}; start them first (see README).`);
}
