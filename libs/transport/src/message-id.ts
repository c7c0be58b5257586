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
