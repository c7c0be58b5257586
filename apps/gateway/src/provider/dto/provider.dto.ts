import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_STATUSES, RELEASE_REASON_MAX_LENGTH } from '@offera/contracts';
import { IsOptional, IsString, Length } from 'class-validator';
import { AddOnInputDto, AddressDto } from '../../orders/dto/order-input.dto.js';
import { CommentDto } from '../../orders/dto/order-output.dto.js';

export class CommentInputDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  body: string;
}

export class ReleaseInputDto {
  @ApiPropertyOptional({
    maxLength: RELEASE_REASON_MAX_LENGTH,
    description: 'Why you give the job back (seen by operators, not by the customer)',
  })
  @IsOptional()
  @IsString()
  @Length(1, RELEASE_REASON_MAX_LENGTH)
  reason?: string;
}

export class ServiceAreaDto {
  @ApiProperty({ example: '33100' }) postalCode: string;
  @ApiProperty({ example: 'Tampere', description: 'District (city) of the service address' })
  district: string;
}

/**
 * A job as a provider sees it. Offered: what deciding needs (area, time, duration, services,
 * add-ons, whether there are pets). The private details are shown only while the job is assigned
 * to you, and for `PROVIDER_DETAILS_DAYS` days after you completed it; otherwise they are null.
 */
export class ProviderOrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: string;
  @ApiProperty() serviceCode: string;
  @ApiProperty({ type: [AddOnInputDto] }) addOns: AddOnInputDto[];
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({ type: ServiceAreaDto }) area: ServiceAreaDto;
  @ApiProperty({ description: 'Whether the customer has pets (the text only once assigned)' })
  hasPets: boolean;
  @ApiProperty({ type: AddressDto, nullable: true, description: 'Only while the job is assigned to you' })
  address: AddressDto | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Only while assigned to you' })
  latitude: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Only while assigned to you' })
  longitude: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Door code and access notes; only while assigned to you',
  })
  accessNotes: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Only while assigned to you' })
  pets: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Only while assigned to you' })
  extraInfo: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The customer's name: only in GET /provider/orders/{id}, while assigned to you",
  })
  customerName: string | null;
  @ApiProperty({ type: [CommentDto], description: 'Only while assigned to you' }) comments: CommentDto[];
}

export class ProviderOfferDto {
  @ApiProperty({ format: 'uuid' }) offerId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: ProviderOrderDto }) order: ProviderOrderDto;
}
