import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MessageBus } from '@offera/transport';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { CampaignSentDto, SendCampaignDto } from './marketing.dto.js';

/**
 * Marketing campaigns, sent by `admin` or `operator` (the back office; the DPO and accountants
 * have no part in marketing). The notifications service sends only to customers whose consent
 * is recorded and who have not objected, are not restricted and are not suppressed.
 */
@ApiTags('admin: marketing')
@ApiBearerAuth()
@Roles('admin', 'operator')
@Controller('admin/marketing')
export class AdminMarketingController {
  constructor(private readonly bus: MessageBus) {}

  @Post('campaigns')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignSentDto })
  @ApiErrors(400, 401, 403, 429)
  async send(@CurrentUser() user: AuthUser, @Body() dto: SendCampaignDto): Promise<CampaignSentDto> {
    // Recorded before anything is sent: a send that fails half-way is still on record.
    await this.bus.send('privacy.record-audit', {
      actorId: user.id,
      actorRole: user.role,
      action: 'marketing.campaign-sent',
      detail: {
        campaignId: dto.campaignId,
        audience: dto.recipientIds ? 'listed' : 'all-consenting',
        listed: dto.recipientIds?.length ?? 0,
      },
    });
    const result = await this.bus.send('notifications.send-marketing', {
      campaignId: dto.campaignId,
      ...(dto.recipientIds ? { recipientIds: dto.recipientIds } : {}),
    });
    return { campaignId: dto.campaignId, ...result };
  }
}
