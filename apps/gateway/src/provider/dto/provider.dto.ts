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

export class ProviderOrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: string;
  @ApiProperty() serviceCode: string;
  @ApiProperty({ type: [AddOnInputDto] }) addOns: AddOnInputDto[];
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({
    type: AddressDto,
    nullable: true,
    description: 'Only while the order is offered to or assigned to you',
  })
  address: AddressDto | null;
  @ApiProperty({ nullable: true, type: Number }) latitude: number | null;
  @ApiProperty({ nullable: true, type: Number }) longitude: number | null;
  @ApiProperty({ nullable: true, type: String }) accessNotes: string | null;
  @ApiProperty({ nullable: true, type: String }) pets: string | null;
  @ApiProperty({ nullable: true, type: String }) extraInfo: string | null;
  @ApiProperty({ type: [CommentDto] }) comments: CommentDto[];
}

export class ProviderOfferDto {
  @ApiProperty({ format: 'uuid' }) offerId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: ProviderOrderDto }) order: ProviderOrderDto;
}
