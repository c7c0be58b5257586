import { createHash } from 'node:crypto';

/**
 * A stable uuid derived from a business key (e.g. `reminder:<orderId>:<startsAt>`), for messages
 * not caused by one event: the same key always gives the same id, so a repeat sends nothing new.
 */
export function sourceIdFor(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  // Shaped as an RFC 9562 version 8 (custom) uuid.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
