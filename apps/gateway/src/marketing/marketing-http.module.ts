import { Module } from '@nestjs/common';
import { AdminMarketingController } from './admin-marketing.controller.js';
import { UnsubscribeController } from './unsubscribe.controller.js';

/** Staff campaigns and the public unsubscribe link. */
@Module({
  controllers: [UnsubscribeController, AdminMarketingController],
})
export class MarketingHttpModule {}
