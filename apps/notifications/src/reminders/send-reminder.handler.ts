import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult } from '@offera/contracts';
import { HandleMessage } from '@offera/transport';
import { RemindersService } from './reminders.service.js';

/** The delayed job of a visit reminder (job id `reminder-<orderId>`). */
@Controller()
export class SendReminderHandler {
  constructor(private readonly reminders: RemindersService) {}

  @HandleMessage('notifications.send-reminder')
  async send(
    @Payload() p: MessagePayload<'notifications.send-reminder'>,
  ): Promise<MessageResult<'notifications.send-reminder'>> {
    return { queued: await this.reminders.fire(p.orderId) };
  }
}
