import { Body, Controller, Get, HttpCode, NotFoundException, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type {
  CatalogAddOnView,
  CatalogItemKind,
  CatalogPriceInput,
  CatalogServiceView,
  CatalogView,
  DiscountCodeView,
  QuoteView,
} from '@offera/contracts';
import { MessageBus } from '@offera/transport';
import { Public, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { AnonymousQuoteDto } from '../orders/dto/order-input.dto.js';
import { QuoteBreakdownDto } from '../orders/dto/order-output.dto.js';
import { PublicQuoteRateLimit } from '../rate-limit/rate-limit.guard.js';
import {
  CatalogAddOnDto,
  CatalogDto,
  CreateCatalogItemDto,
  DiscountCodeDto,
  PriceDto,
  UpdateCatalogItemDto,
} from './dto/catalog.dto.js';

const COLLECTIONS: Readonly<Record<string, CatalogItemKind>> = { services: 'service', 'add-ons': 'add_on' };
const CODE = /^[a-z0-9_-]{2,40}$/;

function kindOf(collection: string): CatalogItemKind {
  const kind = COLLECTIONS[collection];
  if (!kind) throw new NotFoundException('No such catalogue collection');
  return kind;
}

function codeOf(code: string): string {
  if (!CODE.test(code)) throw new NotFoundException('No such catalogue item');
  return code;
}

function priceInput(dto: PriceDto): CatalogPriceInput {
  return {
    vatCode: dto.vatCode,
    workShareBp: dto.workShareBp,
    ...(dto.validFrom !== undefined ? { validFrom: dto.validFrom } : {}),
    ...(dto.pricing !== undefined ? { pricing: dto.pricing as CatalogPriceInput['pricing'] } : {}),
    ...(dto.priceCents !== undefined ? { priceCents: dto.priceCents } : {}),
    ...(dto.minutes !== undefined ? { minutes: dto.minutes } : {}),
  };
}

type ItemView = CatalogServiceView | CatalogAddOnView;

@ApiTags('catalog')
@Controller('catalog')
export class CatalogController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: CatalogDto, description: 'Services and add-ons with the prices in force now' })
  @ApiErrors(429)
  catalog(): Promise<CatalogView> {
    return this.bus.send('orders.get-catalog', {});
  }

  @Post('quote')
  @Public()
  @PublicQuoteRateLimit()
  @HttpCode(200)
  @ApiOkResponse({
    type: QuoteBreakdownDto,
    description:
      'The price breakdown before sign-up, with the same engine as the signed-in quote, priced as for a new ' +
      'customer; no discount code (those are checked in POST /orders/quote). Nothing is stored. Limited per IP ' +
      '(PUBLIC_QUOTE_RATE_LIMIT_PER_MINUTE).',
  })
  @ApiErrors(400, 429)
  quote(@Body() dto: AnonymousQuoteDto): Promise<QuoteView> {
    return this.bus.send('orders.anonymous-quote', {
      serviceCode: dto.serviceCode,
      startsAt: dto.startsAt,
      frequency: dto.frequency,
      ...(dto.addOns ? { addOns: dto.addOns.map((a) => ({ code: a.code, quantity: a.quantity })) } : {}),
      ...(dto.durationMinutes !== undefined ? { durationMinutes: dto.durationMinutes } : {}),
      ...(dto.floorAreaM2 !== undefined ? { floorAreaM2: dto.floorAreaM2 } : {}),
    });
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
@Roles('admin')
export class AdminCatalogController {
  constructor(private readonly bus: MessageBus) {}

  @Get('catalog')
  @ApiOkResponse({ type: CatalogDto, description: 'Including inactive items' })
  @ApiErrors(401, 403, 429)
  catalog(): Promise<CatalogView> {
    return this.bus.send('orders.get-catalog', { includeInactive: true });
  }

  @Post('catalog/:collection')
  @ApiParam({ name: 'collection', enum: Object.keys(COLLECTIONS) })
  @ApiCreatedResponse({ type: CatalogAddOnDto, description: 'The new service or add-on' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  create(@Param('collection') collection: string, @Body() dto: CreateCatalogItemDto): Promise<ItemView> {
    return this.bus.send('orders.create-catalog-item', {
      kind: kindOf(collection),
      code: dto.code,
      nameFi: dto.nameFi,
      nameEn: dto.nameEn,
      price: priceInput(dto.price),
    });
  }

  @Patch('catalog/:collection/:code')
  @ApiParam({ name: 'collection', enum: Object.keys(COLLECTIONS) })
  @ApiOkResponse({ type: CatalogAddOnDto })
  @ApiErrors(400, 401, 403, 404, 429)
  update(
    @Param('collection') collection: string,
    @Param('code') code: string,
    @Body() dto: UpdateCatalogItemDto,
  ): Promise<ItemView> {
    return this.bus.send('orders.update-catalog-item', {
      kind: kindOf(collection),
      code: codeOf(code),
      ...dto,
    });
  }

  @Post('catalog/:collection/:code/prices')
  @ApiParam({ name: 'collection', enum: Object.keys(COLLECTIONS) })
  @ApiCreatedResponse({
    type: CatalogAddOnDto,
    description: 'A new effective-dated price; earlier orders keep theirs',
  })
  @ApiErrors(400, 401, 403, 404, 429)
  setPrice(
    @Param('collection') collection: string,
    @Param('code') code: string,
    @Body() dto: PriceDto,
  ): Promise<ItemView> {
    return this.bus.send('orders.set-catalog-price', {
      kind: kindOf(collection),
      code: codeOf(code),
      price: priceInput(dto),
    });
  }

  @Post('discount-codes')
  @ApiCreatedResponse({ type: DiscountCodeDto })
  @ApiErrors(400, 401, 403, 409, 429)
  discountCode(@Body() dto: DiscountCodeDto): Promise<DiscountCodeView> {
    return this.bus.send('orders.create-discount-code', dto);
  }
}
