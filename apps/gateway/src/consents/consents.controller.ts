import { Body, Controller, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ConsentsView, CookieConsentView } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { ConsentsDto, CookieConsentDto, CookieConsentRecordedDto, SetConsentsDto } from './consents.dto.js';

@ApiTags('privacy')
@Controller('privacy')
export class ConsentsController {
  constructor(private readonly bus: MessageBus) {}

  /** Recorded without an account; the IP address is kept as proof for a limited time. */
  @Post('cookie-consents')
  @Public()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CookieConsentRecordedDto })
  @ApiErrors(400, 429)
  cookie(@Body() dto: CookieConsentDto, @Req() req: FastifyRequest): Promise<CookieConsentView> {
    return this.bus.send('privacy.record-cookie-consent', {
      cookieId: dto.cookieId,
      analytics: dto.analytics,
      marketing: dto.marketing,
      policyVersion: dto.policyVersion,
      ip: req.ip || null,
    });
  }

  @Get('consents')
  @Roles('customer')
  @ApiBearerAuth()
  @ApiOkResponse({ type: ConsentsDto })
  @ApiErrors(401, 403, 429)
  get(@CurrentUser() user: AuthUser): Promise<ConsentsView> {
    return this.bus.send('privacy.get-consents', { subjectId: user.id });
  }

  /** Give or withdraw consent; withdrawing is the same single call as giving. */
  @Put('consents')
  @Roles('customer')
  @ApiBearerAuth()
  @ApiOkResponse({ type: ConsentsDto })
  @ApiErrors(400, 401, 403, 429)
  set(@CurrentUser() user: AuthUser, @Body() dto: SetConsentsDto): Promise<ConsentsView> {
    return this.bus.send('privacy.set-consents', {
      subjectId: user.id,
      actor: 'subject',
      ...(dto.marketing !== undefined ? { marketing: dto.marketing } : {}),
      ...(dto.thirdPartyDisclosure !== undefined ? { thirdPartyDisclosure: dto.thirdPartyDisclosure } : {}),
    });
  }
}
