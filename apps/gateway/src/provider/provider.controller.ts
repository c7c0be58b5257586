import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ProviderOfferView, ProviderOrderView } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { CommentInputDto, ProviderOfferDto, ProviderOrderDto, ReleaseInputDto } from './dto/provider.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('provider')
@ApiBearerAuth()
@Controller('provider')
@Roles('provider')
export class ProviderController {
  constructor(private readonly bus: MessageBus) {}

  @Get('offers')
  @ApiOkResponse({
    type: [ProviderOfferDto],
    description: 'Open offers to you: area, time, duration, services and whether there are pets, no address',
  })
  @ApiErrors(401, 403, 429)
  offers(@CurrentUser() user: AuthUser): Promise<readonly ProviderOfferView[]> {
    return this.bus.send('orders.list-offers', { providerId: user.id });
  }

  @Post('offers/:id/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: ProviderOrderDto, description: 'The order is yours' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  accept(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ProviderOrderView> {
    return this.bus.send('orders.accept-offer', { providerId: user.id, offerId: id });
  }

  @Get('orders')
  @ApiOkResponse({ type: [ProviderOrderDto], description: 'Jobs assigned to you' })
  @ApiErrors(401, 403, 429)
  orders(@CurrentUser() user: AuthUser): Promise<readonly ProviderOrderView[]> {
    return this.bus.send('orders.list-provider-orders', { providerId: user.id });
  }

  @Get('orders/:id')
  @ApiOkResponse({ type: ProviderOrderDto })
  @ApiErrors(400, 401, 403, 404, 429)
  order(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ProviderOrderView> {
    return this.bus.send('orders.get-provider-order', { providerId: user.id, orderId: id });
  }

  @Post('orders/:id/comments')
  @ApiCreatedResponse({ type: ProviderOrderDto })
  @ApiErrors(400, 401, 403, 404, 429)
  comment(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: CommentInputDto,
  ): Promise<ProviderOrderView> {
    return this.bus.send('orders.add-comment', { providerId: user.id, orderId: id, body: dto.body });
  }

  @Post('orders/:id/start')
  @HttpCode(200)
  @ApiOkResponse({
    type: ProviderOrderDto,
    description:
      'Started. 409 VISIT_TOO_EARLY before VISIT_START_MARGIN_MINUTES (60) ahead of the slot, ILLEGAL_TRANSITION unless assigned',
  })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  start(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ProviderOrderView> {
    return this.bus.send('orders.start-visit', { providerId: user.id, orderId: id });
  }

  @Post('orders/:id/complete')
  @HttpCode(200)
  @ApiOkResponse({
    type: ProviderOrderDto,
    description: 'Completed; the invoice is created and the customer asked for a rating. 409 unless started',
  })
  @ApiErrors(400, 401, 403, 404, 409, 422, 429)
  complete(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ProviderOrderView> {
    return this.bus.send('orders.complete-visit', { providerId: user.id, orderId: id });
  }

  @Post('orders/:id/release')
  @HttpCode(200)
  @ApiOkResponse({
    type: ProviderOrderDto,
    description:
      'Released: the job is offered to other providers and its private details are no longer shown to you. ' +
      '409 ILLEGAL_TRANSITION unless it is assigned, RELEASE_TOO_LATE within the release limit before the visit',
  })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  release(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: ReleaseInputDto,
  ): Promise<ProviderOrderView> {
    return this.bus.send('orders.release-order', {
      providerId: user.id,
      orderId: id,
      ...(dto.reason !== undefined ? { reason: dto.reason } : {}),
    });
  }
}
