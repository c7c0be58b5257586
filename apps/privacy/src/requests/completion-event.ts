import { createHash } from 'node:crypto';
import type { EventPayload } from '@offera/contracts';
import type { PrivacyRequestEntity } from './privacy-request.entity.js';

/**
 * The message id of a request's completion event: the same every time it is announced (again,
 * after Redis lost the first announcement before it was handled), so subscribers, which
 * deduplicate by message id, tell the subject once.
 */
export function completionEventId(requestId: string): string {
  const h = createHash('sha256').update(`privacy-request.completed:${requestId}`).digest('hex');
  // Shaped as an RFC 9562 version 8 (custom) uuid.
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A completed request's `privacy-request.status-changed` event, as its completion announced it. */
export function completionEvent(
  request: PrivacyRequestEntity,
  completedAt: Date,
): EventPayload<'privacy-request.status-changed'> {
  return {
    requestId: request.id,
    subjectId: request.subjectId,
    type: request.type,
    status: 'completed',
    entered: ['completed'],
    dueAt: request.dueAt.toISOString(),
    reason: null,
    occurredAt: completedAt.toISOString(),
  };
}
