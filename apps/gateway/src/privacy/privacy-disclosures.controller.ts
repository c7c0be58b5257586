import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RECIPIENT_KINDS, TRANSFER_SAFEGUARDS, type DisclosureView } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';

export class DisclosureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: RECIPIENT_KINDS }) recipientKind: string;
  @ApiProperty() recipientName: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ type: [String] }) categories: string[];
  @ApiProperty({ example: 'FI' }) country: string;
  @ApiProperty() outsideEea: boolean;
  @ApiProperty({ enum: TRANSFER_SAFEGUARDS, nullable: true, type: String }) safeguard: string | null;
  @ApiProperty({ format: 'date-time' }) disclosedAt: string;
}

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy/disclosures')
export class PrivacyDisclosuresController {
  constructor(private readonly bus: MessageBus) {}

  /** Art. 15(1)(c) and 19: who has received your data. */
  @Get()
  @Roles('customer')
  @ApiOkResponse({ type: [DisclosureDto] })
  @ApiErrors(401, 403, 429)
  list(@CurrentUser() user: AuthUser): Promise<readonly DisclosureView[]> {
    return this.bus.send('privacy.list-disclosures', { subjectId: user.id });
  }
}
