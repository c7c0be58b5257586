import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MessagePayload, MessageResult, RestrictionLifted } from '@offera/contracts';
import { type BullMqContext, HandleMessage } from '@offera/transport';
import { RestrictionLiftService } from './restriction-lift.service.js';

/** Art. 18(3): lifting a restriction, as a flow to every service (see RestrictionLiftService). */
@Controller()
export class RestrictionLiftHandlers {
  constructor(private readonly lifts: RestrictionLiftService) {}

  @HandleMessage('privacy.lift-restriction')
  lift(
    @Payload() p: MessagePayload<'privacy.lift-restriction'>,
    @Ctx() ctx: BullMqContext,
  ): Promise<RestrictionLifted> {
    return this.lifts.lift(p, ctx.messageId);
  }

  @HandleMessage('privacy.restriction-lift-completed')
  async completed(
    @Payload() p: MessagePayload<'privacy.restriction-lift-completed'>,
  ): Promise<MessageResult<'privacy.restriction-lift-completed'>> {
    await this.lifts.completed(p);
    return p;
  }
}
