import { Module } from '@nestjs/common';
import { PrivacyDisclosuresController } from './privacy-disclosures.controller.js';
import { PrivacyLinksController } from './privacy-links.controller.js';
import { PrivacyNoticeController } from './privacy-notice.controller.js';
import { PrivacyRequestsController } from './privacy-requests.controller.js';

/** The subject's privacy routes: requests, exports, disclosures, and the public notice. */
@Module({
  controllers: [
    PrivacyRequestsController,
    PrivacyNoticeController,
    PrivacyDisclosuresController,
    PrivacyLinksController,
  ],
})
export class PrivacyHttpModule {}
