import { createHash } from 'node:crypto';
import type { BullMqContext } from './bullmq-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The request's message id when it is a UUID: used as the id of the row a create makes, so a
 * retried delivery finds its own earlier row instead of creating a second one.
 */
export const rowIdFrom = (ctx: BullMqContext | undefined): string | undefined => {
  const id = ctx?.messageId;
  return id && UUID.test(id) ? id : undefined;
};

/**
 * Like `rowIdFrom`, but a UUID derived from the message id and `purpose`, for a row whose id
 * names jobs of its own (the message's id is already a job id in the queue). It has the shape
 * of a version 4 UUID, which the API's ids are validated as, though it is derived, not random.
 */
export const derivedRowIdFrom = (ctx: BullMqContext | undefined, purpose: string): string | undefined => {
  const id = ctx?.messageId;
  return id ? derivedRowId(id, purpose) : undefined;
};

/** A version-4-shaped UUID derived from `source` (e.g. a client's request key) and `purpose`. */
export const derivedRowId = (source: string, purpose: string): string => {
  const b = createHash('sha256').update(`${purpose}\n${source}`).digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
