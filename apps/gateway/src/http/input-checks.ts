import type { FastifyInstance } from 'fastify';
import { checkString, InputRejected, parseJsonBody } from './json-input.js';

/**
 * Refuses hostile input for every route at once, before guards, pipes or handlers see it:
 * JSON bodies go through `parseJsonBody` (an object, bounded depth, encodable strings, safe
 * numbers), and path and query values through `checkString`. Each refusal is a 400.
 */
const FORM_ROUTE = '/unsubscribe';

export function registerInputChecks(fastify: FastifyInstance): void {
  // JSON only: a text/plain body would otherwise reach the DTO pipes as a bare string.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as InputRejected, undefined);
    }
  });
  // The one form a person posts: the one-click unsubscribe (RFC 8058). Anywhere else a form body
  // is refused, as every API route takes JSON only.
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 1024 },
    (req, body, done) => {
      if (!req.url.startsWith(FORM_ROUTE)) {
        done(Object.assign(new Error('This route takes JSON only'), { statusCode: 415 }), undefined);
        return;
      }
      try {
        const form: Record<string, string> = {};
        for (const [key, value] of new URLSearchParams(body as string)) {
          checkString(key, 'A form field');
          checkString(value, 'A form field');
          form[key] = value;
        }
        done(null, form);
      } catch (error) {
        done(error as InputRejected, undefined);
      }
    },
  );
  fastify.addHook('preValidation', (req, _reply, done) => {
    try {
      checkValues(req.params, 'A path parameter');
      checkValues(req.query, 'A query parameter');
      done();
    } catch (error) {
      done(error as InputRejected);
    }
  });
}

function checkValues(values: unknown, where: string): void {
  if (values === null || typeof values !== 'object') return;
  for (const [key, value] of Object.entries(values)) {
    checkString(key, where);
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') checkString(item, where);
    }
  }
}
