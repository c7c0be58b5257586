import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  LANGUAGES,
  ROLES,
  type AccountView,
  type Language,
  type ProviderDetails,
  type Role,
} from '@offera/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { NAME, PHONE_SHAPE } from '../../customers/dto/customer-fields.dto.js';

export const CREATABLE_ROLES = ['provider', 'operator', 'dpo', 'accountant', 'admin'] as const;
type CreatableRole = (typeof CREATABLE_ROLES)[number];

export class ProviderDetailsDto {
  @ApiProperty({ enum: ['person', 'company'] })
  @IsIn(['person', 'company'])
  kind: 'person' | 'company';

  @ApiPropertyOptional({
    example: '3230846-4',
    description: 'Y-tunnus; required for a company, checksum-validated',
  })
  @ValidateIf((o: ProviderDetailsDto) => o.kind === 'company' || o.businessId !== undefined)
  @IsString()
  @Matches(/^\d{6,7}-\d$/, { message: 'businessId must have the form 1234567-8' })
  businessId?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Required for a company' })
  @ValidateIf((o: ProviderDetailsDto) => o.kind === 'company' || o.companyName !== undefined)
  @IsString()
  @Length(1, 200)
  companyName?: string;

  @ApiProperty({ type: [String], example: ['00100', '00120'], description: 'Service area' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Matches(/^\d{5}$/, { each: true, message: 'each postal code must be 5 digits' })
  postalCodes: string[];

  @ApiProperty({ type: [String], example: ['home-cleaning'], description: 'Catalogue service codes' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
    each: true,
    message: 'each service code must be a-z, 0-9, _ or -',
  })
  serviceCodes: string[];
}

export class CreateAccountDto {
  @ApiProperty({ enum: CREATABLE_ROLES })
  @IsIn(CREATABLE_ROLES)
  role: CreatableRole;

  @ApiProperty({ example: 'siivooja@example.fi', maxLength: 254 })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 256 })
  @IsString()
  @Length(10, 256, { message: 'password must be 10 to 256 characters long' })
  password: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'firstName must contain letters only (spaces, hyphens and apostrophes allowed)' })
  firstName: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'lastName must contain letters only (spaces, hyphens and apostrophes allowed)' })
  lastName: string;

  @ApiPropertyOptional({ example: '040 123 4567' })
  @IsOptional()
  @IsString()
  @Length(3, 40)
  @Matches(PHONE_SHAPE, { message: 'phone must contain digits and separators only' })
  phone?: string;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ type: ProviderDetailsDto, description: 'Required when role is provider' })
  @ValidateIf((o: CreateAccountDto) => o.role === 'provider' || o.provider !== undefined)
  @ValidateNested()
  @Type(() => ProviderDetailsDto)
  provider?: ProviderDetailsDto;
}

export class ProviderDetailsViewDto implements ProviderDetails {
  @ApiProperty({ enum: ['person', 'company'] }) kind: 'person' | 'company';
  @ApiProperty({ type: String, nullable: true }) businessId: string | null;
  @ApiProperty({ type: String, nullable: true }) companyName: string | null;
  @ApiProperty({ type: [String] }) postalCodes: string[];
  @ApiProperty({ type: [String] }) serviceCodes: string[];
}

export class AccountDto implements AccountView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() email: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: ProviderDetailsViewDto, nullable: true }) provider: ProviderDetailsViewDto | null;
}
