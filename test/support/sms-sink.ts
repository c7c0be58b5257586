import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSms {
  readonly to: string;
  readonly from: string;
  readonly text: string;
  readonly authorization: string | undefined;
  readonly idempotencyKey: string | undefined;
}

/**
 * A local HTTP endpoint standing in for the SMS provider: records what is POSTed and answers
 * 202, or the status set in `failWith` (e.g. 503 for an outage, 400 for a bad number).
 */
export class SmsSink {
  readonly received: ReceivedSms[] = [];
  failWith: number | null = null;
  requests = 0;
  private server?: Server;
  port = 0;

  static async start(): Promise<SmsSink> {
    const sink = new SmsSink();
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        sink.requests += 1;
        if (sink.failWith) {
          res.writeHead(sink.failWith).end();
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<
          ReceivedSms,
          'authorization' | 'idempotencyKey'
        >;
        const key = req.headers['idempotency-key'];
        sink.received.push({
          ...body,
          authorization: req.headers.authorization,
          idempotencyKey: typeof key === 'string' ? key : undefined,
        });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"id":"sms-1"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sink.port = (server.address() as AddressInfo).port;
    sink.server = server;
    return sink;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/messages`;
  }

  to(phone: string): ReceivedSms[] {
    return this.received.filter((m) => m.to === phone);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
