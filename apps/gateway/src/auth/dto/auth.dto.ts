import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LANGUAGES, type Language } from '@offera/contracts';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { NewCustomerFieldsDto, PHONE_SHAPE } from '../../customers/dto/customer-fields.dto.js';

export class RegisterDto extends NewCustomerFieldsDto {
  @ApiProperty({ minLength: 10, maxLength: 256, description: 'At least 10 characters' })
  @IsString()
  @Length(10, 256, { message: 'password must be 10 to 256 characters long' })
  password: string;

  @ApiPropertyOptional({
    example: '040 123 4567',
    description: 'Any common format; stored as E.164 (Finnish numbers need no country code)',
  })
  @IsOptional()
  @IsString()
  @Length(3, 40)
  @Matches(PHONE_SHAPE, { message: 'phone must contain digits and separators only' })
  phone?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'Language of notifications; fi when omitted' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}

export class LoginDto {
  @ApiProperty({ example: 'maija@example.fi' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 256)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from the last sign-in or refresh' })
  @IsString()
  @Length(1, 200)
  refreshToken: string;
}

export class TokensDto {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: ['customer', 'provider', 'operator', 'dpo', 'accountant', 'admin'] }) role: string;
}

export class RegisteredDto extends TokensDto {
  @ApiProperty({ format: 'uuid' }) customerId: string;
}
