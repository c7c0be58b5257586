import type { LoggerService, LogLevel } from '@nestjs/common';
import type { Level, Logger } from 'pino';

const NEST_TO_PINO: Readonly<Record<LogLevel, Level>> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};
const ORDER: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** Nest's LoggerService on top of a redacting pino logger; install with `app.useLogger(...)`. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('info', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams, true);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams, true);
  }

  setLogLevels(levels: LogLevel[]): void {
    const lowest = levels.map((l) => NEST_TO_PINO[l]).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))[0];
    this.logger.level = lowest ?? 'silent';
  }

  /**
   * Nest passes `(message, context)`, `(message, stack, context)` for errors, or
   * `(message, ...params, context)`; the last string parameter is the context.
   */
  private write(level: Level, message: unknown, params: unknown[], isError = false): void {
    const rest = params.filter((p) => p !== undefined);
    const context = rest.length && typeof rest[rest.length - 1] === 'string' ? rest.pop() : undefined;
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields.context = context;
    if (isError && typeof rest[0] === 'string' && rest[0].includes('\n    at ')) fields.stack = rest.shift();
    if (rest.length) fields.params = rest;

    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'string') {
      this.logger[level](fields, message);
    } else {
      this.logger[level]({ ...fields, data: message });
    }
  }
}
