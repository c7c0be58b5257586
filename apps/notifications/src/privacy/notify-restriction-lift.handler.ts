import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import { MessagesService } from '../messages/messages.service.js';
import { sourceIdFor } from '../messages/source-id.js';

/** How long one attempt waits for the delivery job to send the notice, and how often it looks. */
const WAIT_MS = 15_000;
const POLL_MS = 100;

/**
 * Art. 18(3): the step of a restriction's lift that every service's step waits for. The notice
 * is queued once per lift and the step completes only once it has been sent (not sent within
 * the wait, the step throws and is retried with backoff), so the subject is told before the lift
 * takes effect. A notice that can never be delivered (no address) does not hold the lift.
 */
@Controller()
export class NotifyRestrictionLiftHandler {
  constructor(
    private readonly db: DataSource,
    private readonly messages: MessagesService,
  ) {}

  @HandleMessage('notifications.notify-restriction-lift')
  async notify(
    @Payload() p: MessagePayload<'notifications.notify-restriction-lift'>,
  ): Promise<MessageResult<'notifications.notify-restriction-lift'>> {
    const source = sourceIdFor(`restriction-lift:${p.liftId}`);
    await this.messages.queue(source, [
      {
        recipientId: p.subjectId,
        template: 'privacy-restriction-lifted',
        channel: 'email',
        params: { requestId: p.requestId, requestType: 'restriction' },
      },
    ]);
    // The delivery job sends it within moments; the step answers once it has (or has given up).
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const [row] = await this.db.query<{ status: string }[]>(
        `SELECT status FROM outgoing_messages WHERE source_event_id = $1`,
        [source],
      );
      if (row?.status === 'sent') return { sent: true };
      if (!row || row.status === 'failed' || row.status === 'cancelled') return { sent: false };
      if (Date.now() >= deadline) throw new Error('The notice of the lift has not been sent yet');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
