import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MessageParams } from '../messages/outgoing-message.entity.js';

/** How long a message of an earlier state being sent holds up a later one, at most. */
const WAIT_MS = 5000;
const POLL_MS = 50;

interface Sequenced {
  readonly id: string;
  readonly recipientId: string;
  readonly params: MessageParams;
}

/**
 * Keeps the messages about one order to one recipient in the order of the order's states (the
 * `seq` of the event that caused each): a message is dropped as superseded once a later state's
 * message went out, a later state's message cancels the earlier ones still waiting, and waits
 * (briefly) while an earlier one is being sent. The checks of one order run one at a time
 * (a transaction-scoped advisory lock), so two deliveries cannot both pass them.
 */
@Injectable()
export class OrderMessageSequencer {
  constructor(private readonly db: DataSource) {}

  /** True when the message must not be sent: a later state's message was sent or is being sent. */
  async superseded(message: Sequenced): Promise<boolean> {
    const orderId = message.params.orderId;
    const seq = message.params.seq;
    if (typeof orderId !== 'string' || typeof seq !== 'number') return false;
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const state = await this.check(message, orderId, seq);
      if (state !== 'wait') return state === 'superseded';
      // An earlier state's message is going out right now: let it finish first.
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private check(message: Sequenced, orderId: string, seq: number): Promise<'superseded' | 'wait' | 'go'> {
    const same = `recipient_id = $1 AND params->>'orderId' = $2 AND params ? 'seq' AND id <> $4`;
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('order-messages:' || $1))`, [orderId]);
      const params = [message.recipientId, orderId, seq, message.id];
      const [later] = await tx.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outgoing_messages
          WHERE ${same} AND (params->>'seq')::int > $3 AND status IN ('sending', 'sent')`,
        params,
      );
      if (later.n > 0) return 'superseded';
      await tx.query(
        `UPDATE outgoing_messages SET status = 'cancelled', last_error = 'superseded', updated_at = now()
          WHERE ${same} AND (params->>'seq')::int < $3 AND status = 'pending'`,
        params,
      );
      const [sending] = await tx.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outgoing_messages
          WHERE ${same} AND (params->>'seq')::int < $3 AND status = 'sending'
            AND updated_at > now() - interval '1 minute'`,
        params,
      );
      return sending.n > 0 ? 'wait' : 'go';
    });
  }
}
