import { captureLogs } from './capture.js';
import { createLogger } from './logger.js';
import { PinoNestLogger } from './nest-logger.js';
import { REDACTED, scrubText } from './redaction.js';

const EMAIL = 'maija.meikalainen@example.fi';
const PHONES = ['+358401234567', '+358 40 123 4567', '0401234567', '040 123 4567'];
const IDENTITY_CODES = ['131052-308T', '010101A123N', '290299Y9876'];
const NEEDLES = [
  EMAIL,
  ...PHONES,
  ...IDENTITY_CODES,
  '4567',
  'Meikäläinen',
  'Maija',
  'Kotikatu 1',
  'hunter2',
];

function setup(level: 'info' | 'trace' = 'info') {
  const logs = captureLogs();
  const logger = createLogger({ service: 'test', level, destination: logs.destination });
  return { logs, logger };
}

function expectClean(text: string): void {
  for (const needle of NEEDLES) expect(text).not.toContain(needle);
}

describe('scrubText', () => {
  it.each([EMAIL, ...PHONES, ...IDENTITY_CODES])('replaces %s', (value) => {
    expect(scrubText(`before ${value} after`)).toBe(`before ${REDACTED} after`);
  });

  it('keeps the punctuation around a number', () => {
    expect(scrubText('call (+358401234567) or (+358) 40 123 4567')).toBe(
      `call (${REDACTED}) or (${REDACTED}`,
    );
  });

  it('leaves ordinary text, ids, timestamps and amounts alone', () => {
    const text =
      'order 3f2b8c1e-9d4a-4e6b-8f00-1234567890ab placed at 2025-01-31T10:00:00Z for 12900 cents, took 15 ms, v1.2.3';
    expect(scrubText(text)).toBe(text);
  });
});

describe('createLogger', () => {
  it('writes JSON lines with the service and level', () => {
    const { logs, logger } = setup();
    logger.info({ orderId: 'o-1' }, 'order placed');
    const [record] = logs.records();
    expect(record).toMatchObject({ service: 'test', level: 'info', orderId: 'o-1', msg: 'order placed' });
  });

  it('redacts sensitive keys at any depth, including arrays and headers', () => {
    const { logs, logger } = setup();
    logger.info(
      {
        email: EMAIL,
        customer: { firstName: 'Maija', lastName: 'Meikäläinen', phone: PHONES[0] },
        deep: { a: { b: { c: { identityCode: IDENTITY_CODES[0], address: { street: 'Kotikatu 1' } } } } },
        list: [{ password: 'hunter2' }, { refreshToken: 'hunter2' }],
        req: { headers: { authorization: 'Bearer hunter2', cookie: 'sid=hunter2' } },
      },
      'registered',
    );
    expectClean(logs.text());
    const [record] = logs.records();
    expect(record.email).toBe(REDACTED);
    expect(record.customer).toEqual({ firstName: REDACTED, lastName: REDACTED, phone: REDACTED });
    expect(record.msg).toBe('registered');
  });

  it('scrubs personal data inside messages, interpolated arguments and unknown keys', () => {
    const { logs, logger } = setup();
    logger.info(`login failed for ${EMAIL}`);
    logger.warn('sms to %s failed, customer %s', PHONES[1], IDENTITY_CODES[1]);
    logger.info({ note: `call ${PHONES[3]} or ${PHONES[2]}` }, 'note');
    logger.info('payload %o', { contact: { email: EMAIL } });
    expectClean(logs.text());
    expect(logs.records()[0].msg).toBe(`login failed for ${REDACTED}`);
    expect(logs.lines).toHaveLength(4);
  });

  it('scrubs error messages and stacks, also in child loggers', () => {
    const { logs, logger } = setup();
    const error = new Error(`duplicate key (email)=(${EMAIL}) for ${IDENTITY_CODES[2]}`);
    logger.error(error);
    logger.error({ err: new Error(`no such phone ${PHONES[0]}`) }, 'sending failed');
    logger.child({ customerEmail: EMAIL }).child({ requestId: 'r-1' }).warn('child');
    expectClean(logs.text());
    const [first, second] = logs.records();
    expect(first.msg).toBe(`duplicate key (email)=(${REDACTED}) for ${REDACTED}`);
    expect((first.err as { type: string }).type).toBe('Error');
    expect((second.err as { message: string }).message).toBe(`no such phone ${REDACTED}`);
    expect(logs.records()[2]).toMatchObject({ customerEmail: REDACTED, requestId: 'r-1', msg: 'child' });
  });

  it('respects the level', () => {
    const { logs, logger } = setup();
    logger.debug('hidden');
    expect(logs.lines).toHaveLength(0);
  });
});

describe('PinoNestLogger', () => {
  it('maps Nest calls and context without leaking personal data', () => {
    const { logs, logger } = setup('trace');
    const nest = new PinoNestLogger(logger);
    nest.log(`created customer ${EMAIL}`, 'CustomersService');
    nest.error(`failed for ${PHONES[2]}`, `Error: x\n    at ${EMAIL}`, 'Handler');
    nest.warn({ email: EMAIL, orderId: 'o-2' });
    nest.verbose('verbose line');
    nest.error(new Error(`boom ${IDENTITY_CODES[0]}`));
    expectClean(logs.text());
    const records = logs.records();
    expect(records.map((r) => r.level)).toEqual(['info', 'error', 'warn', 'trace', 'error']);
    expect(records[0]).toMatchObject({ context: 'CustomersService', msg: `created customer ${REDACTED}` });
    expect(records[1]).toMatchObject({ context: 'Handler', stack: `Error: x\n    at ${REDACTED}` });
    expect(records[2].data).toEqual({ email: REDACTED, orderId: 'o-2' });
  });

  it('applies Nest log levels', () => {
    const { logs, logger } = setup();
    const nest = new PinoNestLogger(logger);
    nest.setLogLevels(['error', 'warn']);
    nest.log('dropped');
    nest.warn('kept');
    expect(logs.records().map((r) => r.msg)).toEqual(['kept']);
  });
});
