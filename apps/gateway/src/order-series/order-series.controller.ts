import { Body, Controller, Get, HttpCode, Ip, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SeriesView } from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { Idempotent, RequestKey } from '../idempotency/idempotency.decorators.js';
import {
  ChangeFromDto,
  CreateSeriesDto,
  EndDto,
  PauseDto,
  RescheduleOccurrenceDto,
  ruleInput,
  SeriesDateDto,
  SeriesDto,
} from './dto/series.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('order-series')
@ApiBearerAuth()
@Controller('order-series')
@Roles('customer')
export class OrderSeriesController {
  constructor(private readonly bus: MessageBus) {}

  @Post()
  @Idempotent()
  @ApiCreatedResponse({ type: SeriesDto, description: 'Created, with its first weeks of visits as orders' })
  @ApiErrors(400, 401, 403, 404, 422, 429)
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateSeriesDto,
    @Ip() ip: string,
    @RequestKey() requestKey: string | undefined,
  ): Promise<SeriesView> {
    const { rule, ...rest } = dto;
    return this.bus.send('orders.create-series', {
      ...rest,
      rule: ruleInput(rule),
      customerId: user.id,
      ip,
      ...(requestKey ? { requestKey } : {}),
    });
  }

  @Get()
  @ApiOkResponse({ type: [SeriesDto] })
  @ApiErrors(401, 403, 429)
  list(@CurrentUser() user: AuthUser): Promise<readonly SeriesView[]> {
    return this.bus.send('orders.list-series', { customerId: user.id });
  }

  @Get(':id')
  @ApiOkResponse({ type: SeriesDto })
  @ApiErrors(400, 401, 403, 404, 429)
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<SeriesView> {
    return this.bus.send('orders.get-series', { customerId: user.id, seriesId: id });
  }

  @Post(':id/skip')
  @HttpCode(200)
  @ApiOkResponse({ type: SeriesDto, description: 'One visit skipped (cancelled if already ordered)' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  skip(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: SeriesDateDto,
  ): Promise<SeriesView> {
    return this.bus.send('orders.skip-occurrence', { customerId: user.id, seriesId: id, date: dto.date });
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @ApiOkResponse({ type: SeriesDto, description: 'One visit moved' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  reschedule(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: RescheduleOccurrenceDto,
  ): Promise<SeriesView> {
    return this.bus.send('orders.reschedule-occurrence', { customerId: user.id, seriesId: id, ...dto });
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOkResponse({ type: SeriesDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  pause(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: PauseDto,
  ): Promise<SeriesView> {
    return this.bus.send('orders.pause-series', { customerId: user.id, seriesId: id, until: dto.until });
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOkResponse({ type: SeriesDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  end(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: EndDto,
  ): Promise<SeriesView> {
    return this.bus.send('orders.end-series', { customerId: user.id, seriesId: id, ...dto });
  }

  @Post(':id/this-and-future')
  @HttpCode(200)
  @ApiOkResponse({
    type: SeriesDto,
    description: 'The new series that carries the change from the given visit on',
  })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  changeFrom(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: ChangeFromDto,
  ): Promise<SeriesView> {
    const { rule, ...rest } = dto;
    return this.bus.send('orders.change-series-from', {
      customerId: user.id,
      seriesId: id,
      ...rest,
      ...(rule ? { rule: ruleInput(rule) } : {}),
    });
  }
}
