import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IDENTITY_CODE_PURPOSES,
  LANGUAGES,
  type CustomerSummary,
  type IdentityCodePurpose,
  type Language,
  type RevealedIdentityCode,
  type StaffCustomerView,
} from '@offera/contracts';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AddressDto,
  AddressInputDto,
  NewCustomerFieldsDto,
  PHONE_SHAPE,
  ProfileDto,
} from './customer-fields.dto.js';

export class SearchCustomersQueryDto {
  @ApiProperty({ description: 'Customer number, email (or its start), phone (any format) or part of a name' })
  @IsString()
  @Length(2, 100)
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class CustomerSummaryDto implements CustomerSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '100001' }) customerNumber: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
}

export class CreateCustomerDto extends NewCustomerFieldsDto {
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

  @ApiPropertyOptional({ type: AddressInputDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressInputDto)
  address?: AddressInputDto;
}

export class StaffCustomerDto extends ProfileDto implements StaffCustomerView {
  @ApiProperty({ type: [AddressDto] }) addresses: AddressDto[];
}

export class ViewCustomerQueryDto {
  @ApiPropertyOptional({
    minLength: 3,
    maxLength: 500,
    example: 'Customer called about an invoice',
    description: 'Why the record is read; kept in the audit log',
  })
  @IsOptional()
  @IsString()
  @Length(3, 500)
  reason?: string;
}

export class RevealIdentityCodeDto {
  @ApiProperty({
    minLength: 5,
    maxLength: 500,
    example: 'Household deduction form requested by the customer on the phone',
    description: 'Why the code is needed; kept in the audit entry',
  })
  @IsString()
  @Length(5, 500)
  reason: string;
}

export class RevealedIdentityCodeDto implements RevealedIdentityCode {
  @ApiProperty({ example: '131052-308T' }) identityCode: string;
  @ApiProperty({ enum: IDENTITY_CODE_PURPOSES }) purpose: IdentityCodePurpose;
  @ApiProperty({ format: 'uuid', description: 'The audit entry' }) revealId: string;
}
