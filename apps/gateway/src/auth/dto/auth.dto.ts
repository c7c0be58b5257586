import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';

const NAME = /^[\p{L}][\p{L}\p{M}' .-]*$/u;

export class RegisterDto {
  @ApiProperty({ example: 'Maija', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'firstName must contain letters only (spaces, hyphens and apostrophes allowed)' })
  firstName: string;

  @ApiProperty({ example: 'Meikäläinen', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(NAME, { message: 'lastName must contain letters only (spaces, hyphens and apostrophes allowed)' })
  lastName: string;

  @ApiProperty({ example: 'maija@example.fi', maxLength: 254 })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

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
