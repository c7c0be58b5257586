import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IDENTITY_CODE_PURPOSES,
  LANGUAGES,
  type AddressView,
  type CustomerProfile,
  type IdentityCodePurpose,
  type Language,
  type MaskedIdentityCode,
} from '@offera/contracts';
import {
  IsEmail,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/**
 * Shape checks shared by the self-service and staff routes. The customers service validates
 * authoritatively (identity code checksum and date, phone ranges, postal codes per country) and
 * answers 400 with a message that names the field, never the value.
 */
export const NAME = /^[\p{L}][\p{L}\p{M}' .-]*$/u;
const NAME_MESSAGE = 'must contain letters only (spaces, hyphens and apostrophes allowed)';
export const PHONE_SHAPE = /^\+?[\d \u00a0\-()./]+$/;
const IDENTITY_CODE_SHAPE = /^\s*\d{6}[+\-A-Za-z]\d{3}[0-9A-Za-z]\s*$/;

/** The fields every new customer gives, whether self-registered or entered by staff. */
export class NewCustomerFieldsDto {
  @ApiProperty({ example: 'Maija', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: `firstName ${NAME_MESSAGE}` })
  firstName: string;

  @ApiProperty({ example: 'Meikäläinen', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: `lastName ${NAME_MESSAGE}` })
  lastName: string;

  @ApiProperty({ example: 'maija@example.fi', maxLength: 254 })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export class ProfileChangesDto {
  @ApiPropertyOptional({ example: 'Maija', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: `firstName ${NAME_MESSAGE}` })
  firstName?: string;

  @ApiPropertyOptional({ example: 'Meikäläinen', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: `lastName ${NAME_MESSAGE}` })
  lastName?: string;

  @ApiPropertyOptional({ example: 'maija@example.fi', maxLength: 254 })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    example: '040 123 4567',
    nullable: true,
    description:
      'Any common format; stored as E.164 (Finnish numbers need no country code). null removes it.',
  })
  @IsOptional()
  @IsString()
  @Length(3, 40)
  @Matches(PHONE_SHAPE, { message: 'phone must contain digits and separators only' })
  phone?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}

export class AddressInputDto {
  @ApiProperty({ example: 'Mannerheimintie 1 A 2', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  street: string;

  @ApiProperty({ example: '00100', description: 'Five digits in Finland; kept as text' })
  @IsString()
  @Matches(/^[A-Za-z0-9 -]{2,10}$/, { message: 'postalCode must be a postal code' })
  postalCode: string;

  @ApiProperty({ example: 'Helsinki', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiPropertyOptional({ example: 'FI', description: 'ISO 3166-1 alpha-2; FI when omitted' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country?: string;

  @ApiPropertyOptional({ example: 60.1699, minimum: -90, maximum: 90, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @ApiPropertyOptional({ example: 24.9384, minimum: -180, maximum: 180, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude?: number | null;
}

export class AddressChangesDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  street?: string;

  @ApiPropertyOptional({ example: '00100' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9 -]{2,10}$/, { message: 'postalCode must be a postal code' })
  postalCode?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  city?: string;

  @ApiPropertyOptional({ example: 'FI' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country?: string;

  @ApiPropertyOptional({ minimum: -90, maximum: 90, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @ApiPropertyOptional({ minimum: -180, maximum: 180, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude?: number | null;
}

export class SetIdentityCodeDto {
  @ApiProperty({
    example: '131052-308T',
    description: 'Finnish personal identity code; stored encrypted and only ever shown masked',
  })
  @IsString()
  @Matches(IDENTITY_CODE_SHAPE, {
    message: 'identityCode must have the form DDMMYYCNNNX (e.g. 131052-308T)',
  })
  identityCode: string;

  @ApiProperty({ enum: IDENTITY_CODE_PURPOSES, description: 'Why it is given' })
  @IsIn(IDENTITY_CODE_PURPOSES)
  purpose: IdentityCodePurpose;
}

export class MaskedIdentityCodeDto implements MaskedIdentityCode {
  @ApiProperty({ example: '131052-****' }) masked: string;
  @ApiProperty({ enum: IDENTITY_CODE_PURPOSES }) purpose: IdentityCodePurpose;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class AddressDto implements AddressView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() street: string;
  @ApiProperty({ example: '00100' }) postalCode: string;
  @ApiProperty() city: string;
  @ApiProperty({ example: 'FI' }) country: string;
  @ApiProperty({ type: Number, nullable: true }) latitude: number | null;
  @ApiProperty({ type: Number, nullable: true }) longitude: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ProfileDto implements CustomerProfile {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '100001' }) customerNumber: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() email: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, example: '+358401234567', description: 'E.164' })
  phone: string | null;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ type: MaskedIdentityCodeDto, nullable: true }) identityCode: MaskedIdentityCodeDto | null;
  @ApiProperty({ description: 'Processing restricted (GDPR Art. 18): no changes until lifted' })
  restricted: boolean;
}
