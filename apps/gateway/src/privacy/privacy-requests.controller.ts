import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MessageBus } from '@offera/transport';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { AcceptedRequestDto, CreatePrivacyRequestDto, PrivacyRequestDto } from './dto/privacy-request.dto.js';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy/requests')
export class PrivacyRequestsController {
  constructor(private readonly bus: MessageBus) {}

  @Post()
  @HttpCode(202)
  @Roles('customer')
  @ApiAcceptedResponse({
    type: AcceptedRequestDto,
    description: 'Received; it is executed in the background',
  })
  @ApiErrors(400, 401, 403, 429)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreatePrivacyRequestDto,
  ): Promise<AcceptedRequestDto> {
    const view = await this.bus.send('privacy.create-request', {
      subjectId: user.id,
      type: dto.type,
      requestedBy: { kind: 'subject' },
      verification: 'signed_in_session',
    });
    return { id: view.id, status: view.status };
  }

  @Get(':id')
  @Roles('customer')
  @ApiOkResponse({ type: PrivacyRequestDto })
  @ApiErrors(400, 401, 403, 404, 429)
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
  ): Promise<PrivacyRequestDto> {
    return this.bus.send('privacy.get-request', {
      requestId: id,
      subjectId: user.id,
    }) as Promise<PrivacyRequestDto>;
  }
}
