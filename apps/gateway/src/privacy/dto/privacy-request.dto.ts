import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REQUEST_STATUSES, REQUEST_TYPES, type RequestStatus, type RequestType } from '@offera/contracts';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const NAME = /^[\p{L}][\p{L}\p{M}' .-]*$/u;
/** The pseudonymous id the site keeps in its consent cookie. */
export const COOKIE_ID = /^[A-Za-z0-9_-]{8,128}$/;

/** Corrected values for a rectification (Art. 16). */
export class RectificationFieldsDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'firstName must contain letters only' })
  firstName?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'lastName must contain letters only' })
  lastName?: string;

  @ApiPropertyOptional({ maxLength: 254 })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+358401234567' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{5,20}$/, { message: 'phone must be a phone number' })
  phone?: string;
}

export class CreatePrivacyRequestDto {
  @ApiProperty({
    enum: REQUEST_TYPES,
    description:
      'access (Art. 15), portability (20), rectification (16), erasure (17), restriction (18), objection (21)',
  })
  @IsIn(REQUEST_TYPES, { message: `type must be one of ${REQUEST_TYPES.join(', ')}` })
  type: RequestType;

  @ApiPropertyOptional({
    description: 'For a request that covers cookie data: the id in your consent cookie',
  })
  @IsOptional()
  @Matches(COOKIE_ID, { message: 'cookieId must be 8-128 letters, digits, - or _' })
  cookieId?: string;

  @ApiPropertyOptional({
    type: RectificationFieldsDto,
    description: 'Rectification only: the corrected values',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RectificationFieldsDto)
  fields?: RectificationFieldsDto;
}

export class VerifyByCodeDto {
  @ApiProperty({ example: '123456', description: 'The 6-digit code sent to your address on file' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class VerifiedDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
}

export class AcceptedRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
}

class WithheldItemDto {
  @ApiProperty({ example: 'invoice' }) category: string;
  @ApiProperty({ example: 'Kirjanpitolaki 2:10 §' }) basis: string;
  @ApiProperty({ format: 'date' }) until: string;
  @ApiPropertyOptional() count?: number;
}

export class ReceiptDto {
  @ApiProperty({ enum: ['customers', 'orders', 'notifications', 'privacy'] }) service: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { customers: 1 } })
  erased: Record<string, number>;
  @ApiProperty({ type: [WithheldItemDto] }) withheld: WithheldItemDto[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'For other types: exported record counts, rectified rows, or whether a restriction applied',
  })
  outcome?: Record<string, unknown>;
}

class ComplaintAuthorityDto {
  @ApiProperty() name: string;
  @ApiProperty() url: string;
}

export class PrivacyRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REQUEST_TYPES }) type: RequestType;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', description: 'One calendar month after receipt unless extended' })
  dueAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ type: [ReceiptDto], description: "Each service's receipt, once the request is executed" })
  receipts: ReceiptDto[];
  @ApiPropertyOptional({ description: 'Flagged for the DPO as possibly excessive' })
  possiblyExcessive?: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why it was rejected' })
  decisionReason?: string | null;
  @ApiPropertyOptional({
    type: ComplaintAuthorityDto,
    nullable: true,
    description: 'On rejection: where you may complain (the Data Protection Ombudsman)',
  })
  complaintAuthority?: ComplaintAuthorityDto | null;
  @ApiPropertyOptional() extensionMonths?: number;
  @ApiPropertyOptional({ nullable: true, type: String }) extensionReason?: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  exportExpiresAt?: string | null;
}
