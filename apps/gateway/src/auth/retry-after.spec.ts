import { ErrorCode } from '@offera/contracts';
import { RemoteError } from '@offera/transport';
import type { FastifyReply } from 'fastify';
import { withRetryAfter } from './retry-after.js';

describe('withRetryAfter', () => {
  const replyMock = () => {
    const headers: Record<string, string> = {};
    const reply = {
      header: (name: string, value: string) => {
        headers[name] = value;
        return reply;
      },
    };
    return { reply: reply as unknown as FastifyReply, headers };
  };

  it('passes results through untouched', async () => {
    const { reply, headers } = replyMock();
    await expect(withRetryAfter(reply, Promise.resolve(7))).resolves.toBe(7);
    expect(headers).toEqual({});
  });

  it('sets Retry-After from a RATE_LIMITED message and rethrows', async () => {
    const { reply, headers } = replyMock();
    const error = new RemoteError(
      ErrorCode.RateLimited,
      'Too many failed sign-in attempts; try again in 42 seconds',
    );
    await expect(withRetryAfter(reply, Promise.reject(error))).rejects.toBe(error);
    expect(headers).toEqual({ 'retry-after': '42' });
  });

  it('leaves other errors alone', async () => {
    const { reply, headers } = replyMock();
    const error = new RemoteError(ErrorCode.Unauthenticated, 'Wrong email or password');
    await expect(withRetryAfter(reply, Promise.reject(error))).rejects.toBe(error);
    expect(headers).toEqual({});
  });
});
