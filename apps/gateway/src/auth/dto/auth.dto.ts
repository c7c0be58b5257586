import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { NewCustomerFieldsDto } from '../../customers/dto/customer-fields.dto.js';

export class RegisterDto extends NewCustomerFieldsDto {
  @ApiProperty({ minLength: 10, maxLength: 256, description: 'At least 10 characters' })
  @IsString()
  @Length(10, 256, { message: 'password must be 10 to 256 characters long' })
  password: string;
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
