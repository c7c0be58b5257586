import type { Actor } from '@offera/contracts';
import type { EntityManager } from 'typeorm';
import { RectificationEntity, type RectificationSource } from './rectification.entity.js';

export type ChangeAuthor =
  | { readonly kind: 'actor'; readonly actor: Actor }
  | { readonly kind: 'privacy_request'; readonly requestId: string };

/** Records that fields changed (never their values), in the caller's transaction. */
export async function recordChanges(
  tx: EntityManager,
  customerId: string,
  fields: readonly string[],
  author: ChangeAuthor,
): Promise<void> {
  if (!fields.length) return;
  const changedAt = new Date();
  const source: RectificationSource =
    author.kind === 'privacy_request'
      ? 'privacy_request'
      : author.actor.role === 'customer'
        ? 'self'
        : 'staff';
  await tx.getRepository(RectificationEntity).insert(
    fields.map((field) => ({
      customerId,
      field,
      changedAt,
      changedBy: author.kind === 'actor' ? author.actor.accountId : null,
      changedByRole: author.kind === 'actor' ? author.actor.role : null,
      source,
      requestId: author.kind === 'privacy_request' ? author.requestId : null,
    })),
  );
}
