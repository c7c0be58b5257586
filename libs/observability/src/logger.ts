import {
  pino,
  type Bindings,
  type ChildLoggerOptions,
  type DestinationStream,
  type LevelWithSilent,
  type Logger,
} from 'pino';

import { REDACT_PATHS, REDACTED, redactValue, scrubText } from './redaction.js';

export type LogLevelName = LevelWithSilent;

export interface CreateLoggerOptions {
  /** Service name, written as the `service` field of every line. */
  service: string;
  level?: LogLevelName;
  /** Where lines go; stdout by default. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

/**
 * A JSON logger that never writes personal data: sensitive keys are masked at any depth,
 * and messages, error messages and stacks are scrubbed of emails, phone numbers and
 * identity codes before they are serialised.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      serializers: {
        msg: (msg: unknown) => (typeof msg === 'string' ? scrubText(msg) : msg),
        // Errors were already turned into scrubbed plain objects by the log formatter.
        err: (err: unknown) => err,
      },
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redactValue(bindings) as Record<string, unknown>,
        log: (object) => redactValue(object) as Record<string, unknown>,
      },
      hooks: {
        // Interpolated arguments (`log.info('x %s', value)`) bypass the formatters, so clean them here.
        logMethod(args: unknown[], method: (...a: unknown[]) => void) {
          const [first, ...rest] = args;
          const cleaned = rest.map((arg) => redactValue(arg));
          if (first instanceof Error) {
            const err = redactValue(first);
            method.apply(this, cleaned.length ? [{ err }, ...cleaned] : [{ err }, scrubText(first.message)]);
            return;
          }
          method.apply(this, [typeof first === 'string' ? scrubText(first) : first, ...cleaned]);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
  // pino skips the bindings formatter for child loggers, so clean their bindings here.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with Reflect.apply below
  const protoChild = logger.child;
  const redactingChild = function (
    this: Logger,
    bindings: Bindings,
    childOptions?: ChildLoggerOptions,
  ): unknown {
    return Reflect.apply(protoChild, this, [redactValue(bindings), childOptions]);
  };
  logger.child = redactingChild as unknown as Logger['child'];
  return logger;
}
