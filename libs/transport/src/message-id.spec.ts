import { randomUUID } from 'node:crypto';
import type { BullMqContext } from './bullmq-context.js';
import { derivedRowIdFrom, rowIdFrom } from './message-id.js';

const ctx = (messageId: string) => ({ messageId }) as BullMqContext;
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('message ids as row ids', () => {
  it('uses a UUID message id as it is, and nothing else', () => {
    const id = randomUUID();
    expect(rowIdFrom(ctx(id))).toBe(id);
    expect(rowIdFrom(ctx('orders.expire-offers:1764400000000'))).toBeUndefined();
    expect(rowIdFrom(undefined)).toBeUndefined();
  });

  it('derives a stable version-4-shaped id per message and purpose, unlike the message id', () => {
    const id = randomUUID();
    const derived = derivedRowIdFrom(ctx(id), 'privacy-request');
    expect(derived).toMatch(V4);
    expect(derived).not.toBe(id);
    expect(derivedRowIdFrom(ctx(id), 'privacy-request')).toBe(derived);
    expect(derivedRowIdFrom(ctx(id), 'another-purpose')).not.toBe(derived);
    expect(derivedRowIdFrom(ctx(randomUUID()), 'privacy-request')).not.toBe(derived);
    expect(derivedRowIdFrom(ctx('not-a-uuid-job-id'), 'privacy-request')).toMatch(V4);
    expect(derivedRowIdFrom(undefined, 'privacy-request')).toBeUndefined();
  });
});
