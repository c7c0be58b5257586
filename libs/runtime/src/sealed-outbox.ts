import { EnvelopeCipher } from '@offera/transport';

/** Marks an outbox payload sealed at rest; the relay opens it before publishing. */
const SEALED = '$sealed';

const aad = (name: string): string => `outbox:${name}`;

/**
 * Seals an event payload for the outbox table, for events that carry a credential (a one-time
 * code): outbox rows sit in clear in Postgres until published. Subscribers see the plain payload.
 */
export function sealOutboxPayload(key: Buffer, name: string, payload: unknown): { [SEALED]: string } {
  return { [SEALED]: new EnvelopeCipher(key).seal(payload, aad(name)) };
}

/** The plain payload of an outbox row (opened if it was sealed with `sealOutboxPayload`). */
export function openOutboxPayload(cipher: EnvelopeCipher, name: string, payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  const sealed = (payload as Record<string, unknown>)[SEALED];
  if (typeof sealed !== 'string' || Object.keys(payload).length !== 1) return payload;
  return cipher.open<unknown>(sealed, aad(name));
}
