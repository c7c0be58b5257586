import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ITEM_CODE } from '../../orders/dto/order-input.dto.js';

const VAT_CODES = ['general', 'zero'] as const;
const PRICING_KINDS = ['hourly', 'area_band', 'fixed'] as const;
const CENTS_MAX = 10_000_000;

export class AreaBandDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Upper bound in m², inclusive; null for the last band',
  })
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  upToM2: number | null;

  @ApiProperty() @IsInt() @Min(0) @Max(CENTS_MAX) priceCents: number;
  @ApiProperty() @IsInt() @Min(1) @Max(24 * 60) minutes: number;
}

export class ServicePricingDto {
  @ApiProperty({ enum: PRICING_KINDS })
  @IsIn(PRICING_KINDS, { message: `kind must be one of ${PRICING_KINDS.join(', ')}` })
  kind: (typeof PRICING_KINDS)[number];

  @ApiPropertyOptional({ description: 'hourly: cents per hour' })
  @ValidateIf((o: ServicePricingDto) => o.kind === 'hourly')
  @IsInt()
  @Min(1)
  @Max(CENTS_MAX)
  centsPerHour?: number;

  @ApiPropertyOptional({ description: 'fixed: price' })
  @ValidateIf((o: ServicePricingDto) => o.kind === 'fixed')
  @IsInt()
  @Min(0)
  @Max(CENTS_MAX)
  priceCents?: number;

  @ApiPropertyOptional({ description: 'fixed: working time' })
  @ValidateIf((o: ServicePricingDto) => o.kind === 'fixed')
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  minutes?: number;

  @ApiPropertyOptional({ type: [AreaBandDto], description: 'area_band: ascending bands' })
  @ValidateIf((o: ServicePricingDto) => o.kind === 'area_band')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AreaBandDto)
  bands?: AreaBandDto[];
}

export class PriceDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the price starts to apply; now when omitted',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  validFrom?: string;

  @ApiProperty({ enum: VAT_CODES })
  @IsIn(VAT_CODES)
  vatCode: (typeof VAT_CODES)[number];

  @ApiProperty({ description: 'Work share for the household deduction, basis points', example: 10000 })
  @IsInt()
  @Min(0)
  @Max(10_000)
  workShareBp: number;

  @ApiPropertyOptional({ type: ServicePricingDto, description: 'Services only' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ServicePricingDto)
  pricing?: ServicePricingDto;

  @ApiPropertyOptional({ description: 'Add-ons only' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(CENTS_MAX)
  priceCents?: number;

  @ApiPropertyOptional({ description: 'Add-ons only' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  minutes?: number;
}

export class CreateCatalogItemDto {
  @ApiProperty({ example: 'suursiivous' })
  @IsString()
  @Matches(ITEM_CODE, { message: 'code must be 2–40 lower-case letters, digits, - or _' })
  code: string;

  @ApiProperty({ example: 'Suursiivous' }) @IsString() @Length(1, 100) nameFi: string;
  @ApiProperty({ example: 'Deep cleaning' }) @IsString() @Length(1, 100) nameEn: string;

  @ApiProperty({ type: PriceDto })
  @ValidateNested()
  @Type(() => PriceDto)
  price: PriceDto;
}

export class UpdateCatalogItemDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) nameFi?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) nameEn?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class DiscountCodeDto {
  @ApiProperty({ example: 'KEVAT10' })
  @Matches(/^[A-Za-z0-9_-]{3,40}$/, { message: 'code must be 3–40 letters, digits, - or _' })
  code: string;

  @ApiProperty({ enum: ['percent', 'fixed'] }) @IsIn(['percent', 'fixed']) kind: 'percent' | 'fixed';

  @ApiPropertyOptional({ description: 'percent: basis points, 1000 = 10 %' })
  @ValidateIf((o: DiscountCodeDto) => o.kind === 'percent')
  @IsInt()
  @Min(1)
  @Max(10_000)
  percentBp?: number;

  @ApiPropertyOptional({ description: 'fixed: cents off' })
  @ValidateIf((o: DiscountCodeDto) => o.kind === 'fixed')
  @IsInt()
  @Min(1)
  @Max(CENTS_MAX)
  amountCents?: number;

  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) validFrom?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validUntil?: string;

  @ApiProperty({ type: [String], enum: ['one_off', 'recurring'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(['one_off', 'recurring'], { each: true })
  appliesTo: ('one_off' | 'recurring')[];

  @ApiProperty() @IsBoolean() newCustomersOnly: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) maxTotalUses?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) maxUsesPerCustomer?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(CENTS_MAX) minOrderTotalCents?: number;
}

class NameDto {
  @ApiProperty() fi: string;
  @ApiProperty() en: string;
}

export class CatalogServiceDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: NameDto }) name: NameDto;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: ServicePricingDto }) pricing: ServicePricingDto;
  @ApiProperty({ enum: VAT_CODES }) vatCode: string;
  @ApiProperty() workShareBp: number;
  @ApiProperty({ format: 'date-time' }) priceValidFrom: string;
}

export class CatalogAddOnDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: NameDto }) name: NameDto;
  @ApiProperty() active: boolean;
  @ApiProperty() priceCents: number;
  @ApiProperty() minutes: number;
  @ApiProperty({ enum: VAT_CODES }) vatCode: string;
  @ApiProperty() workShareBp: number;
  @ApiProperty({ format: 'date-time' }) priceValidFrom: string;
}

export class CatalogDto {
  @ApiProperty({ type: [CatalogServiceDto] }) services: CatalogServiceDto[];
  @ApiProperty({ type: [CatalogAddOnDto] }) addOns: CatalogAddOnDto[];
}
