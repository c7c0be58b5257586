import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';

/**
 * Stand-ins for the mail relay and the SMS provider, in their own process so the load
 * generator stays unburdened: they accept and discard everything, as a healthy relay would.
 * `node sinks.js` with SMTP_PORT and SMS_PORT; prints `ready`, stops on SIGTERM.
 */
const smtpPort = Number(process.env.SMTP_PORT);
const smsPort = Number(process.env.SMS_PORT);

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  closeTimeout: 100,
  onData: (stream, _session, callback) => {
    stream.on('end', () => callback());
    stream.resume();
  },
});
const sms = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(202, { 'content-type': 'application/json' }).end('{"id":"bench"}'));
});

await new Promise<void>((resolve, reject) => {
  smtp.once('error', reject);
  smtp.listen(smtpPort, '127.0.0.1', () => resolve());
});
await new Promise<void>((resolve) => sms.listen(smsPort, '127.0.0.1', resolve));
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  sms.close();
  smtp.close(() => process.exit(0));
});
