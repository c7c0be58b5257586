import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { DisclosureView, MessagePayload } from '@offera/contracts';
import { type BullMqContext, HandleMessage, rowIdFrom } from '@offera/transport';
import { DisclosuresService } from './disclosures.service.js';

@Controller()
export class DisclosuresHandlers {
  constructor(private readonly disclosures: DisclosuresService) {}

  @HandleMessage('privacy.record-disclosure')
  record(
    @Payload() p: MessagePayload<'privacy.record-disclosure'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<DisclosureView> {
    return this.disclosures.record(p, rowIdFrom(ctx));
  }

  @HandleMessage('privacy.list-disclosures')
  list(@Payload() p: MessagePayload<'privacy.list-disclosures'>): Promise<DisclosureView[]> {
    return this.disclosures.list(p);
  }
}
