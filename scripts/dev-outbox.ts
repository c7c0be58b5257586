import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

/**
 * Local stand-ins for the mail relay and the SMS provider, so `npm start` delivers messages
 * without outside services. Messages are written to `.dev-outbox/` (git-ignored), never to the
 * console: they hold personal data. Production points SMTP_URL and SMS_API_URL elsewhere.
 */
export interface DevOutbox {
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export async function startDevOutbox(dir: string): Promise<DevOutbox | null> {
  let SMTPServer: typeof import('smtp-server').SMTPServer;
  try {
    ({ SMTPServer } = await import('smtp-server'));
  } catch {
    return null; // a production install has no dev dependencies
  }
  await mkdir(dir, { recursive: true });
  let n = 0;
  const save = (ext: string, body: string | Buffer) =>
    writeFile(join(dir, `${Date.now()}-${++n}.${ext}`), body);

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        save('eml', Buffer.concat(chunks)).then(() => callback(), callback);
      });
    },
  });
  const sms: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      save('sms.json', Buffer.concat(chunks)).then(
        () => res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}'),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => sms.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const smsPort = (sms.address() as { port: number }).port;
  return {
    env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMS_API_URL: `http://127.0.0.1:${smsPort}/messages` },
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => sms.close(() => resolve()));
    },
  };
}
