/**
 * rediss:// to a managed-style Redis whose certificate a private CA signed: the app verifies it
 * against REDIS_TLS_CA, refuses it without that CA, and authenticates as its ACL user over TLS.
 * A real redis-server with TLS, and a CA and certificate made here with openssl.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, redisEnv } from '@offera/config';
import { redisConnectionConfig, redisOptions } from '@offera/transport';
import { Redis } from 'ioredis';
import { parseAcl, PrivateRedis } from './redis-acl.js';

const ACL_FILE = fileURLToPath(new URL('../../compose/redis-users.acl', import.meta.url));
const ordersPassword = parseAcl(readFileSync(ACL_FILE, 'utf8')).get('orders')?.passwords[0] ?? '';

/** A CA, and a server certificate for 127.0.0.1 signed by it. */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const f = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=offera-test-ca',
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  );
  writeFileSync(f('san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '1',
    '-extfile',
    f('san.cnf'),
  );
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}

/** Connects once with the app's own options; resolves PONG or rejects with the connection error. */
async function ping(env: Record<string, string>): Promise<string> {
  const config = loadConfig(redisEnv, env);
  const redis = new Redis(config.redisUrl, {
    ...redisOptions(redisConnectionConfig(config), 'tls-test'),
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  // ioredis reports the TLS failure as an event and then only "Connection is closed".
  const errors: Error[] = [];
  redis.on('error', (e: Error) => errors.push(e));
  try {
    await redis.connect();
    return await redis.ping();
  } catch (e) {
    throw errors[0] ?? e;
  } finally {
    redis.disconnect();
  }
}

describe('Redis over TLS with a private CA (REDIS_TLS_CA)', () => {
  let dir: string;
  let certs: { ca: string; cert: string; key: string };
  let redis: PrivateRedis;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'offera-redis-tls-'));
    certs = makeCertificates(dir);
    redis = await PrivateRedis.start(ACL_FILE, certs);
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const url = () => redis.url('orders', ordersPassword, 'rediss');

  it('verifies the server against the CA and authenticates as the ACL user', async () => {
    await expect(ping({ REDIS_URL: url(), REDIS_TLS_CA: readFileSync(certs.ca, 'utf8') })).resolves.toBe(
      'PONG',
    );
  });

  it('refuses the server when its CA is not given (system CAs only)', async () => {
    await expect(ping({ REDIS_URL: url() })).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });

  it('refuses the server when a different CA is given', async () => {
    const other = makeCertificates(mkdtempSync(path.join(dir, 'other-')));
    await expect(ping({ REDIS_URL: url(), REDIS_TLS_CA: readFileSync(other.ca, 'utf8') })).rejects.toThrow(
      /self[- ]signed|unable to (get|verify)|signature/i,
    );
  });

  it('rejects a REDIS_TLS_CA that is not PEM, naming it', () => {
    expect(() => loadConfig(redisEnv, { REDIS_URL: url(), REDIS_TLS_CA: 'not a certificate' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig(redisEnv, { REDIS_URL: url(), REDIS_TLS_CA: 'not a certificate' })).toThrow(
      /REDIS_TLS_CA="not a certificate" is invalid: must be PEM certificates/,
    );
  });
});
