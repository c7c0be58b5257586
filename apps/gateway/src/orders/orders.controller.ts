import { Body, Controller, Get, HttpCode, Ip, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CancellationPreviewView, OrdersPage, OrderView, QuoteView } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { Idempotent, RequestKey } from '../idempotency/idempotency.decorators.js';
import { PageQueryDto, PlaceOrderDto, QuoteDto, RatingDto, RescheduleDto } from './dto/order-input.dto.js';
import { CancellationPreviewDto, OrderDto, OrderPageDto, QuoteBreakdownDto } from './dto/order-output.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
@Roles('customer')
export class OrdersController {
  constructor(private readonly bus: MessageBus) {}

  @Post('quote')
  @HttpCode(200)
  @ApiOkResponse({ type: QuoteBreakdownDto, description: 'The full price breakdown; nothing is stored' })
  @ApiErrors(400, 401, 403, 429)
  quote(@CurrentUser() user: AuthUser, @Body() dto: QuoteDto): Promise<QuoteView> {
    return this.bus.send('orders.quote', { ...dto, customerId: user.id });
  }

  @Post()
  @Idempotent()
  @ApiCreatedResponse({
    type: OrderDto,
    description: 'Placed, with its price snapshot (one-off prices; a recurring frequency is a 400)',
  })
  @ApiErrors(400, 401, 403, 404, 422, 429)
  place(
    @CurrentUser() user: AuthUser,
    @Body() dto: PlaceOrderDto,
    @Ip() ip: string,
    @RequestKey() requestKey: string | undefined,
  ): Promise<OrderView> {
    return this.bus.send('orders.place', {
      ...dto,
      frequency: 'one_off',
      customerId: user.id,
      ip,
      ...(requestKey ? { requestKey } : {}),
    });
  }

  @Get()
  @ApiOkResponse({ type: OrderPageDto, description: 'Your orders, latest visit first' })
  @ApiErrors(400, 401, 403, 429)
  list(@CurrentUser() user: AuthUser, @Query() q: PageQueryDto): Promise<OrdersPage<OrderView>> {
    return this.bus.send('orders.list', {
      customerId: user.id,
      page: q.page ?? 1,
      pageSize: q.pageSize ?? 20,
    });
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors(400, 401, 403, 404, 429)
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<OrderView> {
    return this.bus.send('orders.get', { customerId: user.id, orderId: id });
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  reschedule(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: RescheduleDto,
  ): Promise<OrderView> {
    return this.bus.send('orders.reschedule', { customerId: user.id, orderId: id, startsAt: dto.startsAt });
  }

  @Get(':id/cancellation')
  @ApiOkResponse({
    type: CancellationPreviewDto,
    description: 'What cancelling now would charge under the policy; nothing changes',
  })
  @ApiErrors(400, 401, 403, 404, 429)
  cancellationPreview(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
  ): Promise<CancellationPreviewView> {
    return this.bus.send('orders.cancellation-preview', { customerId: user.id, orderId: id });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({
    type: OrderDto,
    description: 'Cancelled; `cancellationFeeCents` is the fee charged (0 when free)',
  })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  cancel(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<OrderView> {
    return this.bus.send('orders.cancel', { customerId: user.id, orderId: id });
  }

  @Post(':id/rating')
  @ApiCreatedResponse({ type: OrderDto, description: 'Rated; a completed visit is rated once' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  rate(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: RatingDto,
  ): Promise<OrderView> {
    return this.bus.send('orders.rate', {
      customerId: user.id,
      orderId: id,
      rating: dto.rating,
      ...(dto.comment !== undefined ? { comment: dto.comment } : {}),
    });
  }
}
