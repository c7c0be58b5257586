import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FREQUENCIES, type Frequency, PAYMENT_METHODS, type PaymentMethod } from '@offera/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export const ITEM_CODE = /^[a-z0-9_-]{2,40}$/;

export class AddOnInputDto {
  @ApiProperty({ example: 'uuni' })
  @IsString()
  @Matches(ITEM_CODE, { message: 'code must be a catalogue code' })
  code: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: 20 })
  @IsInt()
  @Min(1)
  @Max(20)
  quantity: number;
}

export class AddressDto {
  @ApiProperty({ example: 'Mannerheimintie 1 A 2' })
  @IsString()
  @Length(1, 200)
  street: string;

  @ApiProperty({ example: '00100', description: 'Finnish postal code, five digits' })
  @Matches(/^\d{5}$/, { message: 'postalCode must be five digits' })
  postalCode: string;

  @ApiProperty({ example: 'Helsinki' })
  @IsString()
  @Length(1, 100)
  city: string;
}

/** What is being ordered: shared by quotes, orders and series. */
export class OrderDetailsDto {
  @ApiProperty({ example: 'kotisiivous' })
  @IsString()
  @Matches(ITEM_CODE, { message: 'serviceCode must be a catalogue code' })
  serviceCode: string;

  @ApiPropertyOptional({ type: [AddOnInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AddOnInputDto)
  addOns?: AddOnInputDto[];

  @ApiPropertyOptional({
    example: 180,
    description: 'Booked working time in minutes; required for hourly services',
  })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(24 * 60)
  durationMinutes?: number;

  @ApiPropertyOptional({ example: 62, description: 'Floor area in m²; required for area-priced services' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(10_000)
  floorAreaM2?: number;
}

/**
 * The booking site's quote before sign-up: the customer's quote without anything personal, and
 * without a discount code (codes can depend on the customer's history; they are checked in the
 * signed-in quote). Priced as for a new customer.
 */
export class AnonymousQuoteDto extends OrderDetailsDto {
  @ApiProperty({
    example: '2026-12-01T09:00',
    description: 'Visit start; without an offset it is Helsinki local time',
  })
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time' })
  startsAt: string;

  @ApiProperty({
    enum: FREQUENCIES,
    description: 'one_off, or a recurring rhythm to preview the price per visit of a series',
  })
  @IsIn(FREQUENCIES, { message: `frequency must be one of ${FREQUENCIES.join(', ')}` })
  frequency: Frequency;
}

export class QuoteDto extends OrderDetailsDto {
  @ApiProperty({
    example: '2026-12-01T09:00',
    description: 'Visit start; without an offset it is Helsinki local time',
  })
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time' })
  startsAt: string;

  @ApiProperty({
    enum: FREQUENCIES,
    description:
      'one_off prices a one-off order; a recurring frequency previews the price per visit of a series with that ' +
      'rhythm (POST /order-series), discount included. A one-off order itself is always priced as one_off.',
  })
  @IsIn(FREQUENCIES, { message: `frequency must be one of ${FREQUENCIES.join(', ')}` })
  frequency: Frequency;

  @ApiPropertyOptional({ example: 'KEVAT10' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  discountCode?: string;
}

/** Refuses a value when `other` is given too: exactly one of the two. */
const NotTogetherWith = (other: string) =>
  ValidateBy({
    name: 'notTogetherWith',
    validator: {
      validate: (_value, args) => (args?.object as Record<string, unknown>)[other] === undefined,
      defaultMessage: (args) => `give either ${other} or ${args?.property}, not both`,
    },
  });

/** Where and how: shared by one-off orders and series. */
export class VisitDetailsDto extends OrderDetailsDto {
  @ApiPropertyOptional({
    type: AddressDto,
    description: 'The service address; give exactly one of address and addressId',
  })
  @ValidateIf((o: VisitDetailsDto) => o.addressId === undefined)
  @IsDefined({ message: 'address or addressId is required' })
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "One of your saved addresses (GET /me/addresses) instead of `address`; its coordinates are used unless latitude/longitude are given. Someone else's or an unknown id is a 404.",
  })
  @IsOptional()
  @IsUUID('4', { message: 'addressId must be a UUID' })
  @NotTogetherWith('address')
  addressId?: string;

  @ApiPropertyOptional({ example: 60.1699 })
  @IsOptional()
  @IsLatitude()
  latitude?: number;

  @ApiPropertyOptional({ example: 24.9384 })
  @IsOptional()
  @IsLongitude()
  longitude?: number;

  @ApiPropertyOptional({ description: "The customer's extra information for the job", maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  extraInfo?: string;

  @ApiPropertyOptional({ description: 'How to get in (door code, key)', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  accessNotes?: string;

  @ApiPropertyOptional({ example: 'Kissa', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  pets?: string;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS, { message: `paymentMethod must be one of ${PAYMENT_METHODS.join(', ')}` })
  paymentMethod: PaymentMethod;
}

/** Why a recurring frequency is refused on a one-off order. */
export const ONE_OFF_ONLY =
  'frequency must be one_off for a one-off order: recurring visits (and their discount) are booked as a series with POST /api/v1/order-series';

export class PlaceOrderDto extends VisitDetailsDto {
  @ApiProperty({
    example: '2026-12-01T09:00',
    description: 'Visit start; without an offset it is Helsinki local time',
  })
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time' })
  startsAt: string;

  @ApiPropertyOptional({
    enum: ['one_off'],
    default: 'one_off',
    description: 'A one-off order is one_off; recurring visits are booked as a series (POST /order-series)',
  })
  @IsOptional()
  @IsIn(['one_off'], { message: ONE_OFF_ONLY })
  frequency?: 'one_off';

  @ApiPropertyOptional({ example: 'KEVAT10' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  discountCode?: string;
}

export class RescheduleDto {
  @ApiProperty({ example: '2026-12-02T10:00' })
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time' })
  startsAt: string;
}

export class RatingDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class OfferDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Providers to offer to; the eligible ones when omitted',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(/^[0-9a-f-]{36}$/i, { each: true, message: 'providerIds must be UUIDs' })
  providerIds?: string[];
}
