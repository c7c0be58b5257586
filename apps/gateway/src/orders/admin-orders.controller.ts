import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EscalatedOrderView, InvoiceView, OfferResult, OrdersPage, OrderView } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import { Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { OfferDto, PageQueryDto } from './dto/order-input.dto.js';
import { EscalatedOrderDto, InvoicePageDto, OfferResultDto, OrderDto } from './dto/order-output.dto.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminOrdersController {
  constructor(private readonly bus: MessageBus) {}

  @Post('orders/:id/offer')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiOkResponse({ type: OfferResultDto, description: 'Offered to the given (or eligible) providers' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  offer(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Body() dto: OfferDto,
  ): Promise<OfferResult> {
    return this.bus.send('orders.offer', {
      orderId: id,
      ...(dto.providerIds ? { providerIds: dto.providerIds } : {}),
    });
  }

  @Post('orders/:id/cancel')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiOkResponse({ type: OrderDto, description: 'Cancelled by the company; the customer pays no fee' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  cancel(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<OrderView> {
    return this.bus.send('orders.cancel-by-company', { orderId: id });
  }

  @Get('orders/escalated')
  @Roles('operator', 'admin')
  @ApiOkResponse({
    type: [EscalatedOrderDto],
    description: 'Orders no provider accepted, waiting for an operator',
  })
  @ApiErrors(401, 403, 429)
  escalated(): Promise<readonly EscalatedOrderView[]> {
    return this.bus.send('orders.list-escalated', {});
  }

  @Get('invoices/held')
  @Roles('accountant')
  @ApiOkResponse({
    type: InvoicePageDto,
    description: 'Invoices kept under legal hold after their buyer was erased',
  })
  @ApiErrors(400, 401, 403, 429)
  held(@Query() q: PageQueryDto): Promise<OrdersPage<InvoiceView>> {
    return this.bus.send('orders.list-held-invoices', { page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
  }
}
