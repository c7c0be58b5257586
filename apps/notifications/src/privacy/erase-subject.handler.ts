import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ErasureReceipt, MessagePayload } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { DataSource } from 'typeorm';
import { OutgoingMessageEntity } from '../messages/outgoing-message.entity.js';

/** Erases every message to or about the subject, in one transaction; a retry erases nothing more. */
@Controller()
export class EraseSubjectHandler {
  constructor(private readonly db: DataSource) {}

  @HandleMessage('notifications.erase-subject')
  async erase(@Payload() p: MessagePayload<'notifications.erase-subject'>): Promise<ErasureReceipt> {
    return this.db.transaction(async (tx) => {
      const messages = await tx.getRepository(OutgoingMessageEntity).delete({ recipientId: p.subjectId });
      return {
        service: 'notifications',
        erased: { outgoing_messages: messages.affected ?? 0 },
        withheld: [],
      };
    });
  }
}
