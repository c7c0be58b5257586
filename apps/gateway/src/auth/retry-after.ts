import { ErrorCode } from '@offera/contracts';
import { RemoteError } from '@offera/transport';
import type { FastifyReply } from 'fastify';

/**
 * Sign-in throttling lives in the customers service, which says how long to wait in its
 * RATE_LIMITED message ("… try again in N seconds"); this turns that into a Retry-After header.
 */
export async function withRetryAfter<T>(reply: FastifyReply, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof RemoteError && error.code === ErrorCode.RateLimited) {
      const seconds = /in (\d+) seconds?/.exec(error.message)?.[1];
      void reply.header('retry-after', seconds ?? '60');
    }
    throw error;
  }
}
